// The typed ELBv2 client against moto_server over real HTTP: every operation kanaria uses, the
// weighted-forward rewrite read back from an independent implementation, and the error codes
// the router branches on. Set-up calls (EC2 network, load balancer, target groups, listener,
// rule) go through raw CallQuery so they exercise nothing of the code under test.
// moto's known divergences from AWS are listed in docs/moto-divergences.md.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/curl_transport.h"
#include "aws/elbv2/elbv2_client.h"
#include "support/external_tools.h"
#include "support/static_credentials.h"

namespace kanaria::aws::elbv2 {
namespace {

using nlohmann::json;
using testing::MotoServer;

// EC2 only to create the VPC and subnets a load balancer needs (query protocol, 2016-11-15).
constexpr ServiceDescriptor kEc2Service{
    "ec2", "ec2", "EC2",        Protocol::kQuery,
    "",    "",    "2016-11-15", "http://ec2.amazonaws.com/doc/2016-11-15/"};

// A forwarding transport that keeps the last response body: EC2 answers have no <...Result>
// element, so the ids it returns are read from the raw XML.
class BodyRecordingTransport final : public HttpTransport {
 public:
  explicit BodyRecordingTransport(std::shared_ptr<HttpTransport> inner)
      : inner_(std::move(inner)) {}
  StatusOr<HttpResponse> Send(const HttpRequest& request) override {
    StatusOr<HttpResponse> response = inner_->Send(request);
    if (response.ok()) last_body_ = response->body;
    return response;
  }
  std::vector<StatusOr<HttpResponse>> SendAll(const std::vector<HttpRequest>& requests) override {
    return inner_->SendAll(requests);
  }
  const std::string& last_body() const { return last_body_; }

 private:
  std::shared_ptr<HttpTransport> inner_;
  std::string last_body_;
};

// The text of the first <tag> element in `xml`, "" when absent.
std::string FirstElementText(const std::string& xml, const std::string& tag) {
  const std::string open = "<" + tag + ">";
  const size_t start = xml.find(open);
  if (start == std::string::npos) return "";
  const size_t end = xml.find("</" + tag + ">", start);
  if (end == std::string::npos) return "";
  return xml.substr(start + open.size(), end - start - open.size());
}

struct Infra {
  std::string vpc_id;
  std::string load_balancer_arn;
  std::string primary_arn;
  std::string canary_arn;
  std::string listener_arn;
  std::string rule_arn;  // priority 10: path /api/*, [primary 100, canary 0], stickiness, Order 1
};

class Elbv2MotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    KANARIA_REQUIRE_TOOL("moto_server");
    if (!moto_->ok()) {
      if (testing::RunningInCi()) FAIL() << "moto_server did not start: " << moto_->error();
      GTEST_SKIP() << "SKIPPED LOUDLY: moto_server did not start: " << moto_->error();
    }
    recorder_ = std::make_shared<BodyRecordingTransport>(std::make_shared<CurlTransport>());
    context_ = std::make_shared<ClientContext>();
    context_->region = "us-east-1";
    context_->endpoint_url = moto_->url();
    context_->credentials = std::make_shared<testing::StaticCredentialsProvider>();
    context_->transport = recorder_;
    auto raw = ServiceClient::Create(kElbv2Service, context_);
    ASSERT_TRUE(raw.ok()) << raw.status().ToString();
    raw_ = std::move(raw).value();
    auto ec2 = ServiceClient::Create(kEc2Service, context_);
    ASSERT_TRUE(ec2.ok()) << ec2.status().ToString();
    ec2_ = std::move(ec2).value();
    auto client = Elbv2Client::Create(context_);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    client_ = std::move(client).value();
  }

  // A raw ELBv2 call that must succeed.
  json Raw(const std::string& operation, const json& input) {
    QueryParams params;
    FlattenQueryParams(input, "", params);
    StatusOr<json> result = raw_->CallQuery(operation, params);
    EXPECT_TRUE(result.ok()) << operation << ": " << result.status().ToString();
    return result.ok() ? *result : json::object();
  }

