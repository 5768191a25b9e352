// Elbv2Client over real HTTP against a scripted stub: request encoding, pagination, batching.
// (Behaviour against a real implementation is in tests/integration/elbv2_moto_test.cc.)
#include "aws/elbv2/elbv2_client.h"

#include <gtest/gtest.h>

#include <map>

#include "aws/aws_error.h"
#include "aws/curl_transport.h"
#include "support/test_client_context.h"
#include "support/query_stub.h"
#include "support/stub_http_server.h"

namespace kanaria::aws::elbv2 {
namespace {

using nlohmann::json;
using testing::StubHttpServer;
using testing::StubRequest;
using testing::FormOf;
using testing::StubResponse;

StubResponse Xml(const std::string& operation, const json& result) {
  return testing::QueryXmlAnswer(operation, kElbv2Service.xml_namespace, result);
}

std::unique_ptr<Elbv2Client> ClientFor(const StubHttpServer& server) {
  auto context = testing::TestClientContext(server.url());
  auto client = Elbv2Client::Create(context);
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  return std::move(client).value();
}

json RuleTree(const std::string& arn, const std::string& priority) {
  return {{"RuleArn", arn},
          {"Priority", priority},
          {"IsDefault", "false"},
          {"Conditions", ""},
          {"Actions", json::array({{{"Type", "forward"}, {"TargetGroupArn", "tg"}}})}};
}

TEST(Elbv2ClientTest, DescribeRulesFollowsMarkersToTheEnd) {
  StubHttpServer server([](const StubRequest& request) {
    const auto form = FormOf(request);
    EXPECT_EQ(form.at("Action"), "DescribeRules");
    EXPECT_EQ(form.at("ListenerArn"), "listener-1");
    EXPECT_EQ(form.at("PageSize"), "2");
    if (!form.count("Marker")) {
      return Xml("DescribeRules",
                 {{"Rules", json::array({RuleTree("r1", "1"), RuleTree("r2", "2")})},
                  {"NextMarker", "m2"}});
    }
    EXPECT_EQ(form.at("Marker"), "m2");
    return Xml("DescribeRules", {{"Rules", json::array({RuleTree("r3", "default")})}});
  });
  auto client = ClientFor(server);
  StatusOr<std::vector<Rule>> rules = client->DescribeRules({"listener-1", {}, 2});
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 3u);
  EXPECT_EQ((*rules)[2].rule_arn, "r3");
  EXPECT_TRUE((*rules)[2].is_default || (*rules)[2].priority == "default");
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(Elbv2ClientTest, ARepeatedMarkerEndsTheWalk) {
  StubHttpServer server([](const StubRequest&) {
    return Xml("DescribeRules", {{"Rules", ""}, {"NextMarker", "same"}});
  });
  auto client = ClientFor(server);
  StatusOr<std::vector<Rule>> rules = client->DescribeRules({"listener-1", {}, {}});
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().code(), StatusCode::kInternal);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(Elbv2ClientTest, DescribeRulesNeedsExactlyOneSelector) {
  StubHttpServer server([](const StubRequest&) { return StubResponse{}; });
  auto client = ClientFor(server);
  EXPECT_EQ(client->DescribeRules({}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(client->DescribeRules({"l", {"r"}, {}}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(server.request_count(), 0u);
}

TEST(Elbv2ClientTest, ModifyRuleSendsActionsButNoConditions) {
  std::map<std::string, std::string> sent;
  StubHttpServer server([&](const StubRequest& request) {
    sent = FormOf(request);
    json rule = RuleTree("rule-1", "5");
    rule["Actions"] = json::array(
        {{{"Type", "forward"},
          {"ForwardConfig",
           {{"TargetGroups", json::array({{{"TargetGroupArn", "a"}, {"Weight", "90"}},
                                          {{"TargetGroupArn", "b"}, {"Weight", "10"}}})}}}}});
    return Xml("ModifyRule", {{"Rules", json::array({rule})}});
  });
  auto client = ClientFor(server);
  const json actions = json::array(
      {{{"Type", "forward"},
        {"Order", "1"},
        {"ForwardConfig",
         {{"TargetGroups", json::array({{{"TargetGroupArn", "a"}, {"Weight", "90"}},
                                        {{"TargetGroupArn", "b"}, {"Weight", "10"}}})}}}}});
  StatusOr<Rule> rule = client->ModifyRule("rule-1", actions);
  ASSERT_TRUE(rule.ok()) << rule.status().ToString();
  EXPECT_EQ(*ForwardTargetGroups(rule->actions[0]),
            (std::vector<WeightedTargetGroup>{{"a", 90}, {"b", 10}}));
  const std::map<std::string, std::string> expected = {
      {"Action", "ModifyRule"},
      {"Version", "2015-12-01"},
      {"RuleArn", "rule-1"},
      {"Actions.member.1.Type", "forward"},
      {"Actions.member.1.Order", "1"},
      {"Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn", "a"},
      {"Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight", "90"},
      {"Actions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn", "b"},
      {"Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight", "10"},
  };
  EXPECT_EQ(sent, expected);
  EXPECT_EQ(client->ModifyRule("rule-1", json::array()).status().code(), StatusCode::kInvalidInput);
}

TEST(Elbv2ClientTest, AwsErrorsKeepTheirCode) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse response;
    response.status = 400;
    response.content_type = "text/xml";
    response.body = EncodeXmlError(kElbv2Service.xml_namespace, "Sender", "RuleNotFound",
                                   "One or more rules not found", "req-9");
    return response;
  });
  auto client = ClientFor(server);
  StatusOr<std::vector<Rule>> rules = client->DescribeRules({{}, {"missing"}, {}});
  ASSERT_FALSE(rules.ok());
  ASSERT_NE(AsAwsError(rules.status()), nullptr);
  EXPECT_EQ(AsAwsError(rules.status())->code, "RuleNotFound");
  EXPECT_EQ(rules.status().code(), StatusCode::kNotFound);
}

TEST(Elbv2ClientTest, DescribeTagsSplitsIntoCallsOfTwenty) {
  std::vector<size_t> batch_sizes;
  StubHttpServer server([&](const StubRequest& request) {
    const auto form = FormOf(request);
    json descriptions = json::array();
    size_t n = 0;
    for (const auto& [name, value] : form) {
      if (name.rfind("ResourceArns.member.", 0) != 0) continue;
      ++n;
      descriptions.push_back(
          {{"ResourceArn", value}, {"Tags", json::array({{{"Key", "arn"}, {"Value", value}}})}});
    }
    batch_sizes.push_back(n);
    return Xml("DescribeTags", {{"TagDescriptions", descriptions}});
  });
  auto client = ClientFor(server);
  std::vector<std::string> arns;
  for (int i = 0; i < 45; ++i) arns.push_back("arn:tg/" + std::to_string(i));
  StatusOr<TagsByResource> tags = client->DescribeTags(arns);
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(batch_sizes, (std::vector<size_t>{20, 20, 5}));
  ASSERT_EQ(tags->size(), 45u);
  EXPECT_EQ(tags->at("arn:tg/44").at("arn"), "arn:tg/44");
  EXPECT_TRUE(client->DescribeTags({})->empty());
  EXPECT_EQ(server.request_count(), 3u);
}

TEST(Elbv2ClientTest, DescribeTargetHealthSendsTheTargetFilter) {
  std::map<std::string, std::string> sent;
  StubHttpServer server([&](const StubRequest& request) {
    sent = FormOf(request);
    return Xml("DescribeTargetHealth",
               {{"TargetHealthDescriptions",
                 json::array({{{"Target", {{"Id", "10.0.0.1"}, {"Port", "80"}}},
                               {"TargetHealth", {{"State", "healthy"}}}}})}});
  });
  auto client = ClientFor(server);
  StatusOr<std::vector<TargetHealthDescription>> health =
      client->DescribeTargetHealth("tg-1", {{"10.0.0.1", 80}});
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  ASSERT_EQ(health->size(), 1u);
  EXPECT_EQ((*health)[0].state, "healthy");
  EXPECT_EQ(sent.at("TargetGroupArn"), "tg-1");
  EXPECT_EQ(sent.at("Targets.member.1.Id"), "10.0.0.1");
  EXPECT_EQ(sent.at("Targets.member.1.Port"), "80");
}

}  // namespace
}  // namespace kanaria::aws::elbv2
