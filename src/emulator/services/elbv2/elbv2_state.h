// ELBv2 state: load balancers, target groups, listeners, rules, targets and health. (Being built.)
#pragma once

#include "emulator/dataplane/routing.h"
#include "emulator/services/links.h"

namespace kanaria::emulator {

class World;

class Elbv2State final : public LoadBalancerLinks, public ListenerRouting {
 public:
  explicit Elbv2State(World& world) : world_(&world) {}
  void SetBehaviourSource(const TargetBehaviourSource* behaviours) { behaviours_ = behaviours; }
  // Runs health checks and finishes draining up to `now`.
  void Advance(WallTime now) { (void)now; }

  bool TargetGroupExists(const std::string&) const override { return false; }
  bool TargetGroupHasLoadBalancer(const std::string&) const override { return false; }
  void RegisterTarget(const std::string&, const TargetAddress&, WallTime) override {}
  void DeregisterTarget(const std::string&, const TargetAddress&, WallTime) override {}
  TargetHealthState HealthOf(const std::string&, const TargetAddress&) const override {
    return TargetHealthState::kUnused;
  }
  std::vector<ListenerInfo> Listeners() const override { return {}; }
  RouteDecision Route(const std::string&, const IncomingRequest&, double, double) const override {
    return {};
  }
  std::vector<IncomingRequest> SampleRequests(const std::string&) const override { return {}; }

 private:
  World* world_;
  const TargetBehaviourSource* behaviours_ = nullptr;
};

}  // namespace kanaria::emulator
