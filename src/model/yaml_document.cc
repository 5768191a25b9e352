#include "model/yaml_document.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <set>

#include "core/ascii.h"
#include "model/diagnostics.h"

namespace kanaria::model {
namespace {

constexpr int kMaxDepth = 100;
constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

// [-+]?(0|[1-9][0-9]*)
bool IsDecimalInteger(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  if (s[0] == '0') return s.size() == 1;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

// [-+]?(\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?)([eE][-+]?[0-9]+)?, with a fraction or exponent.
bool IsDecimalFloat(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  size_t i = 0;
  size_t int_digits = 0;
  while (i < s.size() && IsAsciiDigit(s[i])) ++i, ++int_digits;
  if (int_digits > 1 && s[0] == '0') return false;
  bool fraction_or_exponent = false;
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    fraction_or_exponent = true;
    ++i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    fraction_or_exponent = true;
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size() && fraction_or_exponent;
}

nlohmann::json ToInteger(const std::string& text) {
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno == ERANGE) return std::strtod(text.c_str(), nullptr);  // too big for int64
  return static_cast<int64_t>(v);
}

class Converter {
 public:
  Converter(const std::string& file, YamlDocument& out, Diagnostics& diagnostics)
      : file_(file), out_(out), diagnostics_(diagnostics) {}

  nlohmann::json Convert(const YAML::Node& node, const JsonPath& path, int depth) {
    if (depth > kMaxDepth) {
      Error(node.Mark().line + 1, path, "nested more than 100 levels deep");
      return nullptr;
    }
    switch (node.Type()) {
      case YAML::NodeType::Map:
        return ConvertMap(node, path, depth);
      case YAML::NodeType::Sequence: {
        nlohmann::json array = nlohmann::json::array();
        size_t index = 0;
        for (const YAML::Node& element : node) {
          JsonPath child = path.Index(index++);
          out_.lines[child.pointer()] = element.Mark().line + 1;
          array.push_back(Convert(element, child, depth + 1));
        }
        return array;
      }
      case YAML::NodeType::Scalar:
        return ConvertScalar(node, path);
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return nullptr;
    }
    return nullptr;
  }

 private:
  nlohmann::json ConvertMap(const YAML::Node& node, const JsonPath& path, int depth) {
    nlohmann::json object = nlohmann::json::object();
    std::map<std::string, int> seen;  // key -> line of its first occurrence
    for (const auto& pair : node) {   // yaml-cpp yields pairs by value: hold copies, not refs
      const YAML::Node key = pair.first;
      const YAML::Node value = pair.second;
      const int key_line = key.Mark().line + 1;
      if (!key.IsScalar() && !key.IsNull()) {
        Error(key_line, path, "a key must be a plain string, not a list or a map");
        continue;
      }
      const std::string name = key.IsNull() ? std::string() : key.Scalar();
      JsonPath child = path.Key(name);
      if (name == "<<" && key.Tag() == "?") {
        Error(key_line, child.display(),
              "YAML merge keys are not supported; write the merged keys out");
        continue;
      }
      auto [first, inserted] = seen.emplace(name, key_line);
      if (!inserted) {
        Error(key_line, child.display(),
              "duplicate key; first written on line " + std::to_string(first->second) +
                  "; a key may appear once per object");
        continue;
      }
      out_.lines[child.pointer()] = key_line;
      object[name] = Convert(value, child, depth + 1);
    }
    return object;
  }

  nlohmann::json ConvertScalar(const YAML::Node& node, const JsonPath& path) {
    const std::string& tag = node.Tag();
    const std::string& text = node.Scalar();
    if (tag == "?") return ResolvePlainScalar(text);
    if (tag == "!" || (tag.starts_with(kTagPrefix) && std::string_view(tag).substr(kTagPrefix.size()) == "str")) return text;
    if (tag.rfind(kTagPrefix, 0) == 0) {
      const std::string_view type = std::string_view(tag).substr(kTagPrefix.size());
      nlohmann::json resolved = ResolvePlainScalar(text);
      const bool ok = (type == "int" && resolved.is_number_integer()) ||
                      (type == "float" && resolved.is_number()) ||
                      (type == "bool" && resolved.is_boolean()) ||
                      (type == "null" && resolved.is_null());
      if (ok) return type == "float" ? nlohmann::json(resolved.get<double>()) : resolved;
      Error(node.Mark().line + 1, path.display(),
            "`" + text + "` is not a valid !!" + std::string(type));
      return nullptr;
    }
    Error(node.Mark().line + 1, path.display(),
          "custom YAML tag " + tag + " is not supported; write the plain value");
    return nullptr;
  }

  void Error(int line, const JsonPath& path, std::string_view message) {
    Error(line, path.display(), message);
  }
  void Error(int line, std::string_view path, std::string_view message) {
    diagnostics_.Error(SourceLocation{file_, line}, path, message);
  }

  const std::string& file_;
  YamlDocument& out_;
  Diagnostics& diagnostics_;
};

}  // namespace

nlohmann::json ResolvePlainScalar(const std::string& text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return nullptr;
  }
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (IsDecimalInteger(text)) return ToInteger(text);
  if (IsDecimalFloat(text)) return std::strtod(text.c_str(), nullptr);
  return text;
}

StatusOr<YamlDocument> ParseYamlDocument(std::string_view text, const std::string& file) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    return InvalidInputError(
        Diagnostics::Format(SourceLocation{file, line}, "", "syntax error: " + e.msg));
  } catch (const std::exception& e) {
    return InvalidInputError(
        Diagnostics::Format(SourceLocation{file, 0}, "", std::string("cannot parse: ") + e.what()));
  }
  YamlDocument out;
  if (documents.empty()) return out;
  if (documents.size() > 1) {
    return InvalidInputError(
        Diagnostics::Format(SourceLocation{file, documents[1].Mark().line + 1}, "",
                            "a second YAML document starts here; the file must hold one document"));
  }
  Diagnostics diagnostics;
  try {
    Converter converter(file, out, diagnostics);
    out.json = converter.Convert(documents[0], JsonPath(), 0);
  } catch (const std::exception& e) {
    diagnostics.Error(SourceLocation{file, 0}, "", std::string("cannot read: ") + e.what());
  }
  RETURN_IF_ERROR(diagnostics.ToStatus());
  return out;
}

SourceLocation LocateInLines(const std::map<std::string, int>& lines, const std::string& file,
                             const std::string& pointer) {
  std::string p = pointer;
  while (!p.empty()) {
    auto it = lines.find(p);
    if (it != lines.end()) return SourceLocation{file, it->second};
    p.erase(p.rfind('/'));
  }
  return SourceLocation{file, 0};
}

}  // namespace kanaria::model
