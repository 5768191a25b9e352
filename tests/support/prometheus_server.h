// A real Prometheus server (Debian's package, /usr/bin/prometheus) for one test: listening on
// 127.0.0.1 at a free port, storing into a fresh temporary directory, scraping the given
// loopback targets every second. The destructor stops it (SIGTERM, then SIGKILL, to its whole
// process group) and removes the directory: nothing is left behind.
#pragma once

#include <string>
#include <vector>

#include "support/external_tools.h"

namespace kanaria::testing {

struct PrometheusServerOptions {
  std::vector<std::string> scrape_targets{};  // "127.0.0.1:PORT"; loopback only
  std::string metrics_path = "/metrics";
  // Serve everything under this path ("/prom"), as behind a reverse proxy; "" = at the root.
  std::string route_prefix{};
};

class PrometheusServer {
 public:
  // Where Debian installs the server.
  static constexpr const char* kDebianBinary = "/usr/bin/prometheus";

  // Starts the server and waits (up to 30 s) until /-/ready answers 200. On failure ok() is
  // false and error() says why; a missing binary names `apt-get install prometheus`.
  explicit PrometheusServer(const PrometheusServerOptions& options);
  ~PrometheusServer();
  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  // "http://127.0.0.1:PORT" plus the route prefix: the address a PrometheusProvider takes.
  std::string address() const;
  // `prometheus --version`'s first line, e.g. "prometheus, version 2.42.0+ds (...)".
  std::string version() const { return version_; }
  // The server's log so far (for failure messages).
  std::string Log() const;

 private:
  bool StartOnce(const std::string& binary);

  ChildProcess process_;
  std::string dir_;
  int port_ = 0;
  std::string prefix_;
  bool ok_ = false;
  std::string error_;
  std::string version_;
};

}  // namespace kanaria::testing
