#include "engine/analysis/judgement.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "engine/analysis/statistics.h"

namespace kanaria::engine::analysis {
namespace {

// "4.8 %", "0.0 %", and "0.033 %" rather than a misleading "0.0 %" for small non-zero rates.
std::string Percent(double rate) {
  const double percent = rate * 100;
  if (percent == 0 || percent >= 0.1) return fmt::format("{:.1f} %", percent);
  return fmt::format("{:.2g} %", percent);
}

std::string Milliseconds(double ms) { return fmt::format("{:.3g} ms", ms); }

// REQUIRES: `sorted` is sorted and not empty.
double MedianOfSorted(const std::vector<double>& sorted) {
  const size_t mid = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

std::vector<double> Sorted(std::vector<double> values) {
  if (!std::is_sorted(values.begin(), values.end())) std::sort(values.begin(), values.end());
  return values;
}

Status CheckLook(const JudgementPlan& plan, int look) {
  if (look < 1 || look > plan.looks) {
    return InvalidInputError(fmt::format("look {} is outside the stage's looks 1..{}", look, plan.looks));
  }
  return Status::Ok();
}

// The verdict when the data cannot be judged yet: waiting while looks remain, inconclusive at the
// last one. `why` says what is missing.
Verdict NotEnoughData(const JudgementPlan& plan, std::string_view metric, int look, const std::string& why) {
  Verdict verdict;
  verdict.metric = std::string(metric);
  verdict.alpha = plan.test_alpha;
  if (look < plan.looks) {
    verdict.kind = VerdictKind::kWaiting;
    verdict.line = fmt::format("{}: {} → waiting (look {} of {})", metric, why, look, plan.looks);
  } else {
    verdict.kind = VerdictKind::kInconclusive;
    verdict.line = fmt::format("{}: {} by the last look ({} of {}) → inconclusive", metric, why, look, plan.looks);
  }
  return verdict;
}

// The verdict of a test that ran. The line is "metric: facts: statistic, p = … → outcome";
// `statistic` may be empty.
Verdict Tested(const JudgementPlan& plan, std::string_view metric, int look, std::string_view test, double p,
               const std::string& facts, const std::string& statistic) {
  Verdict verdict;
  verdict.metric = std::string(metric);
  verdict.test = test;
  verdict.p_value = p;
  verdict.alpha = plan.test_alpha;
  std::string outcome;
  if (p < plan.test_alpha) {
    verdict.kind = VerdictKind::kFail;
    outcome = fmt::format("p = {:.2g} < α' = {:.2g} → fail", p, plan.test_alpha);
  } else if (look < plan.looks) {
    verdict.kind = VerdictKind::kWaiting;
    outcome = fmt::format("p = {:.2g} ≥ α' = {:.2g} → continue (look {} of {})", p, plan.test_alpha, look, plan.looks);
  } else {
    verdict.kind = VerdictKind::kPass;
    outcome = fmt::format("p = {:.2g} ≥ α' = {:.2g} → pass", p, plan.test_alpha);
  }
  verdict.line = fmt::format("{}: {}: {}{}{}", metric, facts, statistic, statistic.empty() ? "" : ", ", outcome);
  return verdict;
}

}  // namespace

std::string_view VerdictKindName(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kWaiting: return "waiting";
    case VerdictKind::kPass: return "pass";
    case VerdictKind::kFail: return "fail";
    case VerdictKind::kInconclusive: return "inconclusive";
  }
  return "unknown";
}

StatusOr<JudgementPlan> MakeJudgementPlan(const JudgementSettings& settings, int metrics, Duration duration,
                                          Duration interval) {
  if (metrics < 1) return InvalidInputError(fmt::format("analysis needs at least one metric, got {}", metrics));
  if (interval.count() <= 0) {
    return InvalidInputError(fmt::format("analysis interval must be positive, got {} ms", interval.count()));
  }
  if (duration < interval) {
    return InvalidInputError(fmt::format("analysis duration {} ms is shorter than its interval {} ms: no look would run",
                                         duration.count(), interval.count()));
  }
  if (!(settings.significance > 0 && settings.significance < 1)) {
    return InvalidInputError(fmt::format("significance must be in (0, 1), got {}", settings.significance));
  }
  if (settings.min_samples < 0) {
    return InvalidInputError(fmt::format("min_samples must not be negative, got {}", settings.min_samples));
  }
  if (!(settings.error_rate_margin >= 0 && settings.error_rate_margin < 1)) {
    return InvalidInputError(
        fmt::format("error-rate margin must be in [0, 1) (a fraction, 0.01 = 1 pp), got {}", settings.error_rate_margin));
  }
  if (settings.latency_shift_floor.count() < 0) {
    return InvalidInputError(
        fmt::format("latency shift floor must not be negative, got {} ms", settings.latency_shift_floor.count()));
  }
  if (!(std::isfinite(settings.latency_shift_fraction) && settings.latency_shift_fraction >= 0)) {
    return InvalidInputError(
        fmt::format("latency shift fraction must be finite and ≥ 0, got {}", settings.latency_shift_fraction));
  }
  JudgementPlan plan;
  plan.settings = settings;
  plan.metrics = metrics;
  plan.looks = static_cast<int>(duration / interval);
  plan.test_alpha = settings.significance / (static_cast<double>(metrics) * plan.looks);
  return plan;
}

StatusOr<Verdict> JudgeErrorRate(const JudgementPlan& plan, std::string_view metric, const ErrorRateLook& look) {
  RETURN_IF_ERROR(CheckLook(plan, look.look));
  if (look.canary_errors < 0 || look.canary_requests < 0 || look.primary_errors < 0 || look.primary_requests < 0 ||
      look.canary_errors > look.canary_requests || look.primary_errors > look.primary_requests) {
    return InvalidInputError(fmt::format("{}: counts must satisfy 0 ≤ errors ≤ requests, got canary {}/{}, primary {}/{}",
                                         metric, look.canary_errors, look.canary_requests, look.primary_errors,
                                         look.primary_requests));
  }
  if (look.canary_requests < plan.settings.min_samples) {
    return NotEnoughData(plan, metric, look.look,
                         fmt::format("canary served {} requests, {} needed", look.canary_requests,
                                     plan.settings.min_samples));
  }
  if (look.primary_requests == 0) {
    return NotEnoughData(plan, metric, look.look, "primary served no requests to compare with");
  }
  const double margin = plan.settings.error_rate_margin;
  const ProportionTestResult result =
      TwoProportionTest(look.canary_errors, look.canary_requests, look.primary_errors, look.primary_requests, margin);
  const std::string facts =
      fmt::format("canary {} ({}/{}) vs primary {} ({}/{}), {}, margin {:g} pp", Percent(result.canary_rate),
                  look.canary_errors, look.canary_requests, Percent(result.primary_rate), look.primary_errors,
                  look.primary_requests, result.test, margin * 100);
  return Tested(plan, metric, look.look, result.test, result.p_value, facts, "");
}

StatusOr<Verdict> JudgeLatency(const JudgementPlan& plan, std::string_view metric, const LatencyLook& look) {
  RETURN_IF_ERROR(CheckLook(plan, look.look));
  if (look.canary_requests < 0) {
    return InvalidInputError(fmt::format("{}: canary request count is negative ({})", metric, look.canary_requests));
  }
  const auto invalid = [](double ms) { return !std::isfinite(ms) || ms < 0; };
  if (std::any_of(look.canary_ms.begin(), look.canary_ms.end(), invalid) ||
      std::any_of(look.primary_ms.begin(), look.primary_ms.end(), invalid)) {
    return InvalidInputError(fmt::format("{}: latency sub-samples must be finite and ≥ 0 ms", metric));
  }
  if (look.canary_requests < plan.settings.min_samples) {
    return NotEnoughData(plan, metric, look.look,
                         fmt::format("canary served {} requests, {} needed", look.canary_requests,
                                     plan.settings.min_samples));
  }
  const auto have = [](const std::vector<double>& v) { return static_cast<int64_t>(v.size()); };
  if (have(look.canary_ms) < kMinRankSamples || have(look.primary_ms) < kMinRankSamples) {
    return NotEnoughData(plan, metric, look.look,
                         fmt::format("{} canary and {} primary sub-samples, {} each needed", look.canary_ms.size(),
                                     look.primary_ms.size(), kMinRankSamples));
  }
  std::vector<double> canary = Sorted(look.canary_ms);
  std::vector<double> primary = Sorted(look.primary_ms);
  const double canary_median = MedianOfSorted(canary);
  const double primary_median = MedianOfSorted(primary);
  const double shift = std::max(static_cast<double>(plan.settings.latency_shift_floor.count()),
                                plan.settings.latency_shift_fraction * primary_median);
  const RankTestResult result = MannWhitneyGreater(std::move(canary), std::move(primary), shift);
  const std::string facts =
      fmt::format("canary median {} (n = {}) vs primary median {} (n = {}), {}, shift {}", Milliseconds(canary_median),
                  result.n1, Milliseconds(primary_median), result.n2, result.test, Milliseconds(shift));
  return Tested(plan, metric, look.look, result.test, result.p_value, facts, fmt::format("U = {:g}", result.u));
}

VerdictKind CombineVerdicts(const std::vector<Verdict>& verdicts) {
  if (verdicts.empty()) return VerdictKind::kInconclusive;
  const auto any = [&](VerdictKind kind) {
    return std::any_of(verdicts.begin(), verdicts.end(), [&](const Verdict& v) { return v.kind == kind; });
  };
  if (any(VerdictKind::kFail)) return VerdictKind::kFail;
  if (any(VerdictKind::kInconclusive)) return VerdictKind::kInconclusive;
  if (any(VerdictKind::kWaiting)) return VerdictKind::kWaiting;
  return VerdictKind::kPass;
}

}  // namespace kanaria::engine::analysis
