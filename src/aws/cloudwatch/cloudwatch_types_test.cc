#include "aws/cloudwatch/cloudwatch_types.h"

#include <gtest/gtest.h>

#include <map>

#include "aws/iso8601.h"
#include "aws/protocol/query_protocol.h"

namespace kanaria::aws::cloudwatch {
namespace {

using nlohmann::json;

std::map<std::string, std::string> Flatten(const json& tree) {
  QueryParams params;
  FlattenQueryParams(tree, "", params);
  return {params.begin(), params.end()};
}

TEST(CloudWatchTypesTest, MetricStatQueryUsesTheModelsMemberNames) {
  MetricDataQuery query;
  query.id = "errors";
  query.label = "5xx";
  query.return_data = false;
  query.metric_stat = MetricStat{Metric{"AWS/ApplicationELB",
                                        "HTTPCode_Target_5XX_Count",
                                        {{"LoadBalancer", "app/web/50dc6c495c0c9188"},
                                         {"TargetGroup", "targetgroup/canary/2453ed029918f21f"}}},
                                 60, "Sum", "Count"};
  const std::map<std::string, std::string> expected = {
      {"MetricDataQueries.member.1.Id", "errors"},
      {"MetricDataQueries.member.1.Label", "5xx"},
      {"MetricDataQueries.member.1.ReturnData", "false"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Namespace", "AWS/ApplicationELB"},
      {"MetricDataQueries.member.1.MetricStat.Metric.MetricName", "HTTPCode_Target_5XX_Count"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name", "LoadBalancer"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value",
       "app/web/50dc6c495c0c9188"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name", "TargetGroup"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value",
       "targetgroup/canary/2453ed029918f21f"},
      {"MetricDataQueries.member.1.MetricStat.Period", "60"},
      {"MetricDataQueries.member.1.MetricStat.Stat", "Sum"},
      {"MetricDataQueries.member.1.MetricStat.Unit", "Count"},
  };
  EXPECT_EQ(Flatten(json{{"MetricDataQueries", json::array({MetricDataQueryTree(query)})}}),
            expected);
}

TEST(CloudWatchTypesTest, ExpressionQueryHasNoMetricStat) {
  MetricDataQuery query;
  query.id = "rate";
  query.expression = "100 * errors / requests";
  query.period_seconds = 300;
  EXPECT_EQ(MetricDataQueryTree(query),
            (json{{"Id", "rate"}, {"Expression", "100 * errors / requests"}, {"Period", "300"}}));
}

// The documentation's GetMetricData answer shape.
constexpr const char* kGetMetricDataXml =
    R"(<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
  <GetMetricDataResult>
    <MetricDataResults>
      <member>
        <Timestamps>
          <member>2024-03-01T10:02:00Z</member>
          <member>2024-03-01T10:01:00Z</member>
        </Timestamps>
        <StatusCode>Complete</StatusCode>
        <Values>
          <member>12.0</member>
          <member>3.5E1</member>
        </Values>
        <Label>5xx</Label>
        <Id>errors</Id>
      </member>
      <member>
        <Timestamps/>
        <StatusCode>PartialData</StatusCode>
        <Values/>
        <Id>requests</Id>
        <Label>requests</Label>
        <Messages>
          <member><Code>MaxMetricsExceeded</Code><Value>too many</Value></member>
        </Messages>
      </member>
    </MetricDataResults>
    <Messages/>
    <NextToken>page-2</NextToken>
  </GetMetricDataResult>
  <ResponseMetadata><RequestId>9d2b1ba4-0b2d-4c18-8b60-0e7c8d1a1a1a</RequestId></ResponseMetadata>
</GetMetricDataResponse>)";

TEST(CloudWatchTypesTest, ParsesMetricDataResults) {
  StatusOr<json> tree = DecodeXmlResult(kGetMetricDataXml, "GetMetricData");
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  StatusOr<MetricDataResult> errors = ParseMetricDataResult((*tree)["MetricDataResults"][0]);
  ASSERT_TRUE(errors.ok()) << errors.status().ToString();
  EXPECT_EQ(errors->id, "errors");
  EXPECT_EQ(errors->label, "5xx");
  EXPECT_EQ(errors->status_code, "Complete");
  EXPECT_EQ(errors->values, (std::vector<double>{12.0, 35.0}));
  ASSERT_EQ(errors->timestamps.size(), 2u);
  EXPECT_EQ(errors->timestamps[0], *ParseIso8601("2024-03-01T10:02:00Z"));

  StatusOr<MetricDataResult> requests = ParseMetricDataResult((*tree)["MetricDataResults"][1]);
  ASSERT_TRUE(requests.ok()) << requests.status().ToString();
  EXPECT_TRUE(requests->values.empty());
  EXPECT_TRUE(requests->timestamps.empty());
  EXPECT_EQ(requests->status_code, "PartialData");
  ASSERT_EQ(requests->messages.size(), 1u);
  EXPECT_EQ(requests->messages[0].code, "MaxMetricsExceeded");
}

TEST(CloudWatchTypesTest, MismatchedOrMalformedDatapointsAreErrors) {
  EXPECT_EQ(
      ParseMetricDataResult(
          json{{"Id", "a"}, {"Timestamps", json::array({"2024-03-01T10:02:00Z"})}, {"Values", ""}})
          .status()
          .code(),
      StatusCode::kInternal);
  EXPECT_EQ(ParseMetricDataResult(json{{"Id", "a"},
                                       {"Timestamps", json::array({"2024-03-01T10:02:00Z"})},
                                       {"Values", json::array({"twelve"})}})
                .status()
                .code(),
            StatusCode::kInternal);
  EXPECT_EQ(ParseMetricDataResult(json{{"Id", "a"},
                                       {"Timestamps", json::array({"yesterday"})},
                                       {"Values", json::array({"1"})}})
                .status()
                .code(),
            StatusCode::kInternal);
}

TEST(CloudWatchTypesTest, PagesMergeById) {
  const WallTime t1 = *ParseIso8601("2024-03-01T10:01:00Z");
  const WallTime t2 = *ParseIso8601("2024-03-01T10:02:00Z");
  GetMetricDataResponse merged;
  MergeMetricDataPage(merged, {{{"a", "A", {t2}, {2}, "PartialData", {}}}, {}});
  MergeMetricDataPage(merged, {{{"b", "B", {t2}, {5}, "Complete", {}},
                                {"a", "A", {t1}, {1}, "Complete", {{"c", "v"}}}},
                               {{"Global", "note"}}});
  ASSERT_EQ(merged.results.size(), 2u);
  EXPECT_EQ(merged.results[0].id, "a");
  EXPECT_EQ(merged.results[0].timestamps, (std::vector<WallTime>{t2, t1}));
  EXPECT_EQ(merged.results[0].values, (std::vector<double>{2, 1}));
  EXPECT_EQ(merged.results[0].status_code, "Complete");
  EXPECT_EQ(merged.results[0].messages.size(), 1u);
  EXPECT_EQ(merged.results[1].id, "b");
  ASSERT_EQ(merged.messages.size(), 1u);
  EXPECT_EQ(merged.messages[0].code, "Global");
}

TEST(CloudWatchTypesTest, ParsesAlarms) {
  constexpr const char* kXml =
      R"(<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
  <DescribeAlarmsResult>
    <MetricAlarms>
      <member>
        <AlarmName>canary-5xx</AlarmName>
        <AlarmArn>arn:aws:cloudwatch:us-east-1:123456789012:alarm:canary-5xx</AlarmArn>
        <StateValue>ALARM</StateValue>
        <StateReason>Threshold Crossed</StateReason>
        <StateUpdatedTimestamp>2024-03-01T10:05:00.123Z</StateUpdatedTimestamp>
        <Namespace>AWS/ApplicationELB</Namespace>
        <MetricName>HTTPCode_Target_5XX_Count</MetricName>
        <Dimensions>
          <member><Name>TargetGroup</Name><Value>targetgroup/canary/1</Value></member>
        </Dimensions>
        <Threshold>5.0</Threshold>
        <ComparisonOperator>GreaterThanThreshold</ComparisonOperator>
      </member>
    </MetricAlarms>
    <CompositeAlarms>
      <member>
        <AlarmName>release-health</AlarmName>
        <AlarmRule>ALARM(canary-5xx) OR ALARM(canary-latency)</AlarmRule>
        <StateValue>OK</StateValue>
      </member>
    </CompositeAlarms>
  </DescribeAlarmsResult>
  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
</DescribeAlarmsResponse>)";
  StatusOr<json> tree = DecodeXmlResult(kXml, "DescribeAlarms");
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  StatusOr<Alarm> metric = ParseMetricAlarm((*tree)["MetricAlarms"][0]);
  ASSERT_TRUE(metric.ok()) << metric.status().ToString();
  EXPECT_EQ(metric->alarm_name, "canary-5xx");
  EXPECT_EQ(metric->state_value, "ALARM");
  EXPECT_FALSE(metric->composite);
  EXPECT_EQ(metric->threshold, 5.0);
  EXPECT_EQ(metric->dimensions, (std::vector<Dimension>{{"TargetGroup", "targetgroup/canary/1"}}));
  EXPECT_EQ(metric->state_updated_timestamp, *ParseIso8601("2024-03-01T10:05:00.123Z"));
  StatusOr<Alarm> composite = ParseCompositeAlarm((*tree)["CompositeAlarms"][0]);
  ASSERT_TRUE(composite.ok());
  EXPECT_TRUE(composite->composite);
  EXPECT_EQ(composite->alarm_rule, "ALARM(canary-5xx) OR ALARM(canary-latency)");
  EXPECT_EQ(ParseMetricAlarm(json{{"Threshold", "high"}}).status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace kanaria::aws::cloudwatch
