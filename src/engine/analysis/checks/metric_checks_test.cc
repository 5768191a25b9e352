#include "engine/analysis/checks/metric_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace kanaria::engine::analysis {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

const WallTime kStart = WallTime{} + std::chrono::hours(500'000);

// Answers each rendered query from a table, and records the queries and windows asked.
class TableProvider final : public MetricProvider {
 public:
  std::string_view type() const override { return "prometheus"; }
  StatusOr<std::vector<MetricSeries>> QueryRange(const std::string& query, const TimeWindow& window) override {
    asked.emplace_back(query, window);
    if (!error.ok()) return error;
    auto it = answers.find(query);
    if (it == answers.end()) return std::vector<MetricSeries>{};
    MetricSeries series;
    for (std::size_t i = 0; i < it->second.size(); ++i) series.points.push_back({kStart + 1s * static_cast<int>(i), it->second[i]});
    return std::vector<MetricSeries>{series};
  }
  std::map<std::string, std::vector<double>> answers;
  std::vector<std::pair<std::string, TimeWindow>> asked;
  Status error;
};

model::AnalysisMetric Metric(std::string query) {
  model::AnalysisMetric metric;
  metric.provider = "prom";
  metric.query = std::move(query);
  metric.interval = 1min;
  metric.canary_args = {{"job", "web-canary"}};
  metric.primary_args = {{"job", "web-primary"}};
  return metric;
}

MetricCheckContext Context() {
  return {.name = "metrics[0] (prometheus prom)", .app_name = "web", .interval = 3s, .step = 1s,
          .publication_delay = 0s};
}

LookContext Look(int look, int looks = 10) {
  return {.look = look, .looks = looks, .stage_start = kStart, .now = kStart + 3s * look, .test_alpha = 0.0025};
}

TEST(ThresholdCheckTest, RendersTheQueryForTheCanaryAndChecksEveryPointOfTheLastInterval) {
  TableProvider provider;
  model::AnalysisMetric metric = Metric(R"(err{job="{{ .VariantCustomArgs.job }}"}[{{ .Window }}])");
  metric.expected_max = 0.05;
  provider.answers[R"(err{job="web-canary"}[3s])"] = {0.01, 0.02};
  ThresholdCheck check(provider, metric, Context());
  LookResult pass = check.Look(Look(2));
  EXPECT_EQ(pass.outcome, LookOutcome::kPass) << pass.line;
  EXPECT_EQ(pass.line, "metrics[0] (prometheus prom): 2 points within ≤ 0.05 (last 0.02) → pass");
  ASSERT_EQ(provider.asked.size(), 1u);
  EXPECT_EQ(provider.asked[0].second.end, kStart + 6s);
  EXPECT_EQ(provider.asked[0].second.start, kStart + 3s);

  provider.answers[R"(err{job="web-canary"}[3s])"] = {0.01, 0.2, 0.09};
  LookResult fail = check.Look(Look(3));
  EXPECT_EQ(fail.outcome, LookOutcome::kFail);
  EXPECT_EQ(fail.line, "metrics[0] (prometheus prom): 2 of 3 points outside ≤ 0.05 (worst 0.2) → fail");
}

TEST(ThresholdCheckTest, NoDataAndProviderErrorsAreNotAPass) {
  TableProvider provider;
  model::AnalysisMetric metric = Metric("up");
  metric.expected_min = 1;
  ThresholdCheck check(provider, metric, Context());
  EXPECT_EQ(check.Look(Look(1)).outcome, LookOutcome::kNoData);
  provider.error = InvalidInputError("bad_data: parse error at char 3");
  LookResult refused = check.Look(Look(2));
  EXPECT_EQ(refused.outcome, LookOutcome::kProviderError);
  EXPECT_THAT(refused.line, HasSubstr("provider error (the query was refused): bad_data: parse error"));
  provider.error = UnavailableError("connection refused");
  EXPECT_THAT(check.Look(Look(3)).line, HasSubstr("provider error (no answer): connection refused"));
}

TEST(CanaryPrimaryCheckTest, FailsWhenTheCanaryIsHigherInTheDeviationsDirection) {
  TableProvider provider;
  model::AnalysisMetric metric = Metric(R"(latency{job="{{ .VariantArgs.job }}"})");
  metric.strategy = model::AnalysisStrategy::kCanaryPrimary;
  metric.deviation = model::AnalysisDeviation::kHigh;
  provider.answers[R"(latency{job="web-canary"})"] = {250, 260, 255, 270, 265, 258};
  provider.answers[R"(latency{job="web-primary"})"] = {50, 55, 52, 51, 53, 54};
  CanaryPrimaryCheck check(provider, metric, Context());
  LookResult result = check.Look(Look(2));
  EXPECT_EQ(result.outcome, LookOutcome::kFail) << result.line;
  EXPECT_THAT(result.line, HasSubstr("canary higher than primary (6 vs 6 points), Mann-Whitney U"));
  EXPECT_EQ(provider.asked[0].second.start, kStart);  // every point since the stage started

  metric.deviation = model::AnalysisDeviation::kLow;  // a higher canary is fine when only lower fails
  CanaryPrimaryCheck low(provider, metric, Context());
  EXPECT_EQ(low.Look(Look(2)).outcome, LookOutcome::kWaiting);
  EXPECT_EQ(low.Look(Look(10)).outcome, LookOutcome::kPass);
}

TEST(CanaryPrimaryCheckTest, TooFewPointsWaitThenAreInconclusive) {
  TableProvider provider;
  model::AnalysisMetric metric = Metric(R"(x{job="{{ .VariantCustomArgs.job }}"})");
  metric.strategy = model::AnalysisStrategy::kCanaryPrimary;
  provider.answers[R"(x{job="web-canary"})"] = {1, 2, 3};
  provider.answers[R"(x{job="web-primary"})"] = {1, 2, 3};
  CanaryPrimaryCheck check(provider, metric, Context());
  LookResult early = check.Look(Look(1));
  EXPECT_EQ(early.outcome, LookOutcome::kWaiting);
  EXPECT_THAT(early.line, HasSubstr("3 canary and 3 primary points, the rank test needs 5 on each side"));
  EXPECT_EQ(check.Look(Look(10)).outcome, LookOutcome::kInconclusive);
  provider.answers.erase(R"(x{job="web-primary"})");
  EXPECT_EQ(check.Look(Look(2)).outcome, LookOutcome::kNoData);
}

// A query answering a histogram's cumulative buckets (counters) is judged on the observations.
TEST(CanaryPrimaryCheckTest, ReadsHistogramBucketsAsObservations) {
  class HistogramProvider final : public MetricProvider {
   public:
    std::string_view type() const override { return "prometheus"; }
    StatusOr<std::vector<MetricSeries>> QueryRange(const std::string& query, const TimeWindow&) override {
      // Canary: every observation in (0.1, 0.5]; primary: every one in (0, 0.1]. 0 then 40 each.
      const bool canary = query.find("canary") != std::string::npos;
      std::vector<MetricSeries> buckets;
      for (const auto& [le, filled] : {std::pair{"0.1", !canary}, std::pair{"0.5", true}, std::pair{"+Inf", true}}) {
        MetricSeries series;
        series.labels = {{"le", le}};
        series.points = {{kStart, 0}, {kStart + 1s, filled ? 40.0 : 0.0}};
        buckets.push_back(series);
      }
      return buckets;
    }
  } provider;
  model::AnalysisMetric metric = Metric(R"(sum by (le) (x_bucket{job="{{ .VariantCustomArgs.job }}"}))");
  metric.strategy = model::AnalysisStrategy::kCanaryPrimary;
  metric.deviation = model::AnalysisDeviation::kHigh;
  CanaryPrimaryCheck check(provider, metric, Context());
  LookResult result = check.Look(Look(2));
  EXPECT_EQ(result.outcome, LookOutcome::kFail) << result.line;
  EXPECT_THAT(result.line, HasSubstr("canary higher than primary (40 vs 40 points)"));
}

TEST(WindowLiteralTest, IsAPromQlDuration) {
  EXPECT_EQ(WindowLiteral(60s), "1m");
  EXPECT_EQ(WindowLiteral(3s), "3s");
  EXPECT_EQ(WindowLiteral(std::chrono::milliseconds(2500)), "2500ms");
}

}  // namespace
}  // namespace kanaria::engine::analysis
