#include <gtest/gtest.h>

#include "emulator/services/cloudwatch/cloudwatch_test_util.h"

namespace kanaria::emulator {
namespace {

using nlohmann::json;
using testutil::AdvanceWorld;
using testutil::At;
using testutil::Call;
using testutil::ErrorOf;
using testutil::kCanary;
using testutil::kCanaryArn;
using testutil::kLb;
using testutil::Serve;

json ErrorAlarm(const std::string& name, const std::string& treat_missing) {
  return {{"AlarmName", name},
          {"Namespace", "AWS/ApplicationELB"},
          {"MetricName", "HTTPCode_Target_5XX_Count"},
          {"Dimensions", json::array({{{"Name", "LoadBalancer"}, {"Value", kLb}},
                                      {{"Name", "TargetGroup"}, {"Value", kCanary}}})},
          {"Statistic", "Sum"},
          {"Period", 10},
          {"EvaluationPeriods", 3},
          {"DatapointsToAlarm", 2},
          {"Threshold", 5},
          {"ComparisonOperator", "GreaterThanThreshold"},
          {"TreatMissingData", treat_missing}};
}

json Describe(World& world, testing::ManualClock& clock, json input = json::object()) {
  return Call(world, clock, "DescribeAlarms", input)["MetricAlarms"];
}

class CloudWatchAlarmsTest : public ::testing::Test {
 protected:
  CloudWatchAlarmsTest() : clock_(testutil::kT0), world_(WorldOptions{}, clock_) {
    // No publication delay: the transitions below follow the data at once.
    world_.cloudwatch.set_publication_delay(VirtualSeconds(0));
  }
  testing::ManualClock clock_;
  World world_;
};

TEST_F(CloudWatchAlarmsTest, TransitionsFollowTheData) {
  Call(world_, clock_, "PutMetricAlarm", ErrorAlarm("canary-5xx", "notBreaching"));
  json alarms = Describe(world_, clock_);
  ASSERT_EQ(alarms.size(), 1u);
  // Created INSUFFICIENT_DATA; the Advance of the next call evaluates it.
  clock_.Set(At(30));
  AdvanceWorld(world_, clock_);
  alarms = Describe(world_, clock_);
  EXPECT_EQ(alarms[0]["StateValue"], "OK") << alarms.dump();  // missing = not breaching

  // Periods 30 and 40 breach (> 5 errors each): 2 of 3 -> ALARM once period 40 is complete.
  Serve(world_, kCanaryArn, 31, 6, 500);
  Serve(world_, kCanaryArn, 42, 9, 500);
  clock_.Set(At(45));
  AdvanceWorld(world_, clock_);
  EXPECT_EQ(Describe(world_, clock_)[0]["StateValue"], "OK");  // period 40 not complete yet
  clock_.Set(At(50));
  AdvanceWorld(world_, clock_);
  alarms = Describe(world_, clock_);
  EXPECT_EQ(alarms[0]["StateValue"], "ALARM") << alarms[0]["StateReason"];
  EXPECT_EQ(alarms[0]["StateUpdatedTimestamp"], 1700000040.0 + 50);
  EXPECT_NE(alarms[0]["StateReason"].get<std::string>().find("Threshold Crossed"),
            std::string::npos);

  // Evaluated once per period: nothing changes 5 s later.
  clock_.Set(At(55));
  AdvanceWorld(world_, clock_);
  EXPECT_EQ(Describe(world_, clock_)[0]["StateUpdatedTimestamp"], 1700000040.0 + 50);

  // Once the errors leave the 3-period window it is OK again.
  clock_.Set(At(80));
  AdvanceWorld(world_, clock_);
  EXPECT_EQ(Describe(world_, clock_)[0]["StateValue"], "OK");
}

TEST_F(CloudWatchAlarmsTest, MissingDataIsInsufficientAndBreachingAsConfigured) {
  Call(world_, clock_, "PutMetricAlarm", ErrorAlarm("missing", "missing"));
  Call(world_, clock_, "PutMetricAlarm", ErrorAlarm("breaching", "breaching"));
  Call(world_, clock_, "PutMetricAlarm", ErrorAlarm("ignore", "ignore"));
  clock_.Set(At(60));
  AdvanceWorld(world_, clock_);
  const json alarms = Describe(world_, clock_);
  ASSERT_EQ(alarms.size(), 3u);  // by name: breaching, ignore, missing
  EXPECT_EQ(alarms[0]["StateValue"], "ALARM");
  EXPECT_EQ(alarms[1]["StateValue"], "INSUFFICIENT_DATA");
  EXPECT_EQ(alarms[1]["StateReason"], "Unchecked: Initial alarm creation");
  EXPECT_EQ(alarms[2]["StateValue"], "INSUFFICIENT_DATA");
  EXPECT_NE(alarms[2]["StateReason"].get<std::string>().find("Insufficient Data"),
            std::string::npos);
}

TEST_F(CloudWatchAlarmsTest, PublicationDelayHoldsBackTheAlarm) {
  world_.cloudwatch.set_publication_delay(VirtualSeconds(60));
  Call(world_, clock_, "PutMetricAlarm", ErrorAlarm("delayed", "notBreaching"));
  Serve(world_, kCanaryArn, 1, 10, 500);
  Serve(world_, kCanaryArn, 11, 10, 500);
  clock_.Set(At(30));
  AdvanceWorld(world_, clock_);
  EXPECT_EQ(Describe(world_, clock_)[0]["StateValue"], "OK");
  clock_.Set(At(85));
  AdvanceWorld(world_, clock_);
  EXPECT_EQ(Describe(world_, clock_)[0]["StateValue"], "ALARM");
}

TEST_F(CloudWatchAlarmsTest, DescribeFiltersSetStateAndDelete) {
  Call(world_, clock_, "PutMetricAlarm", ErrorAlarm("app-a", "notBreaching"));
  Call(world_, clock_, "PutMetricAlarm", ErrorAlarm("app-b", "notBreaching"));
  Call(world_, clock_, "PutMetricAlarm", ErrorAlarm("other", "notBreaching"));
  Call(world_, clock_, "SetAlarmState",
       {{"AlarmName", "app-b"}, {"StateValue", "ALARM"}, {"StateReason", "testing"}});
  EXPECT_EQ(Describe(world_, clock_, {{"AlarmNamePrefix", "app-"}}).size(), 2u);
  const json alarmed = Describe(world_, clock_, {{"StateValue", "ALARM"}});
  ASSERT_EQ(alarmed.size(), 1u);
  EXPECT_EQ(alarmed[0]["AlarmName"], "app-b");
  EXPECT_EQ(alarmed[0]["StateReason"], "testing");
  EXPECT_EQ(alarmed[0]["AlarmArn"], "arn:aws:cloudwatch:us-east-1:123456789012:alarm:app-b");
  EXPECT_EQ(alarmed[0]["Threshold"], 5);
  EXPECT_EQ(alarmed[0]["DatapointsToAlarm"], 2);
  EXPECT_EQ(Describe(world_, clock_, {{"AlarmNames", json::array({"other", "nope"})}}).size(), 1u);
  EXPECT_EQ(ErrorOf(world_, clock_, "DescribeAlarms",
                    {{"AlarmNames", json::array({"a"})}, {"AlarmNamePrefix", "a"}}),
            "InvalidParameterCombination");
  // Pagination by MaxRecords / NextToken.
  const json page = Call(world_, clock_, "DescribeAlarms", {{"MaxRecords", 2}});
  ASSERT_EQ(page["MetricAlarms"].size(), 2u);
  const json rest =
      Call(world_, clock_, "DescribeAlarms", {{"MaxRecords", 2}, {"NextToken", page["NextToken"]}});
  ASSERT_EQ(rest["MetricAlarms"].size(), 1u);
  EXPECT_EQ(rest["MetricAlarms"][0]["AlarmName"], "other");
  EXPECT_FALSE(rest.contains("NextToken"));

  EXPECT_EQ(ErrorOf(world_, clock_, "SetAlarmState",
                    {{"AlarmName", "nope"}, {"StateValue", "OK"}, {"StateReason", "x"}}),
            "ResourceNotFound");
  EXPECT_EQ(ErrorOf(world_, clock_, "SetAlarmState",
                    {{"AlarmName", "app-a"},
                     {"StateValue", "OK"},
                     {"StateReason", "x"},
                     {"StateReasonData", "{not json"}}),
            "InvalidFormat");
  EXPECT_EQ(
      ErrorOf(world_, clock_, "DeleteAlarms", {{"AlarmNames", json::array({"app-a", "nope"})}}),
      "ResourceNotFound");
  EXPECT_EQ(Describe(world_, clock_).size(), 3u);  // all or nothing
  Call(world_, clock_, "DeleteAlarms", {{"AlarmNames", json::array({"app-a", "app-b"})}});
  EXPECT_EQ(Describe(world_, clock_).size(), 1u);
}

TEST_F(CloudWatchAlarmsTest, PutMetricAlarmValidatesAndAcceptsQueryStrings) {
  json no_operator = ErrorAlarm("x", "missing");
  no_operator.erase("ComparisonOperator");
  EXPECT_EQ(ErrorOf(world_, clock_, "PutMetricAlarm", no_operator), "MissingParameter");
  json both = ErrorAlarm("x", "missing");
  both["ExtendedStatistic"] = "p99";
  EXPECT_EQ(ErrorOf(world_, clock_, "PutMetricAlarm", both), "InvalidParameterCombination");
  json too_many = ErrorAlarm("x", "missing");
  too_many["DatapointsToAlarm"] = 4;
  EXPECT_EQ(ErrorOf(world_, clock_, "PutMetricAlarm", too_many), "InvalidParameterValue");
  json bad_missing = ErrorAlarm("x", "sometimes");
  EXPECT_EQ(ErrorOf(world_, clock_, "PutMetricAlarm", bad_missing), "InvalidParameterValue");
  EXPECT_TRUE(Describe(world_, clock_).empty());

  // The query protocol: every scalar a string; the answer's timestamps ISO 8601.
  const json query = {{"AlarmName", "p99-latency"},
                      {"Namespace", "AWS/ApplicationELB"},
                      {"MetricName", "TargetResponseTime"},
                      {"Dimensions", json::array({{{"Name", "LoadBalancer"}, {"Value", kLb}}})},
                      {"ExtendedStatistic", "p99"},
                      {"Period", "10"},
                      {"EvaluationPeriods", "1"},
                      {"Threshold", "0.5"},
                      {"ComparisonOperator", "GreaterThanOrEqualToThreshold"},
                      {"ActionsEnabled", "false"}};
  Call(world_, clock_, "PutMetricAlarm", query, WireProtocol::kQuery);
  const json alarms =
      Call(world_, clock_, "DescribeAlarms", json::object(), WireProtocol::kQuery)["MetricAlarms"];
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0]["StateUpdatedTimestamp"], "2023-11-14T22:14:00Z");
  EXPECT_EQ(alarms[0]["ExtendedStatistic"], "p99");
  EXPECT_EQ(alarms[0]["Threshold"], 0.5);
  EXPECT_EQ(alarms[0]["ActionsEnabled"], false);

  // A slow canary: p99 of 600 ms breaches the 0.5 s threshold.
  Serve(world_, kCanaryArn, 1, 100, 200, 600);
  clock_.Set(At(10));
  AdvanceWorld(world_, clock_);
  EXPECT_EQ(Describe(world_, clock_)[0]["StateValue"], "ALARM");
}

}  // namespace
}  // namespace kanaria::emulator
