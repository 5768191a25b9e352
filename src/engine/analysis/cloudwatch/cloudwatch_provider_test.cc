#include "engine/analysis/cloudwatch/cloudwatch_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/analysis/cloudwatch/elb_metrics.h"

namespace kanaria::engine::analysis {
namespace {

using ::testing::HasSubstr;

constexpr const char* kRateQuery = R"([
  {"Id": "errors", "ReturnData": false,
   "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
                             "Dimensions": [{"Name": "TargetGroup", "Value": "targetgroup/green/1"}]},
                  "Stat": "Sum"}},
  {"Id": "requests", "ReturnData": false,
   "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount"}, "Stat": "Sum", "Unit": "Count"}},
  {"Id": "rate", "Expression": "FILL(errors, 0) / requests", "Label": "5xx rate"}
])";

TEST(ParseCloudWatchQueryTest, ReadsAwsShapesAndGivesEveryQueryTheAnalysisPeriod) {
  auto queries = ParseCloudWatchQuery(kRateQuery, 3);
  ASSERT_TRUE(queries.ok()) << queries.status().message();
  ASSERT_EQ(queries->size(), 3u);
  const auto& errors = (*queries)[0];
  EXPECT_EQ(errors.id, "errors");
  EXPECT_EQ(errors.return_data, false);
  ASSERT_TRUE(errors.metric_stat.has_value());
  EXPECT_EQ(errors.metric_stat->period_seconds, 3);
  EXPECT_EQ(errors.metric_stat->stat, "Sum");
  EXPECT_EQ(errors.metric_stat->metric.metric_name, "HTTPCode_Target_5XX_Count");
  ASSERT_EQ(errors.metric_stat->metric.dimensions.size(), 1u);
  EXPECT_EQ(errors.metric_stat->metric.dimensions[0].value, "targetgroup/green/1");
  EXPECT_EQ((*queries)[1].metric_stat->unit, "Count");
  EXPECT_EQ((*queries)[2].expression, "FILL(errors, 0) / requests");
  EXPECT_EQ((*queries)[2].period_seconds, 3);
  EXPECT_EQ((*queries)[2].label, "5xx rate");
  EXPECT_FALSE((*queries)[2].return_data.has_value());
}

TEST(ParseCloudWatchQueryTest, ReadsTheSameShapeWrittenAsYaml) {
  auto queries = ParseCloudWatchQuery(R"(
- Id: latency
  MetricStat:
    Metric: {Namespace: AWS/ApplicationELB, MetricName: TargetResponseTime}
    Stat: p99
)", 60);
  ASSERT_TRUE(queries.ok()) << queries.status().message();
  ASSERT_EQ(queries->size(), 1u);
  EXPECT_EQ((*queries)[0].metric_stat->stat, "p99");
}

struct BadQuery {
  const char* text;
  const char* message;
};

class ParseCloudWatchQueryErrorTest : public ::testing::TestWithParam<BadQuery> {};

TEST_P(ParseCloudWatchQueryErrorTest, SaysWhatIsWrongAndWhatAQueryIs) {
  auto queries = ParseCloudWatchQuery(GetParam().text, 60);
  ASSERT_FALSE(queries.ok());
  EXPECT_EQ(queries.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(queries.status().message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseCloudWatchQueryErrorTest,
    ::testing::Values(
        BadQuery{"up{job=\"web\"}", "is not a non-empty list"},
        BadQuery{"[]", "is not a non-empty list"},
        BadQuery{"[{\"Id\": \"Errors\", \"Expression\": \"1\"}]", "[0].Id: must start with a lowercase letter"},
        BadQuery{"[{\"Id\": \"e\"}]", "[0]: needs exactly one of MetricStat and Expression"},
        BadQuery{"[{\"Id\": \"e\", \"Expression\": \"1\", \"Period\": 60}]", "[0].Period: the period is the analysis's resolution"},
        BadQuery{"[{\"Id\": \"e\", \"MetricStat\": {\"Metric\": {\"Namespace\": \"N\", \"MetricName\": \"M\"}, \"Stat\": \"Sum\", \"Period\": 60}}]",
                 "[0].MetricStat.Period: the period is the analysis's resolution"},
        BadQuery{"[{\"Id\": \"e\", \"MetricStat\": {\"Metric\": {\"Namespace\": \"N\"}, \"Stat\": \"Sum\"}}]",
                 "[0].MetricStat.Metric: MetricName is missing"},
        BadQuery{"[{\"Id\": \"e\", \"MetricStat\": {\"Metric\": {\"Namespace\": \"N\", \"MetricName\": \"M\", "
                 "\"Dimensions\": [{\"Name\": \"A\"}]}, \"Stat\": \"Sum\"}}]",
                 "[0].MetricStat.Metric.Dimensions[0]: Value is missing"},
        BadQuery{"[{\"Id\": \"e\", \"Expresion\": \"1\"}]", "[0].Expresion: is not a MetricDataQuery member"},
        BadQuery{"[{\"Id\": \"e\", \"Expression\": \"1\", \"ReturnData\": \"yes\"}]", "[0].ReturnData: must be true or false"}));

TEST(ElbDimensionsTest, AreTheArnSuffixesCloudWatchUses) {
  EXPECT_EQ(LoadBalancerDimension("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"),
            "app/web/50dc6c495c0c9188");
  EXPECT_EQ(TargetGroupDimension("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/6d0ecf831eec9f09"),
            "targetgroup/web-blue/6d0ecf831eec9f09");
  EXPECT_EQ(TargetGroupDimension("targetgroup/x/1"), "targetgroup/x/1");
}

TEST(CompletePeriodsTest, DropsThePeriodStillBeingFilled) {
  const WallTime start = WallTime{} + std::chrono::hours(1000);
  auto window = CompletePeriods({.start = start, .end = start + std::chrono::milliseconds(7500),
                                 .step = std::chrono::seconds(3)});
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window->end, start + std::chrono::seconds(6));
  EXPECT_FALSE(CompletePeriods({.start = start, .end = start + std::chrono::seconds(2), .step = std::chrono::seconds(3)}).ok());
}

TEST(PeriodSecondsTest, IsAtLeastOneSecond) {
  EXPECT_EQ(PeriodSeconds(std::chrono::milliseconds(300)), 1);
  EXPECT_EQ(PeriodSeconds(std::chrono::seconds(60)), 60);
}

}  // namespace
}  // namespace kanaria::engine::analysis
