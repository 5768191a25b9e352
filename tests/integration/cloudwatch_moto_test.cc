// The typed CloudWatch client against moto_server over real HTTP: datapoints put with a raw call
// come back through GetMetricData; alarms created with a raw call come back through
// DescribeAlarms.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/cloudwatch/cloudwatch_client.h"
#include "aws/curl_transport.h"
#include "aws/iso8601.h"
#include "support/external_tools.h"
#include "support/test_client_context.h"

namespace kanaria::aws::cloudwatch {
namespace {

using nlohmann::json;
using testing::MotoServer;

class CloudWatchMotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    KANARIA_REQUIRE_TOOL("moto_server");
    if (!moto_->ok()) {
      if (testing::RunningInCi()) FAIL() << "moto_server did not start: " << moto_->error();
      GTEST_SKIP() << "SKIPPED LOUDLY: moto_server did not start: " << moto_->error();
    }
    auto context = testing::TestClientContext(moto_->url());
    auto raw = ServiceClient::Create(kCloudWatchService, context);
    ASSERT_TRUE(raw.ok()) << raw.status().ToString();
    raw_ = std::move(raw).value();
    auto client = CloudWatchClient::Create(context);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    client_ = std::move(client).value();
  }

  void Raw(const std::string& operation, const json& input) {
    QueryParams params;
    FlattenQueryParams(input, "", params);
    StatusOr<json> result = raw_->CallQuery(operation, params);
    ASSERT_TRUE(result.ok()) << operation << ": " << result.status().ToString();
  }

  // Puts `value` for the canary target group at `when`.
  void PutErrors(const std::string& name_space, double value, WallTime when) {
    Raw("PutMetricData",
        {{"Namespace", name_space},
         {"MetricData",
          json::array({{{"MetricName", "HTTPCode_Target_5XX_Count"},
                        {"Value", value},
                        {"Unit", "Count"},
                        {"Timestamp", FormatIso8601(when)},
                        {"Dimensions",
                         json::array({{{"Name", "TargetGroup"},
                                       {"Value", "targetgroup/canary/2453ed029918f21f"}}})}}})}});
  }

  static MetricDataQuery ErrorsQuery(
      const std::string& name_space,
      const std::string& target_group = "targetgroup/canary/2453ed029918f21f") {
    MetricDataQuery query;
    query.id = "errors";
    query.label = "canary 5xx";
    query.metric_stat =
        MetricStat{Metric{name_space, "HTTPCode_Target_5XX_Count", {{"TargetGroup", target_group}}},
                   60, "Sum", "Count"};
    return query;
  }

  static MotoServer* moto_;
  std::unique_ptr<ServiceClient> raw_;
  std::unique_ptr<CloudWatchClient> client_;
};

MotoServer* CloudWatchMotoTest::moto_ = nullptr;

