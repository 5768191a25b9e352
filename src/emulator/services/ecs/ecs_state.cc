#include "emulator/services/ecs/ecs_state.h"

#include <cmath>

#include "emulator/api_error.h"
#include "emulator/services/ecs/target_behaviour.h"
#include "emulator/world.h"

namespace kanaria::emulator {
namespace {

constexpr std::string_view kDefaultCluster = "default";

// "x" of "arn:aws:ecs:...:kind/.../x"; anything that is not an ARN is returned as is.
std::string_view LastSegment(std::string_view name_or_arn) {
  if (!name_or_arn.starts_with("arn:")) return name_or_arn;
  const auto slash = name_or_arn.rfind('/');
  return slash == std::string_view::npos ? name_or_arn : name_or_arn.substr(slash + 1);
}

}  // namespace

EcsState::EcsState(World& world) : world_(&world) {}

EcsCluster* EcsState::FindCluster(std::string_view name_or_arn) {
  const std::string_view name = name_or_arn.empty() ? kDefaultCluster : LastSegment(name_or_arn);
  const auto it = clusters_.find(std::string(name));
  if (it == clusters_.end()) return nullptr;
  if (name_or_arn.starts_with("arn:") && it->second.arn != name_or_arn) return nullptr;
  return &it->second;
}

EcsCluster& EcsState::ActiveCluster(std::string_view name_or_arn) {
  EcsCluster* cluster = FindCluster(name_or_arn);
  if (cluster == nullptr || cluster->status != "ACTIVE") {
    Fail("ClusterNotFoundException", "Cluster not found.");
  }
  return *cluster;
}

EcsCluster& EcsState::PutCluster(const std::string& name) {
  EcsCluster& cluster = clusters_[name];
  cluster.name = name;
  cluster.arn = world_->Arn("ecs", "cluster/" + name);
  cluster.status = "ACTIVE";
  return cluster;
}

EcsService* EcsState::FindService(const EcsCluster& cluster, std::string_view name_or_arn) {
  const std::string name(LastSegment(name_or_arn));
  const auto it = services_.find(cluster.name + "/" + name);
  return it == services_.end() ? nullptr : &it->second;
}

EcsService& EcsState::ActiveService(const EcsCluster& cluster, std::string_view name_or_arn) {
  EcsService* service = FindService(cluster, name_or_arn);
  if (service == nullptr) Fail("ServiceNotFoundException", "Service not found.");
  if (service->status != "ACTIVE") Fail("ServiceNotActiveException", "Service was not ACTIVE.");
  return *service;
}

EcsService& EcsState::PutService(EcsService service) {
  const std::string key = service.cluster_name + "/" + service.name;
  EcsService& stored = services_[key];
  stored = std::move(service);
  return stored;
}

std::vector<EcsService*> EcsState::ServicesOf(const EcsCluster& cluster) {
  std::vector<EcsService*> result;
  for (auto& [key, service] : services_) {
    if (service.cluster_name == cluster.name) result.push_back(&service);
  }
  return result;
}

EcsTaskDefinition* EcsState::FindTaskDefinition(std::string_view reference) {
  std::string_view text = reference;
  if (text.starts_with("arn:")) {
    const auto slash = text.find("task-definition/");
    if (slash == std::string_view::npos) return nullptr;
    text = text.substr(slash + std::string_view("task-definition/").size());
  }
  const auto colon = text.rfind(':');
  const std::string family(colon == std::string_view::npos ? text : text.substr(0, colon));
  const auto it = task_definitions_.find(family);
  if (it == task_definitions_.end()) return nullptr;
  std::vector<EcsTaskDefinition>& revisions = it->second;
  if (colon == std::string_view::npos) {
    for (auto rit = revisions.rbegin(); rit != revisions.rend(); ++rit) {
      if (rit->status == "ACTIVE") return &*rit;
    }
    return nullptr;
  }
  const std::string revision_text(text.substr(colon + 1));
  char* end = nullptr;
  const long revision = std::strtol(revision_text.c_str(), &end, 10);
  if (revision_text.empty() || *end != '\0' || revision < 1 ||
      revision > static_cast<long>(revisions.size())) {
    return nullptr;
  }
  return &revisions[static_cast<std::size_t>(revision - 1)];
}

EcsTaskDefinition& EcsState::AddTaskDefinition(EcsTaskDefinition definition) {
  std::vector<EcsTaskDefinition>& revisions = task_definitions_[definition.family];
  revisions.push_back(std::move(definition));
  return revisions.back();
}

int EcsState::NextRevision(const std::string& family) const {
  const auto it = task_definitions_.find(family);
  return it == task_definitions_.end() ? 1 : static_cast<int>(it->second.size()) + 1;
}

EcsTaskSet* EcsState::FindTaskSet(const EcsService& service, std::string_view id_or_arn) {
  for (const std::string& id : service.task_set_ids) {
    EcsTaskSet& task_set = task_sets_.at(id);
    if (task_set.is_deployment) continue;
    if (task_set.id == id_or_arn || task_set.arn == id_or_arn) return &task_set;
  }
  return nullptr;
}

EcsTaskSet& EcsState::AddTaskSet(EcsService& service, EcsTaskSet task_set) {
  service.task_set_ids.push_back(task_set.id);
  const std::string id = task_set.id;
  return task_sets_[id] = std::move(task_set);
}

std::vector<EcsTaskSet*> EcsState::TaskSetsOf(const EcsService& service) {
  std::vector<EcsTaskSet*> result;
  for (const std::string& id : service.task_set_ids) result.push_back(&task_sets_.at(id));
  return result;
}

int EcsState::ComputedDesiredCount(const EcsTaskSet& task_set) const {
  if (task_set.status == "DRAINING") return 0;
  const auto it = services_.find(task_set.cluster_name + "/" + task_set.service_name);
  if (it == services_.end() || it->second.status != "ACTIVE") return 0;
  // Rounded first so that 3 × 33.333...% (float noise above 1.0) stays 1, not 2.
  const double exact = it->second.desired_count * task_set.scale_percent / 100.0;
  return static_cast<int>(std::ceil(std::round(exact * 1e6) / 1e6));
}

TaskSetCounts EcsState::CountsOf(const EcsTaskSet& task_set) const {
  TaskSetCounts counts;
  for (const auto& [id, task] : tasks_) {
    if (task.task_set_id != task_set.id || task.desired_status != "RUNNING") continue;
    if (task.last_status == "RUNNING") {
      ++counts.running;
    } else if (task.last_status == "PROVISIONING" || task.last_status == "PENDING") {
      ++counts.pending;
    }
  }
  return counts;
}

void EcsState::DrainTaskSet(EcsTaskSet& task_set, WallTime now) {
  task_set.status = "DRAINING";
  task_set.updated_at = now;
  for (auto& [id, task] : tasks_) {
    if (task.task_set_id == task_set.id && task.desired_status == "RUNNING") {
      StopTask(task, "Scaling activity initiated by (deployment " + task_set.id + ")",
               "ServiceSchedulerInitiated", now);
    }
  }
}

EcsTask* EcsState::FindTask(const EcsCluster& cluster, std::string_view id_or_arn) {
  const auto it = tasks_.find(std::string(LastSegment(id_or_arn)));
  if (it == tasks_.end() || it->second.cluster_name != cluster.name) return nullptr;
  return &it->second;
}

EcsTags* EcsState::TagsOf(std::string_view arn) {
  for (auto& [name, cluster] : clusters_) {
    if (cluster.arn == arn) return &cluster.tags;
  }
  for (auto& [key, service] : services_) {
    if (service.arn == arn && service.status != "INACTIVE") return &service.tags;
  }
  if (EcsTaskDefinition* definition = FindTaskDefinition(arn);
      definition != nullptr && definition->arn == arn) {
    return &definition->tags;
  }
  for (auto& [id, task_set] : task_sets_) {
    if (task_set.arn == arn) return &task_set.tags;
  }
  return nullptr;
}

// Tasks own their IP (awsvpc), so the IP alone names the task whatever port is asked.
std::optional<TargetBehaviour> EcsState::BehaviourAt(const TargetAddress& target) const {
  const auto ip = task_by_ip_.find(target.ip);
  if (ip == task_by_ip_.end()) return std::nullopt;
  const EcsTask& task = tasks_.at(ip->second);
  const auto family = task_definitions_.find(task.family);
  if (family == task_definitions_.end()) return std::nullopt;
  const EcsTaskDefinition& definition =
      family->second.at(static_cast<std::size_t>(task.revision - 1));
  TargetBehaviour behaviour =
      BehaviourOf(definition, world_->faults.ForTaskDefinition(task.family, task.revision));
  behaviour.task_arn = task.arn;
  return behaviour;
}

}  // namespace kanaria::emulator
