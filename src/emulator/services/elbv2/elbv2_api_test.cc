// The ELBv2 operations through the service table: shapes, normalisation, errors, pagination.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "emulator/services/elbv2/elbv2_test_support.h"

namespace kanaria::emulator::elbv2_test {
namespace {

class Elbv2ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lb = api.CreateLoadBalancer("web");
    primary = api.CreateTargetGroup("primary");
    canary = api.CreateTargetGroup("canary");
    listener = api.CreateListener(lb, Elbv2Api::Forward(primary));
    rule = api.CreateRule(listener, 10,
                          json::array({{{"Field", "path-pattern"}, {"Values", {"/api/*"}}}}),
                          Elbv2Api::Forward(primary));
  }
  Elbv2Api api;
  std::string lb, primary, canary, listener, rule;
};

TEST_F(Elbv2ApiTest, ArnsAndDnsNamesLookLikeAws) {
  EXPECT_TRUE(::testing::Matches(::testing::ContainsRegex(
      "^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/[0-9a-f]{16}$"))(
      lb));
  EXPECT_TRUE(::testing::Matches(::testing::ContainsRegex(
      "^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/primary/[0-9a-f]{16}$"))(
      primary));
  const std::string lb_id = lb.substr(lb.size() - 16);
  EXPECT_NE(listener.find(":listener/app/web/" + lb_id + "/"), std::string::npos) << listener;
  const std::string listener_id = listener.substr(listener.size() - 16);
  EXPECT_NE(rule.find(":listener-rule/app/web/" + lb_id + "/" + listener_id + "/"),
            std::string::npos)
      << rule;
  const json described = api.Call("DescribeLoadBalancers", {{"LoadBalancerArns", {lb}}});
  const json& balancer = described["LoadBalancers"][0];
  EXPECT_TRUE(::testing::Matches(::testing::ContainsRegex(
      "^web-[0-9]+\\.us-east-1\\.elb\\.amazonaws\\.com$"))(balancer["DNSName"].get<std::string>()));
  EXPECT_EQ(balancer["State"]["Code"], "active");
  EXPECT_EQ(balancer["Type"], "application");
}

TEST_F(Elbv2ApiTest, DescribeRulesNormalisesForwardAndListsTheDefaultRuleLast) {
  const json rules = api.Call("DescribeRules", {{"ListenerArn", listener}})["Rules"];
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0]["Priority"], "10");
  EXPECT_EQ(rules[0]["IsDefault"], false);
  EXPECT_EQ(rules[0]["Conditions"][0]["PathPatternConfig"]["Values"], json({"/api/*"}));
  const json& action = rules[0]["Actions"][0];
  EXPECT_EQ(action["TargetGroupArn"], primary);
  EXPECT_EQ(action["Order"], 1);
  EXPECT_EQ(action["ForwardConfig"]["TargetGroups"],
            json::array({{{"TargetGroupArn", primary}, {"Weight", 1}}}));
  EXPECT_EQ(action["ForwardConfig"]["TargetGroupStickinessConfig"]["Enabled"], false);
  EXPECT_EQ(rules[1]["Priority"], "default");
  EXPECT_EQ(rules[1]["IsDefault"], true);
  EXPECT_EQ(rules[1]["Actions"][0]["TargetGroupArn"], primary);
}

TEST_F(Elbv2ApiTest, ModifyRuleReplacesActionsAndDropsTheTopLevelArnForTwoGroups) {
  const json out =
      api.Call("ModifyRule",
               {{"RuleArn", rule}, {"Actions", Elbv2Api::Weighted({{primary, 90}, {canary, 10}})}});
  const json& action = out["Rules"][0]["Actions"][0];
  EXPECT_FALSE(action.contains("TargetGroupArn"));
  EXPECT_EQ(action["ForwardConfig"]["TargetGroups"][1],
            json({{"TargetGroupArn", canary}, {"Weight", 10}}));
  // Conditions were not sent, so they stay.
  EXPECT_EQ(out["Rules"][0]["Conditions"][0]["Values"], json({"/api/*"}));
  const json groups = api.Call("DescribeTargetGroups", {{"TargetGroupArns", {canary}}});
  EXPECT_EQ(groups["TargetGroups"][0]["LoadBalancerArns"], json({lb}));
}

