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
  EXPECT_FALSE(d.HasErrors());
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
