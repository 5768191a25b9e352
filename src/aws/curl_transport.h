// HttpTransport on libcurl's multi interface: many requests in flight from one thread,
// connections kept and reused across calls, TLS verification always on for https.
// Proxies come from the environment as botocore reads it (HTTPS_PROXY/https_proxy,
// HTTP_PROXY/http_proxy, NO_PROXY/no_proxy; see proxy_settings.h), read once at construction.
// libcurl never re-sends a request by itself, follows no redirect and adds no header of its own
// beyond Host and Content-Length.
#pragma once

#include <memory>
#include <string>

#include "aws/http.h"

namespace kanaria::aws {

struct CurlTransportOptions {
  // PEM bundle for https (AWS_CA_BUNDLE); "" = the system store.
  std::string ca_bundle;
  // Upper bound on simultaneously open connections per host (0 = libcurl's default).
  long max_host_connections = 0;
};

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlTransportOptions options = {});
  ~CurlTransport() override;

  // Thread-safe: concurrent callers share one connection cache, and whichever caller is
  // running libcurl also runs the others' transfers, so a slow request holds up no one else.
  StatusOr<HttpResponse> Send(const HttpRequest& request) override;
  std::vector<StatusOr<HttpResponse>> SendAll(const std::vector<HttpRequest>& requests) override;

  // Number of TCP connections opened so far (tests assert reuse).
  long connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kanaria::aws