TEST_F(Elbv2ApiTest, ModifyRuleRejectionsHaveAwsCodes) {
  json arn_beside_two = Elbv2Api::Weighted({{primary, 1}, {canary, 1}});
  arn_beside_two[0]["TargetGroupArn"] = primary;
  EXPECT_EQ(api.ErrorOf("ModifyRule", {{"RuleArn", rule}, {"Actions", arn_beside_two}}),
            "ValidationError");
  json arn_beside_other = Elbv2Api::Weighted({{canary, 1}});
  arn_beside_other[0]["TargetGroupArn"] = primary;
  EXPECT_EQ(api.ErrorOf("ModifyRule", {{"RuleArn", rule}, {"Actions", arn_beside_other}}),
            "ValidationError");
  EXPECT_EQ(api.ErrorOf("ModifyRule",
                        {{"RuleArn", rule}, {"Actions", Elbv2Api::Weighted({{primary, 1000}})}}),
            "ValidationError");
  EXPECT_EQ(api.ErrorOf("ModifyRule",
                        {{"RuleArn", rule}, {"Actions", Elbv2Api::Weighted({{primary, -1}})}}),
            "ValidationError");
  const std::string missing = primary.substr(0, primary.size() - 16) + "0000000000000000";
  EXPECT_EQ(api.ErrorOf("ModifyRule", {{"RuleArn", rule}, {"Actions", Elbv2Api::Forward(missing)}}),
            "TargetGroupNotFound");
  std::vector<std::pair<std::string, int>> six;
  for (int i = 0; i < 6; ++i) six.emplace_back(api.CreateTargetGroup("g" + std::to_string(i)), 1);
  EXPECT_EQ(api.ErrorOf("ModifyRule", {{"RuleArn", rule}, {"Actions", Elbv2Api::Weighted(six)}}),
            "TooManyTargetGroups");
  EXPECT_EQ(
      api.ErrorOf("ModifyRule", {{"RuleArn", rule + "x"}, {"Actions", Elbv2Api::Forward(primary)}}),
      "RuleNotFound");
  EXPECT_EQ(api.ErrorOf("ModifyRule",
                        {{"RuleArn", rule}, {"Actions", json::array({{{"Type", "forward"}}})}}),
            "ValidationError");
  // Nothing of the rejected calls stuck.
  const json rules = api.Call("DescribeRules", {{"RuleArns", {rule}}})["Rules"];
  EXPECT_EQ(rules[0]["Actions"][0]["TargetGroupArn"], primary);
}

TEST_F(Elbv2ApiTest, PrioritiesAreUniquePerListenerAndTheDefaultRuleIsFixed) {
  const json conditions = json::array({{{"Field", "path-pattern"}, {"Values", {"/b"}}}});
  EXPECT_EQ(api.ErrorOf("CreateRule", {{"ListenerArn", listener},
                                       {"Priority", "10"},
                                       {"Conditions", conditions},
                                       {"Actions", Elbv2Api::Forward(primary)}}),
            "PriorityInUse");
  EXPECT_EQ(api.ErrorOf("CreateRule", {{"ListenerArn", listener},
                                       {"Priority", "50001"},
                                       {"Conditions", conditions},
                                       {"Actions", Elbv2Api::Forward(primary)}}),
            "ValidationError");
  const std::string second = api.CreateRule(listener, 20, conditions, Elbv2Api::Forward(primary));
  EXPECT_EQ(api.ErrorOf("SetRulePriorities",
                        {{"RulePriorities", {{{"RuleArn", second}, {"Priority", "10"}}}}}),
            "PriorityInUse");
  // Swapping in one call is fine.
  api.Call(
      "SetRulePriorities",
      {{"RulePriorities",
        {{{"RuleArn", second}, {"Priority", "10"}}, {{"RuleArn", rule}, {"Priority", "20"}}}}});
  const json rules = api.Call("DescribeRules", {{"ListenerArn", listener}})["Rules"];
  EXPECT_EQ(rules[0]["RuleArn"], second);
  const std::string default_rule = rules[2]["RuleArn"];
  EXPECT_EQ(api.ErrorOf("DeleteRule", {{"RuleArn", default_rule}}), "OperationNotPermitted");
  // ModifyRule on the default rule changes the listener's default actions.
  api.Call("ModifyRule", {{"RuleArn", default_rule}, {"Actions", Elbv2Api::Forward(canary)}});
  const json listeners = api.Call("DescribeListeners", {{"ListenerArns", {listener}}});
  EXPECT_EQ(listeners["Listeners"][0]["DefaultActions"][0]["TargetGroupArn"], canary);
}

