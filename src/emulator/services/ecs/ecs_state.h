// ECS state: clusters, services, task definitions, task sets and their tasks.
//
// The operation handlers (ecs_*_ops.cc) read and change the records through the lookups below;
// time moves the tasks (task_lifecycle.cc): a task set keeps ceil(desiredCount × scale) tasks,
// each task provisions, runs, registers with ELBv2 and Cloud Map, and stops through draining.
// Everything is called with the World's mutex held.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/services/ecs/ecs_model.h"
#include "emulator/services/links.h"

namespace kanaria::emulator {

class World;

// Virtual durations of a task's timed statuses (divided by the time scale).
inline constexpr double kProvisioningSeconds = 5;
inline constexpr double kPendingSeconds = 10;
inline constexpr double kStoppingSeconds = 5;
inline constexpr double kDeprovisioningSeconds = 5;
// A task set whose task failed to start launches its replacement no sooner than this.
inline constexpr double kStartFailureRetrySeconds = 30;
// Stopped tasks stay describable for this long (AWS: about an hour), at most this many.
inline constexpr double kStoppedTaskRetentionSeconds = 3600;
inline constexpr std::size_t kMaxStoppedTasks = 1000;
// AWS's limit of task sets (deployments) per service.
inline constexpr std::size_t kMaxTaskSetsPerService = 5;

struct TaskSetCounts {
  int running = 0;
  int pending = 0;
};

class EcsState final : public TargetBehaviourSource {
 public:
  explicit EcsState(World& world);
  // Either may be null (unit tests): registration is then skipped and targets count healthy.
  void SetLinks(LoadBalancerLinks* load_balancers, ServiceRegistryLinks* registries) {
    load_balancers_ = load_balancers;
    registries_ = registries;
  }
  // Moves task lifecycles and task set stability to `now`. Idempotent for the same `now`;
  // handlers call it again after a change so that new tasks appear in the same response.
  void Advance(WallTime now);
  std::optional<TargetBehaviour> BehaviourAt(const TargetAddress& target) const override;

  World& world() const { return *world_; }
  LoadBalancerLinks* load_balancers() const { return load_balancers_; }
  ServiceRegistryLinks* registries() const { return registries_; }

  // --- clusters (keyed by name) ---
  // `name_or_arn` empty = "default". nullptr when unknown (INACTIVE clusters are found).
  EcsCluster* FindCluster(std::string_view name_or_arn);
  // The ACTIVE cluster, or ClusterNotFoundException "Cluster not found.".
  EcsCluster& ActiveCluster(std::string_view name_or_arn);
  EcsCluster& PutCluster(const std::string& name);
  std::map<std::string, EcsCluster>& clusters() { return clusters_; }

  // --- services (keyed by "cluster/name") ---
  EcsService* FindService(const EcsCluster& cluster, std::string_view name_or_arn);
  // The service, or ServiceNotFoundException; ServiceNotActiveException unless ACTIVE.
  EcsService& ActiveService(const EcsCluster& cluster, std::string_view name_or_arn);
  EcsService& PutService(EcsService service);
  std::vector<EcsService*> ServicesOf(const EcsCluster& cluster);

  // --- task definitions ---
  // "family" (latest ACTIVE revision), "family:revision" or the ARN; nullptr when unknown.
  EcsTaskDefinition* FindTaskDefinition(std::string_view reference);
  EcsTaskDefinition& AddTaskDefinition(EcsTaskDefinition definition);
  int NextRevision(const std::string& family) const;
  std::map<std::string, std::vector<EcsTaskDefinition>>& task_definitions() {
    return task_definitions_;
  }

  // --- task sets (keyed by id; ARNs and ids are both accepted) ---
  EcsTaskSet* FindTaskSet(const EcsService& service, std::string_view id_or_arn);
  EcsTaskSet& AddTaskSet(EcsService& service, EcsTaskSet task_set);
  // The service's task sets (or deployments), in creation order.
  std::vector<EcsTaskSet*> TaskSetsOf(const EcsService& service);
  int ComputedDesiredCount(const EcsTaskSet& task_set) const;
  TaskSetCounts CountsOf(const EcsTaskSet& task_set) const;
  // Marks the task set DRAINING and stops its tasks; it disappears once they have stopped.
  void DrainTaskSet(EcsTaskSet& task_set, WallTime now);

  // --- tasks (keyed by id) ---
  EcsTask* FindTask(const EcsCluster& cluster, std::string_view id_or_arn);
  std::map<std::string, EcsTask>& tasks() { return tasks_; }
  // Desired STOPPED; a running task first leaves its target groups and Cloud Map services.
  void StopTask(EcsTask& task, const std::string& reason, const std::string& stop_code,
                WallTime now);

  // Resource tags by ARN (clusters, services, task definitions, task sets, tasks); nullptr
  // when the ARN names nothing that exists.
  EcsTags* TagsOf(std::string_view arn);

 private:
  // task_lifecycle.cc
  void AdvanceTask(EcsTask& task, WallTime now);
  void StartRunning(EcsTask& task, WallTime at);
  void CheckTargetHealth(EcsTask& task, WallTime now);
  void ReconcileTaskSet(EcsTaskSet& task_set, WallTime now);
  void LaunchTask(EcsTaskSet& task_set, WallTime now);
  void UpdateStability(EcsTaskSet& task_set, WallTime now);
  bool TargetsHealthy(const EcsTaskSet& task_set) const;
  void RemoveFinishedTaskSets();
  void PruneStoppedTasks(WallTime now);
  std::string AllocateIp();

  World* world_;
  LoadBalancerLinks* load_balancers_ = nullptr;
  ServiceRegistryLinks* registries_ = nullptr;
  std::map<std::string, EcsCluster> clusters_;
  std::map<std::string, EcsService> services_;
  std::map<std::string, std::vector<EcsTaskDefinition>> task_definitions_;
  std::map<std::string, EcsTaskSet> task_sets_;
  std::map<std::string, EcsTask> tasks_;
  std::map<std::string, std::string> task_by_ip_;  // live tasks only
  uint32_t next_ip_ = 0;
};

}  // namespace kanaria::emulator
