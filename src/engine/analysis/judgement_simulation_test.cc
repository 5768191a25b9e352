// The judgement's statistical contract, checked by simulating whole ANALYSIS stages in memory:
// at the documented traffic (50 requests/s to the service, 10 % of it to the canary; a stage of
// 10 looks of 1 minute judging error rate and latency), a healthy canary fails ≤ 1 % of stages
// and a clearly broken one (5 % errors, or +200 ms) fails ≥ 99 % of them, quickly.
//
// Traffic model, per simulated second: canary and primary request counts are Poisson (5 and
// 45); each request errs with its side's rate; each response time is lognormal (median 50 ms,
// σ = 0.5: mean 57 ms, p99 ≈ 160 ms), plus the scenario's extra latency on the canary. A
// latency sub-sample is one side's average over one second; seconds without requests give none.
// To keep the run time within budget, a second's k responses are not drawn one by one: their
// average is one draw from the Fenton–Wilkinson lognormal with the same mean and variance as
// the average of k such responses (close for σ = 0.5; it keeps the skew of the canary's
// 5-request averages, which the rank test sees).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "engine/analysis/judgement.h"

namespace kanaria::engine::analysis {
namespace {

constexpr int kLooks = 10;
constexpr int kSecondsPerLook = 60;
constexpr double kRequestsPerSecond = 50;
constexpr double kCanaryShare = 0.10;
constexpr double kLatencyMedianMs = 50;
constexpr double kLatencySigma = 0.5;

struct TrafficScenario {
  double canary_error_rate = 0;
  double primary_error_rate = 0;
  double canary_extra_ms = 0;
};

struct StageOutcome {
  VerdictKind kind = VerdictKind::kWaiting;
  int fail_look = 0;  // the look that failed, 0 if none
};

class StageSimulator {
 public:
  StageSimulator(const JudgementPlan& plan, uint64_t seed)
      : plan_(plan),
        rng_(seed),
        canary_requests_(Poisson(kRequestsPerSecond * kCanaryShare)),
        primary_requests_(Poisson(kRequestsPerSecond * (1 - kCanaryShare))) {
    // Fenton–Wilkinson: the average of k lognormals as one lognormal, per k.
    const double mu = std::log(kLatencyMedianMs), s2 = kLatencySigma * kLatencySigma;
    const double mean = std::exp(mu + s2 / 2);
    const double variance = (std::exp(s2) - 1) * std::exp(2 * mu + s2);
    for (int k = 0; k < kMaxAveraged; ++k) {
      const double s2_avg = std::log(1 + variance / std::max(k, 1) / (mean * mean));
      average_ms_.emplace_back(std::log(mean) - s2_avg / 2, std::sqrt(s2_avg));
    }
  }

  StageOutcome Run(const TrafficScenario& scenario) {
    ErrorRateLook errors;
    LatencyLook latency;
    latency.canary_ms.reserve(kLooks * kSecondsPerLook);
    latency.primary_ms.reserve(kLooks * kSecondsPerLook);
    std::binomial_distribution<int64_t> canary_errors, primary_errors;
    size_t canary_sorted = 0, primary_sorted = 0;
    for (int look = 1; look <= kLooks; ++look) {
      int64_t canary_requests = 0, primary_requests = 0;
      for (int second = 0; second < kSecondsPerLook; ++second) {
        const int canary = canary_requests_(rng_);
        const int primary = primary_requests_(rng_);
        canary_requests += canary;
        primary_requests += primary;
        if (canary > 0) latency.canary_ms.push_back(AverageMs(canary) + scenario.canary_extra_ms);
        if (primary > 0) latency.primary_ms.push_back(AverageMs(primary));
      }
      // Keep the sub-samples sorted, as a stage may: the judgement then need not sort them all.
      MergeNewest(latency.canary_ms, canary_sorted);
      MergeNewest(latency.primary_ms, primary_sorted);
      canary_sorted = latency.canary_ms.size();
      primary_sorted = latency.primary_ms.size();
      errors.look = latency.look = look;
      errors.canary_requests += canary_requests;
      errors.primary_requests += primary_requests;
      errors.canary_errors += canary_errors(rng_, decltype(canary_errors)::param_type(canary_requests,
                                                                                     scenario.canary_error_rate));
      errors.primary_errors += primary_errors(rng_, decltype(primary_errors)::param_type(
                                                        primary_requests, scenario.primary_error_rate));
      latency.canary_requests = errors.canary_requests;

      auto error_verdict = JudgeErrorRate(plan_, "5xx rate", errors);
      auto latency_verdict = JudgeLatency(plan_, "latency", latency);
      EXPECT_TRUE(error_verdict.ok() && latency_verdict.ok());
      if (!error_verdict.ok() || !latency_verdict.ok()) return {};
      const VerdictKind kind = CombineVerdicts({*error_verdict, *latency_verdict});
      if (kind == VerdictKind::kFail) return {VerdictKind::kFail, look};
      if (look == kLooks) return {kind, 0};
    }
    return {};
  }

