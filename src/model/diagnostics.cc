#include "model/diagnostics.h"

#include <algorithm>

namespace kanaria::model {

JsonPath JsonPath::Key(std::string_view key) const {
  JsonPath child = *this;
  child.pointer_ += '/';
  for (char c : key) {
    // RFC 6901 escaping.
    if (c == '~') {
      child.pointer_ += "~0";
    } else if (c == '/') {
      child.pointer_ += "~1";
    } else {
      child.pointer_ += c;
    }
  }
  if (!child.display_.empty()) child.display_ += '.';
  child.display_ += key;
  return child;
}

JsonPath JsonPath::Index(size_t index) const {
  JsonPath child = *this;
  child.pointer_ += '/' + std::to_string(index);
  child.display_ += '[' + std::to_string(index) + ']';
  return child;
}

std::string Diagnostics::Format(const SourceLocation& where, std::string_view path,
                                std::string_view message) {
  std::string line = where.ToString();
  line += ": ";
  if (!path.empty()) {
    line += path;
    line += ": ";
  }
  line += message;
  return line;
}

int Diagnostics::FileRank(const std::string& file) {
  auto it = std::find(files_.begin(), files_.end(), file);
  if (it != files_.end()) return static_cast<int>(it - files_.begin());
  files_.push_back(file);
  return static_cast<int>(files_.size()) - 1;
}

std::vector<std::string> Diagnostics::Sorted(std::vector<Entry> entries) const {
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.file_rank != b.file_rank ? a.file_rank < b.file_rank : a.line < b.line;
  });
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (Entry& e : entries) out.push_back(std::move(e.text));
  return out;
}

void Diagnostics::Error(const SourceLocation& where, std::string_view path,
                        std::string_view message) {
  errors_.push_back({FileRank(where.file), where.line, Format(where, path, message)});
}

void Diagnostics::Warning(const SourceLocation& where, std::string_view path,
                          std::string_view message) {
  warnings_.push_back({FileRank(where.file), where.line, Format(where, path, message)});
}

void Diagnostics::AddErrors(const Status& status) {
  if (status.ok()) return;
  const std::string& message = status.message();
  size_t start = 0;
  while (start <= message.size()) {
    const size_t end = message.find('\n', start);
    const std::string line =
        message.substr(start, end == std::string::npos ? std::string::npos : end - start);
    // "FILE:LINE: ..." (or "FILE: ..."): recover the file and line for ordering.
    const size_t colon = line.find(": ");
    std::string head = line.substr(0, colon == std::string::npos ? 0 : colon);
    int line_number = 0;
    const size_t last = head.rfind(':');
    if (last != std::string::npos && last + 1 < head.size() &&
        head.find_first_not_of("0123456789", last + 1) == std::string::npos) {
      line_number = std::stoi(head.substr(last + 1));
      head.erase(last);
    }
    if (!line.empty()) errors_.push_back({FileRank(head), line_number, line});
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

Status Diagnostics::ToStatus() const {
  if (errors_.empty()) return Status::Ok();
  std::string message;
  for (const std::string& e : errors()) {
    if (!message.empty()) message += '\n';
    message += e;
  }
  return InvalidInputError(std::move(message));
}

}  // namespace kanaria::model
