// Splitting absolute http(s) URLs into the parts an AWS client needs (scheme, host, port, path,
// raw query), and the RFC 3986 percent-encoding SigV4 canonicalisation is defined in terms of.
//
// The parser splits; it does not re-encode. Path and query bytes are kept exactly as given
// (including raw spaces or UTF-8), because a signature covers the bytes the caller will send.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace kanaria::aws {

struct ParsedUrl {
  std::string scheme;  // lowercase: "https"
  std::string host;    // lowercase; an IPv6 literal without its brackets ("::1")
  int port = 0;        // the explicit port, else the scheme's default (http 80, https 443)
  std::string path;    // as given, not decoded; "/" when the URL has none
  std::string query;   // as given, without '?'; "" when none. A "#fragment" is dropped.
};

// Splits `url` ("scheme://[userinfo@]host[:port][/path][?query][#fragment]"). Userinfo is
// dropped. Errors are kInvalidInput: no "scheme://", empty host, unterminated "[IPv6",
// a port that is not 1-65535, no port for a scheme without a default, or an ASCII control
// character anywhere (which would let a URL smuggle a line into the request). Error messages
// never repeat the URL, which may carry credentials in its userinfo or query.
StatusOr<ParsedUrl> ParseUrl(std::string_view url);

// 80 for "http", 443 for "https", 0 for anything else.
int DefaultPortForScheme(std::string_view scheme);

// The Host header for `url` as botocore derives it: host, in brackets when IPv6, with ":port"
// only when the port is not the scheme's default.
std::string HostHeaderValue(const ParsedUrl& url);

// RFC 3986 unreserved: A-Z a-z 0-9 - _ . ~ (never percent-encoded).
bool IsUriUnreserved(unsigned char c);

// Percent-encodes every byte except the RFC 3986 unreserved characters A-Z a-z 0-9 - _ . ~
// (and '/' when `encode_slash` is false), as "%XY" with uppercase hex.
std::string UriEncode(std::string_view text, bool encode_slash);

// Replaces each "%XY" (X, Y hex digits, either case) with its byte. Anything else, including
// '+' and a malformed '%', is kept as is.
std::string UriDecode(std::string_view text);

}  // namespace kanaria::aws