  // An EC2 call that must succeed; returns the text of `id_tag` in the answer.
  std::string Ec2(const std::string& operation, const QueryParams& params,
                  const std::string& id_tag) {
    StatusOr<json> result = ec2_->CallQuery(operation, params);
    EXPECT_TRUE(result.ok()) << operation << ": " << result.status().ToString();
    const std::string id = FirstElementText(recorder_->last_body(), id_tag);
    EXPECT_FALSE(id.empty()) << operation << " answered: " << recorder_->last_body();
    return id;
  }

  // A load balancer with two target groups, an HTTP listener whose default action forwards to
  // the primary group, and one weighted rule. `name` keeps resources of different tests apart.
  Infra CreateInfra(const std::string& name) {
    Infra infra;
    infra.vpc_id = Ec2("CreateVpc", {{"CidrBlock", "10.0.0.0/16"}}, "vpcId");
    const std::string subnet_a = Ec2(
        "CreateSubnet",
        {{"VpcId", infra.vpc_id}, {"CidrBlock", "10.0.1.0/24"}, {"AvailabilityZone", "us-east-1a"}},
        "subnetId");
    const std::string subnet_b = Ec2(
        "CreateSubnet",
        {{"VpcId", infra.vpc_id}, {"CidrBlock", "10.0.2.0/24"}, {"AvailabilityZone", "us-east-1b"}},
        "subnetId");
    json lb = Raw("CreateLoadBalancer",
                  {{"Name", name}, {"Subnets", {subnet_a, subnet_b}}, {"Type", "application"}});
    infra.load_balancer_arn = lb["LoadBalancers"][0].value("LoadBalancerArn", "");
    auto target_group = [&](const std::string& tg_name) {
      json tg = Raw("CreateTargetGroup", {{"Name", tg_name},
                                          {"Protocol", "HTTP"},
                                          {"Port", "80"},
                                          {"VpcId", infra.vpc_id},
                                          {"TargetType", "ip"},
                                          {"HealthCheckPath", "/health"}});
      return tg["TargetGroups"][0].value("TargetGroupArn", "");
    };
    infra.primary_arn = target_group(name + "-primary");
    infra.canary_arn = target_group(name + "-canary");
    json listener =
        Raw("CreateListener",
            {{"LoadBalancerArn", infra.load_balancer_arn},
             {"Protocol", "HTTP"},
             {"Port", "80"},
             {"DefaultActions",
              json::array({{{"Type", "forward"}, {"TargetGroupArn", infra.primary_arn}}})}});
    infra.listener_arn = listener["Listeners"][0].value("ListenerArn", "");
    json rule = Raw(
        "CreateRule",
        {{"ListenerArn", infra.listener_arn},
         {"Priority", "10"},
         {"Conditions",
          json::array({{{"Field", "path-pattern"}, {"Values", json::array({"/api/*"})}}})},
         {"Actions",
          json::array({{{"Type", "forward"},
                        {"Order", "1"},
                        {"ForwardConfig",
                         {{"TargetGroups",
                           json::array({{{"TargetGroupArn", infra.primary_arn}, {"Weight", "100"}},
                                        {{"TargetGroupArn", infra.canary_arn}, {"Weight", "0"}}})},
                          {"TargetGroupStickinessConfig",
                           {{"Enabled", "true"}, {"DurationSeconds", "300"}}}}}}})}});
    infra.rule_arn = rule["Rules"][0].value("RuleArn", "");
    EXPECT_FALSE(infra.load_balancer_arn.empty() || infra.primary_arn.empty() ||
                 infra.canary_arn.empty() || infra.listener_arn.empty() || infra.rule_arn.empty());
    return infra;
  }

  static std::string UniqueName(const std::string& base) {
    static std::atomic<int> counter{0};
    return base + std::to_string(++counter);
  }

