// MetricProvider over Prometheus's HTTP query API (Prometheus itself, or anything that serves
// the same API: Thanos, Mimir, VictoriaMetrics, Amazon Managed Prometheus behind a SigV4
// proxy). Requests go through the project's HttpTransport, so proxies, TLS and connection
// reuse behave as for AWS calls.
//
// Window semantics. Prometheus evaluates a query at instants, and an instant's value describes
// the data *before* it (`rate(x[30s])` at t covers (t-30s, t]). So the window [start, end) is
// evaluated at start+step, start+2*step, ... (<= end): with a step equal to the window, exactly
// one point at `end` whose `{{ .Window }}` range covers the whole window and nothing after it.
// (When the step is longer than the window, the single point is at `end`.) A point's `at` is
// the instant Prometheus evaluated, as it reports it.
//
// Times are sent as unix seconds with millisecond decimals and the step as seconds with
// decimals ("0.5"), so a window scaled by `--time-scale` keeps its resolution. A query whose
// URL would pass 8 KiB is POSTed form-encoded instead (the API accepts both).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/http.h"
#include "core/clock.h"
#include "core/status.h"
#include "engine/analysis/metric_provider.h"

namespace kanaria::engine::analysis {

struct PrometheusOptions {
  // http(s)://host[:port][/prefix], e.g. "http://prometheus:9090" or
  // "https://example.org/prometheus". No credentials, query or fragment in it.
  std::string address{};
  // At most one of: a bearer token, or basic auth (username, and a password that may be empty).
  // Both are registered with Scrub() (core/redact.h) when the provider is made.
  std::string bearer_token{};
  std::string username{};
  std::string password{};
  // Per request: the transport's total timeout, and Prometheus's own `timeout` parameter so
  // the server gives up on the query too.
  Duration timeout{30'000};
};

class PrometheusProvider final : public MetricProvider {
 public:
  // Validates `options` once (kInvalidInput naming the field; the address is never repeated,
  // as it could carry credentials). REQUIRES: transport != nullptr.
  static StatusOr<std::unique_ptr<PrometheusProvider>> Create(
      const PrometheusOptions& options, std::shared_ptr<aws::HttpTransport> transport);

  std::string_view type() const override { return "prometheus"; }

  // GET {address}/api/v1/query_range. REQUIRES: window.step > 0 and window.end > window.start
  // (kInvalidInput otherwise, without a request). Errors as DecodePrometheusAnswer classifies
  // them; a transport failure or timeout is kUnavailable. Thread-safe when the transport is.
  StatusOr<std::vector<MetricSeries>> QueryRange(const std::string& query,
                                                 const TimeWindow& window) override;

  // GET {address}/api/v1/query: the query at `at` (Prometheus's "now" when absent); one point
  // per series (a scalar answer is one series without labels). For checks and tooling.
  StatusOr<std::vector<MetricSeries>> QueryInstant(const std::string& query,
                                                   std::optional<WallTime> at = std::nullopt);

 private:
  PrometheusProvider(std::string base_url, std::string authorization, Duration timeout,
                     std::shared_ptr<aws::HttpTransport> transport);
  // `params` already form-encoded ("query=...&time=...").
  StatusOr<std::vector<MetricSeries>> Call(std::string_view endpoint, const std::string& params);

  const std::string base_url_;       // address without a trailing '/'
  const std::string authorization_;  // the Authorization header's value, "" for none
  const Duration timeout_;
  const std::shared_ptr<aws::HttpTransport> transport_;
};

// Unix seconds with up to 3 decimals, as the API accepts them: "1700000000", "1700000000.25".
std::string PrometheusTime(WallTime t);
// Seconds with up to 3 decimals: "60", "0.5", "2.5".
std::string PrometheusSeconds(Duration d);

}  // namespace kanaria::engine::analysis
