#include "engine/analysis/judgement.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/analysis/statistics.h"

namespace kanaria::engine::analysis {
namespace {

using std::chrono::minutes;

// The documented stage: 10 minutes, a look every minute, error rate and latency.
JudgementPlan TenLooks(JudgementSettings settings = {}) {
  auto plan = MakeJudgementPlan(settings, 2, minutes(10), minutes(1));
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? *plan : JudgementPlan{};
}

std::vector<double> Around(double centre, int n) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(centre + (i % 7) - 3 + 0.01 * i);
  return out;
}

TEST(JudgementTest, PlanSplitsAlphaOverMetricsAndLooks) {
  const JudgementPlan plan = TenLooks();
  EXPECT_EQ(plan.looks, 10);
  EXPECT_EQ(plan.metrics, 2);
  EXPECT_DOUBLE_EQ(plan.test_alpha, 0.0025);
  // A duration that is not a multiple of the interval rounds down: 90 s / 60 s is one look.
  auto one = MakeJudgementPlan({}, 1, std::chrono::seconds(90), minutes(1));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->looks, 1);
  EXPECT_DOUBLE_EQ(one->test_alpha, 0.05);
}

TEST(JudgementTest, PlanRefusesSettingsThatCannotWork) {
  const auto refused = [](const JudgementSettings& s, int metrics = 2, Duration duration = minutes(10),
                          Duration interval = minutes(1)) {
    auto plan = MakeJudgementPlan(s, metrics, duration, interval);
    return !plan.ok() && plan.status().code() == StatusCode::kInvalidInput;
  };
  EXPECT_TRUE(refused({}, 0));
  EXPECT_TRUE(refused({}, 2, minutes(10), Duration(0)));
  EXPECT_TRUE(refused({}, 2, std::chrono::seconds(30), minutes(1)));
  JudgementSettings s;
  s.significance = 0;
  EXPECT_TRUE(refused(s));
  s.significance = 1;
  EXPECT_TRUE(refused(s));
  s = {};
  s.significance = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(refused(s));
  s = {};
  s.min_samples = -1;
  EXPECT_TRUE(refused(s));
  s = {};
  s.error_rate_margin = 1;  // a percentage where a fraction belongs
  EXPECT_TRUE(refused(s));
  s = {};
  s.error_rate_margin = -0.01;
  EXPECT_TRUE(refused(s));
  s = {};
  s.latency_shift_floor = Duration(-1);
  EXPECT_TRUE(refused(s));
  s = {};
  s.latency_shift_fraction = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(refused(s));
  EXPECT_FALSE(refused({}));
}

TEST(JudgementTest, ErrorRateFailureNamesValuesTestThresholdAndP) {
  auto verdict = JudgeErrorRate(TenLooks(), "5xx rate", {.look = 2, .canary_errors = 29, .canary_requests = 600,
                                                         .primary_errors = 0, .primary_requests = 5400});
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->kind, VerdictKind::kFail);
  EXPECT_EQ(verdict->metric, "5xx rate");
  EXPECT_EQ(verdict->test, kTwoProportionZ);
  EXPECT_NEAR(verdict->p_value, 5.985718657837686e-06, 1e-15);
  EXPECT_EQ(verdict->line,
            "5xx rate: canary 4.8 % (29/600) vs primary 0.0 % (0/5400), two-proportion z, margin 1 pp: "
            "p = 6e-06 < α' = 0.0025 → fail");
}

TEST(JudgementTest, ErrorRateWithinTheMarginContinuesThenPasses) {
  const JudgementPlan plan = TenLooks();
  // 0.5 pp worse than the primary: real, but within the 1 pp margin.
  ErrorRateLook look{.look = 3, .canary_errors = 9, .canary_requests = 900, .primary_errors = 41,
                     .primary_requests = 8100};
  auto middle = JudgeErrorRate(plan, "5xx rate", look);
  ASSERT_TRUE(middle.ok());
  EXPECT_EQ(middle->kind, VerdictKind::kWaiting);
  EXPECT_GT(middle->p_value, plan.test_alpha);
  EXPECT_NE(middle->line.find("→ continue (look 3 of 10)"), std::string::npos) << middle->line;
  look.look = 10;
  look.canary_errors = 30;
  look.canary_requests = 3000;
  look.primary_errors = 135;
  look.primary_requests = 27000;
  auto last = JudgeErrorRate(plan, "5xx rate", look);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->kind, VerdictKind::kPass);
  EXPECT_NE(last->line.find("canary 1.0 % (30/3000) vs primary 0.5 % (135/27000)"), std::string::npos) << last->line;
  EXPECT_NE(last->line.find("→ pass"), std::string::npos) << last->line;
  // Without the margin the same counts fail: the margin is what lets the canary through.
  JudgementSettings strict;
  strict.error_rate_margin = 0;
  auto strict_verdict = JudgeErrorRate(TenLooks(strict), "5xx rate", look);
  ASSERT_TRUE(strict_verdict.ok());
  EXPECT_EQ(strict_verdict->kind, VerdictKind::kFail) << strict_verdict->line;
}

