// Canary-versus-primary judgement for the ANALYSIS stage: at every interval (a "look") the stage
// hands each metric's measurements so far to JudgeErrorRate / JudgeLatency and gets a Verdict.
// Pure: no I/O and no clock, so the statistical contract (judgement_simulation_test.cc: ≤ 1 %
// false positives, ≥ 99 % power at the documented traffic) is checked in memory.
//
// Why it is built this way:
//   * One-sided tests (statistics.h): only a worse canary is rolled back.
//   * Repeated looks at growing data inflate false positives; the stage's α is split with
//     Bonferroni over metrics × planned looks. That is conservative (the looks are strongly
//     correlated) but needs no state between looks and no assumption about which metric or look
//     fails first, and at the documented traffic it keeps the power (see the simulation).
//   * Tests ask "worse by more than a tolerance", never "different at all": with thousands of
//     requests any real difference, however harmless (a cold cache, a new dependency's 1 ms), is
//     statistically significant, so significance alone would roll back healthy releases.
//     Hence error_rate_margin and the latency shift.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::engine::analysis {

struct JudgementSettings {
  // α for the whole stage: the chance that a healthy canary fails it on any metric at any look,
  // before the margin and shift make that chance smaller still.
  double significance = 0.05;
  // No verdict before the canary served this many requests: a handful of requests says nothing
  // about a rate, and with fewer than 1 / error_rate_margin requests a single error moves the
  // canary's rate by more than the margin. Counted per metric look (ErrorRateLook's and
  // LatencyLook's canary_requests).
  int64_t min_samples = 100;
  // Absolute: the canary may be up to 1 percentage point worse than the primary before the
  // error-rate test can fail (H0: p_canary − p_primary ≤ margin). Without it the false-positive
  // target (≤ 1 % of healthy releases) would rest on α alone, and any small but real difference
  // would fail at large n. 0 asks "is the canary worse at all?" (pooled z, or Fisher's exact
  // test on small counts).
  double error_rate_margin = 0.01;
  // The canary's latency may exceed the primary's by max(floor, fraction × the primary's median
  // sub-sample) before the rank test can fail: tens of milliseconds are noise to a user, and a
  // fixed floor alone would be too strict for slow services.
  Duration latency_shift_floor{20};
  double latency_shift_fraction = 0.10;
};

// One ANALYSIS stage's judgement settings, validated, with what follows from its schedule.
struct JudgementPlan {
  JudgementSettings settings;
  int metrics = 0;        // metrics judged at every look
  int looks = 0;          // duration / interval (rounded down): the last look is `looks`
  double test_alpha = 0;  // α' = significance / (metrics × looks), what each test's p must beat
};

// kInvalidInput when: metrics < 1; interval ≤ 0; duration < interval (no look would happen);
// significance outside (0, 1); min_samples < 0; error_rate_margin outside [0, 1);
// latency_shift_floor < 0; latency_shift_fraction negative or not finite.
StatusOr<JudgementPlan> MakeJudgementPlan(const JudgementSettings& settings, int metrics, Duration duration,
                                          Duration interval);

// Error-rate measurements at one look: counts are cumulative since the stage started, so each
// look tests everything seen so far.
struct ErrorRateLook {
  int look = 1;  // 1-based; plan.looks is the last
  int64_t canary_errors = 0;
  int64_t canary_requests = 0;
  int64_t primary_errors = 0;
  int64_t primary_requests = 0;
};

// Latency measurements at one look: every sub-sample since the stage started, each the average
// response time (ms) of one period (e.g. one second) on one side. Periods without requests are
// left out rather than counted as 0 ms. Sub-samples are compared as a distribution (rank test),
// so a few slow periods on an otherwise healthy canary do not decide alone. Order does not
// matter; a caller that keeps each vector sorted as sub-samples arrive (merging each interval's
// in) spares the judgement a sort of everything so far at every look.
struct LatencyLook {
  int look = 1;
  int64_t canary_requests = 0;  // cumulative, for min_samples
  std::vector<double> canary_ms;
  std::vector<double> primary_ms;
};

enum class VerdictKind {
  kWaiting,       // looks remain and nothing failed (yet): not enough data, or a test did not reject
  kPass,          // the last look, and the metric's test ran and did not reject
  kFail,          // the metric's test rejected H0 at this look: roll back
  kInconclusive,  // the last look, and still not enough data for the test
};

std::string_view VerdictKindName(VerdictKind kind);  // "waiting", "pass", "fail", "inconclusive"

struct Verdict {
  VerdictKind kind = VerdictKind::kWaiting;
  std::string metric;
  // For people (logs, the release's events): names the metric, the values, the test, the
  // threshold and the p-value, e.g.
  // "5xx rate: canary 4.8 % (29/600) vs primary 0.0 % (0/5400), two-proportion z, margin 1 pp:
  //  p = 6e-06 < α' = 0.0025 → fail".
  std::string line;
  std::string_view test;  // statistics.h's test name; empty when no test ran (not enough data)
  double p_value = 1;     // 1 when no test ran
  double alpha = 0;       // the plan's test_alpha
};

// Judges one look of an error-rate metric (TwoProportionTest with the plan's margin).
// Waiting/inconclusive while the canary served fewer than min_samples requests or the primary
// served none. kInvalidInput for a look outside [1, plan.looks], negative counts, or more errors
// than requests.
StatusOr<Verdict> JudgeErrorRate(const JudgementPlan& plan, std::string_view metric, const ErrorRateLook& look);

// Judges one look of a latency metric (MannWhitneyGreater, shift from the plan and the primary's
// median). Waiting/inconclusive while the canary served fewer than min_samples requests or
// either side has fewer than kMinRankSamples sub-samples. kInvalidInput for a look outside
// [1, plan.looks], a negative request count, or a sub-sample that is negative or not finite.
StatusOr<Verdict> JudgeLatency(const JudgementPlan& plan, std::string_view metric, const LatencyLook& look);

// The stage's state after one look from its metrics' verdicts: fail if any failed, else
// inconclusive if any was, else waiting if any is, else pass. An empty list is inconclusive:
// nothing was judged, so nothing passed.
VerdictKind CombineVerdicts(const std::vector<Verdict>& verdicts);

}  // namespace kanaria::engine::analysis