  static void ExpectAwsError(const Status& status, const std::string& code,
                             StatusCode status_code) {
    ASSERT_FALSE(status.ok()) << "expected " << code;
    const AwsError* error = AsAwsError(status);
    ASSERT_NE(error, nullptr) << status.ToString();
    EXPECT_EQ(error->code, code) << status.ToString();
    EXPECT_EQ(error->service, "elasticloadbalancing");
    EXPECT_EQ(error->http_status, 400);
    EXPECT_EQ(status.code(), status_code) << status.ToString();
  }

  static MotoServer* moto_;
  std::shared_ptr<BodyRecordingTransport> recorder_;
  std::shared_ptr<ClientContext> context_;
  std::unique_ptr<ServiceClient> raw_;
  std::unique_ptr<ServiceClient> ec2_;
  std::unique_ptr<Elbv2Client> client_;
};

MotoServer* Elbv2MotoTest::moto_ = nullptr;

TEST_F(Elbv2MotoTest, DescribesLoadBalancersTargetGroupsAndListeners) {
  const Infra infra = CreateInfra(UniqueName("describe"));

  StatusOr<std::vector<LoadBalancer>> lbs =
      client_->DescribeLoadBalancers({infra.load_balancer_arn});
  ASSERT_TRUE(lbs.ok()) << lbs.status().ToString();
  ASSERT_EQ(lbs->size(), 1u);
  EXPECT_EQ((*lbs)[0].load_balancer_arn, infra.load_balancer_arn);
  EXPECT_EQ((*lbs)[0].type, "application");
  EXPECT_EQ((*lbs)[0].vpc_id, infra.vpc_id);
  EXPECT_EQ((*lbs)[0].subnet_ids.size(), 2u);
  EXPECT_FALSE((*lbs)[0].dns_name.empty());
  EXPECT_TRUE((*lbs)[0].created_time.has_value());
  StatusOr<std::vector<LoadBalancer>> by_name =
      client_->DescribeLoadBalancers({}, {(*lbs)[0].load_balancer_name});
  ASSERT_TRUE(by_name.ok()) << by_name.status().ToString();
  ASSERT_EQ(by_name->size(), 1u);

  StatusOr<std::vector<TargetGroup>> tgs =
      client_->DescribeTargetGroups({infra.primary_arn, infra.canary_arn});
  ASSERT_TRUE(tgs.ok()) << tgs.status().ToString();
  ASSERT_EQ(tgs->size(), 2u);
  for (const TargetGroup& tg : *tgs) {
    EXPECT_EQ(tg.port, 80);
    EXPECT_EQ(tg.protocol, "HTTP");
    EXPECT_EQ(tg.target_type, "ip");
    EXPECT_EQ(tg.vpc_id, infra.vpc_id);
    EXPECT_EQ(tg.health_check_path, "/health");
    // Both groups are in use by the load balancer (the canary through the weighted rule).
    EXPECT_NE(std::find(tg.load_balancer_arns.begin(), tg.load_balancer_arns.end(),
                        infra.load_balancer_arn),
              tg.load_balancer_arns.end())
        << tg.target_group_arn;
  }
  StatusOr<std::vector<TargetGroup>> of_lb =
      client_->DescribeTargetGroupsOfLoadBalancer(infra.load_balancer_arn);
  ASSERT_TRUE(of_lb.ok()) << of_lb.status().ToString();
  EXPECT_EQ(of_lb->size(), 2u);

  StatusOr<std::vector<Listener>> listeners =
      client_->DescribeListenersOfLoadBalancer(infra.load_balancer_arn);
  ASSERT_TRUE(listeners.ok()) << listeners.status().ToString();
  ASSERT_EQ(listeners->size(), 1u);
  const Listener& listener = (*listeners)[0];
  EXPECT_EQ(listener.listener_arn, infra.listener_arn);
  EXPECT_EQ(listener.load_balancer_arn, infra.load_balancer_arn);
  EXPECT_EQ(listener.port, 80);
  EXPECT_EQ(listener.protocol, "HTTP");
  ASSERT_EQ(listener.default_actions.size(), 1u);
  EXPECT_EQ(*ForwardTargetGroups(listener.default_actions[0]),
            (std::vector<WeightedTargetGroup>{{infra.primary_arn, 1}}));
  StatusOr<std::vector<Listener>> by_arn = client_->DescribeListeners({infra.listener_arn});
  ASSERT_TRUE(by_arn.ok()) << by_arn.status().ToString();
  ASSERT_EQ(by_arn->size(), 1u);
  EXPECT_EQ((*by_arn)[0].default_actions, listener.default_actions);
}

