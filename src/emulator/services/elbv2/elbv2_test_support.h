// Test helpers: a World on a manual clock and calls through the service table, with input shaped
// as the query protocol decodes it (every scalar a string).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "emulator/api_error.h"
#include "emulator/service_table.h"
#include "emulator/world.h"
#include "fakes/manual_clock.h"
#include "support/emulated_calls.h"

namespace kanaria::emulator::elbv2_test {

using nlohmann::json;

// Behaviour per address; addresses not listed have no live task.
class FakeBehaviours final : public TargetBehaviourSource {
 public:
  std::optional<TargetBehaviour> BehaviourAt(const TargetAddress& target) const override {
    const auto it = behaviours.find(target);
    if (it == behaviours.end()) return std::nullopt;
    return it->second;
  }
  std::map<TargetAddress, TargetBehaviour> behaviours;
};

class Elbv2Api {
 public:
  explicit Elbv2Api(WorldOptions options = {}) : world(options, clock) {
    world.elbv2.SetBehaviourSource(nullptr);  // every target passes unless a test says otherwise
  }

  json Call(std::string_view operation_name, const json& input) {
    return kanaria::testing::CallEmulated(world, clock, "elasticloadbalancing", operation_name,
                                          input, WireProtocol::kQuery);
  }

  // The AWS error code the call fails with, or "OK".
  std::string ErrorOf(std::string_view operation_name, const json& input) {
    const std::string code = kanaria::testing::EmulatedErrorOf(
        world, clock, "elasticloadbalancing", operation_name, input, WireProtocol::kQuery);
    return code.empty() ? "OK" : code;
  }

  void AdvanceSeconds(double seconds) {
    clock.Advance(std::chrono::milliseconds(std::llround(seconds * 1000)));
    std::lock_guard<std::mutex> lock(world.mutex());
    world.AdvanceTo(clock.Now());
  }

  std::string CreateLoadBalancer(const std::string& name) {
    return Call("CreateLoadBalancer",
                {{"Name", name},
                 {"Subnets", {"subnet-1", "subnet-2"}}})["LoadBalancers"][0]["LoadBalancerArn"];
  }
  std::string CreateTargetGroup(const std::string& name) {
    return Call("CreateTargetGroup", {{"Name", name},
                                      {"Protocol", "HTTP"},
                                      {"Port", "80"},
                                      {"VpcId", "vpc-1"},
                                      {"TargetType", "ip"}})["TargetGroups"][0]["TargetGroupArn"];
  }
  static json Forward(const std::string& target_group_arn) {
    return json::array({{{"Type", "forward"}, {"TargetGroupArn", target_group_arn}}});
  }
  static json Weighted(const std::vector<std::pair<std::string, int>>& groups) {
    json tuples = json::array();
    for (const auto& [arn, weight] : groups) {
      tuples.push_back({{"TargetGroupArn", arn}, {"Weight", std::to_string(weight)}});
    }
    return json::array({{{"Type", "forward"}, {"ForwardConfig", {{"TargetGroups", tuples}}}}});
  }
  std::string CreateListener(const std::string& lb_arn, const json& default_actions,
                             int port = 80) {
    return Call("CreateListener",
                {{"LoadBalancerArn", lb_arn},
                 {"Protocol", "HTTP"},
                 {"Port", std::to_string(port)},
                 {"DefaultActions", default_actions}})["Listeners"][0]["ListenerArn"];
  }
  std::string CreateRule(const std::string& listener_arn, int priority, const json& conditions,
                         const json& actions) {
    return Call("CreateRule", {{"ListenerArn", listener_arn},
                               {"Priority", std::to_string(priority)},
                               {"Conditions", conditions},
                               {"Actions", actions}})["Rules"][0]["RuleArn"];
  }
  void Register(const std::string& target_group_arn, const std::string& ip, int port = 80) {
    Call("RegisterTargets", {{"TargetGroupArn", target_group_arn},
                             {"Targets", {{{"Id", ip}, {"Port", std::to_string(port)}}}}});
  }
  // State and reason of one target ("" reason when healthy).
  std::pair<std::string, std::string> HealthOf(const std::string& target_group_arn,
                                               const std::string& ip, int port = 80) {
    const json out =
        Call("DescribeTargetHealth", {{"TargetGroupArn", target_group_arn},
                                      {"Targets", {{{"Id", ip}, {"Port", std::to_string(port)}}}}});
    const json& health = out["TargetHealthDescriptions"][0]["TargetHealth"];
    return {health["State"], health.value("Reason", "")};
  }

  kanaria::testing::ManualClock clock;
  World world;
};

}  // namespace kanaria::emulator::elbv2_test
