// ELBv2 state: load balancers, target groups, listeners, rules, targets and their health.
// The operation handlers (*_ops.cc) change it through the lookups below; ECS reaches it through
// LoadBalancerLinks and the data plane through ListenerRouting (routing.cc). Every method is
// called with the World's mutex held.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "emulator/dataplane/routing.h"
#include "emulator/services/elbv2/elbv2_model.h"
#include "emulator/services/links.h"

namespace kanaria::emulator {

class World;

class Elbv2State final : public LoadBalancerLinks, public ListenerRouting {
 public:
  explicit Elbv2State(World& world) : world_(&world) {}
  // Null: every target passes its health checks (unit tests without ECS).
  void SetBehaviourSource(const TargetBehaviourSource* behaviours) { behaviours_ = behaviours; }
  // Runs the health checks due by `now` and removes targets whose draining has ended.
  void Advance(WallTime now);

  // LoadBalancerLinks
  bool TargetGroupExists(const std::string& target_group_arn) const override;
  bool TargetGroupHasLoadBalancer(const std::string& target_group_arn) const override;
  void RegisterTarget(const std::string& target_group_arn, const TargetAddress& target,
                      WallTime now) override;
  void DeregisterTarget(const std::string& target_group_arn, const TargetAddress& target,
                        WallTime now) override;
  TargetHealthState HealthOf(const std::string& target_group_arn,
                             const TargetAddress& target) const override;

  // ListenerRouting (routing.cc)
  std::vector<ListenerInfo> Listeners() const override;
  RouteDecision Route(const std::string& listener_arn, const IncomingRequest& request,
                      double group_draw, double target_draw) const override;
  std::vector<IncomingRequest> SampleRequests(const std::string& listener_arn) const override;

  // --- For the operation handlers ---
  World& world() const { return *world_; }
  uint64_t NextSeq() { return ++seq_; }

  std::map<std::string, elbv2::LoadBalancer>& load_balancers() { return load_balancers_; }
  std::map<std::string, elbv2::TargetGroup>& target_groups() { return target_groups_; }
  std::map<std::string, elbv2::Listener>& listeners() { return listeners_; }
  std::map<std::string, elbv2::Rule>& rules() { return rules_; }
  // Resource ARN -> tag key -> value, for every taggable resource that exists.
  std::map<std::string, std::map<std::string, std::string>>& tags() { return tags_; }

  // Lookups that fail with AWS's not-found error (LoadBalancerNotFound, ...).
  elbv2::LoadBalancer& LoadBalancerOrFail(const std::string& arn);
  elbv2::TargetGroup& TargetGroupOrFail(const std::string& arn);
  elbv2::Listener& ListenerOrFail(const std::string& arn);
  elbv2::Rule& RuleOrFail(const std::string& arn);

  // A listener's rules by priority, its default rule last.
  std::vector<const elbv2::Rule*> RulesOf(const std::string& listener_arn) const;

  // Fails with TargetGroupAssociationLimit when a normalised action list for a listener of
  // `load_balancer_arn` forwards to a group that another load balancer already uses.
  void CheckAssociations(const nlohmann::json& actions, const std::string& load_balancer_arn) const;
  // Recomputes which load balancers use each target group after listeners or rules changed.
  // A group that comes into use starts health checking its targets afresh; one that falls out
  // of use drops its draining targets (AWS deregisters unused targets at once).
  void RefreshAssociations(WallTime now);

  // Deletes a listener with its rules and tags (no association refresh).
  void EraseListener(const std::string& listener_arn);

 private:
  World* world_;
  const TargetBehaviourSource* behaviours_ = nullptr;
  uint64_t seq_ = 0;
  std::map<std::string, elbv2::LoadBalancer> load_balancers_;
  std::map<std::string, elbv2::TargetGroup> target_groups_;
  std::map<std::string, elbv2::Listener> listeners_;
  std::map<std::string, elbv2::Rule> rules_;
  std::map<std::string, std::map<std::string, std::string>> tags_;
};

}  // namespace kanaria::emulator