TEST_F(Elbv2MotoTest, DescribesRulesByListenerAndByArnAcrossPages) {
  const Infra infra = CreateInfra(UniqueName("rules"));
  Raw("CreateRule",
      {{"ListenerArn", infra.listener_arn},
       {"Priority", "20"},
       {"Conditions",
        json::array({{{"Field", "host-header"}, {"Values", json::array({"a.example.com"})}}})},
       {"Actions", json::array({{{"Type", "fixed-response"},
                                 {"FixedResponseConfig",
                                  {{"StatusCode", "503"},
                                   {"ContentType", "text/plain"},
                                   {"MessageBody", "down"}}}}})}});

  StatusOr<std::vector<Rule>> all = client_->DescribeRules({infra.listener_arn, {}, {}});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  StatusOr<std::vector<Rule>> paged = client_->DescribeRules({infra.listener_arn, {}, 1});
  ASSERT_TRUE(paged.ok()) << paged.status().ToString();
  ASSERT_EQ(paged->size(), 3u);
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*paged)[i].rule_arn, (*all)[i].rule_arn);
    EXPECT_EQ((*paged)[i].actions, (*all)[i].actions);
  }

  int defaults = 0;
  for (const Rule& rule : *all) {
    if (rule.is_default) {
      ++defaults;
      EXPECT_EQ(rule.priority, "default");
      EXPECT_FALSE(rule.numeric_priority.has_value());
    }
  }
  EXPECT_EQ(defaults, 1);

  StatusOr<std::vector<Rule>> one = client_->DescribeRules({{}, {infra.rule_arn}, {}});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_EQ(one->size(), 1u);
  const Rule& rule = (*one)[0];
  EXPECT_EQ(rule.numeric_priority, 10);
  EXPECT_FALSE(rule.is_default);
  ASSERT_EQ(rule.conditions.size(), 1u);
  EXPECT_EQ(rule.conditions[0]["Field"], "path-pattern");
  ASSERT_EQ(rule.actions.size(), 1u);
  EXPECT_EQ(*ForwardTargetGroups(rule.actions[0]),
            (std::vector<WeightedTargetGroup>{{infra.primary_arn, 100}, {infra.canary_arn, 0}}));
}

