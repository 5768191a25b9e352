// How time moves ECS (the EcsState members that Advance uses): task statuses on their virtual
// durations, target and Cloud Map registration, ELB health-check replacement, task set
// reconciliation to computedDesiredCount, stability, and the end of drained task sets.
#include <fmt/format.h>

#include <algorithm>

#include "emulator/services/ecs/ecs_state.h"
#include "emulator/services/ecs/target_behaviour.h"
#include "emulator/world.h"

namespace kanaria::emulator {
namespace {

VirtualSeconds Seconds(double seconds) {
  return VirtualSeconds(seconds);
}

bool IsStopped(const EcsTask& task) {
  return task.last_status == "STOPPED";
}

}  // namespace

void EcsState::Advance(WallTime now) {
  for (auto& [id, task] : tasks_) AdvanceTask(task, now);
  for (auto& [id, task] : tasks_) CheckTargetHealth(task, now);
  for (auto& [id, task_set] : task_sets_) ReconcileTaskSet(task_set, now);
  for (auto& [id, task_set] : task_sets_) UpdateStability(task_set, now);
  RemoveFinishedTaskSets();
  PruneStoppedTasks(now);
}

void EcsState::AdvanceTask(EcsTask& task, WallTime now) {
  const SimTime& time = world_->time;
  while (!IsStopped(task)) {
    const WallTime at = task.next_transition_at;
    if (task.last_status == "PROVISIONING" && now >= at) {
      const EcsTaskDefinition* definition = FindTaskDefinition(task.task_definition_arn);
      const std::string failure =
          definition == nullptr ? ""
                                : StartFailureOf(*definition, world_->faults.ForTaskDefinition(
                                                                  task.family, task.revision));
      if (failure.empty()) {
        task.last_status = "PENDING";
        task.next_transition_at = time.After(at, Seconds(kPendingSeconds));
        continue;
      }
      task.desired_status = "STOPPED";
      task.stopped_reason = failure;
      task.stop_code = "TaskFailedToStart";
      task.stopping_at = at;
      task.last_status = "DEPROVISIONING";
      task.next_transition_at = time.After(at, Seconds(kDeprovisioningSeconds));
      if (auto set = task_sets_.find(task.task_set_id); set != task_sets_.end()) {
        set->second.next_launch_at = time.After(at, Seconds(kStartFailureRetrySeconds));
      }
    } else if (task.last_status == "PENDING" && now >= at) {
      StartRunning(task, at);
    } else if (task.last_status == "DEACTIVATING") {
      // Draining is ELBv2's clock: the task moves on once no group still drains it.
      const bool draining = std::any_of(
          task.targets.begin(), task.targets.end(), [&](const EcsTargetRegistration& target) {
            return load_balancers_ != nullptr &&
                   load_balancers_->HealthOf(target.target_group_arn, target.address) ==
                       TargetHealthState::kDraining;
          });
      if (draining) break;
      task.targets.clear();
      task.last_status = "STOPPING";
      task.next_transition_at = time.After(now, Seconds(kStoppingSeconds));
    } else if (task.last_status == "STOPPING" && now >= at) {
      task.last_status = "DEPROVISIONING";
      task.next_transition_at = time.After(at, Seconds(kDeprovisioningSeconds));
    } else if (task.last_status == "DEPROVISIONING" && now >= at) {
      task.last_status = "STOPPED";
      task.stopped_at = at;
      task_by_ip_.erase(task.ip);
    } else {
      break;
    }
  }
}

void EcsState::StartRunning(EcsTask& task, WallTime at) {
  task.last_status = "RUNNING";
  task.started_at = at;
  const auto set = task_sets_.find(task.task_set_id);
  if (set == task_sets_.end()) return;
  const EcsTaskSet& task_set = set->second;
  for (const nlohmann::json& load_balancer : task_set.load_balancers) {
    const std::string group = load_balancer.value("targetGroupArn", "");
    if (group.empty()) continue;
    EcsTargetRegistration registration{group, {task.ip, load_balancer.value("containerPort", 0)}};
    if (load_balancers_ != nullptr)
      load_balancers_->RegisterTarget(group, registration.address, at);
    task.targets.push_back(std::move(registration));
  }
  for (const nlohmann::json& registry : task_set.service_registries) {
    const std::string registry_arn = registry.value("registryArn", "");
    if (registry_arn.empty()) continue;
    std::map<std::string, std::string> attributes = {
        {"AWS_INSTANCE_IPV4", task.ip},
        {"AVAILABILITY_ZONE", task.availability_zone},
        {"ECS_CLUSTER_NAME", task.cluster_name},
        {"ECS_SERVICE_NAME", task.service_name},
        {"ECS_TASK_DEFINITION_FAMILY", task.family},
    };
    const int port = registry.value("port", registry.value("containerPort", 0));
    if (port > 0) attributes["AWS_INSTANCE_PORT"] = std::to_string(port);
    if (!task_set.external_id.empty()) {
      attributes["ECS_TASK_SET_EXTERNAL_ID"] = task_set.external_id;
    }
    if (registries_ != nullptr) registries_->RegisterInstance(registry_arn, task.id, attributes);
    task.registry_arns.push_back(registry_arn);
  }
}

void EcsState::StopTask(EcsTask& task, const std::string& reason, const std::string& stop_code,
                        WallTime now) {
  if (task.desired_status == "STOPPED") return;
  task.desired_status = "STOPPED";
  task.stopped_reason = reason;
  task.stop_code = stop_code;
  task.stopping_at = now;
  if (task.last_status != "RUNNING") {
    task.last_status = "DEPROVISIONING";
    task.next_transition_at = world_->time.After(now, Seconds(kDeprovisioningSeconds));
    return;
  }
  for (const EcsTargetRegistration& target : task.targets) {
    if (load_balancers_ != nullptr) {
      load_balancers_->DeregisterTarget(target.target_group_arn, target.address, now);
    }
  }
  for (const std::string& registry_arn : task.registry_arns) {
    if (registries_ != nullptr) registries_->DeregisterInstance(registry_arn, task.id);
  }
  task.registry_arns.clear();
  task.last_status = "DEACTIVATING";
  AdvanceTask(task, now);
}

void EcsState::CheckTargetHealth(EcsTask& task, WallTime now) {
  if (load_balancers_ == nullptr || task.last_status != "RUNNING" ||
      task.desired_status != "RUNNING" || !task.started_at) {
    return;
  }
  const auto service = services_.find(task.cluster_name + "/" + task.service_name);
  const int grace = service == services_.end()
                        ? 0
                        : service->second.health_check_grace_period_seconds.value_or(0);
  if (now < world_->time.After(*task.started_at, Seconds(grace))) return;
  for (const EcsTargetRegistration& target : task.targets) {
    if (load_balancers_->HealthOf(target.target_group_arn, target.address) ==
        TargetHealthState::kUnhealthy) {
      StopTask(task,
               fmt::format("Task failed ELB health checks in (target-group {})",
                           target.target_group_arn),
               "ServiceSchedulerInitiated", now);
      return;
    }
  }
}

void EcsState::ReconcileTaskSet(EcsTaskSet& task_set, WallTime now) {
  const int desired = ComputedDesiredCount(task_set);
  std::vector<EcsTask*> live;
  for (auto& [id, task] : tasks_) {
    if (task.task_set_id == task_set.id && task.desired_status == "RUNNING") live.push_back(&task);
  }
  if (static_cast<int>(live.size()) > desired) {
    // Stop tasks that do not serve yet first, then the newest, as the ECS scheduler does.
    std::stable_sort(live.begin(), live.end(), [](const EcsTask* a, const EcsTask* b) {
      const bool a_running = a->last_status == "RUNNING";
      const bool b_running = b->last_status == "RUNNING";
      if (a_running != b_running) return !a_running;
      return a->created_at > b->created_at;
    });
    for (std::size_t i = 0; i < live.size() - static_cast<std::size_t>(desired); ++i) {
      StopTask(*live[i], "Scaling activity initiated by (deployment " + task_set.id + ")",
               "ServiceSchedulerInitiated", now);
    }
    return;
  }
  if (task_set.status == "DRAINING" || now < task_set.next_launch_at) return;
  for (int i = static_cast<int>(live.size()); i < desired; ++i) LaunchTask(task_set, now);
}

void EcsState::LaunchTask(EcsTaskSet& task_set, WallTime now) {
  const EcsTaskDefinition* definition = FindTaskDefinition(task_set.task_definition_arn);
  if (definition == nullptr) return;
  EcsTask task;
  task.id = world_->ids.Hex(32);
  task.arn = world_->Arn("ecs", "task/" + task_set.cluster_name + "/" + task.id);
  task.cluster_name = task_set.cluster_name;
  task.service_name = task_set.service_name;
  task.task_set_id = task_set.id;
  task.task_definition_arn = definition->arn;
  task.family = definition->family;
  task.revision = definition->revision;
  task.launch_type = task_set.launch_type;
  static constexpr const char* kZones[] = {"a", "b", "c"};
  const auto zone = static_cast<std::size_t>(world_->random.Next("ecs/az/" + task.id) * 3);
  task.availability_zone = world_->region() + kZones[std::min<std::size_t>(zone, 2)];
  task.ip = AllocateIp();
  task.attachment_id = world_->ids.Uuid();
  task.eni_id = "eni-" + world_->ids.Hex(17);
  for (const nlohmann::json& container :
       definition->definition.value("containerDefinitions", nlohmann::json::array())) {
    task.containers.push_back({container.value("name", ""), container.value("image", ""),
                               container.value("essential", true)});
  }
  task.created_at = now;
  task.next_transition_at = world_->time.After(now, Seconds(kProvisioningSeconds));
  task_by_ip_[task.ip] = task.id;
  const std::string id = task.id;
  tasks_[id] = std::move(task);
}

bool EcsState::TargetsHealthy(const EcsTaskSet& task_set) const {
  if (load_balancers_ == nullptr) return true;
  for (const auto& [id, task] : tasks_) {
    if (task.task_set_id != task_set.id || task.desired_status != "RUNNING") continue;
    for (const EcsTargetRegistration& target : task.targets) {
      if (load_balancers_->HealthOf(target.target_group_arn, target.address) !=
          TargetHealthState::kHealthy) {
        return false;
      }
    }
  }
  return true;
}

void EcsState::UpdateStability(EcsTaskSet& task_set, WallTime now) {
  const TaskSetCounts counts = CountsOf(task_set);
  const std::optional<TaskDefinitionFault> fault =
      world_->faults.ForTaskDefinition(task_set.family, task_set.revision);
  const bool steady = counts.running == ComputedDesiredCount(task_set) && counts.pending == 0 &&
                      TargetsHealthy(task_set) && !(fault && fault->stuck_stabilizing);
  const std::string status = steady ? "STEADY_STATE" : "STABILIZING";
  if (status == task_set.stability_status) return;
  task_set.stability_status = status;
  task_set.stability_status_at = now;
}

void EcsState::RemoveFinishedTaskSets() {
  std::vector<std::string> finished;
  for (const auto& [id, task_set] : task_sets_) {
    if (task_set.status != "DRAINING") continue;
    const bool has_tasks = std::any_of(tasks_.begin(), tasks_.end(), [&](const auto& entry) {
      return entry.second.task_set_id == id && !IsStopped(entry.second);
    });
    if (!has_tasks) finished.push_back(id);
  }
  for (const std::string& id : finished) {
    const EcsTaskSet& task_set = task_sets_.at(id);
    const auto service = services_.find(task_set.cluster_name + "/" + task_set.service_name);
    if (service != services_.end()) std::erase(service->second.task_set_ids, id);
    task_sets_.erase(id);
  }
  for (auto& [key, service] : services_) {
    if (service.status == "DRAINING" && service.task_set_ids.empty()) service.status = "INACTIVE";
  }
}

void EcsState::PruneStoppedTasks(WallTime now) {
  std::vector<std::pair<WallTime, std::string>> stopped;
  for (const auto& [id, task] : tasks_) {
    if (IsStopped(task)) stopped.emplace_back(*task.stopped_at, id);
  }
  std::sort(stopped.begin(), stopped.end());
  std::size_t excess = stopped.size() > kMaxStoppedTasks ? stopped.size() - kMaxStoppedTasks : 0;
  for (const auto& [stopped_at, id] : stopped) {
    const bool expired =
        world_->time.After(stopped_at, Seconds(kStoppedTaskRetentionSeconds)) <= now;
    if (!expired && excess == 0) break;
    tasks_.erase(id);
    if (excess > 0) --excess;
  }
}

std::string EcsState::AllocateIp() {
  // 250 hosts per /24 from .4 (AWS reserves the first four), across 10.0.0.0/16.
  constexpr uint32_t kHosts = 250 * 256;
  for (uint32_t attempt = 0; attempt < kHosts; ++attempt) {
    const uint32_t n = next_ip_++ % kHosts;
    std::string ip = fmt::format("10.0.{}.{}", n / 250, n % 250 + 4);
    if (!task_by_ip_.contains(ip)) return ip;
  }
  return "10.0.255.254";  // 64,000 live tasks: beyond any rehearsal
}

}  // namespace kanaria::emulator
