// The narrow interfaces through which emulated services reach each other. ECS registers its
// tasks as ELBv2 targets and Cloud Map instances; ELBv2 health checks and the data plane ask ECS
// how a task behaves. Each side's unit tests use a hand-written fake of the other.
// All methods are called with the World's mutex held (world.h).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/clock.h"

namespace kanaria::emulator {

// How the emulated container behind a target answers, from its task definition's container
// environment (KANARIA_EMULATOR_*) and the task-definition faults.
struct TargetBehaviour {
  std::string task_arn;
  std::string task_definition;  // "family:revision"
  std::string image;
  double error_rate = 0;        // share of 5xx answers, 0..1
  double latency_ms = 0;        // simulated added latency
  bool fails_health_checks = false;
};

enum class TargetHealthState { kInitial, kHealthy, kUnhealthy, kUnused, kDraining };

// An IP target (awsvpc tasks register by IP).
struct TargetAddress {
  std::string ip;
  int port = 0;
  bool operator<(const TargetAddress& other) const {
    return ip != other.ip ? ip < other.ip : port < other.port;
  }
  bool operator==(const TargetAddress& other) const = default;
};

// What ECS needs from ELBv2.
class LoadBalancerLinks {
 public:
  virtual ~LoadBalancerLinks() = default;
  virtual bool TargetGroupExists(const std::string& target_group_arn) const = 0;
  // False when no listener rule or default action of any load balancer forwards to the group
  // (AWS refuses CreateTaskSet/CreateService for such a group).
  virtual bool TargetGroupHasLoadBalancer(const std::string& target_group_arn) const = 0;
  // Registration starts in `initial`; the target is healthy after passing one health check.
  virtual void RegisterTarget(const std::string& target_group_arn, const TargetAddress& target,
                              WallTime now) = 0;
  // Starts draining for the group's deregistration delay (scaled).
  virtual void DeregisterTarget(const std::string& target_group_arn,
                                const TargetAddress& target, WallTime now) = 0;
  // kUnused when the target is not registered (or has finished draining).
  virtual TargetHealthState HealthOf(const std::string& target_group_arn,
                                     const TargetAddress& target) const = 0;
};

// What ECS needs from Cloud Map.
class ServiceRegistryLinks {
 public:
  virtual ~ServiceRegistryLinks() = default;
  virtual bool ServiceExists(const std::string& registry_arn) const = 0;
  virtual void RegisterInstance(const std::string& registry_arn, const std::string& instance_id,
                                const std::map<std::string, std::string>& attributes) = 0;
  virtual void DeregisterInstance(const std::string& registry_arn,
                                  const std::string& instance_id) = 0;
};

// What ELBv2 health checks and the data plane need from ECS.
class TargetBehaviourSource {
 public:
  virtual ~TargetBehaviourSource() = default;
  // nullopt when no live task has that address.
  virtual std::optional<TargetBehaviour> BehaviourAt(const TargetAddress& target) const = 0;
};

}  // namespace kanaria::emulator
