// What kanaria's own ELBv2 client (src/aws/elbv2) sends and reads, through the query protocol's
// form and XML sides, against the emulated operations.
#include <gtest/gtest.h>

#include "aws/elbv2/elbv2_types.h"
#include "aws/protocol/query_protocol.h"
#include "aws/service_descriptor.h"
#include "emulator/services/elbv2/elbv2_test_support.h"

namespace kanaria::emulator::elbv2_test {
namespace {

namespace client = aws::elbv2;

class Elbv2WireTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lb = api.CreateLoadBalancer("web");
    primary = api.CreateTargetGroup("primary");
    canary = api.CreateTargetGroup("canary");
    listener = api.CreateListener(lb, Elbv2Api::Forward(primary));
    json oidc_then_forward =
        json::array({{{"Type", "authenticate-oidc"},
                      {"Order", "1"},
                      {"AuthenticateOidcConfig",
                       {{"Issuer", "https://idp"}, {"ClientId", "c"}, {"ClientSecret", "s3cret"}}}},
                     {{"Type", "forward"}, {"Order", "2"}, {"TargetGroupArn", primary}}});
    rule = api.CreateRule(listener, 7,
                          json::array({{{"Field", "host-header"}, {"Values", {"a.example.com"}}}}),
                          oidc_then_forward);
  }
  // The result tree as the client decodes it from the emulator's XML.
  json OverTheWire(std::string_view operation, const aws::QueryParams& params) {
    const json result = api.Call(operation, aws::UnflattenQueryParams(params));
    const std::string body =
        aws::EncodeXmlResponse(operation, aws::kElbv2Service.xml_namespace, result, "request-id");
    auto decoded = aws::DecodeXmlResult(body, operation);
    EXPECT_TRUE(decoded.ok());
    return decoded.ok() ? *decoded : json::object();
  }
  Elbv2Api api;
  std::string lb, primary, canary, listener, rule;
};

TEST_F(Elbv2WireTest, ClientReadsRulesAndRewritesTheirWeights) {
  const json described = OverTheWire("DescribeRules", {{"ListenerArn", listener}});
  auto parsed = client::ParseRule(described["Rules"][0]);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->numeric_priority, 7);
  EXPECT_FALSE(parsed->actions[0]["AuthenticateOidcConfig"].contains("ClientSecret"));
  auto groups = client::ForwardTargetGroups(parsed->actions[1]);
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(*groups, (std::vector<client::WeightedTargetGroup>{{primary, 1}}));

  // The prepare step and a traffic shift, exactly as the ELB router sends them.
  auto rewritten = client::WithTargetGroupWeights(parsed->actions, {primary, 90}, {canary, 10},
                                                  client::MissingTargetGroup::kAdd);
  ASSERT_TRUE(rewritten.ok());
  aws::QueryParams params{{"RuleArn", parsed->rule_arn}};
  client::AppendActionParams(*rewritten, "Actions", params);
  const json modified = OverTheWire("ModifyRule", params);
  auto after = client::ParseRule(modified["Rules"][0]);
  ASSERT_TRUE(after.ok());
  auto weights = client::ForwardTargetGroups(after->actions[1]);
  ASSERT_TRUE(weights.ok());
  EXPECT_EQ(*weights, (std::vector<client::WeightedTargetGroup>{{primary, 90}, {canary, 10}}));
  EXPECT_EQ(after->conditions, parsed->conditions);
  EXPECT_EQ(after->actions[0], parsed->actions[0]);  // the OIDC action survived untouched
}

TEST_F(Elbv2WireTest, ClientRewritesTheDefaultActionThroughModifyListener) {
  const json described = OverTheWire("DescribeListeners", {{"ListenerArns.member.1", listener}});
  auto parsed = client::ParseListener(described["Listeners"][0]);
  ASSERT_TRUE(parsed.ok());
  auto rewritten = client::WithTargetGroupWeights(parsed->default_actions, {primary, 1},
                                                  {canary, 1}, client::MissingTargetGroup::kAdd);
  ASSERT_TRUE(rewritten.ok());
  aws::QueryParams params{{"ListenerArn", listener}};
  client::AppendActionParams(*rewritten, "DefaultActions", params);
  auto after = client::ParseListener(OverTheWire("ModifyListener", params)["Listeners"][0]);
  ASSERT_TRUE(after.ok());
  auto weights = client::ForwardTargetGroups(after->default_actions[0]);
  ASSERT_TRUE(weights.ok());
  EXPECT_TRUE(client::SameTrafficSplit(*weights, {{primary, 50}, {canary, 50}}));
}

TEST_F(Elbv2WireTest, ClientParsesGroupsBalancersAndHealth) {
  api.Register(primary, "10.0.0.1");
  auto group = client::ParseTargetGroup(OverTheWire(
      "DescribeTargetGroups", {{"TargetGroupArns.member.1", primary}})["TargetGroups"][0]);
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->load_balancer_arns, std::vector<std::string>{lb});
  EXPECT_EQ(group->health_check_interval_seconds, 30);
  auto balancer = client::ParseLoadBalancer(OverTheWire(
      "DescribeLoadBalancers", {{"LoadBalancerArns.member.1", lb}})["LoadBalancers"][0]);
  ASSERT_TRUE(balancer.ok());
  EXPECT_EQ(balancer->state, "active");
  EXPECT_TRUE(balancer->created_time.has_value());
  auto health = client::ParseTargetHealthDescription(OverTheWire(
      "DescribeTargetHealth", {{"TargetGroupArn", primary}})["TargetHealthDescriptions"][0]);
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->target_id, "10.0.0.1");
  EXPECT_EQ(health->target_port, 80);
  EXPECT_EQ(health->state, "initial");
  EXPECT_EQ(health->reason, "Elb.RegistrationInProgress");
}

}  // namespace
}  // namespace kanaria::emulator::elbv2_test
