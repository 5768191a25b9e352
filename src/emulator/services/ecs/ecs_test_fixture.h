// A World with a manual clock and fake ELBv2 / Cloud Map links, calling ECS operations the way
// the dispatcher does (mutex held, world advanced to now). Shared by the ECS unit tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "emulator/api_error.h"
#include "emulator/service_table.h"
#include "emulator/services/ecs/fake_ecs_links.h"
#include "emulator/world.h"
#include "fakes/manual_clock.h"
#include "support/emulated_calls.h"

namespace kanaria::emulator::testing {

inline constexpr const char* kTargetGroup =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/primary/0123456789abcdef";
inline constexpr const char* kCanaryTargetGroup =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/canary/fedcba9876543210";
inline constexpr const char* kRegistry =
    "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef";

class EcsWorldTest : public ::testing::Test {
 protected:
  explicit EcsWorldTest(double time_scale = 1)
      : world_(WorldOptions{.time_scale = time_scale}, clock_) {
    world_.ecs.SetLinks(&load_balancers_, &registries_);
    load_balancers_.AddTargetGroup(kTargetGroup);
    load_balancers_.AddTargetGroup(kCanaryTargetGroup);
    registries_.AddService(kRegistry);
  }

  // The operation's output; fails the test (and returns null) on an AWS error.
  nlohmann::json Call(std::string_view operation, const nlohmann::json& input) {
    try {
      return CallOrThrow(operation, input);
    } catch (const ApiError& error) {
      ADD_FAILURE() << operation << " failed: " << error.code << ": " << error.message;
      return nullptr;
    }
  }
  // The AWS error code the operation answers with ("" when it succeeds).
  std::string ErrorOf(std::string_view operation, const nlohmann::json& input,
                      std::string* message = nullptr) {
    return kanaria::testing::EmulatedErrorOf(world_, clock_, "ecs", operation, input,
                                             WireProtocol::kJson, message);
  }
  nlohmann::json CallOrThrow(std::string_view operation, const nlohmann::json& input) {
    return kanaria::testing::CallEmulated(world_, clock_, "ecs", operation, input,
                                          WireProtocol::kJson);
  }

  // Moves the clock by `seconds` of wall time and lets the world catch up (the ticker's job).
  void AdvanceSeconds(double seconds) {
    clock_.Advance(std::chrono::milliseconds(std::llround(seconds * 1000)));
    std::lock_guard<std::mutex> lock(world_.mutex());
    world_.AdvanceTo(clock_.Now());
  }

  // --- setup in AWS's terms ---
  void CreateCluster(const std::string& name = "prod") {
    Call("CreateCluster", {{"clusterName", name}});
  }
  // "web:N" with one essential container "web" on port 8080 and the given environment.
  // (Lists are built with json::array(): nested braces collapse in nlohmann's initializers.)
  std::string RegisterWeb(const std::vector<std::pair<std::string, std::string>>& environment = {},
                          const std::string& family = "web") {
    nlohmann::json variables = nlohmann::json::array();
    for (const auto& [name, value] : environment) {
      nlohmann::json variable = {{"name", name}, {"value", value}};
      variables.push_back(variable);
    }
    nlohmann::json port = {{"containerPort", 8080}};
    nlohmann::json container = {{"name", "web"}, {"image", "nginx:1.25"}};
    container["portMappings"] = nlohmann::json::array({port});
    container["environment"] = variables;
    nlohmann::json input = {{"family", family}, {"networkMode", "awsvpc"}};
    input["containerDefinitions"] = nlohmann::json::array({container});
    return Call("RegisterTaskDefinition", input)["taskDefinition"]["taskDefinitionArn"];
  }
  void CreateExternalService(int desired_count, int grace_seconds = 0) {
    Call("CreateService", {{"cluster", "prod"},
                           {"serviceName", "api"},
                           {"desiredCount", desired_count},
                           {"healthCheckGracePeriodSeconds", grace_seconds},
                           {"deploymentController", {{"type", "EXTERNAL"}}}});
  }
  nlohmann::json TaskSetInput(const std::string& task_definition, double scale,
                              const char* target_group = kTargetGroup) {
    nlohmann::json load_balancer = {
        {"targetGroupArn", target_group}, {"containerName", "web"}, {"containerPort", 8080}};
    nlohmann::json input = {{"cluster", "prod"},
                            {"service", "api"},
                            {"taskDefinition", task_definition},
                            {"scale", {{"value", scale}, {"unit", "PERCENT"}}},
                            {"launchType", "FARGATE"}};
    input["loadBalancers"] = nlohmann::json::array({load_balancer});
    return input;
  }
  nlohmann::json CreateTaskSet(const std::string& task_definition, double scale,
                               const char* target_group = kTargetGroup) {
    return Call("CreateTaskSet", TaskSetInput(task_definition, scale, target_group))["taskSet"];
  }
  nlohmann::json DescribeTaskSet(const std::string& id) {
    const nlohmann::json output =
        Call("DescribeTaskSets", {{"cluster", "prod"}, {"service", "api"}, {"taskSets", {id}}});
    return output["taskSets"].empty() ? nlohmann::json() : output["taskSets"][0];
  }
  nlohmann::json DescribeTasksOf(const std::string& started_by,
                                 const std::string& desired_status = "RUNNING") {
    const nlohmann::json arns = Call("ListTasks", {{"cluster", "prod"},
                                                   {"startedBy", started_by},
                                                   {"desiredStatus", desired_status}})["taskArns"];
    if (arns.empty()) return nlohmann::json::array();
    return Call("DescribeTasks", {{"cluster", "prod"}, {"tasks", arns}})["tasks"];
  }

  kanaria::testing::ManualClock clock_;
  FakeLoadBalancers load_balancers_;
  FakeServiceRegistries registries_;
  World world_;
};

}  // namespace kanaria::emulator::testing