// Traffic routing as the engine does it: read, rewrite the weights only, write, read back.
TEST_F(Elbv2MotoTest, ModifyRuleShiftsWeightsAndKeepsEverythingElse) {
  const Infra infra = CreateInfra(UniqueName("shift"));
  StatusOr<std::vector<Rule>> before = client_->DescribeRules({{}, {infra.rule_arn}, {}});
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_EQ(before->size(), 1u);

  StatusOr<json> shifted =
      WithTargetGroupWeights((*before)[0].actions, {infra.primary_arn, 90}, {infra.canary_arn, 10});
  ASSERT_TRUE(shifted.ok()) << shifted.status().ToString();
  StatusOr<Rule> returned = client_->ModifyRule(infra.rule_arn, *shifted);
  ASSERT_TRUE(returned.ok()) << returned.status().ToString();
  const std::vector<WeightedTargetGroup> want{{infra.primary_arn, 90}, {infra.canary_arn, 10}};
  EXPECT_TRUE(SameTrafficSplit(*ForwardTargetGroups(returned->actions[0]), want));

  StatusOr<std::vector<Rule>> after = client_->DescribeRules({{}, {infra.rule_arn}, {}});
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ASSERT_EQ(after->size(), 1u);
  const Rule& rule = (*after)[0];
  EXPECT_EQ(*ForwardTargetGroups(rule.actions[0]), want);
  EXPECT_TRUE(SameTrafficSplit(*ForwardTargetGroups(rule.actions[0]),
                               {{infra.primary_arn, 900}, {infra.canary_arn, 100}}));
  // Everything but the weights as it was: conditions (not sent), priority, Order, stickiness.
  EXPECT_EQ(rule.conditions, (*before)[0].conditions);
  EXPECT_EQ(rule.priority, (*before)[0].priority);
  EXPECT_EQ(rule.actions, *shifted);
  EXPECT_EQ(rule.actions[0]["Order"], "1");
  EXPECT_EQ(rule.actions[0]["ForwardConfig"]["TargetGroupStickinessConfig"],
            (json{{"Enabled", "true"}, {"DurationSeconds", "300"}}));

  // And back to 100/0 (rollback), which compares equal to 1/0 as a ratio.
  StatusOr<json> back =
      WithTargetGroupWeights(rule.actions, {infra.primary_arn, 100}, {infra.canary_arn, 0});
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(client_->ModifyRule(infra.rule_arn, *back).ok());
  StatusOr<std::vector<Rule>> rolled_back = client_->DescribeRules({{}, {infra.rule_arn}, {}});
  ASSERT_TRUE(rolled_back.ok());
  EXPECT_TRUE(SameTrafficSplit(*ForwardTargetGroups((*rolled_back)[0].actions[0]),
                               {{infra.primary_arn, 1}, {infra.canary_arn, 0}}));
}

// The prepare step on a listener's default rule: plain forward -> [primary 100, canary 0].
TEST_F(Elbv2MotoTest, ModifyListenerPreparesTheDefaultRule) {
  const Infra infra = CreateInfra(UniqueName("prepare"));
  StatusOr<std::vector<Listener>> listeners = client_->DescribeListeners({infra.listener_arn});
  ASSERT_TRUE(listeners.ok()) << listeners.status().ToString();
  ASSERT_EQ(listeners->size(), 1u);
  StatusOr<json> prepared =
      WithTargetGroupWeights((*listeners)[0].default_actions, {infra.primary_arn, 100},
                             {infra.canary_arn, 0}, MissingTargetGroup::kAdd);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  EXPECT_FALSE((*prepared)[0].contains("TargetGroupArn"));

  StatusOr<Listener> modified = client_->ModifyListener(infra.listener_arn, *prepared);
  ASSERT_TRUE(modified.ok()) << modified.status().ToString();
  EXPECT_EQ(modified->port, 80);
  EXPECT_EQ(modified->protocol, "HTTP");
  const std::vector<WeightedTargetGroup> want{{infra.primary_arn, 100}, {infra.canary_arn, 0}};
  EXPECT_EQ(*ForwardTargetGroups(modified->default_actions[0]), want);

  StatusOr<std::vector<Rule>> rules = client_->DescribeRules({infra.listener_arn, {}, {}});
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  bool saw_default = false;
  for (const Rule& rule : *rules) {
    if (!rule.is_default) continue;
    saw_default = true;
    EXPECT_EQ(*ForwardTargetGroups(rule.actions[0]), want);
  }
  EXPECT_TRUE(saw_default);
}

