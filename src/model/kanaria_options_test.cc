#include "model/kanaria_options.h"

#include <gtest/gtest.h>

namespace kanaria::model {
namespace {

TEST(ArnTest, TargetGroups) {
  EXPECT_TRUE(IsTargetGroupArn(
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067"));
  EXPECT_TRUE(IsTargetGroupArn(
      "arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:targetgroup/web/73e2d6bc24d8a067"));
  EXPECT_TRUE(IsTargetGroupArn(  // PipeCD's documentation placeholders
      "arn:aws:elasticloadbalancing:ap-northeast-1:XXXX:targetgroup/ecs-canary-blue/YYYY"));
  EXPECT_FALSE(IsTargetGroupArn("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web"));
  EXPECT_FALSE(IsTargetGroupArn("arn:aws:ecs:us-east-1:1:targetgroup/web/1"));
  EXPECT_FALSE(IsTargetGroupArn("web-tg"));
  EXPECT_FALSE(IsTargetGroupArn(
      "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/73e2d6bc24d8a067"));
}

TEST(ArnTest, ListenersAndRules) {
  constexpr char kListener[] =
      "arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-lb/50dc6c495c0c9188/"
      "f2f7dc8efc522ab2";
  constexpr char kRule[] =
      "arn:aws:elasticloadbalancing:us-west-2:123456789012:listener-rule/app/my-lb/"
      "50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";
  EXPECT_TRUE(IsListenerArn(kListener));
  EXPECT_FALSE(IsListenerArn(kRule));
  EXPECT_TRUE(IsListenerRuleArn(kRule));
  EXPECT_FALSE(IsListenerRuleArn(kListener));
  EXPECT_TRUE(IsListenerArn(
      "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:listener/net/n/1/2"));
}

TEST(KanariaOptionsTest, DefaultsWhenAbsent) {
  Diagnostics d;
  std::map<std::string, int> lines;
  const std::string file = "k.yaml";
  ValueReader reader(file, lines, d);
  const KanariaOptions o =
      ParseKanariaOptions(nullptr, JsonPath().Key("spec").Key("kanaria"), reader);
  EXPECT_EQ(o.stability_timeout, std::chrono::minutes(10));
  EXPECT_EQ(o.stability_poll_interval, std::chrono::seconds(5));
  EXPECT_EQ(o.lock_expiry, std::chrono::minutes(10));
  EXPECT_EQ(o.where.ToString(), "k.yaml");
  EXPECT_TRUE(o.analysis_providers.empty());
  EXPECT_EQ(o.min_samples, 100);
  EXPECT_EQ(o.on_inconclusive, KanariaOptions::Inconclusive::kFail);
  EXPECT_EQ(o.significance, 0.05);
  EXPECT_TRUE(o.alarms.empty());
  EXPECT_FALSE(d.HasErrors());
}

TEST(KanariaOptionsTest, AnalysisSettings) {
  Diagnostics d;
  std::map<std::string, int> lines = {{"/k", 1}, {"/k/significance", 2}, {"/k/alarms", 3}};
  const std::string file = "k.yaml";
  ValueReader reader(file, lines, d);
  const nlohmann::json value = {{"analysisProviders", {{"cw", {{"type", "cloudwatch"}}}}},
                                {"minSamples", 0},
                                {"onInconclusive", "PASS"},
                                {"significance", 0.1},
                                {"alarms", nlohmann::json::array({"a"})}};
  const KanariaOptions o = ParseKanariaOptions(&value, JsonPath().Key("k"), reader);
  EXPECT_FALSE(d.HasErrors()) << ::testing::PrintToString(d.errors());
  EXPECT_EQ(o.analysis_providers.at("cw").type, AnalysisProviderType::kCloudWatch);
  EXPECT_EQ(o.min_samples, 0);
  EXPECT_EQ(o.on_inconclusive, KanariaOptions::Inconclusive::kPass);
  EXPECT_EQ(o.significance, 0.1);
  EXPECT_EQ(o.alarms, std::vector<std::string>{"a"});

  const nlohmann::json bad = {{"significance", 0}, {"alarms", "a"}};
  Diagnostics d2;
  ValueReader reader2(file, lines, d2);
  ParseKanariaOptions(&bad, JsonPath().Key("k"), reader2);
  EXPECT_EQ(d2.errors(),
            (std::vector<std::string>{
                "k.yaml:2: k.significance: 0 is not between 0 and 1; a significance level above "
                "0 and below 1, such as 0.05 (a difference whose p-value is below it fails the "
                "comparison)",
                "k.yaml:3: k.alarms: \"a\" is a string; a list of CloudWatch alarm names"}));
}

TEST(KanariaOptionsTest, PollIntervalFloorAndTypes) {
  Diagnostics d;
  std::map<std::string, int> lines = {
      {"/k", 3}, {"/k/stabilityPollInterval", 4}, {"/k/ruleArns", 5}};
  const std::string file = "k.yaml";
  ValueReader reader(file, lines, d);
  const nlohmann::json value = {{"stabilityPollInterval", "500ms"}, {"ruleArns", "x"}};
  ParseKanariaOptions(&value, JsonPath().Key("k"), reader);
  EXPECT_EQ(d.errors(),
            (std::vector<std::string>{
                "k.yaml:4: k.stabilityPollInterval: 500ms is below 1s; a poll interval of at "
                "least 1s (ECS and ELB throttle faster polling)",
                "k.yaml:5: k.ruleArns: \"x\" is a string; a list of listener rule ARNs "
                "(arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener-rule/app/NAME/ID/ID/ID)"}));
}

}  // namespace
}  // namespace kanaria::model
