#include "scenarios/invariant_checker.h"

#include <fmt/format.h>

#include <set>

namespace kanaria::testing {
namespace {

using nlohmann::json;

// A rule's actions with the forward action reduced to its stickiness and the set of groups other
// than primary/canary, and OIDC secrets dropped: what I2 says must not change.
json Essence(const json& actions, const ScenarioWorld& world) {
  json out = json::array();
  for (json action : actions) {
    if (action.value("Type", "") == "forward") {
      std::set<std::string> others;
      json groups = action.contains("ForwardConfig") ? action["ForwardConfig"].value("TargetGroups", json::array())
                                                     : json::array();
      if (groups.empty() && action.contains("TargetGroupArn")) groups.push_back({{"TargetGroupArn", action["TargetGroupArn"]}});
      for (const auto& g : groups) {
        const std::string arn = g.value("TargetGroupArn", "");
        if (arn != world.blue_arn && arn != world.green_arn) others.insert(arn);
      }
      json stickiness = action.contains("ForwardConfig") ? action["ForwardConfig"].value("TargetGroupStickinessConfig", json())
                                                         : json();
      if (stickiness.is_object() && stickiness.value("Enabled", "false") == "false") stickiness = json();
      action = {{"Type", "forward"}, {"Order", action.value("Order", json())}, {"others", others}, {"stickiness", stickiness}};
    }
    if (action.contains("AuthenticateOidcConfig")) {
      action["AuthenticateOidcConfig"].erase("ClientSecret");
      action["AuthenticateOidcConfig"].erase("UseExistingClientSecret");
    }
    out.push_back(action);
  }
  return out;
}

}  // namespace

std::map<std::string, json> SnapshotRules(EmulatorFixture& f, const ScenarioWorld& world) {
  std::map<std::string, json> rules;
  for (const auto& listener : world.listener_arns) {
    auto described = f.Elbv2("DescribeRules", {{"ListenerArn", listener}});
    if (!described.ok()) continue;
    for (const auto& rule : (*described)["Rules"]) {
      const bool is_default = rule.value("IsDefault", "false") == "true";
      rules[is_default ? listener : rule.value("RuleArn", "")] = rule;
    }
  }
  return rules;
}

std::pair<int, int> WeightsOf(const json& rule, const ScenarioWorld& world) {
  int primary = 0, canary = 0;
  for (const auto& action : rule.value("Actions", json::array())) {
    if (action.value("Type", "") != "forward") continue;
    json groups = action.contains("ForwardConfig") ? action["ForwardConfig"].value("TargetGroups", json::array())
                                                   : json::array();
    if (groups.empty() && action.contains("TargetGroupArn")) {
      groups.push_back({{"TargetGroupArn", action["TargetGroupArn"]}, {"Weight", "1"}});
    }
    for (const auto& g : groups) {
      const int weight = std::stoi(g.value("Weight", "1"));
      if (g.value("TargetGroupArn", "") == world.blue_arn) primary = weight;
      if (g.value("TargetGroupArn", "") == world.green_arn) canary = weight;
    }
  }
  return {primary, canary};
}

InvariantChecker::InvariantChecker(EmulatorFixture& fixture, const ScenarioWorld& world, Scenario& scenario,
                                   std::function<void(ScenarioAction&)> fire)
    : fixture_(fixture), world_(world), scenario_(scenario), fire_(std::move(fire)) {
  initial_rules_ = SnapshotRules(fixture_, world_);
  for (const auto& [arn, rule] : initial_rules_) weights_[arn] = WeightsOf(rule, world_);
}

void InvariantChecker::CheckAfterCall(const engine::ReleaseEvent& event) {
  if (!event.data.value("ok", false)) return;
  const std::string operation = event.data.value("operation", "");
  if (operation != "elasticloadbalancing:ModifyRule" && operation != "elasticloadbalancing:ModifyListener") return;
  auto task_sets = fixture_.Ecs("DescribeTaskSets", {{"cluster", world_.cluster}, {"service", world_.service}});
  const auto rules = SnapshotRules(fixture_, world_);
  for (const auto& [arn, rule] : rules) {
    auto before = initial_rules_.find(arn);
    if (before == initial_rules_.end()) continue;
    // I2
    if (rule.value("Conditions", json::array()) != before->second.value("Conditions", json::array()) ||
        rule.value("Priority", "") != before->second.value("Priority", "") ||
        Essence(rule.value("Actions", json::array()), world_) != Essence(before->second.value("Actions", json::array()), world_)) {
      violations_.push_back(fmt::format("I2: after {} rule {} changed beyond the weights:\nbefore {}\nafter  {}",
                                        operation, arn, before->second.dump(), rule.dump()));
    }
    // I1
    auto [primary, canary] = WeightsOf(rule, world_);
    auto [old_primary, old_canary] = weights_[arn];
    for (auto [raised, group] : {std::pair{primary > 0 && old_primary == 0, world_.blue_arn},
                                 std::pair{canary > 0 && old_canary == 0, world_.green_arn}}) {
      if (!raised || !task_sets.ok()) continue;
      for (const auto& ts : (*task_sets)["taskSets"]) {
        if (ts.value("status", "") == "DRAINING") continue;
        bool attached = false;
        for (const auto& lb : ts.value("loadBalancers", json::array())) attached |= lb.value("targetGroupArn", "") == group;
        if (attached && ts.value("stabilityStatus", "") != "STEADY_STATE") {
          violations_.push_back(fmt::format("I1: {} raised the weight of {} while task set {} was {}", operation,
                                            group, ts.value("id", ""), ts.value("stabilityStatus", "")));
        }
      }
    }
    weights_[arn] = {primary, canary};
  }
}

void InvariantChecker::Emit(const engine::ReleaseEvent& event) {
  events_.push_back(event);
  if (event.type == "call") CheckAfterCall(event);
  for (auto& action : scenario_.during) {
    if (action.fired) continue;
    const bool stage_match = event.type == "stage.started" && !action.when_stage.empty() &&
                             event.data.value("name", "") == action.when_stage;
    const bool call_match = event.type == "call" && !action.when_call.empty() &&
                            event.data.value("operation", "") == action.when_call;
    const bool look_match = event.type == "analysis" && action.when_look > 0 &&
                            event.data.value("look", 0) == action.when_look;
    if (stage_match || call_match || look_match) {
      action.fired = true;
      fire_(action);
    }
  }
}

}  // namespace kanaria::testing