TEST(JudgementTest, ErrorRateWaitsForMinSamplesThenIsInconclusive) {
  const JudgementPlan plan = TenLooks();
  // Even 50 % errors are no verdict before the canary served min_samples requests.
  ErrorRateLook look{.look = 1, .canary_errors = 40, .canary_requests = 80, .primary_errors = 0,
                     .primary_requests = 720};
  auto early = JudgeErrorRate(plan, "5xx rate", look);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->kind, VerdictKind::kWaiting);
  EXPECT_TRUE(early->test.empty());
  EXPECT_EQ(early->line, "5xx rate: canary served 80 requests, 100 needed → waiting (look 1 of 10)");
  look.look = 10;
  look.canary_errors = 0;
  auto late = JudgeErrorRate(plan, "5xx rate", look);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->kind, VerdictKind::kInconclusive);
  EXPECT_EQ(late->line, "5xx rate: canary served 80 requests, 100 needed by the last look (10 of 10) → inconclusive");
  // Enough canary traffic but nothing to compare it with.
  auto lonely = JudgeErrorRate(plan, "5xx rate", {.look = 10, .canary_errors = 0, .canary_requests = 3000,
                                                  .primary_errors = 0, .primary_requests = 0});
  ASSERT_TRUE(lonely.ok());
  EXPECT_EQ(lonely->kind, VerdictKind::kInconclusive);
}

TEST(JudgementTest, ErrorRateRefusesImpossibleCountsAndLooks) {
  const JudgementPlan plan = TenLooks();
  const auto invalid = [&](const ErrorRateLook& look) {
    auto v = JudgeErrorRate(plan, "5xx rate", look);
    return !v.ok() && v.status().code() == StatusCode::kInvalidInput;
  };
  EXPECT_TRUE(invalid({.look = 0, .canary_requests = 300, .primary_requests = 2700}));
  EXPECT_TRUE(invalid({.look = 11, .canary_requests = 300, .primary_requests = 2700}));
  EXPECT_TRUE(invalid({.look = 1, .canary_errors = 301, .canary_requests = 300, .primary_requests = 2700}));
  EXPECT_TRUE(invalid({.look = 1, .canary_requests = 300, .primary_errors = -1, .primary_requests = 2700}));
  EXPECT_FALSE(invalid({.look = 1, .canary_requests = 300, .primary_requests = 2700}));
}

TEST(JudgementTest, LatencyFailsWhenTheCanaryIsSlowerThanTheShift) {
  LatencyLook look{.look = 1, .canary_requests = 300, .canary_ms = Around(250, 60), .primary_ms = Around(50, 60)};
  auto verdict = JudgeLatency(TenLooks(), "latency", look);
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->kind, VerdictKind::kFail);
  EXPECT_EQ(verdict->test, kMannWhitneyU);
  EXPECT_LT(verdict->p_value, 1e-15);
  EXPECT_NE(verdict->line.find("latency: canary median 250 ms (n = 60) vs primary median 50.2 ms (n = 60), "
                               "Mann-Whitney U, shift 20 ms: U = 3600, p = "),
            std::string::npos)
      << verdict->line;
  EXPECT_NE(verdict->line.find("< α' = 0.0025 → fail"), std::string::npos) << verdict->line;
}