TEST_F(CloudWatchMotoTest, GetMetricDataReturnsWhatWasPut) {
  // Whole minutes in the recent past, so the datapoints fall inside the query window whatever
  // the implementation does with period alignment.
  const WallTime minute =
      std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
  PutErrors("Kanaria/GetMetricData", 3, minute - std::chrono::minutes(3));
  PutErrors("Kanaria/GetMetricData", 4, minute - std::chrono::minutes(3));
  PutErrors("Kanaria/GetMetricData", 7, minute - std::chrono::minutes(2));

  GetMetricDataRequest request;
  request.queries.push_back(ErrorsQuery("Kanaria/GetMetricData"));
  request.start_time = minute - std::chrono::minutes(10);
  request.end_time = minute + std::chrono::minutes(1);
  request.scan_by = "TimestampAscending";
  StatusOr<GetMetricDataResponse> response = client_->GetMetricData(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(response->results.size(), 1u);
  const MetricDataResult& result = response->results[0];
  EXPECT_EQ(result.id, "errors");
  EXPECT_EQ(result.label, "canary 5xx");
  EXPECT_EQ(result.status_code, "Complete");
  ASSERT_EQ(result.values.size(), 2u);
  ASSERT_EQ(result.timestamps.size(), 2u);
  EXPECT_EQ(result.values[0], 7.0);  // 7 and 3+4, in the order the timestamps say
  EXPECT_EQ(result.values[1], 7.0);
  EXPECT_LT(result.timestamps[0], result.timestamps[1]);
  for (const WallTime t : result.timestamps) {
    EXPECT_GE(t, request.start_time);
    EXPECT_LT(t, request.end_time);
  }
}

TEST_F(CloudWatchMotoTest, GetMetricDataWithNoDatapointsIsEmptyNotAnError) {
  const WallTime now = std::chrono::system_clock::now();
  GetMetricDataRequest request;
  // A dimension value nothing was put for (moto ignores the namespace when it matches
  // datapoints, so a fresh namespace alone would not make the query empty there).
  request.queries.push_back(ErrorsQuery("Kanaria/Empty", "targetgroup/never-put/0000000000000000"));
  request.start_time = now - std::chrono::minutes(5);
  request.end_time = now;
  StatusOr<GetMetricDataResponse> response = client_->GetMetricData(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(response->results.size(), 1u);
  EXPECT_TRUE(response->results[0].values.empty());
  EXPECT_TRUE(response->results[0].timestamps.empty());
}

TEST_F(CloudWatchMotoTest, DescribeAlarmsFindsAlarmsByNameAndState) {
  Raw("PutMetricAlarm",
      {{"AlarmName", "kanaria-canary-5xx"},
       {"Namespace", "Kanaria/Alarms"},
       {"MetricName", "HTTPCode_Target_5XX_Count"},
       {"Dimensions", json::array({{{"Name", "TargetGroup"}, {"Value", "targetgroup/canary/1"}}})},
       {"Statistic", "Sum"},
       {"Period", 60},
       {"EvaluationPeriods", 1},
       {"Threshold", 5.0},
       {"ComparisonOperator", "GreaterThanThreshold"}});
  Raw("PutMetricAlarm", {{"AlarmName", "kanaria-canary-latency"},
                         {"Namespace", "Kanaria/Alarms"},
                         {"MetricName", "TargetResponseTime"},
                         {"Statistic", "Average"},
                         {"Period", 60},
                         {"EvaluationPeriods", 1},
                         {"Threshold", 0.5},
                         {"ComparisonOperator", "GreaterThanThreshold"}});
  Raw("SetAlarmState", {{"AlarmName", "kanaria-canary-5xx"},
                        {"StateValue", "ALARM"},
                        {"StateReason", "kanaria integration test"}});

  DescribeAlarmsRequest by_name;
  by_name.alarm_names = {"kanaria-canary-5xx", "kanaria-canary-latency"};
  StatusOr<std::vector<Alarm>> alarms = client_->DescribeAlarms(by_name);
  ASSERT_TRUE(alarms.ok()) << alarms.status().ToString();
  ASSERT_EQ(alarms->size(), 2u);
  const Alarm* errors = nullptr;
  for (const Alarm& alarm : *alarms) {
    if (alarm.alarm_name == "kanaria-canary-5xx") errors = &alarm;
  }
  ASSERT_NE(errors, nullptr);
  EXPECT_EQ(errors->state_value, "ALARM");
  EXPECT_EQ(errors->state_reason, "kanaria integration test");
  EXPECT_EQ(errors->threshold, 5.0);
  EXPECT_EQ(errors->comparison_operator, "GreaterThanThreshold");
  EXPECT_EQ(errors->dimensions, (std::vector<Dimension>{{"TargetGroup", "targetgroup/canary/1"}}));
  EXPECT_FALSE(errors->composite);
  EXPECT_NE(errors->alarm_arn.find(":alarm:kanaria-canary-5xx"), std::string::npos);

  // By state alone: moto ignores StateValue when names or a prefix are also given.
  DescribeAlarmsRequest in_alarm;
  in_alarm.state_value = "ALARM";
  StatusOr<std::vector<Alarm>> firing = client_->DescribeAlarms(in_alarm);
  ASSERT_TRUE(firing.ok()) << firing.status().ToString();
  ASSERT_EQ(firing->size(), 1u);
  EXPECT_EQ((*firing)[0].alarm_name, "kanaria-canary-5xx");

  DescribeAlarmsRequest paged;
  paged.alarm_name_prefix = "kanaria-canary-";
  paged.max_records = 1;
  StatusOr<std::vector<Alarm>> all_pages = client_->DescribeAlarms(paged);
  ASSERT_TRUE(all_pages.ok()) << all_pages.status().ToString();
  EXPECT_EQ(all_pages->size(), 2u);
}

}  // namespace
}  // namespace kanaria::aws::cloudwatch