TEST_F(Elbv2MotoTest, DescribesTargetHealthAndTags) {
  const Infra infra = CreateInfra(UniqueName("health"));
  Raw("RegisterTargets", {{"TargetGroupArn", infra.primary_arn},
                          {"Targets", json::array({{{"Id", "10.0.1.10"}, {"Port", "8080"}},
                                                   {{"Id", "10.0.2.20"}, {"Port", "8080"}}})}});
  StatusOr<std::vector<TargetHealthDescription>> health =
      client_->DescribeTargetHealth(infra.primary_arn);
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  ASSERT_EQ(health->size(), 2u);
  for (const auto& target : *health) {
    EXPECT_EQ(target.target_port, 8080);
    EXPECT_FALSE(target.state.empty());
  }
  StatusOr<std::vector<TargetHealthDescription>> one =
      client_->DescribeTargetHealth(infra.primary_arn, {{"10.0.2.20", 8080}});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].target_id, "10.0.2.20");
  StatusOr<std::vector<TargetHealthDescription>> empty =
      client_->DescribeTargetHealth(infra.canary_arn);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());

  Raw("AddTags", {{"ResourceArns", json::array({infra.primary_arn, infra.load_balancer_arn})},
                  {"Tags", json::array({{{"Key", "kanaria:role"}, {"Value", "primary"}},
                                        {{"Key", "team"}, {"Value", "web"}}})}});
  StatusOr<TagsByResource> tags =
      client_->DescribeTags({infra.primary_arn, infra.load_balancer_arn, infra.canary_arn});
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(tags->at(infra.primary_arn).at("kanaria:role"), "primary");
  EXPECT_EQ(tags->at(infra.load_balancer_arn).at("team"), "web");
  EXPECT_TRUE(tags->count(infra.canary_arn) == 0 || tags->at(infra.canary_arn).empty());
}

TEST_F(Elbv2MotoTest, ErrorsCarryTheServiceCode) {
  const Infra infra = CreateInfra(UniqueName("errors"));
  const std::string missing_rule =
      infra.rule_arn.substr(0, infra.rule_arn.rfind('/') + 1) + "0123456789abcdef";
  const std::string missing_listener =
      infra.listener_arn.substr(0, infra.listener_arn.rfind('/') + 1) + "0123456789abcdef";
  const std::string missing_tg =
      infra.primary_arn.substr(0, infra.primary_arn.rfind('/') + 1) + "0123456789abcdef";
  const json forward_missing = json::array({{{"Type", "forward"}, {"TargetGroupArn", missing_tg}}});

  ExpectAwsError(client_->DescribeRules({{}, {missing_rule}, {}}).status(), "RuleNotFound",
                 StatusCode::kNotFound);
  ExpectAwsError(client_->ModifyRule(missing_rule, forward_missing).status(), "RuleNotFound",
                 StatusCode::kNotFound);
  ExpectAwsError(client_->DescribeListeners({missing_listener}).status(), "ListenerNotFound",
                 StatusCode::kNotFound);
  ExpectAwsError(client_->ModifyListener(missing_listener, forward_missing).status(),
                 "ListenerNotFound", StatusCode::kNotFound);
  ExpectAwsError(client_->DescribeTargetGroups({missing_tg}).status(), "TargetGroupNotFound",
                 StatusCode::kNotFound);
  ExpectAwsError(client_->DescribeTargetHealth(missing_tg).status(), "TargetGroupNotFound",
                 StatusCode::kNotFound);
  ExpectAwsError(client_->ModifyRule(infra.rule_arn, forward_missing).status(),
                 "TargetGroupNotFound", StatusCode::kNotFound);
  const json bad_fixed_response =
      json::array({{{"Type", "fixed-response"}, {"FixedResponseConfig", {{"StatusCode", "abc"}}}}});
  ExpectAwsError(client_->ModifyRule(infra.rule_arn, bad_fixed_response).status(),
                 "ValidationError", StatusCode::kInvalidInput);

  // None of the failed calls changed the rule.
  StatusOr<std::vector<Rule>> rule = client_->DescribeRules({{}, {infra.rule_arn}, {}});
  ASSERT_TRUE(rule.ok()) << rule.status().ToString();
  EXPECT_EQ(*ForwardTargetGroups((*rule)[0].actions[0]),
            (std::vector<WeightedTargetGroup>{{infra.primary_arn, 100}, {infra.canary_arn, 0}}));
}

}  // namespace
}  // namespace kanaria::aws::elbv2
