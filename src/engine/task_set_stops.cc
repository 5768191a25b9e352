#include "engine/task_set_stops.h"

#include <utility>

namespace kanaria::engine {

TaskSetStops::TaskSetStops(aws::ecs::EcsClient& ecs, MutationGate& gate, std::string cluster, std::string task_set_id)
    : ecs_(&ecs), gate_(&gate), cluster_(std::move(cluster)), task_set_id_(std::move(task_set_id)) {}

StatusOr<std::vector<std::string>> TaskSetStops::Unseen() {
  ASSIGN_OR_RETURN(std::vector<std::string> stopped, gate_->RetryTransient([&] {
    return ecs_->ListTasks({.cluster = cluster_, .started_by = task_set_id_, .desired_status = "STOPPED"});
  }));
  std::vector<std::string> fresh;
  for (auto& arn : stopped) {
    if (seen_.insert(arn).second) fresh.push_back(std::move(arn));
  }
  return fresh;
}

Status TaskSetStops::SkipExisting() { return Unseen().status(); }

StatusOr<std::vector<aws::ecs::Task>> TaskSetStops::Poll() {
  ASSIGN_OR_RETURN(std::vector<std::string> fresh, Unseen());
  if (fresh.empty()) return std::vector<aws::ecs::Task>{};
  ASSIGN_OR_RETURN(auto described, gate_->RetryTransient([&] { return ecs_->DescribeTasks(cluster_, fresh); }));
  return std::move(described.tasks);
}

std::string StopReasonOf(const aws::ecs::Task& task) {
  return task.stopped_reason.empty() ? task.stop_code : task.stopped_reason;
}

}  // namespace kanaria::engine
