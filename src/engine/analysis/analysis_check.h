// One thing an ANALYSIS stage watches (a metric, an HTTP check, the default load-balancer
// analysis), looked at every `interval`. Checks fetch and judge; the schedule
// (analysis_schedule.h) decides when they look and what their results mean for the stage.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace kanaria::engine::analysis {

struct LookContext {
  int look = 1;      // 1-based
  int looks = 1;     // planned: duration / interval; `looks` is the last
  WallTime stage_start;
  WallTime now;
  // What each statistical test's p must beat: the stage's α split (Bonferroni) over every
  // statistical test of every planned look of every check.
  double test_alpha = 0;
};

enum class LookOutcome {
  kPass,          // within bounds, or the test did not reject (the last look: passed)
  kWaiting,       // a statistical check that has not decided yet (not enough data, or no rejection before its last look)
  kFail,          // out of bounds, or the test rejected: the metric is failing
  kInconclusive,  // a statistical check's last look without enough data
  kNoData,        // the provider answered with no data
  kProviderError, // the provider could not answer (unreachable, refused query, credentials)
};

std::string_view LookOutcomeName(LookOutcome outcome);

struct LookResult {
  LookOutcome outcome = LookOutcome::kPass;
  // For people: the metric, the values, the threshold or test, and the verdict.
  std::string line;
  nlohmann::json measurements = nlohmann::json::object();
};

class AnalysisCheck {
 public:
  virtual ~AnalysisCheck() = default;
  // "5xx rate (default)", "metrics[0] error-rate (prometheus)", "https[0] GET http://...".
  virtual const std::string& name() const = 0;
  // Between looks, already divided by the time scale.
  virtual Duration interval() const = 0;
  // Statistical tests made at every look (they share the stage's α); 0 for bound checks.
  virtual int tests_per_look() const { return 0; }
  // Failed or unanswered looks tolerated before the stage fails (PipeCD's failureLimit). A
  // statistical rejection always fails at once: α was spent on the assumption that it does.
  virtual int failure_limit() const { return 0; }
  virtual bool skip_on_no_data() const { return false; }
  virtual LookResult Look(const LookContext& context) = 0;
};

}  // namespace kanaria::engine::analysis
