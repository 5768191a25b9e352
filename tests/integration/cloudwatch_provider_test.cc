// The CloudWatch metric provider and the default analysis's ALB reads over real HTTP: against the
// emulator, whose CloudWatch metrics come from traffic its data plane served, and against
// moto_server for the raw GetMetricData shape.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "aws/cloudwatch/cloudwatch_client.h"
#include "aws/iso8601.h"
#include "aws/query_fields.h"
#include "engine/analysis/cloudwatch/alarm_gate.h"
#include "engine/analysis/cloudwatch/cloudwatch_provider.h"
#include "engine/analysis/cloudwatch/elb_metrics.h"
#include "engine/analysis/metric_providers.h"
#include "support/emulator_fixture.h"
#include "support/external_tools.h"
#include "support/test_client_context.h"

namespace kanaria::engine::analysis {
namespace {

using nlohmann::json;

// 60 virtual seconds per real second: a virtual minute of traffic (20 requests per virtual
// second) is one real second, and CloudWatch's 60 s publication delay is one real second.
class CloudWatchProviderEmulatorTest : public ::testing::Test {
 protected:
  CloudWatchProviderEmulatorTest() : fixture_({.time_scale = 60, .traffic_rps = 20, .seed = 7}) {
    topology_ = fixture_.CreateReleaseTopology(2);
    const std::string blue = fixture_.CreateTaskSet(fixture_.RegisterVersion(), topology_.blue_target_group_arn, 100);
    const std::string green = fixture_.CreateTaskSet(fixture_.RegisterVersion({{"KANARIA_EMULATOR_ERROR_RATE", "0.3"}}),
                                                     topology_.green_target_group_arn, 100);
    steady_ = testing::EmulatorFixture::WaitUntil(
        [&] {
          return testing::StabilityOf(fixture_, topology_, blue) == "STEADY_STATE" &&
                 testing::StabilityOf(fixture_, topology_, green) == "STEADY_STATE";
        },
        std::chrono::seconds(20));
    fixture_.SetWeights(50, 50);
    start_ = std::chrono::ceil<std::chrono::seconds>(std::chrono::system_clock::now());
    auto client = aws::cloudwatch::CloudWatchClient::Create(fixture_.context());
    if (client.ok()) client_ = std::move(client).value();
  }

  // Waits for `seconds` whole real seconds of traffic after start_, plus the publication delay.
  TimeWindow TrafficWindow(int seconds) {
    std::this_thread::sleep_until(start_ + std::chrono::seconds(seconds + 1) + std::chrono::milliseconds(200));
    return {.start = start_, .end = start_ + std::chrono::seconds(seconds), .step = std::chrono::seconds(1)};
  }

