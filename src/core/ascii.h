// ASCII-only character classes, case folding and trimming: protocol text (header names, schemes,
// hosts, numbers) is ASCII, and the locale must not change how it is read.
#pragma once

#include <string>
#include <string_view>

namespace kanaria {

inline char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// The value of a hex digit (either case), or -1.
inline int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// C's isspace in the "C" locale.
inline bool IsAsciiWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// The space of Go's text/template (no \f or \v).
inline bool IsSpaceTabOrNewline(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// HTTP's optional whitespace (RFC 9110 OWS), also what urllib strips around no_proxy entries.
inline bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

inline std::string AsciiLowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// `text` without the leading and trailing characters `is_space` accepts.
inline std::string_view TrimIf(std::string_view text, bool (*is_space)(char)) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}
inline std::string_view TrimAsciiWhitespace(std::string_view text) {
  return TrimIf(text, IsAsciiWhitespace);
}
inline std::string_view TrimSpaceTabOrNewline(std::string_view text) {
  return TrimIf(text, IsSpaceTabOrNewline);
}
inline std::string_view TrimSpacesAndTabs(std::string_view text) {
  return TrimIf(text, IsSpaceOrTab);
}

}  // namespace kanaria
