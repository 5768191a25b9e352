#include "aws/credentials/ini_file.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/ascii.h"

namespace kanaria::aws {
namespace {

constexpr std::string_view kSpaces = " \t\n\r\f\v";
constexpr std::string_view kDefaultSection = "DEFAULT";

// Python iterates a text file by universal newlines: "\n", "\r\n" and a lone "\r" end a line.
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// A key being read: its lines are joined when the section or file ends.
struct PendingValue {
  std::vector<std::string> lines;
};

struct RawSection {
  std::string name;
  int line = 0;
  std::map<std::string, std::pair<PendingValue, int>> values;  // key -> (lines, key line)
  std::vector<std::string> order;
};

Status ErrorAt(const std::string& path, int line, const std::string& what) {
  return InvalidInputError(fmt::format("{}:{}: {}", path, line, what));
}

// botocore's _parse_nested: every non-blank line of the block must be `key = value`.
StatusOr<std::map<std::string, std::string>> ParseNested(const std::string& value,
                                                        const std::string& path, int key_line,
                                                        const std::string& key) {
  std::map<std::string, std::string> parsed;
  int offset = 0;
  for (std::string_view line : SplitLines(value)) {
    const std::string_view trimmed = TrimAsciiWhitespace(line);
    if (trimmed.empty()) {
      ++offset;
      continue;
    }
    const size_t eq = trimmed.find('=');
    if (eq == std::string_view::npos) {
      return ErrorAt(path, key_line + offset,
                     fmt::format("line \"{}\" in the nested block of \"{}\" has no '='; nested "
                                 "settings are written `name = value`",
                                 trimmed, key));
    }
    parsed[std::string(TrimAsciiWhitespace(trimmed.substr(0, eq)))] =
        std::string(TrimAsciiWhitespace(trimmed.substr(eq + 1)));
    ++offset;
  }
  return parsed;
}

}  // namespace

const IniSection* IniFile::Find(std::string_view name) const {
  for (const auto& section : sections) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

StatusOr<IniFile> ParseIni(std::string_view text, const std::string& path) {
  // Skip a UTF-8 byte order mark; Python's default encoding would otherwise keep it in the
  // first section name, and no tool writes one on purpose.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::vector<RawSection> sections;
  RawSection defaults;
  defaults.name = std::string(kDefaultSection);
  RawSection* current = nullptr;
  std::string current_key;  // "" when no key may be continued
  size_t indent_level = 0;
  int line_number = 0;
  for (std::string_view raw : SplitLines(text)) {
    ++line_number;
    const std::string_view value = TrimAsciiWhitespace(raw);
    const bool comment = !value.empty() && (value[0] == '#' || value[0] == ';');
    if (value.empty() || comment) {
      // configparser keeps blank lines inside a value (trailing ones are trimmed at the end) but
      // drops comment lines without ending the value.
      if (!comment && current != nullptr && !current_key.empty()) {
        current->values[current_key].first.lines.emplace_back();
      }
      continue;
    }
    const size_t indent = raw.find_first_not_of(kSpaces);
    if (current != nullptr && !current_key.empty() && indent > indent_level) {
      current->values[current_key].first.lines.emplace_back(value);
      continue;
    }
    indent_level = indent;
    if (value[0] == '[' && value.find(']', 1) != std::string_view::npos &&
        value.rfind(']') > 1) {
      const std::string name(value.substr(1, value.rfind(']') - 1));
      current_key.clear();
      if (name == kDefaultSection) {
        current = &defaults;
        continue;
      }
      for (const auto& s : sections) {
        if (s.name == name) {
          return ErrorAt(path, line_number,
                         fmt::format("section [{}] already appeared at line {}; merge the two "
                                     "sections into one",
                                     name, s.line));
        }
      }
      sections.push_back(RawSection{name, line_number, {}, {}});
      current = &sections.back();
      continue;
    }
    if (current == nullptr) {
      return ErrorAt(path, line_number,
                     "a setting before the first section header; start the file with a "
                     "section such as [default]");
    }
    const size_t delimiter = value.find_first_of("=:");
    if (delimiter == std::string_view::npos) {
      return ErrorAt(path, line_number,
                     fmt::format("\"{}\" is not a section header, a `name = value` setting or "
                                 "an indented continuation line",
                                 value));
    }
    const std::string key = AsciiLowercase(TrimAsciiWhitespace(value.substr(0, delimiter)));
    if (key.empty()) {
      return ErrorAt(path, line_number, "a setting with no name before its '='");
    }
    if (auto it = current->values.find(key); it != current->values.end()) {
      return ErrorAt(path, line_number,
                     fmt::format("\"{}\" is set twice in section [{}] (first at line {}); keep "
                                 "one",
                                 key, current->name, it->second.second));
    }
    current->values[key] = {
        PendingValue{{std::string(TrimAsciiWhitespace(value.substr(delimiter + 1)))}}, line_number};
    current->order.push_back(key);
    current_key = key;
  }

  IniFile file;
  file.path = path;
  auto join = [&](const RawSection& raw, IniSection& out) -> Status {
    for (const auto& [key, entry] : raw.values) {
      std::string joined;
      for (size_t i = 0; i < entry.first.lines.size(); ++i) {
        if (i > 0) joined += '\n';
        joined += entry.first.lines[i];
      }
      joined.erase(joined.find_last_not_of(kSpaces) + 1);
      IniValue value;
      value.line = entry.second;
      // botocore: a value that starts with a newline (nothing after `key =`) is a sub-section.
      if (!joined.empty() && joined[0] == '\n') {
        ASSIGN_OR_RETURN(value.subsection, ParseNested(joined, path, entry.second, key));
        value.nested = true;
      }
      value.value = std::move(joined);
      out.values[key] = std::move(value);
    }
    return Status::Ok();
  };
  IniSection default_values;
  RETURN_IF_ERROR(join(defaults, default_values));
  for (const auto& raw : sections) {
    IniSection section;
    section.name = raw.name;
    section.line = raw.line;
    RETURN_IF_ERROR(join(raw, section));
    for (const auto& [key, value] : default_values.values) section.values.emplace(key, value);
    file.sections.push_back(std::move(section));
  }
  return file;
}

StatusOr<IniFile> LoadIniFile(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return NotFoundError(fmt::format("{} does not exist", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidInputError(fmt::format("{}: cannot be read", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  return ParseIni(contents.str(), path);
}

}  // namespace kanaria::aws