  testing::EmulatorFixture fixture_;
  testing::ReleaseTopology topology_;
  bool steady_ = false;
  WallTime start_;
  std::unique_ptr<aws::cloudwatch::CloudWatchClient> client_;
};

TEST_F(CloudWatchProviderEmulatorTest, ElbWindowsCountEachTargetGroupsRequestsErrorsAndLatency) {
  ASSERT_TRUE(steady_);
  ASSERT_NE(client_, nullptr);
  const TimeWindow window = TrafficWindow(4);
  auto windows = FetchElbTargetGroupWindows(*client_, topology_.load_balancer_arn, topology_.green_target_group_arn,
                                            topology_.blue_target_group_arn, window);
  ASSERT_TRUE(windows.ok()) << windows.status().message();
  auto totals = [](const std::vector<ElbPeriod>& periods) {
    std::pair<double, double> sum;
    for (const auto& p : periods) {
      sum.first += p.requests;
      sum.second += p.target_5xx;
      EXPECT_GT(p.mean_response_seconds, 0.004) << "5 ms base latency";
    }
    return sum;
  };
  const auto [canary_requests, canary_errors] = totals(windows->canary);
  const auto [primary_requests, primary_errors] = totals(windows->primary);
  // 4 virtual minutes at 20 requests per virtual second, half to each group: ~2400 each.
  EXPECT_NEAR(canary_requests, 2400, 400);
  EXPECT_NEAR(primary_requests, 2400, 400);
  EXPECT_NEAR(canary_errors / canary_requests, 0.3, 0.05);
  EXPECT_EQ(primary_errors, 0) << "no 5xx datapoint with requests present means 0 errors";
  ASSERT_EQ(windows->canary.size(), 4u);
  for (const auto& p : windows->canary) {
    EXPECT_GE(p.start, window.start);
    EXPECT_LT(p.start, window.end);
  }
}

TEST_F(CloudWatchProviderEmulatorTest, ProviderRunsAMetricMathQuery) {
  ASSERT_TRUE(steady_);
  ASSERT_NE(client_, nullptr);
  const TimeWindow window = TrafficWindow(3);
  const std::string dims = json::array({{{"Name", "LoadBalancer"}, {"Value", LoadBalancerDimension(topology_.load_balancer_arn)}},
                                        {{"Name", "TargetGroup"}, {"Value", TargetGroupDimension(topology_.green_target_group_arn)}}})
                               .dump();
  const std::string query = R"([
    {"Id": "errors", "ReturnData": false, "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB",
      "MetricName": "HTTPCode_Target_5XX_Count", "Dimensions": )" + dims + R"(}, "Stat": "Sum"}},
    {"Id": "requests", "ReturnData": false, "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB",
      "MetricName": "RequestCount", "Dimensions": )" + dims + R"(}, "Stat": "Sum"}},
    {"Id": "rate", "Expression": "FILL(errors, 0) / requests", "Label": "canary 5xx rate"}])";
  CloudWatchProvider provider(*client_);
  auto series = provider.QueryRange(query, window);
  ASSERT_TRUE(series.ok()) << series.status().message();
  ASSERT_EQ(series->size(), 1u);
  EXPECT_EQ((*series)[0].labels.at("id"), "rate");
  ASSERT_EQ((*series)[0].points.size(), 3u);
  for (const auto& point : (*series)[0].points) EXPECT_NEAR(point.value, 0.3, 0.1);

  auto refused = provider.QueryRange(R"([{"Id": "x", "Expression": "errors +"}])", window);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidInput) << refused.status().message();
}

TEST(AlarmGateTest, NamesTheAlarmsInAlarmAndThoseCloudWatchDoesNotKnow) {
  testing::EmulatorFixture fixture;
  auto raw = aws::ServiceClient::Create(aws::kCloudWatchService, fixture.context());
  ASSERT_TRUE(raw.ok());
  auto call = [&](const std::string& operation, const json& input) {
    aws::QueryParams params;
    aws::FlattenQueryParams(input, "", params);
    auto result = (*raw)->CallQuery(operation, params);
    ASSERT_TRUE(result.ok()) << operation << ": " << result.status().message();
  };
  for (const char* name : {"web-5xx", "web-latency"}) {
    call("PutMetricAlarm", {{"AlarmName", name}, {"Namespace", "AWS/ApplicationELB"}, {"MetricName", "RequestCount"},
                            {"Statistic", "Sum"}, {"Period", "60"}, {"EvaluationPeriods", "1"}, {"Threshold", "1"},
                            {"ComparisonOperator", "GreaterThanThreshold"}});
  }
  call("SetAlarmState", {{"AlarmName", "web-latency"}, {"StateValue", "ALARM"}, {"StateReason", "p99 above 1 s"}});
  auto client = aws::cloudwatch::CloudWatchClient::Create(fixture.context());
  ASSERT_TRUE(client.ok());

  auto reading = ReadAlarms(**client, {"web-5xx", "web-latency", "web-typo"});
  ASSERT_TRUE(reading.ok()) << reading.status().message();
  EXPECT_THAT(reading->in_alarm, ::testing::ElementsAre("web-latency (p99 above 1 s)"));
  EXPECT_THAT(reading->missing, ::testing::ElementsAre("web-typo"));
}

constexpr char kErrorsQuery[] = R"([{"Id": "errors", "MetricStat": {"Metric": {"Namespace": "Kanaria/Provider",
    "MetricName": "Errors", "Dimensions": [{"Name": "Variant", "Value": "canary"}]}, "Stat": "Sum"}}])";

