// ListenerRouting: rules, weighted forward with fixed draws, fail-open, 503, stickiness and the
// sample requests.
#include <gtest/gtest.h>

#include "emulator/services/elbv2/elbv2_test_support.h"

namespace kanaria::emulator::elbv2_test {
namespace {

using RouteKind = RouteDecision::Kind;

class Elbv2RoutingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lb = api.CreateLoadBalancer("web");
    primary = api.CreateTargetGroup("primary");
    canary = api.CreateTargetGroup("canary");
  }
  RouteDecision Route(const IncomingRequest& request, double group_draw = 0,
                      double target_draw = 0) {
    std::lock_guard<std::mutex> lock(api.world.mutex());
    api.world.AdvanceTo(api.clock.Now());
    return api.world.elbv2.Route(listener, request, group_draw, target_draw);
  }
  static IncomingRequest Path(std::string path) {
    IncomingRequest request;
    request.host = "web.example.com";
    request.path = std::move(path);
    return request;
  }
  Elbv2Api api;
  std::string lb, primary, canary, listener;
};

TEST_F(Elbv2RoutingTest, WeightedForwardSplitsExactlyByWeight) {
  listener = api.CreateListener(lb, Elbv2Api::Weighted({{primary, 90}, {canary, 10}}));
  api.Register(primary, "10.0.0.1");
  api.Register(canary, "10.0.1.1");
  api.AdvanceSeconds(30);
  std::map<std::string, int> hits;
  for (int i = 0; i < 1000; ++i) {
    const RouteDecision decision = Route(Path("/"), (i + 0.5) / 1000.0, 0.5);
    ASSERT_EQ(decision.kind, RouteKind::kForward);
    EXPECT_EQ(decision.load_balancer_arn, lb);
    ++hits[decision.target.ip];
  }
  EXPECT_EQ(hits["10.0.0.1"], 900);
  EXPECT_EQ(hits["10.0.1.1"], 100);
  // Weight 0 receives nothing, even at the edge of the draw range.
  api.Call("ModifyListener", {{"ListenerArn", listener},
                              {"DefaultActions", Elbv2Api::Weighted({{primary, 0}, {canary, 5}})}});
  EXPECT_EQ(Route(Path("/"), 0.0).target_group_arn, canary);
  EXPECT_EQ(Route(Path("/"), 0.999999).target_group_arn, canary);
}

TEST_F(Elbv2RoutingTest, PrefersHealthyTargetsAndFailsOpenWhenNoneIs) {
  listener = api.CreateListener(lb, Elbv2Api::Forward(primary));
  FakeBehaviours behaviours;
  TargetBehaviour fine;
  TargetBehaviour failing;
  failing.fails_health_checks = true;
  behaviours.behaviours[{"10.0.0.1", 80}] = failing;
  behaviours.behaviours[{"10.0.0.2", 80}] = fine;
  api.world.elbv2.SetBehaviourSource(&behaviours);
  api.Register(primary, "10.0.0.1");
  api.Register(primary, "10.0.0.2");
  api.AdvanceSeconds(60);
  for (double draw : {0.0, 0.3, 0.7, 0.99}) {
    EXPECT_EQ(Route(Path("/"), 0, draw).target.ip, "10.0.0.2") << draw;
  }
  behaviours.behaviours[{"10.0.0.2", 80}] = failing;
  api.AdvanceSeconds(60);
  EXPECT_EQ(api.HealthOf(primary, "10.0.0.2").first, "unhealthy");
  // No healthy target: spread over all registered ones.
  EXPECT_EQ(Route(Path("/"), 0, 0.1).target.ip, "10.0.0.1");
  EXPECT_EQ(Route(Path("/"), 0, 0.9).target.ip, "10.0.0.2");
}

TEST_F(Elbv2RoutingTest, GroupWithoutRegisteredTargetsIsUnavailable) {
  listener = api.CreateListener(lb, Elbv2Api::Forward(primary));
  RouteDecision decision = Route(Path("/"));
  EXPECT_EQ(decision.kind, RouteKind::kUnavailable);
  EXPECT_EQ(decision.target_group_arn, primary);
  api.Register(primary, "10.0.0.1");
  EXPECT_EQ(Route(Path("/")).kind, RouteKind::kForward);  // initial only: fail open
  api.Call("DeregisterTargets", {{"TargetGroupArn", primary}, {"Targets", {{{"Id", "10.0.0.1"}}}}});
  EXPECT_EQ(Route(Path("/")).kind, RouteKind::kUnavailable);  // draining takes no new requests
  EXPECT_EQ(api.world.elbv2.Route("arn:nope", Path("/"), 0, 0).kind, RouteKind::kNotRoutable);
}

