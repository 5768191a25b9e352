// The scenario checker must be able to fail: each test makes, through the emulator's AWS API,
// the change a broken engine would make, reports it as the engine's call event, and expects the
// checker to name the broken invariant. A correct change next to it must pass.
#include "scenarios/invariant_checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

namespace kanaria::testing {
namespace {

using nlohmann::json;

class InvariantCheckerTest : public ::testing::Test {
 protected:
  InvariantCheckerTest() {
    std::random_device random;
    dir_ = (std::filesystem::temp_directory_path() / ("kanaria-checker-" + std::to_string(random()))).string();
    std::filesystem::create_directories(dir_);
    scenario_.name = "checker";
    world_ = BuildScenarioWorld(fixture_, scenario_, dir_);
  }
  ~InvariantCheckerTest() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // The default action of the world's only listener, rewritten with `forward`.
  void ModifyListener(const json& forward) {
    ASSERT_TRUE(fixture_.Elbv2("ModifyListener", {{"ListenerArn", world_.listener_arns[0]},
                                                  {"DefaultActions", json::array({forward})}}).ok());
  }
  static json Forward(const std::string& blue, int blue_weight, const std::string& green, int green_weight) {
    return {{"Type", "forward"},
            {"ForwardConfig", {{"TargetGroups", json::array({{{"TargetGroupArn", blue}, {"Weight", std::to_string(blue_weight)}},
                                                              {{"TargetGroupArn", green}, {"Weight", std::to_string(green_weight)}}})}}}};
  }
  static engine::ReleaseEvent CallEvent(const std::string& operation) {
    return {.at = {}, .type = "call", .text = operation, .data = {{"operation", operation}, {"ok", true}}};
  }

  static emulator::EmulatorOptions Fast() {
    emulator::EmulatorOptions options;
    options.time_scale = 50;
    return options;
  }

  EmulatorFixture fixture_{Fast()};
  std::string dir_;
  Scenario scenario_;
  ScenarioWorld world_;
};

TEST_F(InvariantCheckerTest, FlagsI1WhenTheCanaryGetsWeightBeforeItIsSteady) {
  InvariantChecker checker(fixture_, world_, scenario_, [](ScenarioAction&) {});
  const std::string v2 = fixture_.RegisterVersion();
  ASSERT_TRUE(fixture_.Admin("POST", "faults", {{"taskDefinitions", json::array({{{"taskDefinition", v2},
                                                                                  {"stuckStabilizing", true}}})}}).ok());
  fixture_.CreateTaskSet(v2, world_.green_arn, 10);

  ModifyListener(Forward(world_.blue_arn, 90, world_.green_arn, 10));
  checker.Emit(CallEvent("elasticloadbalancing:ModifyListener"));

  ASSERT_EQ(checker.violations().size(), 1u) << ::testing::PrintToString(checker.violations());
  EXPECT_THAT(checker.violations()[0], ::testing::StartsWith("I1: elasticloadbalancing:ModifyListener raised the weight of " +
                                                             world_.green_arn));
}

TEST_F(InvariantCheckerTest, FlagsI2WhenARuleChangesBeyondTheWeights) {
  InvariantChecker checker(fixture_, world_, scenario_, [](ScenarioAction&) {});
  json forward = Forward(world_.blue_arn, 100, world_.green_arn, 0);
  forward["ForwardConfig"]["TargetGroupStickinessConfig"] = {{"Enabled", "true"}, {"DurationSeconds", "60"}};
  ModifyListener(forward);
  checker.Emit(CallEvent("elasticloadbalancing:ModifyListener"));

  ASSERT_EQ(checker.violations().size(), 1u) << ::testing::PrintToString(checker.violations());
  EXPECT_THAT(checker.violations()[0], ::testing::StartsWith("I2: after elasticloadbalancing:ModifyListener rule " +
                                                             world_.listener_arns[0] + " changed beyond the weights"));
}

TEST_F(InvariantCheckerTest, FlagsI2WhenAnotherTargetGroupIsAdded) {
  InvariantChecker checker(fixture_, world_, scenario_, [](ScenarioAction&) {});
  json forward = Forward(world_.blue_arn, 90, world_.green_arn, 0);
  forward["ForwardConfig"]["TargetGroups"].push_back({{"TargetGroupArn", world_.other_arn}, {"Weight", "10"}});
  ModifyListener(forward);
  checker.Emit(CallEvent("elasticloadbalancing:ModifyListener"));

  ASSERT_EQ(checker.violations().size(), 1u) << ::testing::PrintToString(checker.violations());
  EXPECT_THAT(checker.violations()[0], ::testing::StartsWith("I2: "));
}

TEST_F(InvariantCheckerTest, AcceptsAWeightChangeToASteadyCanary) {
  InvariantChecker checker(fixture_, world_, scenario_, [](ScenarioAction&) {});
  const std::string v2 = fixture_.RegisterVersion();
  const std::string canary = fixture_.CreateTaskSet(v2, world_.green_arn, 10);
  ASSERT_TRUE(EmulatorFixture::WaitUntil(
      [&] {
        auto described = fixture_.Ecs("DescribeTaskSets", {{"cluster", world_.cluster}, {"service", world_.service},
                                                           {"taskSets", json::array({canary})}});
        return described.ok() && (*described)["taskSets"][0].value("stabilityStatus", "") == "STEADY_STATE";
      },
      std::chrono::seconds(20)));

  ModifyListener(Forward(world_.blue_arn, 90, world_.green_arn, 10));
  checker.Emit(CallEvent("elasticloadbalancing:ModifyListener"));

  EXPECT_THAT(checker.violations(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace kanaria::testing