TEST(JudgementTest, LatencyShiftGrowsWithThePrimarysMedian) {
  const JudgementPlan plan = TenLooks();
  // Primary around 500 ms: the shift is 10 % of that, 50 ms, not the 20 ms floor.
  LatencyLook look{.look = 1, .canary_requests = 300, .canary_ms = Around(540, 60), .primary_ms = Around(500, 60)};
  auto within = JudgeLatency(plan, "latency", look);
  ASSERT_TRUE(within.ok());
  EXPECT_EQ(within->kind, VerdictKind::kWaiting) << within->line;
  EXPECT_NE(within->line.find("shift 50 ms"), std::string::npos) << within->line;
  look.canary_ms = Around(560, 60);
  auto beyond = JudgeLatency(plan, "latency", look);
  ASSERT_TRUE(beyond.ok());
  EXPECT_EQ(beyond->kind, VerdictKind::kFail) << beyond->line;
  // At 50 ms the floor applies: +15 ms is within it, +30 ms is not.
  look.primary_ms = Around(50, 60);
  look.canary_ms = Around(65, 60);
  EXPECT_EQ(JudgeLatency(plan, "latency", look)->kind, VerdictKind::kWaiting);
  look.canary_ms = Around(80, 60);
  EXPECT_EQ(JudgeLatency(plan, "latency", look)->kind, VerdictKind::kFail);
}

TEST(JudgementTest, LatencyNeedsRequestsAndSubSamples) {
  const JudgementPlan plan = TenLooks();
  LatencyLook look{.look = 1, .canary_requests = 50, .canary_ms = Around(500, 60), .primary_ms = Around(50, 60)};
  EXPECT_EQ(JudgeLatency(plan, "latency", look)->kind, VerdictKind::kWaiting);
  look.canary_requests = 300;
  look.canary_ms = Around(500, 4);
  auto few = JudgeLatency(plan, "latency", look);
  ASSERT_TRUE(few.ok());
  EXPECT_EQ(few->kind, VerdictKind::kWaiting);
  EXPECT_NE(few->line.find("4 canary and 60 primary sub-samples, 5 each needed"), std::string::npos) << few->line;
  look.look = 10;
  EXPECT_EQ(JudgeLatency(plan, "latency", look)->kind, VerdictKind::kInconclusive);
  look.canary_ms = Around(50, 600);
  look.primary_ms = Around(50, 600);
  auto healthy = JudgeLatency(plan, "latency", look);
  ASSERT_TRUE(healthy.ok());
  EXPECT_EQ(healthy->kind, VerdictKind::kPass) << healthy->line;
}

TEST(JudgementTest, LatencyRefusesBadSubSamples) {
  const JudgementPlan plan = TenLooks();
  LatencyLook look{.look = 1, .canary_requests = 300, .canary_ms = Around(50, 10), .primary_ms = Around(50, 10)};
  look.canary_ms[3] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(JudgeLatency(plan, "latency", look).status().code(), StatusCode::kInvalidInput);
  look.canary_ms[3] = 50;
  look.primary_ms[0] = -1;
  EXPECT_EQ(JudgeLatency(plan, "latency", look).status().code(), StatusCode::kInvalidInput);
  look.primary_ms[0] = 50;
  look.look = 12;
  EXPECT_EQ(JudgeLatency(plan, "latency", look).status().code(), StatusCode::kInvalidInput);
}

TEST(JudgementTest, CombineVerdictsTakesTheWorst) {
  const auto of = [](std::initializer_list<VerdictKind> kinds) {
    std::vector<Verdict> verdicts;
    for (VerdictKind k : kinds) {
      Verdict verdict;
      verdict.kind = k;
      verdicts.push_back(verdict);
    }
    return CombineVerdicts(verdicts);
  };
  EXPECT_EQ(of({VerdictKind::kPass, VerdictKind::kPass}), VerdictKind::kPass);
  EXPECT_EQ(of({VerdictKind::kPass, VerdictKind::kWaiting}), VerdictKind::kWaiting);
  EXPECT_EQ(of({VerdictKind::kPass, VerdictKind::kInconclusive}), VerdictKind::kInconclusive);
  EXPECT_EQ(of({VerdictKind::kInconclusive, VerdictKind::kFail}), VerdictKind::kFail);
  EXPECT_EQ(of({}), VerdictKind::kInconclusive);
  EXPECT_EQ(VerdictKindName(VerdictKind::kFail), "fail");
}

}  // namespace
}  // namespace kanaria::engine::analysis
