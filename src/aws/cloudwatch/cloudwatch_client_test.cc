// CloudWatchClient over real HTTP against a scripted stub: request encoding and NextToken paging.
#include "aws/cloudwatch/cloudwatch_client.h"

#include <gtest/gtest.h>

#include <map>

#include "aws/curl_transport.h"
#include "aws/iso8601.h"
#include "support/test_client_context.h"
#include "support/query_stub.h"
#include "support/stub_http_server.h"

namespace kanaria::aws::cloudwatch {
namespace {

using nlohmann::json;
using testing::StubHttpServer;
using testing::StubRequest;
using testing::FormOf;
using testing::StubResponse;

StubResponse CloudWatchXml(const std::string& operation, const json& result) {
  return testing::QueryXmlAnswer(operation, kCloudWatchService.xml_namespace, result);
}

std::unique_ptr<CloudWatchClient> CloudWatchClientFor(const StubHttpServer& server) {
  auto context = testing::TestClientContext(server.url());
  auto client = CloudWatchClient::Create(context);
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  return std::move(client).value();
}

GetMetricDataRequest ErrorsRequest() {
  GetMetricDataRequest request;
  MetricDataQuery query;
  query.id = "errors";
  query.metric_stat =
      MetricStat{Metric{"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", {}}, 60, "Sum", ""};
  request.queries.push_back(query);
  request.start_time = *ParseIso8601("2024-03-01T10:00:00Z");
  request.end_time = *ParseIso8601("2024-03-01T10:05:00.5Z");
  request.scan_by = "TimestampAscending";
  return request;
}

TEST(CloudWatchClientTest, GetMetricDataPagesAreMerged) {
  std::vector<std::map<std::string, std::string>> sent;
  StubHttpServer server([&](const StubRequest& request) {
    sent.push_back(FormOf(request));
    if (!sent.back().count("NextToken")) {
      return CloudWatchXml("GetMetricData",
                           {{"MetricDataResults",
                             json::array({{{"Id", "errors"},
                                           {"Label", "HTTPCode_Target_5XX_Count"},
                                           {"Timestamps", json::array({"2024-03-01T10:00:00Z"})},
                                           {"Values", json::array({"1.0"})},
                                           {"StatusCode", "PartialData"}}})},
                            {"NextToken", "t2"}});
    }
    return CloudWatchXml(
        "GetMetricData",
        {{"MetricDataResults", json::array({{{"Id", "errors"},
                                             {"Timestamps", json::array({"2024-03-01T10:01:00Z"})},
                                             {"Values", json::array({"4"})},
                                             {"StatusCode", "Complete"}}})},
         {"Messages", ""}});
  });
  auto client = CloudWatchClientFor(server);
  StatusOr<GetMetricDataResponse> response = client->GetMetricData(ErrorsRequest());
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(response->results.size(), 1u);
  EXPECT_EQ(response->results[0].values, (std::vector<double>{1.0, 4.0}));
  EXPECT_EQ(response->results[0].status_code, "Complete");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].at("Action"), "GetMetricData");
  EXPECT_EQ(sent[0].at("Version"), "2010-08-01");
  EXPECT_EQ(sent[0].at("StartTime"), "2024-03-01T10:00:00Z");
  EXPECT_EQ(sent[0].at("EndTime"), "2024-03-01T10:05:00.500Z");
  EXPECT_EQ(sent[0].at("ScanBy"), "TimestampAscending");
  EXPECT_EQ(sent[0].at("MetricDataQueries.member.1.MetricStat.Stat"), "Sum");
  EXPECT_EQ(sent[0].count("MetricDataQueries.member.1.MetricStat.Metric.Dimensions"), 0u);
  EXPECT_EQ(sent[1].at("NextToken"), "t2");
}

TEST(CloudWatchClientTest, GetMetricDataRefusesEmptyOrBackwardsRequests) {
  StubHttpServer server([](const StubRequest&) { return StubResponse{}; });
  auto client = CloudWatchClientFor(server);
  GetMetricDataRequest request = ErrorsRequest();
  std::swap(request.start_time, request.end_time);
  EXPECT_EQ(client->GetMetricData(request).status().code(), StatusCode::kInvalidInput);
  request = ErrorsRequest();
  request.queries.clear();
  EXPECT_EQ(client->GetMetricData(request).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(server.request_count(), 0u);
}

TEST(CloudWatchClientTest, DescribeAlarmsAsksForBothKindsAndPages) {
  std::vector<std::map<std::string, std::string>> sent;
  StubHttpServer server([&](const StubRequest& request) {
    sent.push_back(FormOf(request));
    if (sent.size() == 1) {
      return CloudWatchXml(
          "DescribeAlarms",
          {{"MetricAlarms", json::array({{{"AlarmName", "m1"}, {"StateValue", "ALARM"}}})},
           {"CompositeAlarms", ""},
           {"NextToken", "n2"}});
    }
    return CloudWatchXml(
        "DescribeAlarms",
        {{"MetricAlarms", ""},
         {"CompositeAlarms", json::array({{{"AlarmName", "c1"}, {"StateValue", "ALARM"}}})}});
  });
  auto client = CloudWatchClientFor(server);
  DescribeAlarmsRequest request;
  request.alarm_names = {"m1", "c1"};
  request.state_value = "ALARM";
  StatusOr<std::vector<Alarm>> alarms = client->DescribeAlarms(request);
  ASSERT_TRUE(alarms.ok()) << alarms.status().ToString();
  ASSERT_EQ(alarms->size(), 2u);
  EXPECT_EQ((*alarms)[0].alarm_name, "m1");
  EXPECT_TRUE((*alarms)[1].composite);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].at("AlarmNames.member.1"), "m1");
  EXPECT_EQ(sent[0].at("AlarmNames.member.2"), "c1");
  EXPECT_EQ(sent[0].at("AlarmTypes.member.1"), "CompositeAlarm");
  EXPECT_EQ(sent[0].at("AlarmTypes.member.2"), "MetricAlarm");
  EXPECT_EQ(sent[0].at("StateValue"), "ALARM");
  EXPECT_EQ(sent[1].at("NextToken"), "n2");
}

}  // namespace
}  // namespace kanaria::aws::cloudwatch
