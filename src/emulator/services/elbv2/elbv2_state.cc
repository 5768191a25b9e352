#include "emulator/services/elbv2/elbv2_state.h"

#include <fmt/format.h>

#include <algorithm>

#include "emulator/api_error.h"
#include "emulator/services/elbv2/actions.h"
#include "emulator/services/elbv2/target_health.h"
#include "emulator/world.h"

namespace kanaria::emulator {

using elbv2::ForwardedTargetGroups;

void Elbv2State::Advance(WallTime now) {
  for (auto& [arn, group] : target_groups_) {
    std::erase_if(group.targets, [&](const auto& entry) {
      return entry.second.drain_until && *entry.second.drain_until <= now;
    });
    elbv2::RunHealthChecks(group, now, world_->time, behaviours_);
  }
}

bool Elbv2State::TargetGroupExists(const std::string& target_group_arn) const {
  return target_groups_.count(target_group_arn) != 0;
}

bool Elbv2State::TargetGroupHasLoadBalancer(const std::string& target_group_arn) const {
  const auto it = target_groups_.find(target_group_arn);
  return it != target_groups_.end() && !it->second.load_balancer_arns.empty();
}

void Elbv2State::RegisterTarget(const std::string& target_group_arn, const TargetAddress& target,
                                WallTime now) {
  const auto group = target_groups_.find(target_group_arn);
  if (group == target_groups_.end()) return;
  auto [it, inserted] = group->second.targets.try_emplace(target);
  elbv2::Target& entry = it->second;
  if (!inserted && !entry.drain_until) return;  // registering twice changes nothing, as in AWS
  // A new target, or one registered again while draining: both start over as `initial`.
  entry.address = target;
  entry.registered_at = now;
  entry.drain_until.reset();
  elbv2::StartHealthChecks(entry, now);
}

void Elbv2State::DeregisterTarget(const std::string& target_group_arn, const TargetAddress& target,
                                  WallTime now) {
  const auto group = target_groups_.find(target_group_arn);
  if (group == target_groups_.end()) return;
  const auto it = group->second.targets.find(target);
  if (it == group->second.targets.end() || it->second.drain_until) return;
  int delay = 300;
  if (auto attribute = group->second.attributes.find("deregistration_delay.timeout_seconds");
      attribute != group->second.attributes.end()) {
    delay = std::atoi(attribute->second.c_str());
  }
  // A group no load balancer uses has no connections to drain.
  if (group->second.load_balancer_arns.empty() || delay <= 0) {
    group->second.targets.erase(it);
    return;
  }
  it->second.drain_until = world_->time.After(now, VirtualSeconds(delay));
}

TargetHealthState Elbv2State::HealthOf(const std::string& target_group_arn,
                                       const TargetAddress& target) const {
  const auto group = target_groups_.find(target_group_arn);
  if (group == target_groups_.end()) return TargetHealthState::kUnused;
  const auto it = group->second.targets.find(target);
  if (it == group->second.targets.end()) return TargetHealthState::kUnused;
  return elbv2::ViewOf(group->second, it->second).state;
}

elbv2::LoadBalancer& Elbv2State::LoadBalancerOrFail(const std::string& arn) {
  const auto it = load_balancers_.find(arn);
  if (it == load_balancers_.end()) {
    Fail("LoadBalancerNotFound", fmt::format("Load balancer '{}' not found", arn));
  }
  return it->second;
}

elbv2::TargetGroup& Elbv2State::TargetGroupOrFail(const std::string& arn) {
  const auto it = target_groups_.find(arn);
  if (it == target_groups_.end()) {
    Fail("TargetGroupNotFound", fmt::format("Target groups '{}' not found", arn));
  }
  return it->second;
}

elbv2::Listener& Elbv2State::ListenerOrFail(const std::string& arn) {
  const auto it = listeners_.find(arn);
  if (it == listeners_.end()) {
    Fail("ListenerNotFound", fmt::format("Listener '{}' not found", arn));
  }
  return it->second;
}

elbv2::Rule& Elbv2State::RuleOrFail(const std::string& arn) {
  const auto it = rules_.find(arn);
  if (it == rules_.end()) Fail("RuleNotFound", fmt::format("Rule '{}' not found", arn));
  return it->second;
}

std::vector<const elbv2::Rule*> Elbv2State::RulesOf(const std::string& listener_arn) const {
  std::vector<const elbv2::Rule*> out;
  for (const auto& [arn, rule] : rules_) {
    if (rule.listener_arn == listener_arn) out.push_back(&rule);
  }
  std::sort(out.begin(), out.end(), [](const elbv2::Rule* a, const elbv2::Rule* b) {
    if (a->is_default() != b->is_default()) return b->is_default();
    if (a->is_default()) return a->seq < b->seq;
    return *a->priority < *b->priority;
  });
  return out;
}

void Elbv2State::CheckAssociations(const nlohmann::json& actions,
                                   const std::string& load_balancer_arn) const {
  std::vector<std::string> refused;
  for (const std::string& arn : ForwardedTargetGroups(actions)) {
    const auto group = target_groups_.find(arn);
    if (group == target_groups_.end()) continue;
    for (const std::string& user : group->second.load_balancer_arns) {
      if (user != load_balancer_arn) refused.push_back(arn);
    }
  }
  if (!refused.empty()) {
    Fail("TargetGroupAssociationLimit",
         fmt::format("The following target groups cannot be associated with more than one load "
                     "balancer: {}",
                     fmt::join(refused, ", ")));
  }
}

void Elbv2State::RefreshAssociations(WallTime now) {
  std::map<std::string, std::set<std::string>> users;
  for (const auto& [arn, listener] : listeners_) {
    for (const std::string& group : ForwardedTargetGroups(listener.default_actions)) {
      users[group].insert(listener.load_balancer_arn);
    }
  }
  for (const auto& [arn, rule] : rules_) {
    if (rule.is_default()) continue;  // mirrors its listener's default actions
    const auto listener = listeners_.find(rule.listener_arn);
    if (listener == listeners_.end()) continue;
    for (const std::string& group : ForwardedTargetGroups(rule.actions)) {
      users[group].insert(listener->second.load_balancer_arn);
    }
  }
  for (auto& [arn, group] : target_groups_) {
    std::set<std::string> now_used = users[arn];
    if (group.load_balancer_arns.empty() && !now_used.empty()) {
      for (auto& [address, target] : group.targets) {
        if (!target.drain_until) elbv2::StartHealthChecks(target, now);
      }
    } else if (!group.load_balancer_arns.empty() && now_used.empty()) {
      std::erase_if(group.targets,
                    [](const auto& entry) { return entry.second.drain_until.has_value(); });
    }
    group.load_balancer_arns = std::move(now_used);
  }
}

void Elbv2State::EraseListener(const std::string& listener_arn) {
  std::erase_if(rules_, [&](const auto& entry) {
    if (entry.second.listener_arn != listener_arn) return false;
    tags_.erase(entry.first);
    return true;
  });
  tags_.erase(listener_arn);
  listeners_.erase(listener_arn);
}

}  // namespace kanaria::emulator