TEST_F(Elbv2ApiTest, ATargetGroupBelongsToOneLoadBalancer) {
  const std::string other_lb = api.CreateLoadBalancer("other");
  EXPECT_EQ(api.ErrorOf("CreateListener", {{"LoadBalancerArn", other_lb},
                                           {"Protocol", "HTTP"},
                                           {"Port", "80"},
                                           {"DefaultActions", Elbv2Api::Forward(primary)}}),
            "TargetGroupAssociationLimit");
  const std::string other_listener = api.CreateListener(other_lb, Elbv2Api::Forward(canary));
  EXPECT_EQ(
      api.ErrorOf("ModifyRule", {{"RuleArn", rule},
                                 {"Actions", Elbv2Api::Weighted({{primary, 1}, {canary, 1}})}}),
      "TargetGroupAssociationLimit");
  // Once the other load balancer lets go, the group is free.
  api.Call("DeleteListener", {{"ListenerArn", other_listener}});
  EXPECT_EQ(
      api.ErrorOf("ModifyRule", {{"RuleArn", rule},
                                 {"Actions", Elbv2Api::Weighted({{primary, 1}, {canary, 1}})}}),
      "OK");
  EXPECT_EQ(api.ErrorOf("DeleteTargetGroup", {{"TargetGroupArn", canary}}), "ResourceInUse");
  const json of_lb = api.Call("DescribeTargetGroups", {{"LoadBalancerArn", lb}});
  EXPECT_EQ(of_lb["TargetGroups"].size(), 2u);
}

TEST_F(Elbv2ApiTest, PaginationWalksEveryPage) {
  for (int i = 0; i < 5; ++i) api.CreateTargetGroup("extra" + std::to_string(i));
  std::vector<std::string> names;
  json input = {{"PageSize", "3"}};
  int pages = 0;
  while (true) {
    const json page = api.Call("DescribeTargetGroups", input);
    ++pages;
    for (const json& group : page["TargetGroups"]) names.push_back(group["TargetGroupName"]);
    if (!page.contains("NextMarker")) break;
    input["Marker"] = page["NextMarker"];
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names.front(), "primary");
  EXPECT_EQ(names.back(), "extra4");
  EXPECT_EQ(api.ErrorOf("DescribeTargetGroups", {{"PageSize", "401"}}), "ValidationError");
  EXPECT_EQ(api.ErrorOf("DescribeTargetGroups", {{"Marker", "zz"}}), "ValidationError");
  const json rules = api.Call("DescribeRules", {{"ListenerArn", listener}, {"PageSize", "1"}});
  EXPECT_EQ(rules["Rules"].size(), 1u);
  EXPECT_EQ(rules["NextMarker"], "1");
}

TEST_F(Elbv2ApiTest, DuplicatesAndIdempotentCreates) {
  EXPECT_EQ(api.CreateTargetGroup("primary"), primary);  // same settings: the same group
  EXPECT_EQ(api.ErrorOf(
                "CreateTargetGroup",
                {{"Name", "primary"}, {"Protocol", "HTTP"}, {"Port", "8080"}, {"VpcId", "vpc-1"}}),
            "DuplicateTargetGroupName");
  EXPECT_EQ(api.ErrorOf("CreateLoadBalancer", {{"Name", "web"}, {"Scheme", "internal"}}),
            "DuplicateLoadBalancerName");
  EXPECT_EQ(api.ErrorOf("CreateListener", {{"LoadBalancerArn", lb},
                                           {"Protocol", "HTTP"},
                                           {"Port", "80"},
                                           {"DefaultActions", Elbv2Api::Forward(canary)}}),
            "DuplicateListener");
  EXPECT_EQ(api.ErrorOf("DescribeLoadBalancers", {{"Names", {"nope"}}}), "LoadBalancerNotFound");
  EXPECT_EQ(api.ErrorOf("DescribeListeners", {{"ListenerArns", {listener + "0"}}}),
            "ListenerNotFound");
  EXPECT_EQ(api.ErrorOf("CreateLoadBalancer", {{"Name", "-bad"}}), "ValidationError");
}

TEST_F(Elbv2ApiTest, TargetGroupAttributes) {
  const json attributes =
      api.Call("DescribeTargetGroupAttributes", {{"TargetGroupArn", primary}})["Attributes"];
  EXPECT_NE(std::find(attributes.begin(), attributes.end(),
                      json({{"Key", "deregistration_delay.timeout_seconds"}, {"Value", "300"}})),
            attributes.end());
  api.Call("ModifyTargetGroupAttributes",
           {{"TargetGroupArn", primary},
            {"Attributes", {{{"Key", "stickiness.enabled"}, {"Value", "true"}}}}});
  const json after =
      api.Call("DescribeTargetGroupAttributes", {{"TargetGroupArn", primary}})["Attributes"];
  EXPECT_NE(std::find(after.begin(), after.end(),
                      json({{"Key", "stickiness.enabled"}, {"Value", "true"}})),
            after.end());
  EXPECT_EQ(api.ErrorOf("ModifyTargetGroupAttributes",
                        {{"TargetGroupArn", primary},
                         {"Attributes", {{{"Key", "no.such.key"}, {"Value", "1"}}}}}),
            "ValidationError");
  EXPECT_EQ(api.ErrorOf("ModifyTargetGroupAttributes",
                        {{"TargetGroupArn", primary},
                         {"Attributes",
                          {{{"Key", "deregistration_delay.timeout_seconds"}, {"Value", "4000"}}}}}),
            "InvalidConfigurationRequest");
}