TEST_F(Elbv2RoutingTest, RulesInPriorityOrderThenTheDefaultAction) {
  listener = api.CreateListener(lb, Elbv2Api::Forward(primary));
  const json fixed = json::array(
      {{{"Type", "fixed-response"},
        {"FixedResponseConfig",
         {{"StatusCode", "418"}, {"ContentType", "text/plain"}, {"MessageBody", "teapot"}}}}});
  api.CreateRule(listener, 20, json::array({{{"Field", "path-pattern"}, {"Values", {"/api/*"}}}}),
                 fixed);
  api.CreateRule(listener, 5, json::array({{{"Field", "path-pattern"}, {"Values", {"/api/v2/*"}}}}),
                 Elbv2Api::Forward(canary));
  api.Register(primary, "10.0.0.1");
  api.Register(canary, "10.0.1.1");
  EXPECT_EQ(Route(Path("/api/v2/x")).target_group_arn, canary);
  const RouteDecision teapot = Route(Path("/api/v1/x"));
  EXPECT_EQ(teapot.kind, RouteKind::kFixedResponse);
  EXPECT_EQ(teapot.status, 418);
  EXPECT_EQ(teapot.body, "teapot");
  EXPECT_EQ(Route(Path("/other")).target_group_arn, primary);
}

TEST_F(Elbv2RoutingTest, StickinessKeepsTheGroupNamedByTheCookie) {
  json actions = Elbv2Api::Weighted({{primary, 50}, {canary, 50}});
  actions[0]["ForwardConfig"]["TargetGroupStickinessConfig"] = {{"Enabled", "true"},
                                                                {"DurationSeconds", "60"}};
  listener = api.CreateListener(lb, actions);
  api.Register(primary, "10.0.0.1");
  api.Register(canary, "10.0.1.1");
  const RouteDecision first = Route(Path("/"), 0.9);
  EXPECT_EQ(first.target_group_arn, canary);
  EXPECT_EQ(first.set_cookie, "AWSALBTG=" + canary + "; Max-Age=60; Path=/");
  IncomingRequest again = Path("/");
  again.headers["cookie"] = "a=b; AWSALBTG=" + canary;
  EXPECT_EQ(Route(again, 0.1).target_group_arn, canary);
  again.headers["cookie"] = "AWSALBTG=arn:other";
  EXPECT_EQ(Route(again, 0.1).target_group_arn, primary);
  json missing_duration = actions;
  missing_duration[0]["ForwardConfig"]["TargetGroupStickinessConfig"].erase("DurationSeconds");
  EXPECT_EQ(api.ErrorOf("ModifyListener",
                        {{"ListenerArn", listener}, {"DefaultActions", missing_duration}}),
            "ValidationError");
}

TEST_F(Elbv2RoutingTest, SampleRequestsReachEveryRuleAndTheDefault) {
  listener = api.CreateListener(lb, Elbv2Api::Forward(primary));
  const std::string third = api.CreateTargetGroup("third");
  api.CreateRule(listener, 1,
                 json::array({{{"Field", "host-header"}, {"Values", {"canary.*.com"}}}}),
                 Elbv2Api::Forward(canary));
  api.CreateRule(
      listener, 2,
      json::array({{{"Field", "http-header"},
                    {"HttpHeaderConfig", {{"HttpHeaderName", "X-Third"}, {"Values", {"y?s"}}}}}}),
      Elbv2Api::Forward(third));
  std::vector<IncomingRequest> samples;
  {
    std::lock_guard<std::mutex> lock(api.world.mutex());
    samples = api.world.elbv2.SampleRequests(listener);
    ASSERT_EQ(api.world.elbv2.Listeners().size(), 1u);
  }
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_EQ(Route(samples[0]).target_group_arn, canary);
  EXPECT_EQ(Route(samples[1]).target_group_arn, third);
  EXPECT_EQ(Route(samples[2]).target_group_arn, primary);
}

}  // namespace
}  // namespace kanaria::emulator::elbv2_test
