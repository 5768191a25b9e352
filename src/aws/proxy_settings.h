// Which proxy an AWS request goes through, decided from the environment the way botocore decides
// it (urllib's getproxies_environment + proxy_bypass_environment), so that kanaria and the AWS
// CLI on the same machine take the same route:
//   - http_proxy/HTTP_PROXY for http:// URLs, https_proxy/HTTPS_PROXY for https:// URLs; the
//     lowercase variable wins when both are set, and a lowercase variable set to "" disables the
//     uppercase one. libcurl alone would ignore uppercase HTTP_PROXY (the "httpoxy" CGI
//     precaution); like urllib we apply that precaution only when REQUEST_METHOD is set.
//   - no_proxy/NO_PROXY: "*" bypasses every host; otherwise comma-separated names, each matching
//     the host (or host:port) exactly or as a domain suffix, leading dots ignored, no CIDR
//     ranges (botocore has none; libcurl would accept them).
//   - ALL_PROXY is ignored: botocore only looks a proxy up by the URL's scheme.
#pragma once

#include <string>
#include <string_view>

namespace kanaria::aws {

struct ProxySettings {
  std::string http_proxy;   // proxy URL for http:// requests; "" = connect directly
  std::string https_proxy;  // proxy URL for https:// requests; "" = connect directly
  std::string no_proxy;     // hosts that bypass both, as in NO_PROXY

  // Reads the process environment (call once, at start-up: getenv races with setenv).
  static ProxySettings FromEnvironment();

  // The proxy URL to use for a request to scheme://host:port, or "" to connect directly.
  // `host` is lowercase, without brackets for IPv6; `default_port` tells whether `port` would
  // appear in the URL (no_proxy entries may name "host:port"). A proxy given without a scheme
  // ("proxy:3128") is http://, as botocore reads it.
  std::string ProxyFor(std::string_view scheme, std::string_view host, int port,
                       bool default_port) const;

  // True when no_proxy says `host` (optionally with ":port") is reached directly.
  bool Bypasses(std::string_view host, int port, bool default_port) const;
};

}  // namespace kanaria::aws