TEST_F(Elbv2ApiTest, Tags) {
  api.Call("AddTags",
           {{"ResourceArns", {lb, rule}},
            {"Tags", {{{"Key", "team"}, {"Value", "web"}}, {{"Key", "x"}, {"Value", "1"}}}}});
  api.Call("RemoveTags", {{"ResourceArns", {lb}}, {"TagKeys", {"x"}}});
  const json out = api.Call("DescribeTags", {{"ResourceArns", {lb, rule}}})["TagDescriptions"];
  EXPECT_EQ(out[0]["Tags"], json::array({{{"Key", "team"}, {"Value", "web"}}}));
  EXPECT_EQ(out[1]["Tags"].size(), 2u);
  EXPECT_EQ(
      api.ErrorOf("AddTags", {{"ResourceArns", {lb}}, {"Tags", {{{"Key", "a"}}, {{"Key", "a"}}}}}),
      "DuplicateTagKeys");
  EXPECT_EQ(api.ErrorOf("DescribeTags", {{"ResourceArns", {primary + "0"}}}),
            "TargetGroupNotFound");
}

TEST_F(Elbv2ApiTest, DeletingTheLoadBalancerFreesItsGroups) {
  api.Call("DeleteLoadBalancer", {{"LoadBalancerArn", lb}});
  EXPECT_EQ(api.ErrorOf("DescribeListeners", {{"ListenerArns", {listener}}}), "ListenerNotFound");
  EXPECT_FALSE(api.world.elbv2.TargetGroupHasLoadBalancer(primary));
  EXPECT_EQ(api.ErrorOf("DeleteTargetGroup", {{"TargetGroupArn", primary}}), "OK");
  EXPECT_FALSE(api.world.elbv2.TargetGroupExists(primary));
}

TEST_F(Elbv2ApiTest, ModifyTargetGroupValidatesTheHealthCheck) {
  EXPECT_EQ(api.ErrorOf("ModifyTargetGroup", {{"TargetGroupArn", primary},
                                              {"HealthCheckIntervalSeconds", "5"},
                                              {"HealthCheckTimeoutSeconds", "5"}}),
            "InvalidConfigurationRequest");
  EXPECT_EQ(api.ErrorOf("ModifyTargetGroup",
                        {{"TargetGroupArn", primary}, {"UnhealthyThresholdCount", "11"}}),
            "ValidationError");
  const json out = api.Call("ModifyTargetGroup", {{"TargetGroupArn", primary},
                                                  {"HealthCheckPath", "/healthz"},
                                                  {"HealthyThresholdCount", "3"}});
  EXPECT_EQ(out["TargetGroups"][0]["HealthCheckPath"], "/healthz");
  EXPECT_EQ(out["TargetGroups"][0]["HealthyThresholdCount"], 3);
  EXPECT_EQ(out["TargetGroups"][0]["HealthCheckIntervalSeconds"], 30);  // untouched
}

TEST_F(Elbv2ApiTest, ActionListsAreValidatedAsAWhole) {
  const json fixed = {{"Type", "fixed-response"}, {"FixedResponseConfig", {{"StatusCode", "200"}}}};
  const json forward = Elbv2Api::Forward(primary)[0];
  EXPECT_EQ(
      api.ErrorOf("ModifyRule", {{"RuleArn", rule}, {"Actions", json::array({fixed, forward})}}),
      "InvalidLoadBalancerAction");
  json bad_status = fixed;
  bad_status["FixedResponseConfig"]["StatusCode"] = "302";
  EXPECT_EQ(api.ErrorOf("ModifyRule", {{"RuleArn", rule}, {"Actions", json::array({bad_status})}}),
            "ValidationError");
  EXPECT_EQ(api.ErrorOf("ModifyRule",
                        {{"RuleArn", rule}, {"Actions", json::array({{{"Type", "teleport"}}})}}),
            "ValidationError");
  // Order decides, not the position in the list.
  json cognito = {{"Type", "authenticate-cognito"},
                  {"Order", "1"},
                  {"AuthenticateCognitoConfig", {{"UserPoolArn", "arn:pool"}}}};
  json last = forward;
  last["Order"] = "2";
  const json out =
      api.Call("ModifyRule", {{"RuleArn", rule}, {"Actions", json::array({last, cognito})}});
  EXPECT_EQ(out["Rules"][0]["Actions"][0]["Type"], "authenticate-cognito");
  EXPECT_EQ(out["Rules"][0]["Actions"][0]["AuthenticateCognitoConfig"]["UserPoolArn"], "arn:pool");
  EXPECT_EQ(out["Rules"][0]["Actions"][1]["Order"], 2);
}

}  // namespace
}  // namespace kanaria::emulator::elbv2_test
