#include "aws/url.h"
#include "core/ascii.h"

#include <algorithm>
#include <array>

namespace kanaria::aws {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

// RFC 3986 scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool IsValidScheme(std::string_view scheme) {
  if (scheme.empty() || !IsAlpha(scheme.front())) return false;
  return std::all_of(scheme.begin(), scheme.end(), [](char c) {
    return IsAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.';
  });
}

// Returns the port in "digits", or 0 when it is not a number in 1..65535.
int ParsePortNumber(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return 0;
  int port = 0;
  for (char c : digits) {
    if (!IsAsciiDigit(c)) return 0;
    port = port * 10 + (c - '0');
  }
  return port <= 65535 ? port : 0;
}

}  // namespace

bool IsUriUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == '~';
}

int DefaultPortForScheme(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return 0;
}

StatusOr<ParsedUrl> ParseUrl(std::string_view url) {
  if (std::any_of(url.begin(), url.end(), IsControl)) {
    return InvalidInputError("URL contains a control character");
  }
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || !IsValidScheme(url.substr(0, scheme_end))) {
    return InvalidInputError("URL is not absolute (expected scheme://host/...)");
  }
  ParsedUrl parsed;
  parsed.scheme = AsciiLowercase(url.substr(0, scheme_end));

  std::string_view rest = url.substr(scheme_end + 3);
  const size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);

  // Userinfo may itself contain ':' (user:password), so it ends at the last '@'.
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }

  std::string_view host;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return InvalidInputError("URL has an unterminated IPv6 host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return InvalidInputError("URL has text after its IPv6 host");
      port_text = after.substr(1);
    }
  } else {
    const size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (host.empty()) return InvalidInputError("URL has no host");
  if (host.find(' ') != std::string_view::npos) return InvalidInputError("URL host contains a space");
  parsed.host = AsciiLowercase(host);

  // "host:" with nothing after the colon means the default port, as in urllib and curl.
  if (port_text.empty()) {
    parsed.port = DefaultPortForScheme(parsed.scheme);
    if (parsed.port == 0) {
      return InvalidInputError("URL has no port and its scheme has no default port");
    }
  } else {
    parsed.port = ParsePortNumber(port_text);
    if (parsed.port == 0) return InvalidInputError("URL port is not a number in 1-65535");
  }

  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const size_t question = rest.find('?');
  parsed.path = std::string(rest.substr(0, question));
  if (parsed.path.empty()) parsed.path = "/";
  if (question != std::string_view::npos) parsed.query = std::string(rest.substr(question + 1));
  return parsed;
}

std::string HostHeaderValue(const ParsedUrl& url) {
  std::string value = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  if (url.port != DefaultPortForScheme(url.scheme)) value += ":" + std::to_string(url.port);
  return value;
}

std::string UriEncode(std::string_view text, bool encode_slash) {
  static constexpr std::array<char, 16> kHexDigits = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                      '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (IsUriUnreserved(byte) || (c == '/' && !encode_slash)) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHexDigits[byte >> 4]);
      out.push_back(kHexDigits[byte & 0x0f]);
    }
  }
  return out;
}

std::string UriDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = HexDigitValue(text[i + 1]);
      const int low = HexDigitValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace kanaria::aws
