// ECS state: clusters, services, task definitions, task sets and their tasks. (Being built.)
#pragma once

#include "emulator/services/links.h"

namespace kanaria::emulator {

class World;

class EcsState final : public TargetBehaviourSource {
 public:
  explicit EcsState(World& world) : world_(&world) {}
  void SetLinks(LoadBalancerLinks* load_balancers, ServiceRegistryLinks* registries) {
    load_balancers_ = load_balancers;
    registries_ = registries;
  }
  // Moves task lifecycles and task set stability to `now`.
  void Advance(WallTime now) { (void)now; }
  std::optional<TargetBehaviour> BehaviourAt(const TargetAddress&) const override {
    return std::nullopt;
  }

 private:
  World* world_;
  LoadBalancerLinks* load_balancers_ = nullptr;
  ServiceRegistryLinks* registries_ = nullptr;
};

}  // namespace kanaria::emulator
