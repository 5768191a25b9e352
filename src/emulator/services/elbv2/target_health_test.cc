// Health-check timing under a time scale, draining and the unused state, computed exactly from
// a manual clock.
#include <gtest/gtest.h>

#include "emulator/services/elbv2/elbv2_test_support.h"

namespace kanaria::emulator::elbv2_test {
namespace {

using Health = std::pair<std::string, std::string>;

// time_scale 10: the default 30 s interval is 3 s of wall time, the 300 s delay 30 s.
class Elbv2HealthTest : public ::testing::Test {
 protected:
  Elbv2HealthTest() : api(WorldOptions{.time_scale = 10}) {}
  void UseLoadBalancer() {
    lb = api.CreateLoadBalancer("web");
    api.CreateListener(lb, Elbv2Api::Forward(group));
  }
  TargetHealthState LinkHealth(const std::string& ip) {
    std::lock_guard<std::mutex> lock(api.world.mutex());
    return api.world.elbv2.HealthOf(group, TargetAddress{ip, 80});
  }
  Elbv2Api api;
  std::string group = api.CreateTargetGroup("app");
  std::string lb;
  FakeBehaviours behaviours;
};

TEST_F(Elbv2HealthTest, NewTargetIsInitialUntilItPassesOneCheck) {
  UseLoadBalancer();
  api.Register(group, "10.0.0.1");
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1"), Health("initial", "Elb.RegistrationInProgress"));
  EXPECT_EQ(LinkHealth("10.0.0.1"), TargetHealthState::kInitial);
  api.AdvanceSeconds(2.999);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "initial");
  api.AdvanceSeconds(0.001);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1"), Health("healthy", ""));
  EXPECT_EQ(LinkHealth("10.0.0.1"), TargetHealthState::kHealthy);
}

TEST_F(Elbv2HealthTest, FailingTargetTurnsUnhealthyAfterTheThresholdAndRecovers) {
  UseLoadBalancer();
  TargetBehaviour failing;
  failing.fails_health_checks = true;
  behaviours.behaviours[{"10.0.0.1", 80}] = failing;
  api.world.elbv2.SetBehaviourSource(&behaviours);
  api.Register(group, "10.0.0.1");
  api.AdvanceSeconds(3);  // one failed check of UnhealthyThresholdCount 2
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1"), Health("initial", "Elb.InitialHealthChecking"));
  api.AdvanceSeconds(3);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1"), Health("unhealthy", "Target.FailedHealthChecks"));
  EXPECT_EQ(LinkHealth("10.0.0.1"), TargetHealthState::kUnhealthy);
  // Recovery takes HealthyThresholdCount (5) passes in a row.
  behaviours.behaviours[{"10.0.0.1", 80}].fails_health_checks = false;
  api.AdvanceSeconds(12);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "unhealthy");
  api.AdvanceSeconds(3);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "healthy");
}

TEST_F(Elbv2HealthTest, TargetWithoutLiveTaskTimesOut) {
  UseLoadBalancer();
  api.world.elbv2.SetBehaviourSource(&behaviours);
  api.Register(group, "10.0.0.9");
  api.AdvanceSeconds(6);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.9"), Health("unhealthy", "Target.Timeout"));
}

TEST_F(Elbv2HealthTest, UnusedGroupHasUnusedTargetsUntilALoadBalancerUsesIt) {
  api.Register(group, "10.0.0.1");
  api.AdvanceSeconds(10);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1"), Health("unused", "Target.NotInUse"));
  EXPECT_EQ(LinkHealth("10.0.0.1"), TargetHealthState::kUnused);
  UseLoadBalancer();  // checks start now, not at registration
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "initial");
  api.AdvanceSeconds(2.5);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "initial");
  api.AdvanceSeconds(0.5);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "healthy");
  EXPECT_EQ(api.HealthOf(group, "10.9.9.9"), Health("unused", "Target.NotRegistered"));
}

TEST_F(Elbv2HealthTest, DeregisteredTargetDrainsForTheScaledDelay) {
  UseLoadBalancer();
  api.Register(group, "10.0.0.1");
  api.AdvanceSeconds(3);
  api.Call("DeregisterTargets",
           {{"TargetGroupArn", group}, {"Targets", {{{"Id", "10.0.0.1"}, {"Port", "80"}}}}});
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1"), Health("draining", "Target.DeregistrationInProgress"));
  EXPECT_EQ(LinkHealth("10.0.0.1"), TargetHealthState::kDraining);
  api.AdvanceSeconds(29.9);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "draining");
  api.AdvanceSeconds(0.1);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1"), Health("unused", "Target.NotRegistered"));
  EXPECT_TRUE(
      api.Call("DescribeTargetHealth", {{"TargetGroupArn", group}})["TargetHealthDescriptions"]
          .empty());
}

TEST_F(Elbv2HealthTest, DrainingFollowsTheDeregistrationDelayAttribute) {
  UseLoadBalancer();
  api.Call("ModifyTargetGroupAttributes",
           {{"TargetGroupArn", group},
            {"Attributes", {{{"Key", "deregistration_delay.timeout_seconds"}, {"Value", "20"}}}}});
  {
    std::lock_guard<std::mutex> lock(api.world.mutex());
    api.world.elbv2.RegisterTarget(group, {"10.0.0.2", 8080}, api.clock.Now());
    api.world.elbv2.DeregisterTarget(group, {"10.0.0.2", 8080}, api.clock.Now());
  }
  EXPECT_EQ(api.HealthOf(group, "10.0.0.2", 8080).first, "draining");
  api.AdvanceSeconds(2);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.2", 8080).second, "Target.NotRegistered");
}

TEST_F(Elbv2HealthTest, RegisteringAgainWhileDrainingStartsOver) {
  UseLoadBalancer();
  api.Register(group, "10.0.0.1");
  api.AdvanceSeconds(3);
  api.Call("DeregisterTargets", {{"TargetGroupArn", group}, {"Targets", {{{"Id", "10.0.0.1"}}}}});
  api.Register(group, "10.0.0.1");
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "initial");
  api.AdvanceSeconds(3);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "healthy");
}

TEST_F(Elbv2HealthTest, IntervalComesFromTheTargetGroup) {
  api.Call("ModifyTargetGroup", {{"TargetGroupArn", group}, {"HealthCheckIntervalSeconds", "10"}});
  UseLoadBalancer();
  api.Register(group, "10.0.0.1");
  api.AdvanceSeconds(0.999);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "initial");
  api.AdvanceSeconds(0.001);
  EXPECT_EQ(api.HealthOf(group, "10.0.0.1").first, "healthy");
  EXPECT_EQ(api.ErrorOf("RegisterTargets",
                        {{"TargetGroupArn", group}, {"Targets", {{{"Id", "not-an-ip"}}}}}),
            "InvalidTarget");
}

}  // namespace
}  // namespace kanaria::emulator::elbv2_test