// Puts Errors = 5 three minutes ago and 9 two minutes ago (Kanaria/Provider, Variant=canary)
// through `context`; returns the window around them.
TimeWindow PutErrors(const std::shared_ptr<aws::ClientContext>& context) {
  auto raw = aws::ServiceClient::Create(aws::kCloudWatchService, context);
  EXPECT_TRUE(raw.ok());
  const WallTime minute = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
  for (const auto& [value, ago] : {std::pair{5.0, 3}, std::pair{9.0, 2}}) {
    aws::QueryParams params;
    aws::FlattenQueryParams(
        {{"Namespace", "Kanaria/Provider"},
         {"MetricData", json::array({{{"MetricName", "Errors"}, {"Value", value}, {"Unit", "Count"},
                                      {"Timestamp", aws::FormatIso8601(minute - std::chrono::minutes(ago))},
                                      {"Dimensions", json::array({{{"Name", "Variant"}, {"Value", "canary"}}})}}})}},
        "", params);
    EXPECT_TRUE((*raw)->CallQuery("PutMetricData", params).ok());
  }
  return {.start = minute - std::chrono::minutes(10), .end = minute + std::chrono::minutes(1),
          .step = std::chrono::seconds(60)};
}

TEST(CloudWatchProviderMotoTest, ReadsWhatWasPutThroughTheRawGetMetricDataShape) {
  KANARIA_REQUIRE_TOOL("moto_server");
  testing::MotoServer moto;
  ASSERT_TRUE(moto.ok()) << moto.error();
  auto context = testing::TestClientContext(moto.url());
  const TimeWindow window = PutErrors(context);
  auto client = aws::cloudwatch::CloudWatchClient::Create(context);
  ASSERT_TRUE(client.ok());
  CloudWatchProvider provider(**client);
  auto series = provider.QueryRange(kErrorsQuery, window);
  ASSERT_TRUE(series.ok()) << series.status().message();
  ASSERT_EQ(series->size(), 1u);
  ASSERT_EQ((*series)[0].points.size(), 2u);
  EXPECT_EQ((*series)[0].points[0].value, 5.0);  // oldest first
  EXPECT_EQ((*series)[0].points[1].value, 9.0);
}

// A cloudwatch provider declared with an address and a region of its own reads there, not from
// the release's CloudWatch: the release's clients point at the emulator, the data is in
// moto_server's us-west-2, and the same address in eu-west-1 has none.
TEST(CloudWatchProviderMotoTest, ADeclaredAddressAndRegionAreWhereTheProviderReads) {
  KANARIA_REQUIRE_TOOL("moto_server");
  testing::MotoServer moto;
  ASSERT_TRUE(moto.ok()) << moto.error();
  auto west = testing::TestClientContext(moto.url());
  west->region = "us-west-2";
  const TimeWindow window = PutErrors(west);

  testing::EmulatorFixture emulator;
  auto release_cloudwatch = aws::cloudwatch::CloudWatchClient::Create(emulator.context());
  ASSERT_TRUE(release_cloudwatch.ok());
  ReleaseClients clients;
  clients.cloudwatch = release_cloudwatch->get();
  clients.context = emulator.context();
  MetricProviders providers(clients);
  auto read = [&](const std::string& name, const std::string& region) -> std::size_t {
    auto provider = providers.Get({.name = name, .type = model::AnalysisProviderType::kCloudWatch,
                                   .address = moto.url(), .region = region, .auth = {}, .where = {},
                                   .declaration = json::object()});
    EXPECT_TRUE(provider.ok()) << provider.status().message();
    if (!provider.ok()) return 0;
    auto series = (*provider)->QueryRange(kErrorsQuery, window);
    EXPECT_TRUE(series.ok()) << series.status().message();
    return series.ok() && !series->empty() ? (*series)[0].points.size() : 0;
  };
  EXPECT_EQ(read("cw-west", "us-west-2"), 2u);
  EXPECT_EQ(read("cw-east", "eu-west-1"), 0u);
  auto own = providers.Get({.name = "release", .type = model::AnalysisProviderType::kCloudWatch, .address = "",
                            .region = "", .auth = {}, .where = {}, .declaration = json::object()});
  ASSERT_TRUE(own.ok());
  auto on_emulator = (*own)->QueryRange(kErrorsQuery, window);
  ASSERT_TRUE(on_emulator.ok()) << on_emulator.status().message();
  EXPECT_TRUE(on_emulator->empty() || (*on_emulator)[0].points.empty());
}

}  // namespace
}  // namespace kanaria::engine::analysis