 private:
  static constexpr int kMaxAveraged = 200;

  // The average response time of `requests` (≥ 1) requests in one second.
  double AverageMs(int requests) { return average_ms_[std::min(requests, kMaxAveraged - 1)](rng_); }

  // Sorts values[sorted..] and merges it into the sorted values[..sorted].
  static void MergeNewest(std::vector<double>& values, size_t sorted) {
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(sorted);
    std::sort(middle, values.end());
    std::inplace_merge(values.begin(), middle, values.end());
  }

  // Poisson(mean) by inverse transform over a table: one uniform per draw, where libstdc++'s
  // poisson_distribution needs several and a log-gamma for large means.
  static std::discrete_distribution<int> Poisson(double mean) {
    std::vector<double> pmf;
    for (int k = 0; k <= static_cast<int>(mean + 12 * std::sqrt(mean) + 12); ++k) {
      pmf.push_back(std::exp(k * std::log(mean) - mean - std::lgamma(k + 1.0)));
    }
    return std::discrete_distribution<int>(pmf.begin(), pmf.end());
  }

  JudgementPlan plan_;
  std::mt19937_64 rng_;
  std::discrete_distribution<int> canary_requests_;
  std::discrete_distribution<int> primary_requests_;
  std::vector<std::lognormal_distribution<double>> average_ms_;
};

JudgementPlan DocumentedPlan() {
  auto plan = MakeJudgementPlan({}, 2, std::chrono::minutes(kLooks), std::chrono::minutes(1));
  EXPECT_TRUE(plan.ok());
  return plan.ok() ? *plan : JudgementPlan{};
}

struct Tally {
  int stages = 0;
  int failed = 0;
  int failed_by_look_2 = 0;
  int inconclusive = 0;
  double Rate(int n) const { return static_cast<double>(n) / stages; }
};

Tally Simulate(StageSimulator& simulator, const TrafficScenario& scenario, int stages) {
  Tally tally;
  for (int i = 0; i < stages; ++i) {
    const StageOutcome outcome = simulator.Run(scenario);
    ++tally.stages;
    if (outcome.kind == VerdictKind::kFail) {
      ++tally.failed;
      if (outcome.fail_look <= 2) ++tally.failed_by_look_2;
    }
    if (outcome.kind == VerdictKind::kInconclusive) ++tally.inconclusive;
  }
  return tally;
}

TEST(JudgementSimulationTest, HealthyCanariesRarelyFailAndBrokenOnesAlmostAlwaysDo) {
  const auto start = std::chrono::steady_clock::now();
  const JudgementPlan plan = DocumentedPlan();
  StageSimulator simulator(plan, /*seed=*/20240611);

  // Healthy: 3 × 3,400 stages at the same error rate and latency on both sides.
  Tally healthy;
  for (double base_rate : {0.0, 0.001, 0.01}) {
    const Tally t = Simulate(simulator, {.canary_error_rate = base_rate, .primary_error_rate = base_rate}, 3400);
    std::printf("healthy, base error rate %.1f %%: %d/%d stages failed (FPR %.3f %%), %d inconclusive\n",
                base_rate * 100, t.failed, t.stages, 100 * t.Rate(t.failed), t.inconclusive);
    EXPECT_LE(t.Rate(t.failed), 0.01) << "base error rate " << base_rate;
    healthy.stages += t.stages;
    healthy.failed += t.failed;
    healthy.inconclusive += t.inconclusive;
  }
  const Tally errors = Simulate(simulator, {.canary_error_rate = 0.05, .primary_error_rate = 0}, 10000);
  const Tally slow = Simulate(simulator, {.canary_extra_ms = 200}, 3000);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::printf("healthy overall: FPR %.3f %% (%d/%d stages), %d inconclusive\n", 100 * healthy.Rate(healthy.failed),
              healthy.failed, healthy.stages, healthy.inconclusive);
  std::printf("canary 5 %% errors vs 0 %%: power %.2f %% within 2 looks, %.2f %% within 10 (%d stages)\n",
              100 * errors.Rate(errors.failed_by_look_2), 100 * errors.Rate(errors.failed), errors.stages);
  std::printf("canary +200 ms: power %.2f %% within 10 looks, %.2f %% within 2 (%d stages)\n",
              100 * slow.Rate(slow.failed), 100 * slow.Rate(slow.failed_by_look_2), slow.stages);
  std::printf("%d simulated stages in %.2f s\n", healthy.stages + errors.stages + slow.stages, seconds);

  EXPECT_GE(healthy.stages, 10000);
  EXPECT_LE(healthy.Rate(healthy.failed), 0.01);
  EXPECT_EQ(healthy.inconclusive, 0);  // 300 canary requests a look are plenty for min_samples
  EXPECT_GE(errors.Rate(errors.failed_by_look_2), 0.99);
  EXPECT_GE(slow.Rate(slow.failed), 0.99);
}

// With no margin the error-rate test asks "is the canary worse at all?", so a healthy canary sits
// exactly on H0 and only Bonferroni bounds the false positives: the metric's share of α
// (α / metrics = 2.5 %) over all 10 looks. This checks that the tests' p-values are valid (not
// anti-conservative) through the pooled z and Fisher paths. It also shows why the margin exists:
// on α alone a healthy canary at a 1 % base error rate fails about 2 % of stages on this metric
// alone, twice the 1 % target.
TEST(JudgementSimulationTest, WithoutMarginBonferroniBoundsErrorRateFalsePositives) {
  JudgementSettings settings;
  settings.error_rate_margin = 0;
  auto plan = MakeJudgementPlan(settings, 2, std::chrono::minutes(kLooks), std::chrono::minutes(1));
  ASSERT_TRUE(plan.ok());
  std::mt19937_64 rng(7);
  std::poisson_distribution<int64_t> canary_requests(kRequestsPerSecond * kCanaryShare * kSecondsPerLook);
  std::poisson_distribution<int64_t> primary_requests(kRequestsPerSecond * (1 - kCanaryShare) * kSecondsPerLook);
  for (double base_rate : {0.001, 0.01, 0.05}) {
    int failed = 0;
    constexpr int kStages = 10000;
    for (int stage = 0; stage < kStages; ++stage) {
      ErrorRateLook look;
      for (look.look = 1; look.look <= kLooks; ++look.look) {
        const int64_t c = canary_requests(rng), p = primary_requests(rng);
        look.canary_requests += c;
        look.primary_requests += p;
        look.canary_errors += std::binomial_distribution<int64_t>(c, base_rate)(rng);
        look.primary_errors += std::binomial_distribution<int64_t>(p, base_rate)(rng);
        auto verdict = JudgeErrorRate(*plan, "5xx rate", look);
        ASSERT_TRUE(verdict.ok());
        if (verdict->kind == VerdictKind::kFail) {
          ++failed;
          break;
        }
      }
    }
    const double fpr = static_cast<double>(failed) / kStages;
    std::printf("no margin, base error rate %.1f %%: FPR %.3f %% of %d stages (bound %.1f %%)\n", base_rate * 100,
                100 * fpr, kStages, 100 * settings.significance / 2);
    EXPECT_LE(fpr, settings.significance / 2) << base_rate;
  }
}

}  // namespace
}  // namespace kanaria::engine::analysis
