// The ANALYSIS stage's options, read from PipeCD's AnalysisStageOptions as is
// (pkg/config/application.go, pkg/config/analysis.go):
//   with: {duration, restartThreshold, metrics[], https[], logs[]}
// Defaults and checks mirror PipeCD's struct tags and Validate() methods, plus what PipeCD only
// finds out at run time (an `expected` range for THRESHOLD, an `expectedCode` for HTTP, an
// `interval` for HTTP, whose ticker panics at 0) and what kanaria does not implement:
//   - strategies PREVIOUS and CANARY_BASELINE (refused; THRESHOLD and CANARY_PRIMARY run);
//   - `logs` and a metric's / check's `template` (refused by key_policy; AnalysisTemplate files
//     in .pipe/ are not read);
//   - `restartThreshold`, a TODO in PipeCD, is kanaria's count of canary task stops tolerated.
// A stage with neither metrics nor https is the default analysis (the canary target group's load
// balancer metrics, AnalysisStage::default_elb_analysis); analysis_validation refuses it for a
// Cloud Map app, which has no load balancer.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "model/source_location.h"
#include "model/value_reader.h"

namespace kanaria::model {

enum class AnalysisStrategy {
  kThreshold,       // every point within `expected` (PipeCD's default)
  kPrevious,        // refused: against the previous release's run of the query
  kCanaryBaseline,  // refused: needs a baseline variant, which kanaria does not create
  kCanaryPrimary,   // the canary's points against the primary's (Mann-Whitney U)
};

// Which way a comparison may fail (PipeCD's `deviation`).
enum class AnalysisDeviation { kEither, kHigh, kLow };

std::string_view AnalysisStrategyName(AnalysisStrategy strategy);
std::string_view AnalysisDeviationName(AnalysisDeviation deviation);

// One entry of `metrics`.
struct AnalysisMetric {
  AnalysisStrategy strategy = AnalysisStrategy::kThreshold;
  std::string provider;  // a name from spec.kanaria.analysisProviders or the user config
  // As written; placeholders ({{ .VariantCustomArgs.x }}, ...) are rendered at run time
  // (query_template.h says which exist).
  std::string query;
  // THRESHOLD: at least one bound; a point outside [min, max] fails the interval.
  std::optional<double> expected_min;
  std::optional<double> expected_max;
  Duration interval{0};   // required, above 0; at most the stage's duration
  int failure_limit = 0;  // failed intervals tolerated; the next one fails the stage
  bool skip_on_no_data = false;
  Duration timeout = std::chrono::seconds(30);               // PipeCD's default
  AnalysisDeviation deviation = AnalysisDeviation::kEither;  // CANARY_PRIMARY
  // {{ .VariantCustomArgs.KEY }} for each variant's rendering; baselineArgs is kept for a
  // faithful model though CANARY_BASELINE is refused.
  std::map<std::string, std::string> canary_args;
  std::map<std::string, std::string> primary_args;
  std::map<std::string, std::string> baseline_args;

  std::string path;               // "spec.pipeline.stages[2].with.metrics[0]"
  SourceLocation where;           // the entry's `- ` line
  SourceLocation provider_where;  // the `provider:` line
};

struct AnalysisHttpHeader {
  std::string key;
  std::string value;
};

// One entry of `https`: a request whose answer must be `expected_code` and, when
// `expected_response` is given, contain it (PipeCD's plugin compares the whole body; a substring
// also accepts a body with a trailing newline or more fields, which is what people mean).
struct AnalysisHttpCheck {
  std::string url;                          // http:// or https://
  std::string method = "GET";               // PipeCD's empty method is Go's GET
  std::vector<AnalysisHttpHeader> headers;  // in order; a repeated key: the last one is sent
  int expected_code = 0;                    // required, 100-599
  std::optional<std::string> expected_response;
  Duration interval{0};  // required, above 0; at most the stage's duration
  int failure_limit = 0;
  bool skip_on_no_data = false;  // read as PipeCD does; an HTTP answer always has data
  Duration timeout = std::chrono::seconds(30);  // PipeCD's http provider's default
  // kanaria's addition (PipeCD has no latency bound): `maxLatency`, a response slower than this
  // fails the interval like a wrong status does. Unset = only the timeout bounds it.
  std::optional<Duration> max_latency;

  std::string path;      // "spec.pipeline.stages[2].with.https[0]"
  SourceLocation where;  // the entry's `- ` line
};

struct AnalysisStage {
  Duration duration{0};  // required, above 0 (PipeCD: "the ANALYSIS stage requires duration")
  std::vector<AnalysisMetric> metrics;
  std::vector<AnalysisHttpCheck> https;
  // Canary task stops tolerated during the stage (PipeCD reads `restartThreshold` but does not
  // act on it). Unset = stops are not counted (a task set that leaves STEADY_STATE still rolls
  // the release back, invariant I1).
  std::optional<int> restart_threshold;
  // No metrics and no https: the engine judges the canary target group's load balancer metrics
  // (5xx rate, latency). Only ever true for accessType ELB once the application has loaded.
  bool default_elb_analysis = false;
};

// Reads the ANALYSIS stage's `with` (`with` may be nullptr: then `duration` is reported missing
// at `missing_at`). Problems go to `reader`; nullopt when there were any, and also, without an
// error of its own, when a metric or HTTP check has a `template` (key_policy reports it).
std::optional<AnalysisStage> ParseAnalysisOptions(const nlohmann::json* with,
                                                  const JsonPath& with_path,
                                                  const JsonPath& missing_at, ValueReader& reader);

}  // namespace kanaria::model
