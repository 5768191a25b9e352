// Hand-written stateful fakes of the ELBv2 and Cloud Map sides that ECS calls (links.h), for
// the ECS unit tests: target groups are declared by the test, registered targets start in
// `initial` and the test decides their health; deregistered ones drain until the test ends it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "emulator/services/links.h"

namespace kanaria::emulator::testing {

class FakeLoadBalancers final : public LoadBalancerLinks {
 public:
  void AddTargetGroup(const std::string& arn, bool has_load_balancer = true) {
    groups_[arn] = has_load_balancer;
  }
  bool TargetGroupExists(const std::string& arn) const override { return groups_.contains(arn); }
  bool TargetGroupHasLoadBalancer(const std::string& arn) const override {
    const auto it = groups_.find(arn);
    return it != groups_.end() && it->second;
  }
  void RegisterTarget(const std::string& group, const TargetAddress& target, WallTime) override {
    health_[{group, target}] = initial_health;
    registrations.emplace_back(group, target);
  }
  void DeregisterTarget(const std::string& group, const TargetAddress& target, WallTime) override {
    health_[{group, target}] = TargetHealthState::kDraining;
    deregistrations.emplace_back(group, target);
  }
  TargetHealthState HealthOf(const std::string& group, const TargetAddress& target) const override {
    const auto it = health_.find({group, target});
    return it == health_.end() ? TargetHealthState::kUnused : it->second;
  }

  // Sets every registered target of `group` in `from` to `to`.
  void SetAll(const std::string& group, TargetHealthState from, TargetHealthState to) {
    for (auto& [key, state] : health_) {
      if (key.first == group && state == from) state = to;
    }
  }
  void Set(const std::string& group, const TargetAddress& target, TargetHealthState state) {
    health_[{group, target}] = state;
  }

  TargetHealthState initial_health = TargetHealthState::kInitial;
  std::vector<std::pair<std::string, TargetAddress>> registrations;
  std::vector<std::pair<std::string, TargetAddress>> deregistrations;

 private:
  std::map<std::string, bool> groups_;
  std::map<std::pair<std::string, TargetAddress>, TargetHealthState> health_;
};

class FakeServiceRegistries final : public ServiceRegistryLinks {
 public:
  void AddService(const std::string& arn) { services_.insert(arn); }
  bool ServiceExists(const std::string& arn) const override { return services_.contains(arn); }
  void RegisterInstance(const std::string& registry, const std::string& instance_id,
                        const std::map<std::string, std::string>& attributes) override {
    instances[{registry, instance_id}] = attributes;
  }
  void DeregisterInstance(const std::string& registry, const std::string& instance_id) override {
    instances.erase({registry, instance_id});
  }

  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> instances;

 private:
  std::set<std::string> services_;
};

}  // namespace kanaria::emulator::testing
