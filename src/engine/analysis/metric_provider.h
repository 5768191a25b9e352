// A source of measurements for the ANALYSIS stage: one implementation per folder
// (cloudwatch/, prometheus/), made from a provider declaration by the table in
// metric_providers.cc. Providers only fetch; judging is judgement.h's job, so every provider's
// data is judged the same way.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::engine::analysis {

// [start, end) with points every `step` (the provider's resolution: CloudWatch's period,
// Prometheus's query_range step).
struct TimeWindow {
  WallTime start;
  WallTime end;
  Duration step{60'000};
};

struct MetricPoint {
  WallTime at;
  double value = 0;
};

// One time series of a query's answer; `labels` identify it among several (Prometheus labels,
// CloudWatch's query id as {"id": ...}).
struct MetricSeries {
  std::map<std::string, std::string> labels;
  std::vector<MetricPoint> points;  // oldest first
};

class MetricProvider {
 public:
  virtual ~MetricProvider() = default;

  // "cloudwatch", "prometheus".
  virtual std::string_view type() const = 0;

  // Runs `query` (already templated) over `window`. An answer with no series or no points is
  // "no data" (ok, empty), never an error. Errors say which kind they are, since the stage
  // treats them differently from a failing metric: kUnavailable (unreachable, 5xx, timeout:
  // retried by the next interval), kInvalidInput (the provider refused the query: the
  // message carries the provider's own words), kUnauthenticated (credentials refused).
  virtual StatusOr<std::vector<MetricSeries>> QueryRange(const std::string& query, const TimeWindow& window) = 0;
};

}  // namespace kanaria::engine::analysis
