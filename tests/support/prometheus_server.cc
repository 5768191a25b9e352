#include "support/prometheus_server.h"

#include <httplib.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace kanaria::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool IsLoopbackTarget(const std::string& target) {
  return target.rfind("127.", 0) == 0 || target.rfind("localhost:", 0) == 0;
}

std::string Config(const PrometheusServerOptions& options) {
  std::string config =
      "global:\n"
      "  scrape_interval: 1s\n"
      "  scrape_timeout: 1s\n"
      "  evaluation_interval: 1s\n"
      "scrape_configs:\n";
  if (options.scrape_targets.empty()) return config + "  []\n";
  config.append("  - job_name: kanaria\n");
  config.append("    metrics_path: '" + options.metrics_path + "'\n");
  config.append("    static_configs:\n");
  config.append("      - targets:\n");
  for (const std::string& target : options.scrape_targets) {
    config.append("          - '" + target + "'\n");
  }
  return config;
}

}  // namespace

PrometheusServer::PrometheusServer(const PrometheusServerOptions& options)
    : prefix_(options.route_prefix) {
  std::string binary =
      access(kDebianBinary, X_OK) == 0 ? std::string(kDebianBinary) : FindOnPath("prometheus");
  if (binary.empty()) {
    error_ = std::string("the Prometheus server is not installed (no ") + kDebianBinary +
             "): install it with `apt-get install prometheus` (scripts/setup does)";
    return;
  }
  for (const std::string& target : options.scrape_targets) {
    if (!IsLoopbackTarget(target)) {
      error_ = "refusing to scrape a non-loopback target: " + target;
      return;
    }
  }
  const CommandResult version = RunCommand({binary, "--version"});
  version_ = version.output.substr(0, version.output.find('\n'));

  char dir_template[] = "/tmp/kanaria-prometheus-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    error_ = "could not create a temporary directory for Prometheus";
    return;
  }
  dir_ = dir_template;
  std::ofstream(dir_ + "/prometheus.yml") << Config(options);

  // The free port can be taken between FreeLoopbackPort() and Prometheus's bind: try again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (StartOnce(binary)) {
      ok_ = true;
      return;
    }
    if (Log().find("address already in use") == std::string::npos) return;
  }
}

bool PrometheusServer::StartOnce(const std::string& binary) {
  process_.Stop();
  port_ = FreeLoopbackPort();
  std::vector<std::string> argv = {
      binary,
      "--config.file=" + dir_ + "/prometheus.yml",
      "--storage.tsdb.path=" + dir_ + "/data",
      "--web.listen-address=127.0.0.1:" + std::to_string(port_),
      "--log.level=warn",
  };
  if (!prefix_.empty()) argv.push_back("--web.route-prefix=" + prefix_);
  process_ = ChildProcess(argv, {}, dir_ + "/prometheus.log");
  if (process_.pid() <= 0) {
    error_ = "could not start " + binary;
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  const std::string ready = prefix_ + "/-/ready";
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_.running()) {
      error_ = "Prometheus exited during start-up; its log:\n" + Log();
      return false;
    }
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(std::chrono::seconds(1));
    client.set_read_timeout(std::chrono::seconds(2));
    const httplib::Result result = client.Get(ready.c_str());
    if (result && result->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error_ = "Prometheus was not ready within 30 s; its log:\n" + Log();
  process_.Stop();
  return false;
}

PrometheusServer::~PrometheusServer() {
  process_.Stop();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string PrometheusServer::address() const {
  return "http://127.0.0.1:" + std::to_string(port_) + prefix_;
}

std::string PrometheusServer::Log() const {
  return dir_.empty() ? std::string() : ReadFile(dir_ + "/prometheus.log");
}

}  // namespace kanaria::testing
