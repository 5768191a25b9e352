#include "aws/protocol/protocol_text.h"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace kanaria::aws::protocol_text {
namespace {

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when it is not one
// (Unicode 15, table 3-7).
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint8_t low = 0x80, high = 0xBF;  // bounds of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3, low = 0xA0;  // no overlongs
  } else if (lead >= 0xE1 && lead <= 0xEC) {
    length = 3;
  } else if (lead == 0xED) {
    length = 3, high = 0x9F;  // no surrogates
  } else if (lead >= 0xEE && lead <= 0xEF) {
    length = 3;
  } else if (lead == 0xF0) {
    length = 4, low = 0x90;  // no overlongs
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    length = 4;
  } else if (lead == 0xF4) {
    length = 4, high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

bool IsCodeCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string SanitizeErrorCode(std::string_view raw) {
  if (const size_t colon = raw.find(':'); colon != std::string_view::npos)
    raw = raw.substr(0, colon);
  if (const size_t hash = raw.find('#'); hash != std::string_view::npos) raw = raw.substr(hash + 1);
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!raw.empty() && is_space(raw.front())) raw.remove_prefix(1);
  while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
  if (raw.empty() || raw.size() > 128) return "";
  for (const char c : raw) {
    if (!IsCodeCharacter(c)) return "";
  }
  return std::string(raw);
}

std::string PrintableToken(std::string_view value) {
  if (value.empty() || value.size() > 128) return "";
  for (const char c : value) {
    if (c < 0x21 || c > 0x7e) return "";
  }
  return std::string(value);
}

std::string RequestIdFromHeaders(const HttpHeaders& headers) {
  std::string id = PrintableToken(FindHeader(headers, "x-amzn-RequestId"));
  if (id.empty()) id = PrintableToken(FindHeader(headers, "x-amz-request-id"));
  return id;
}

std::string ScalarText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kanaria::aws::protocol_text
