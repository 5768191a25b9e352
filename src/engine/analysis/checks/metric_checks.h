// The checks of an ANALYSIS stage's `metrics[]`, one per strategy kanaria runs, on any
// MetricProvider: THRESHOLD (every point of the last interval within `expected`) and
// CANARY_PRIMARY (the canary's points against the primary's since the stage started, a rank test
// in the direction `deviation` says).
#pragma once

#include <string>

#include "engine/analysis/analysis_check.h"
#include "engine/analysis/metric_provider.h"
#include "model/analysis_options.h"

namespace kanaria::engine::analysis {

// What both strategies need besides the metric.
struct MetricCheckContext {
  std::string name;          // "metrics[0] (prometheus)"
  std::string app_name;      // {{ .App.Name }}
  Duration interval{0};      // scaled
  Duration step{0};          // the provider's resolution, scaled (at most the interval)
  Duration publication_delay{0};  // how far behind the provider's data is (CloudWatch's), scaled
};

// What both strategies share: the metric's provider, its settings and its name and schedule.
class MetricCheck : public AnalysisCheck {
 public:
  MetricCheck(MetricProvider& provider, const model::AnalysisMetric& metric, MetricCheckContext context)
      : provider_(provider), metric_(metric), context_(std::move(context)) {}
  const std::string& name() const override { return context_.name; }
  Duration interval() const override { return context_.interval; }
  int failure_limit() const override { return metric_.failure_limit; }
  bool skip_on_no_data() const override { return metric_.skip_on_no_data; }

 protected:
  MetricProvider& provider_;
  const model::AnalysisMetric& metric_;
  MetricCheckContext context_;
};

class ThresholdCheck final : public MetricCheck {
 public:
  using MetricCheck::MetricCheck;
  LookResult Look(const LookContext& look) override;
};

class CanaryPrimaryCheck final : public MetricCheck {
 public:
  using MetricCheck::MetricCheck;
  int tests_per_look() const override { return 1; }  // EITHER splits its α' between the two directions
  LookResult Look(const LookContext& look) override;
};

// A PromQL-compatible duration literal for {{ .Window }}: "3s", "1500ms", "1m".
std::string WindowLiteral(Duration d);

}  // namespace kanaria::engine::analysis
