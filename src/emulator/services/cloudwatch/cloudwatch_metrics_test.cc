#include <gtest/gtest.h>

#include "emulator/services/cloudwatch/cloudwatch_test_util.h"

namespace kanaria::emulator {
namespace {

using nlohmann::json;
using testutil::At;
using testutil::Call;
using testutil::ErrorOf;
using testutil::kCanary;
using testutil::kCanaryArn;
using testutil::kLb;
using testutil::kPrimary;
using testutil::kPrimaryArn;
using testutil::Serve;

double Epoch(double seconds_after_t0) {
  return 1700000040 + seconds_after_t0;
}

json ElbDimensions(const std::string& tg = "") {
  json dims = json::array({{{"Name", "LoadBalancer"}, {"Value", kLb}}});
  if (!tg.empty()) dims.push_back({{"Name", "TargetGroup"}, {"Value", tg}});
  return dims;
}

json Statistics(const std::string& metric, const std::string& tg, double from, double to,
                int period, json stats = json::array({"Sum"})) {
  return {{"Namespace", "AWS/ApplicationELB"},
          {"MetricName", metric},
          {"Dimensions", ElbDimensions(tg)},
          {"StartTime", Epoch(from)},
          {"EndTime", Epoch(to)},
          {"Period", period},
          {"Statistics", stats}};
}

json MetricStatQuery(const std::string& id, const std::string& metric, const std::string& tg,
                     int period, const std::string& stat, bool return_data = true) {
  return {{"Id", id},
          {"MetricStat",
           {{"Metric",
             {{"Namespace", "AWS/ApplicationELB"},
              {"MetricName", metric},
              {"Dimensions", ElbDimensions(tg)}}},
            {"Period", period},
            {"Stat", stat}}},
          {"ReturnData", return_data}};
}

class CloudWatchMetricsTest : public ::testing::Test {
 protected:
  CloudWatchMetricsTest() : clock_(testutil::kT0), world_(WorldOptions{}, clock_) {}
  testing::ManualClock clock_;
  World world_;
};

TEST_F(CloudWatchMetricsTest, RequestCountPerPeriodAfterThePublicationDelay) {
  for (int s = 0; s < 120; ++s) Serve(world_, kPrimaryArn, s, 2);
  clock_.Set(At(150));  // 60 s delay: seconds up to 90 are visible
  json out =
      Call(world_, clock_, "GetMetricStatistics", Statistics("RequestCount", kPrimary, 0, 180, 60));
  ASSERT_EQ(out["Datapoints"].size(), 2u) << out.dump();
  EXPECT_EQ(out["Label"], "RequestCount");
  EXPECT_EQ(out["Datapoints"][0]["Timestamp"], Epoch(0));
  EXPECT_EQ(out["Datapoints"][0]["Sum"], 120);
  EXPECT_EQ(out["Datapoints"][0]["Unit"], "Count");
  EXPECT_EQ(out["Datapoints"][1]["Sum"], 62);  // seconds 60..90

  clock_.Set(At(200));
  out =
      Call(world_, clock_, "GetMetricStatistics", Statistics("RequestCount", kPrimary, 0, 180, 60));
  EXPECT_EQ(out["Datapoints"][1]["Sum"], 120);
}

TEST_F(CloudWatchMetricsTest, PublicationDelayIsScaledByTheTimeScale) {
  WorldOptions options;
  options.time_scale = 60;  // 60 virtual seconds of delay are one real second
  World world(options, clock_);
  Serve(world, kPrimaryArn, 0, 5);
  clock_.Set(At(0.5));
  const json input = Statistics("RequestCount", kPrimary, 0, 10, 1);
  EXPECT_TRUE(Call(world, clock_, "GetMetricStatistics", input)["Datapoints"].empty());
  clock_.Set(At(1.5));
  const json out = Call(world, clock_, "GetMetricStatistics", input);
  ASSERT_EQ(out["Datapoints"].size(), 1u);
  EXPECT_EQ(out["Datapoints"][0]["Sum"], 5);
}

TEST_F(CloudWatchMetricsTest, NoZeroDatapoints) {
  Serve(world_, kPrimaryArn, 0, 10);       // period 0: requests, no errors
  Serve(world_, kPrimaryArn, 60, 3, 503);  // period 1: errors
  Serve(world_, kPrimaryArn, 61, 7);       // period 2 (120..180): nothing at all
  clock_.Set(At(1000));
  json out = Call(world_, clock_, "GetMetricStatistics",
                  Statistics("HTTPCode_Target_5XX_Count", kPrimary, 0, 240, 60,
                             json::array({"Sum", "SampleCount"})));
  ASSERT_EQ(out["Datapoints"].size(), 1u) << out.dump();
  EXPECT_EQ(out["Datapoints"][0]["Timestamp"], Epoch(60));
  EXPECT_EQ(out["Datapoints"][0]["Sum"], 3);
  out =
      Call(world_, clock_, "GetMetricStatistics", Statistics("RequestCount", kPrimary, 0, 240, 60));
  ASSERT_EQ(out["Datapoints"].size(), 2u);
  EXPECT_EQ(out["Datapoints"][1]["Sum"], 10);
  // Other dimension sets and unknown metrics have no data, not zeros.
  json other = Statistics("RequestCount", kPrimary, 0, 240, 60);
  other["Dimensions"].push_back({{"Name", "AvailabilityZone"}, {"Value", "us-east-1a"}});
  EXPECT_TRUE(Call(world_, clock_, "GetMetricStatistics", other)["Datapoints"].empty());
}

TEST_F(CloudWatchMetricsTest, LoadBalancerDimensionAloneAggregatesItsGroups) {
  Serve(world_, kPrimaryArn, 0, 9);
  Serve(world_, kCanaryArn, 0, 1);
  world_.traffic.Record({testutil::kLbArn, "", 404, 0, At(0), true});  // fixed response
  clock_.Set(At(500));
  json out = Call(world_, clock_, "GetMetricStatistics", Statistics("RequestCount", "", 0, 60, 60));
  ASSERT_EQ(out["Datapoints"].size(), 1u);
  EXPECT_EQ(out["Datapoints"][0]["Sum"], 11);
  out = Call(world_, clock_, "GetMetricStatistics", Statistics("RequestCount", kCanary, 0, 60, 60));
  EXPECT_EQ(out["Datapoints"][0]["Sum"], 1);
  out = Call(world_, clock_, "GetMetricStatistics",
             Statistics("HTTPCode_ELB_4XX_Count", "", 0, 60, 60));
  EXPECT_EQ(out["Datapoints"][0]["Sum"], 1);
}

TEST_F(CloudWatchMetricsTest, TargetResponseTimeAverageAndPercentiles) {
  // Two seconds of 50 requests: each fits its bucket's latency sample (64), so the
  // nearest-rank percentiles are exact.
  for (int ms = 1; ms <= 100; ++ms) Serve(world_, kCanaryArn, ms <= 50 ? 5 : 6, 1, 200, ms);
  clock_.Set(At(500));
  json input = Statistics("TargetResponseTime", kCanary, 0, 60, 60, json::array({"Average"}));
  input["ExtendedStatistics"] = json::array({"p50", "p99"});
  json out = Call(world_, clock_, "GetMetricStatistics", input);
  ASSERT_EQ(out["Datapoints"].size(), 1u);
  const json& point = out["Datapoints"][0];
  EXPECT_NEAR(point["Average"].get<double>(), 0.0505, 1e-6);
  EXPECT_EQ(point["Unit"], "Seconds");
  EXPECT_NEAR(point["ExtendedStatistics"]["p50"].get<double>(), 0.050, 1e-6);
  EXPECT_NEAR(point["ExtendedStatistics"]["p99"].get<double>(), 0.099, 1e-6);

  out = Call(world_, clock_, "GetMetricData",
             {{"StartTime", Epoch(0)},
              {"EndTime", Epoch(60)},
              {"MetricDataQueries",
               json::array({MetricStatQuery("p", "TargetResponseTime", kCanary, 60, "p90")})}});
  ASSERT_EQ(out["MetricDataResults"].size(), 1u);
  EXPECT_NEAR(out["MetricDataResults"][0]["Values"][0].get<double>(), 0.090, 1e-6);
  EXPECT_EQ(out["MetricDataResults"][0]["StatusCode"], "Complete");
  EXPECT_EQ(out["MetricDataResults"][0]["Label"], "TargetResponseTime");
}

TEST_F(CloudWatchMetricsTest, QueryProtocolInputAndOutput) {
  for (int ms = 1; ms <= 100; ++ms) Serve(world_, kCanaryArn, 5, 1, 200, ms);
  clock_.Set(At(500));
  // Every scalar a string, timestamps ISO 8601, as the query decoder gives them.
  const json input = {{"Namespace", "AWS/ApplicationELB"},
                      {"MetricName", "TargetResponseTime"},
                      {"Dimensions", json::array({{{"Name", "LoadBalancer"}, {"Value", kLb}},
                                                  {{"Name", "TargetGroup"}, {"Value", kCanary}}})},
                      {"StartTime", "2023-11-14T22:14:00Z"},
                      {"EndTime", "2023-11-14T22:15:00Z"},
                      {"Period", "60"},
                      {"Statistics", json::array({"SampleCount"})},
                      {"ExtendedStatistics", json::array({"p99"})}};
  const json out = Call(world_, clock_, "GetMetricStatistics", input, WireProtocol::kQuery);
  ASSERT_EQ(out["Datapoints"].size(), 1u) << out.dump();
  const json& point = out["Datapoints"][0];
  EXPECT_EQ(point["Timestamp"], "2023-11-14T22:14:00Z");
  EXPECT_EQ(point["SampleCount"], 100);
  // A map in the query protocol's tree form.
  ASSERT_TRUE(point["ExtendedStatistics"].contains("entry"));
  EXPECT_EQ(point["ExtendedStatistics"]["entry"][0]["key"], "p99");

  const json data_input = {
      {"StartTime", "2023-11-14T22:14:00Z"},
      {"EndTime", "2023-11-14T22:15:00Z"},
      {"MetricDataQueries",
       json::array(
           {{{"Id", "m1"},
             {"ReturnData", "true"},
             {"MetricStat",
              {{"Metric",
                {{"Namespace", "AWS/ApplicationELB"},
                 {"MetricName", "RequestCount"},
                 {"Dimensions", json::array({{{"Name", "LoadBalancer"}, {"Value", kLb}}})}}},
               {"Period", "60"},
               {"Stat", "Sum"}}}}})}};
  const json data = Call(world_, clock_, "GetMetricData", data_input, WireProtocol::kQuery);
  ASSERT_EQ(data["MetricDataResults"][0]["Timestamps"].size(), 1u) << data.dump();
  EXPECT_EQ(data["MetricDataResults"][0]["Timestamps"][0], "2023-11-14T22:14:00Z");
  EXPECT_EQ(data["MetricDataResults"][0]["Values"][0], 100);
}

TEST_F(CloudWatchMetricsTest, MetricMathErrorRateWithFill) {
  // Periods of 10 s: 0 has 10 requests with 2 errors, 10 has 10 without errors, 20 none.
  Serve(world_, kCanaryArn, 1, 8);
  Serve(world_, kCanaryArn, 2, 2, 500);
  Serve(world_, kCanaryArn, 11, 10);
  clock_.Set(At(100));
  const json input = {
      {"StartTime", Epoch(0)},
      {"EndTime", Epoch(30)},
      {"ScanBy", "TimestampAscending"},
      {"MetricDataQueries",
       json::array(
           {MetricStatQuery("errors", "HTTPCode_Target_5XX_Count", kCanary, 10, "Sum", false),
            MetricStatQuery("requests", "RequestCount", kCanary, 10, "Sum", false),
            {{"Id", "rate"},
             {"Expression", "FILL(errors, 0) / requests * 100"},
             {"Label", "error %"}},
            {{"Id", "raw"}, {"Expression", "errors/requests*100"}}})}};
  const json out = Call(world_, clock_, "GetMetricData", input);
  const json& results = out["MetricDataResults"];
  ASSERT_EQ(results.size(), 2u) << out.dump();  // ReturnData false hides the inputs
  EXPECT_EQ(results[0]["Id"], "rate");
  EXPECT_EQ(results[0]["Label"], "error %");
  EXPECT_EQ(results[0]["Timestamps"], json::array({Epoch(0), Epoch(10)}));
  EXPECT_EQ(results[0]["Values"], json::array({20.0, 0.0}));
  // Without FILL the period without errors has no errors datapoint, hence no rate.
  EXPECT_EQ(results[1]["Values"], json::array({20.0}));

  json descending = input;
  descending.erase("ScanBy");
  const json newest_first = Call(world_, clock_, "GetMetricData", descending);
  EXPECT_EQ(newest_first["MetricDataResults"][0]["Timestamps"], json::array({Epoch(10), Epoch(0)}));
}

TEST_F(CloudWatchMetricsTest, PutMetricDataIsQueryable) {
  clock_.Set(At(30));
  Call(world_, clock_, "PutMetricData",
       {{"Namespace", "Kanaria/Test"},
        {"MetricData", json::array({{{"MetricName", "Latency"},
                                     {"Value", 4},
                                     {"Unit", "Milliseconds"},
                                     {"Timestamp", Epoch(10)}},
                                    {{"MetricName", "Latency"},
                                     {"Values", json::array({1, 2})},
                                     {"Counts", json::array({1, 3})},
                                     {"Timestamp", Epoch(12)}}})}});
  const json out = Call(world_, clock_, "GetMetricStatistics",
                        {{"Namespace", "Kanaria/Test"},
                         {"MetricName", "Latency"},
                         {"StartTime", Epoch(0)},
                         {"EndTime", Epoch(60)},
                         {"Period", 60},
                         {"Statistics", json::array({"Sum", "SampleCount", "Maximum"})}});
  ASSERT_EQ(out["Datapoints"].size(), 1u);
  EXPECT_EQ(out["Datapoints"][0]["Sum"], 11);  // 4 + 1 + 2*3
  EXPECT_EQ(out["Datapoints"][0]["SampleCount"], 5);
  EXPECT_EQ(out["Datapoints"][0]["Maximum"], 4);
  EXPECT_EQ(ErrorOf(world_, clock_, "PutMetricData",
                    {{"Namespace", "AWS/ApplicationELB"},
                     {"MetricData", json::array({{{"MetricName", "X"}, {"Value", 1}}})}}),
            "InvalidParameterValue");
}

TEST_F(CloudWatchMetricsTest, InvalidInputIsRefusedWithModelErrors) {
  json no_stats = Statistics("RequestCount", kPrimary, 0, 60, 60);
  no_stats.erase("Statistics");
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricStatistics", no_stats),
            "InvalidParameterCombination");
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricStatistics",
                    Statistics("RequestCount", kPrimary, 0, 60, 0)),
            "InvalidParameterValue");
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricStatistics",
                    Statistics("RequestCount", kPrimary, 60, 0, 60)),
            "InvalidParameterValue");
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricStatistics",
                    Statistics("RequestCount", kPrimary, 0, 60, 60, json::array({"Median"}))),
            "InvalidParameterValue");
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricStatistics",
                    Statistics("RequestCount", kPrimary, 0, 7200, 1)),
            "InvalidParameterCombination");  // more than 1,440 datapoints
  json no_namespace = Statistics("RequestCount", kPrimary, 0, 60, 60);
  no_namespace.erase("Namespace");
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricStatistics", no_namespace), "MissingParameter");

  const auto data = [](json queries) {
    return json{{"StartTime", Epoch(0)}, {"EndTime", Epoch(60)}, {"MetricDataQueries", queries}};
  };
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricData",
                    data(json::array({MetricStatQuery("M1", "RequestCount", "", 60, "Sum")}))),
            "ValidationError");
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricData",
                    data(json::array({{{"Id", "e"}, {"Expression", "m9 * 2"}}}))),
            "ValidationError");
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricData",
                    data(json::array({MetricStatQuery("m", "RequestCount", "", 60, "Sum"),
                                      MetricStatQuery("m", "RequestCount", "", 60, "Sum")}))),
            "ValidationError");
  EXPECT_EQ(ErrorOf(world_, clock_, "GetMetricData",
                    data(json::array(
                        {{{"Id", "a"}, {"Expression", "b"}}, {{"Id", "b"}, {"Expression", "a"}}}))),
            "ValidationError");
}

}  // namespace
}  // namespace kanaria::emulator
