#include "core/redact.h"
#include "core/ascii.h"

#include <algorithm>
#include <mutex>
#include <set>

namespace kanaria {
namespace {

std::mutex& SecretsMutex() {
  static std::mutex mu;
  return mu;
}

std::set<std::string, std::greater<>>& Secrets() {
  // Longest first would be ideal; a reverse-ordered set at least puts extensions of a prefix
  // before the prefix.
  static std::set<std::string, std::greater<>> secrets;
  return secrets;
}

void ReplaceAll(std::string& text, const std::string& needle) {
  size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), kRedacted);
    pos += kRedacted.size();
  }
}

// A secret's shape: a literal key, then a separator, then the value (masked).
enum class Separator {
  kNone,         // Signature=<value>
  kEqualsOrColon,// X-Amz-Security-Token: <value> / =<value>
  kJsonField,    // "SessionToken": "<value>
  kIniEquals,    // aws_session_token = <value>
};

struct SecretShape {
  std::string_view key;
  Separator separator;
};

constexpr SecretShape kShapes[] = {
    {"Signature=", Separator::kNone},
    {"X-Amz-Signature=", Separator::kNone},
    {"X-Amz-Security-Token", Separator::kEqualsOrColon},
    {"x-amz-security-token", Separator::kEqualsOrColon},
    {"\"SecretAccessKey\"", Separator::kJsonField},
    {"\"secretAccessKey\"", Separator::kJsonField},
    {"\"SessionToken\"", Separator::kJsonField},
    {"\"sessionToken\"", Separator::kJsonField},
    {"\"Token\"", Separator::kJsonField},
    {"\"token\"", Separator::kJsonField},
    {"\"WebIdentityToken\"", Separator::kJsonField},
    {"<SecretAccessKey>", Separator::kNone},
    {"<SessionToken>", Separator::kNone},
    {"aws_secret_access_key", Separator::kIniEquals},
    {"aws_session_token", Separator::kIniEquals},
    {"WebIdentityToken", Separator::kIniEquals},
};

bool EndsValue(char c) { return IsAsciiWhitespace(c) || c == '"' || c == ',' || c == '&' || c == '<'; }

size_t SkipSpaces(const std::string& text, size_t pos) {
  while (pos < text.size() && IsAsciiWhitespace(text[pos])) ++pos;
  return pos;
}

// Where the value starts after a key that ends at `pos`, or npos when the separator is absent.
size_t ValueStart(const std::string& text, size_t pos, Separator separator) {
  switch (separator) {
    case Separator::kNone:
      return pos;
    case Separator::kEqualsOrColon:
      if (pos < text.size() && (text[pos] == '=' || text[pos] == ':')) return SkipSpaces(text, pos + 1);
      return std::string::npos;
    case Separator::kJsonField:
      pos = SkipSpaces(text, pos);
      if (pos >= text.size() || text[pos] != ':') return std::string::npos;
      pos = SkipSpaces(text, pos + 1);
      if (pos >= text.size() || text[pos] != '"') return std::string::npos;
      return pos + 1;
    case Separator::kIniEquals:
      pos = SkipSpaces(text, pos);
      if (pos >= text.size() || text[pos] != '=') return std::string::npos;
      return SkipSpaces(text, pos + 1);
  }
  return std::string::npos;
}

// Masks the value after every occurrence of every shape. Linear in the text per shape (a
// hand-written scan: std::regex recurses per character and overflows the stack on long values).
void MaskShapes(std::string& text) {
  for (const SecretShape& shape : kShapes) {
    size_t pos = 0;
    while ((pos = text.find(shape.key, pos)) != std::string::npos) {
      const size_t value_start = ValueStart(text, pos + shape.key.size(), shape.separator);
      pos += shape.key.size();
      if (value_start == std::string::npos) continue;
      size_t value_end = value_start;
      while (value_end < text.size() && !EndsValue(text[value_end])) ++value_end;
      if (value_end == value_start) continue;
      text.replace(value_start, value_end - value_start, kRedacted);
      pos = value_start + kRedacted.size();
    }
  }
}

}  // namespace

void RegisterSecret(std::string_view secret) {
  if (secret.size() < 8) return;
  std::lock_guard<std::mutex> lock(SecretsMutex());
  Secrets().emplace(secret);
}

std::string Scrub(std::string_view text) {
  std::string out(text);
  {
    std::lock_guard<std::mutex> lock(SecretsMutex());
    for (const auto& secret : Secrets()) ReplaceAll(out, secret);
  }
  MaskShapes(out);
  return out;
}

}  // namespace kanaria
