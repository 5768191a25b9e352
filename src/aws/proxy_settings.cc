#include "aws/proxy_settings.h"
#include "core/ascii.h"

#include <algorithm>
#include <cstdlib>

namespace kanaria::aws {
namespace {

// urllib's two passes: a lowercase variable that is set decides, even when empty (that is how a
// user switches off an inherited uppercase one); otherwise a non-empty uppercase variable.
std::string ReadProxyVariable(const char* lowercase_name, const char* uppercase_name,
                              bool uppercase_trusted) {
  if (const char* value = std::getenv(lowercase_name)) return value;
  if (!uppercase_trusted) return "";
  if (const char* value = std::getenv(uppercase_name)) return value;
  return "";
}

// botocore's _fix_proxy_url: "proxy:3128" and "//proxy:3128" mean http://proxy:3128.
std::string WithScheme(const std::string& proxy) {
  if (proxy.find("://") != std::string::npos) return proxy;
  if (proxy.starts_with("//")) return "http:" + proxy;
  return "http://" + proxy;
}

}  // namespace

ProxySettings ProxySettings::FromEnvironment() {
  // Under CGI, HTTP_PROXY can be injected by a client's "Proxy:" request header (httpoxy).
  const bool running_as_cgi = std::getenv("REQUEST_METHOD") != nullptr;
  ProxySettings settings;
  settings.http_proxy = ReadProxyVariable("http_proxy", "HTTP_PROXY", !running_as_cgi);
  settings.https_proxy = ReadProxyVariable("https_proxy", "HTTPS_PROXY", true);
  settings.no_proxy = ReadProxyVariable("no_proxy", "NO_PROXY", true);
  return settings;
}

bool ProxySettings::Bypasses(std::string_view host, int port, bool default_port) const {
  if (no_proxy == "*") return true;
  const std::string bare_host = AsciiLowercase(host);
  // urllib matches against the URL's netloc, where an IPv6 literal keeps its brackets.
  const bool ipv6 = bare_host.find(':') != std::string::npos;
  const std::string netloc_host = ipv6 ? "[" + bare_host + "]" : bare_host;
  const std::string netloc = default_port ? netloc_host : netloc_host + ":" + std::to_string(port);
  std::string_view entries = no_proxy;
  while (!entries.empty()) {
    const size_t comma = entries.find(',');
    std::string_view entry = TrimSpacesAndTabs(entries.substr(0, comma));
    entries = comma == std::string_view::npos ? std::string_view() : entries.substr(comma + 1);
    while (entry.starts_with('.')) entry.remove_prefix(1);
    if (entry.empty()) continue;
    const std::string name = AsciiLowercase(entry);
    if (name == netloc_host || name == netloc || name == bare_host) return true;
    const std::string suffix = "." + name;
    if (netloc_host.ends_with(suffix) || netloc.ends_with(suffix)) return true;
  }
  return false;
}

std::string ProxySettings::ProxyFor(std::string_view scheme, std::string_view host, int port,
                                    bool default_port) const {
  std::string proxy;
  if (scheme == "https") proxy = https_proxy;
  if (scheme == "http") proxy = http_proxy;
  if (proxy.empty() || Bypasses(host, port, default_port)) return "";
  return WithScheme(proxy);
}

}  // namespace kanaria::aws
