#include "aws/elbv2/elbv2_types.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "aws/protocol/query_protocol.h"

namespace kanaria::aws::elbv2 {
namespace {

using nlohmann::json;

constexpr const char* kPrimary =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/primary/73e2d6bc24d8a067";
constexpr const char* kCanary =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/canary/2453ed029918f21f";

// A DescribeRules answer in AWS's shape (the documentation's example, extended with what real
// rules carry): an authenticate-oidc action first, then a weighted forward with stickiness,
// explicit Order on both, a path condition and a header condition, and a default rule in the
// plain forward form.
constexpr const char* kDescribeRulesXml =
    R"(<DescribeRulesResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <DescribeRulesResult>
    <Rules>
      <member>
        <IsDefault>false</IsDefault>
        <Conditions>
          <member>
            <Field>path-pattern</Field>
            <Values><member>/img/*</member></Values>
            <PathPatternConfig><Values><member>/img/*</member></Values></PathPatternConfig>
          </member>
          <member>
            <Field>http-header</Field>
            <HttpHeaderConfig>
              <HttpHeaderName>X-Canary</HttpHeaderName>
              <Values><member>yes</member><member>1</member></Values>
            </HttpHeaderConfig>
          </member>
        </Conditions>
        <Priority>10</Priority>
        <Actions>
          <member>
            <Type>authenticate-oidc</Type>
            <Order>1</Order>
            <AuthenticateOidcConfig>
              <Issuer>https://idp.example.com</Issuer>
              <AuthorizationEndpoint>https://idp.example.com/authorize</AuthorizationEndpoint>
              <TokenEndpoint>https://idp.example.com/token</TokenEndpoint>
              <UserInfoEndpoint>https://idp.example.com/userinfo</UserInfoEndpoint>
              <ClientId>kanaria-client</ClientId>
              <SessionCookieName>AWSELBAuthSessionCookie</SessionCookieName>
              <Scope>openid</Scope>
              <SessionTimeout>604800</SessionTimeout>
              <OnUnauthenticatedRequest>authenticate</OnUnauthenticatedRequest>
              <AuthenticationRequestExtraParams>
                <entry><key>prompt</key><value>login</value></entry>
              </AuthenticationRequestExtraParams>
            </AuthenticateOidcConfig>
          </member>
          <member>
            <Type>forward</Type>
            <Order>2</Order>
            <TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/primary/73e2d6bc24d8a067</TargetGroupArn>
            <ForwardConfig>
              <TargetGroups>
                <member>
                  <TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/primary/73e2d6bc24d8a067</TargetGroupArn>
                  <Weight>1</Weight>
                </member>
              </TargetGroups>
              <TargetGroupStickinessConfig>
                <Enabled>true</Enabled>
                <DurationSeconds>3600</DurationSeconds>
              </TargetGroupStickinessConfig>
            </ForwardConfig>
          </member>
        </Actions>
        <RuleArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee</RuleArn>
      </member>
      <member>
        <IsDefault>true</IsDefault>
        <Conditions/>
        <Priority>default</Priority>
        <Actions>
          <member>
            <Type>forward</Type>
            <TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/primary/73e2d6bc24d8a067</TargetGroupArn>
          </member>
        </Actions>
        <RuleArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2/0000000000000000</RuleArn>
      </member>
    </Rules>
  </DescribeRulesResult>
  <ResponseMetadata><RequestId>74926cf3-f3a3-11e5-b543-9f2c3fbb9bee</RequestId></ResponseMetadata>
</DescribeRulesResponse>)";

std::vector<Rule> DecodeRules() {
  StatusOr<json> tree = DecodeXmlResult(kDescribeRulesXml, "DescribeRules");
  EXPECT_TRUE(tree.ok()) << tree.status().ToString();
  std::vector<Rule> rules;
  for (const auto& item : (*tree)["Rules"]) {
    StatusOr<Rule> rule = ParseRule(item);
    EXPECT_TRUE(rule.ok()) << rule.status().ToString();
    if (rule.ok()) rules.push_back(*rule);
  }
  return rules;
}

std::map<std::string, std::string> ActionParams(const json& actions) {
  QueryParams params;
  AppendActionParams(actions, "Actions", params);
  std::map<std::string, std::string> out;
  for (auto& [name, value] : params) {
    EXPECT_TRUE(out.emplace(name, value).second) << "duplicate parameter " << name;
  }
  return out;
}

TEST(Elbv2TypesTest, ParsesRulesWithTypedPriorityAndVerbatimTrees) {
  const std::vector<Rule> rules = DecodeRules();
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].priority, "10");
  EXPECT_EQ(rules[0].numeric_priority, 10);
  EXPECT_FALSE(rules[0].is_default);
  ASSERT_EQ(rules[0].actions.size(), 2u);
  ASSERT_EQ(rules[0].conditions.size(), 2u);
  EXPECT_EQ(rules[0].conditions[1]["HttpHeaderConfig"]["HttpHeaderName"], "X-Canary");
  EXPECT_TRUE(rules[1].is_default);
  EXPECT_EQ(rules[1].priority, "default");
  EXPECT_FALSE(rules[1].numeric_priority.has_value());
  EXPECT_TRUE(rules[1].conditions.is_array());
  EXPECT_TRUE(rules[1].conditions.empty());
}

TEST(Elbv2TypesTest, MalformedNumbersAreErrorsNotExceptions) {
  EXPECT_EQ(ParseRule(json{{"RuleArn", "r"}, {"Priority", "1x"}}).status().code(),
            StatusCode::kInternal);
  EXPECT_EQ(ParseRule(json{{"RuleArn", "r"}, {"Priority", "99999999999"}}).status().code(),
            StatusCode::kInternal);
  EXPECT_EQ(ParseListener(json{{"Port", "eighty"}}).status().code(), StatusCode::kInternal);
  EXPECT_EQ(ParseTargetGroup(json{{"Port", ""}}).status().code(), StatusCode::kInternal);
  EXPECT_EQ(ParseTargetGroup(json{{"HealthCheckIntervalSeconds", "3.5"}}).status().code(),
            StatusCode::kInternal);
  const json bad_weight = {
      {"Type", "forward"},
      {"ForwardConfig",
       {{"TargetGroups", json::array({{{"TargetGroupArn", kPrimary}, {"Weight", "-"}}})}}}};
  EXPECT_EQ(ForwardTargetGroups(bad_weight).status().code(), StatusCode::kInternal);
  StatusOr<Listener> listener = ParseListener(json{{"Port", "443"}, {"DefaultActions", ""}});
  ASSERT_TRUE(listener.ok());
  EXPECT_EQ(listener->port, 443);
  EXPECT_TRUE(listener->default_actions.is_array());
}

TEST(Elbv2TypesTest, ReadsBothForwardForms) {
  const std::vector<Rule> rules = DecodeRules();
  ASSERT_EQ(rules.size(), 2u);
  StatusOr<size_t> index = FindForwardAction(rules[0].actions);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(*index, 1u);
  StatusOr<std::vector<WeightedTargetGroup>> config_form =
      ForwardTargetGroups(rules[0].actions[*index]);
  ASSERT_TRUE(config_form.ok()) << config_form.status().ToString();
  EXPECT_EQ(*config_form, (std::vector<WeightedTargetGroup>{{kPrimary, 1}}));

  StatusOr<std::vector<WeightedTargetGroup>> plain_form = ForwardTargetGroups(rules[1].actions[0]);
  ASSERT_TRUE(plain_form.ok());
  EXPECT_EQ(*plain_form, (std::vector<WeightedTargetGroup>{{kPrimary, 1}}));

  const json weighted = {
      {"Type", "forward"},
      {"ForwardConfig",
       {{"TargetGroups", json::array({{{"TargetGroupArn", kPrimary}, {"Weight", "90"}},
                                      {{"TargetGroupArn", kCanary}, {"Weight", "10"}}})}}}};
  EXPECT_EQ(*ForwardTargetGroups(weighted),
            (std::vector<WeightedTargetGroup>{{kPrimary, 90}, {kCanary, 10}}));

  EXPECT_EQ(ForwardTargetGroups(json{{"Type", "redirect"}}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ForwardTargetGroups(json{{"Type", "forward"}}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(FindForwardAction(json::array({{{"Type", "fixed-response"}}})).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(FindForwardAction(json::array({{{"Type", "forward"}}, {{"Type", "forward"}}}))
                .status()
                .code(),
            StatusCode::kInvalidInput);
}

// I2: the rewrite changes the weights (and only what ModifyRule needs to take the list back);
// every other parameter the original actions would send is sent unchanged.
TEST(Elbv2TypesTest, WeightRewritePreservesEveryOtherField) {
  const std::vector<Rule> rules = DecodeRules();
  ASSERT_EQ(rules.size(), 2u);
  const json original = rules[0].actions;

  StatusOr<json> prepared =
      WithTargetGroupWeights(original, {kPrimary, 100}, {kCanary, 0}, MissingTargetGroup::kAdd);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  StatusOr<json> shifted = WithTargetGroupWeights(*prepared, {kPrimary, 90}, {kCanary, 10});
  ASSERT_TRUE(shifted.ok()) << shifted.status().ToString();

  std::map<std::string, std::string> expected = ActionParams(original);
  // The changes, and nothing more:
  const std::string forward = "Actions.member.2.";
  ASSERT_EQ(expected.erase(forward + "TargetGroupArn"), 1u);  // redundant with two groups
  expected[forward + "ForwardConfig.TargetGroups.member.1.Weight"] = "90";
  expected[forward + "ForwardConfig.TargetGroups.member.2.TargetGroupArn"] = kCanary;
  expected[forward + "ForwardConfig.TargetGroups.member.2.Weight"] = "10";
  expected["Actions.member.1.AuthenticateOidcConfig.UseExistingClientSecret"] = "true";

  const std::map<std::string, std::string> actual = ActionParams(*shifted);
  EXPECT_EQ(actual, expected);
  // The fields the brief names explicitly, spelled out so a regression reads clearly.
  EXPECT_EQ(actual.at("Actions.member.1.Order"), "1");
  EXPECT_EQ(actual.at("Actions.member.2.Order"), "2");
  EXPECT_EQ(actual.at(forward + "ForwardConfig.TargetGroupStickinessConfig.Enabled"), "true");
  EXPECT_EQ(actual.at(forward + "ForwardConfig.TargetGroupStickinessConfig.DurationSeconds"),
            "3600");
  EXPECT_EQ(actual.at("Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams."
                      "entry.1.key"),
            "prompt");
  EXPECT_EQ(actual.at("Actions.member.1.AuthenticateOidcConfig.SessionTimeout"), "604800");
  // The input is not modified; conditions are not part of the action list at all.
  EXPECT_EQ(rules[0].actions, original);
  for (const auto& [name, value] : actual) EXPECT_EQ(name.find("Conditions"), std::string::npos);
}

TEST(Elbv2TypesTest, UnknownFieldsSurviveTheRewrite) {
  const json actions = json::array(
      {{{"Type", "jwt-validation"},
        {"Order", "1"},
        {"JwtValidationConfig", {{"JwksEndpoint", "https://j"}, {"Issuer", "i"}}},
        {"SomeFieldFrom2030", {{"Nested", json::array({"a", "b"})}}}},
       {{"Type", "forward"},
        {"Order", "2"},
        {"ForwardConfig",
         {{"TargetGroups", json::array({{{"TargetGroupArn", kPrimary}, {"Weight", "100"}},
                                        {{"TargetGroupArn", kCanary}, {"Weight", "0"}}})},
          {"FutureForwardOption", "on"}}}}});
  StatusOr<json> shifted = WithTargetGroupWeights(actions, {kPrimary, 50}, {kCanary, 50});
  ASSERT_TRUE(shifted.ok()) << shifted.status().ToString();
  json expected = actions;
  expected[1]["ForwardConfig"]["TargetGroups"][0]["Weight"] = "50";
  expected[1]["ForwardConfig"]["TargetGroups"][1]["Weight"] = "50";
  EXPECT_EQ(*shifted, expected);
}

TEST(Elbv2TypesTest, PlainForwardBecomesForwardConfigWithoutTargetGroupArn) {
  const std::vector<Rule> rules = DecodeRules();
  ASSERT_EQ(rules.size(), 2u);
  StatusOr<json> prepared = WithTargetGroupWeights(rules[1].actions, {kPrimary, 100}, {kCanary, 0},
                                                   MissingTargetGroup::kAdd);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  const json expected = json::array(
      {{{"Type", "forward"},
        {"ForwardConfig",
         {{"TargetGroups", json::array({{{"TargetGroupArn", kPrimary}, {"Weight", "100"}},
                                        {{"TargetGroupArn", kCanary}, {"Weight", "0"}}})}}}}});
  EXPECT_EQ(*prepared, expected);
}

TEST(Elbv2TypesTest, RewriteKeepsOtherTargetGroupsAndRefusesMembershipChanges) {
  const std::string third = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1";
  const json actions = json::array(
      {{{"Type", "forward"},
        {"ForwardConfig",
         {{"TargetGroups", json::array({{{"TargetGroupArn", kPrimary}, {"Weight", "5"}},
                                        {{"TargetGroupArn", third}, {"Weight", "7"}},
                                        {{"TargetGroupArn", kCanary}, {"Weight", "0"}}})}}}}});
  StatusOr<json> shifted = WithTargetGroupWeights(actions, {kCanary, 3}, {kPrimary, 4});
  ASSERT_TRUE(shifted.ok());
  EXPECT_EQ(*ForwardTargetGroups((*shifted)[0]),
            (std::vector<WeightedTargetGroup>{{kPrimary, 4}, {third, 7}, {kCanary, 3}}));

  const json only_primary = json::array({{{"Type", "forward"}, {"TargetGroupArn", kPrimary}}});
  EXPECT_EQ(WithTargetGroupWeights(only_primary, {kPrimary, 90}, {kCanary, 10}).status().code(),
            StatusCode::kInvalidInput);
}

TEST(Elbv2TypesTest, RewriteRejectsBadRequests) {
  const json actions = json::array(
      {{{"Type", "forward"},
        {"ForwardConfig",
         {{"TargetGroups", json::array({{{"TargetGroupArn", kPrimary}, {"Weight", "1"}},
                                        {{"TargetGroupArn", kCanary}, {"Weight", "1"}}})}}}}});
  EXPECT_EQ(WithTargetGroupWeights(actions, {kPrimary, 1000}, {kCanary, 0}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(WithTargetGroupWeights(actions, {kPrimary, -1}, {kCanary, 0}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(WithTargetGroupWeights(actions, {kPrimary, 0}, {kCanary, 0}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(WithTargetGroupWeights(actions, {kPrimary, 1}, {kPrimary, 1}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(WithTargetGroupWeights(actions, {"", 1}, {kPrimary, 1}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(
      WithTargetGroupWeights(json::array({{{"Type", "redirect"}}}), {kPrimary, 1}, {kCanary, 0})
          .status()
          .code(),
      StatusCode::kNotFound);
  // Already at five groups: adding a sixth is refused.
  json five = json::array();
  for (int i = 0; i < 5; ++i) {
    five.push_back({{"TargetGroupArn", "tg" + std::to_string(i)}, {"Weight", "1"}});
  }
  const json full =
      json::array({{{"Type", "forward"}, {"ForwardConfig", {{"TargetGroups", five}}}}});
  EXPECT_EQ(WithTargetGroupWeights(full, {"tg0", 1}, {kCanary, 1}, MissingTargetGroup::kAdd)
                .status()
                .code(),
            StatusCode::kInvalidInput);
}

TEST(Elbv2TypesTest, OidcActionsUseTheExistingSecretAndDropAnyGivenOne) {
  const json actions = json::array(
      {{{"Type", "authenticate-oidc"},
        {"AuthenticateOidcConfig", {{"ClientId", "c"}, {"ClientSecret", "s3cr3t-value"}}}},
       {{"Type", "authenticate-cognito"}, {"AuthenticateCognitoConfig", {{"UserPoolArn", "p"}}}},
       {{"Type", "forward"},
        {"ForwardConfig",
         {{"TargetGroups", json::array({{{"TargetGroupArn", kPrimary}, {"Weight", "1"}},
                                        {{"TargetGroupArn", kCanary}, {"Weight", "0"}}})}}}}});
  StatusOr<json> shifted = WithTargetGroupWeights(actions, {kPrimary, 1}, {kCanary, 1});
  ASSERT_TRUE(shifted.ok());
  EXPECT_EQ((*shifted)[0]["AuthenticateOidcConfig"],
            (json{{"ClientId", "c"}, {"UseExistingClientSecret", "true"}}));
  EXPECT_EQ((*shifted)[1], actions[1]);  // cognito has no secret to keep
}

TEST(Elbv2TypesTest, EmptyExtraParamsMapIsNotSent) {
  const json actions =
      json::array({{{"Type", "authenticate-cognito"},
                    {"AuthenticateCognitoConfig",
                     {{"UserPoolArn", "p"}, {"AuthenticationRequestExtraParams", ""}}}},
                   {{"Type", "forward"}, {"TargetGroupArn", kPrimary}}});
  const std::map<std::string, std::string> params = ActionParams(actions);
  EXPECT_EQ(
      params.count("Actions.member.1.AuthenticateCognitoConfig.AuthenticationRequestExtraParams"),
      0u);
  EXPECT_EQ(params.at("Actions.member.1.AuthenticateCognitoConfig.UserPoolArn"), "p");
  EXPECT_EQ(params.at("Actions.member.2.TargetGroupArn"), kPrimary);
}

TEST(Elbv2TypesTest, TrafficSplitsCompareAsRatios) {
  EXPECT_TRUE(SameTrafficSplit({{"a", 50}, {"b", 50}}, {{"a", 500}, {"b", 500}}));
  EXPECT_TRUE(SameTrafficSplit({{"a", 90}, {"b", 10}}, {{"b", 1}, {"a", 9}}));
  EXPECT_TRUE(SameTrafficSplit({{"a", 100}}, {{"a", 1}, {"b", 0}}));
  EXPECT_FALSE(SameTrafficSplit({{"a", 90}, {"b", 10}}, {{"a", 89}, {"b", 11}}));
  EXPECT_FALSE(SameTrafficSplit({{"a", 100}}, {{"b", 100}}));
  EXPECT_FALSE(SameTrafficSplit({{"a", 1}, {"b", 2}}, {{"a", 2}, {"b", 1}}));
  EXPECT_FALSE(SameTrafficSplit({{"a", 0}}, {{"a", 1}}));
  EXPECT_TRUE(SameTrafficSplit({{"a", 0}, {"b", 0}}, {{"b", 0}, {"a", 0}}));
  EXPECT_FALSE(SameTrafficSplit({{"a", 0}}, {{"b", 0}}));
  // 999-scale weights do not overflow or round.
  EXPECT_TRUE(SameTrafficSplit({{"a", 999}, {"b", 333}}, {{"a", 3}, {"b", 1}}));
  EXPECT_FALSE(SameTrafficSplit({{"a", 999}, {"b", 334}}, {{"a", 3}, {"b", 1}}));
}

TEST(Elbv2TypesTest, ParsesTargetGroupsLoadBalancersAndHealth) {
  constexpr const char* kXml =
      R"(<DescribeTargetGroupsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <DescribeTargetGroupsResult>
    <TargetGroups>
      <member>
        <TargetGroupArn>arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067</TargetGroupArn>
        <HealthCheckTimeoutSeconds>5</HealthCheckTimeoutSeconds>
        <HealthCheckPort>traffic-port</HealthCheckPort>
        <Matcher><HttpCode>200</HttpCode></Matcher>
        <TargetGroupName>my-targets</TargetGroupName>
        <HealthCheckProtocol>HTTP</HealthCheckProtocol>
        <HealthCheckPath>/</HealthCheckPath>
        <Protocol>HTTP</Protocol>
        <Port>80</Port>
        <VpcId>vpc-3ac0fb5f</VpcId>
        <HealthyThresholdCount>5</HealthyThresholdCount>
        <HealthCheckIntervalSeconds>30</HealthCheckIntervalSeconds>
        <LoadBalancerArns>
          <member>arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188</member>
        </LoadBalancerArns>
        <UnhealthyThresholdCount>2</UnhealthyThresholdCount>
        <TargetType>ip</TargetType>
      </member>
    </TargetGroups>
  </DescribeTargetGroupsResult>
  <ResponseMetadata><RequestId>70092c0e-f3a9-11e5-ae48-cff02092876b</RequestId></ResponseMetadata>
</DescribeTargetGroupsResponse>)";
  StatusOr<json> tree = DecodeXmlResult(kXml, "DescribeTargetGroups");
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  StatusOr<TargetGroup> tg = ParseTargetGroup((*tree)["TargetGroups"][0]);
  ASSERT_TRUE(tg.ok()) << tg.status().ToString();
  EXPECT_EQ(tg->target_group_name, "my-targets");
  EXPECT_EQ(tg->port, 80);
  EXPECT_EQ(tg->health_check_port, "traffic-port");
  EXPECT_EQ(tg->health_check_interval_seconds, 30);
  EXPECT_EQ(tg->unhealthy_threshold_count, 2);
  EXPECT_EQ(tg->target_type, "ip");
  ASSERT_EQ(tg->load_balancer_arns.size(), 1u);
  EXPECT_NE(tg->load_balancer_arns[0].find("my-load-balancer"), std::string::npos);

  StatusOr<LoadBalancer> lb = ParseLoadBalancer(
      json{{"LoadBalancerArn", "arn:lb"},
           {"LoadBalancerName", "my-load-balancer"},
           {"State", {{"Code", "active"}}},
           {"Type", "application"},
           {"CreatedTime", "2016-03-25T21:26:12.920Z"},
           {"AvailabilityZones",
            json::array({{{"ZoneName", "us-west-2a"}, {"SubnetId", "subnet-8360a9e7"}},
                         {{"ZoneName", "us-west-2b"}, {"SubnetId", "subnet-b7d581c0"}}})},
           {"SecurityGroups", json::array({"sg-5943793c"})}});
  ASSERT_TRUE(lb.ok()) << lb.status().ToString();
  EXPECT_EQ(lb->state, "active");
  EXPECT_EQ(lb->subnet_ids, (std::vector<std::string>{"subnet-8360a9e7", "subnet-b7d581c0"}));
  EXPECT_EQ(lb->security_groups, std::vector<std::string>{"sg-5943793c"});
  ASSERT_TRUE(lb->created_time.has_value());
  EXPECT_EQ(
      std::chrono::duration_cast<std::chrono::milliseconds>(lb->created_time->time_since_epoch())
          .count(),
      1458941172920);

  StatusOr<TargetHealthDescription> health =
      ParseTargetHealthDescription(json{{"HealthCheckPort", "80"},
                                        {"Target", {{"Id", "10.0.0.12"}, {"Port", "8080"}}},
                                        {"TargetHealth",
                                         {{"State", "unhealthy"},
                                          {"Reason", "Target.Timeout"},
                                          {"Description", "Request timed out"}}}});
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->target_id, "10.0.0.12");
  EXPECT_EQ(health->target_port, 8080);
  EXPECT_EQ(health->state, "unhealthy");
  EXPECT_EQ(health->reason, "Target.Timeout");
}

}  // namespace
}  // namespace kanaria::aws::elbv2
