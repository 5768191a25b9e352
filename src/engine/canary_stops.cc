#include "engine/canary_stops.h"

#include <utility>

namespace kanaria::engine {

namespace {

// ECS's stoppedReason for scale-in: "Scaling activity initiated by (deployment ecs-svc/...)".
constexpr std::string_view kScaleInReason = "Scaling activity";

}  // namespace

CanaryStopCount::CanaryStopCount(aws::ecs::EcsClient& ecs, MutationGate& gate, std::string cluster,
                                 std::string task_set_id, int tolerated)
    : ecs_(&ecs), gate_(&gate), cluster_(std::move(cluster)), task_set_id_(std::move(task_set_id)), tolerated_(tolerated) {}

StatusOr<CanaryStopCount> CanaryStopCount::Begin(aws::ecs::EcsClient& ecs, MutationGate& gate, std::string cluster,
                                                 std::string task_set_id, int tolerated) {
  CanaryStopCount count(ecs, gate, std::move(cluster), std::move(task_set_id), tolerated);
  ASSIGN_OR_RETURN(std::vector<std::string> before, count.ListStopped());
  count.seen_.insert(before.begin(), before.end());
  return count;
}

StatusOr<std::vector<std::string>> CanaryStopCount::ListStopped() {
  return gate_->RetryTransient([&] {
    return ecs_->ListTasks({.cluster = cluster_, .started_by = task_set_id_, .desired_status = "STOPPED"});
  });
}

StatusOr<std::vector<CanaryStop>> CanaryStopCount::Poll() {
  ASSIGN_OR_RETURN(std::vector<std::string> stopped, ListStopped());
  std::vector<std::string> fresh;
  for (const auto& arn : stopped) {
    if (seen_.insert(arn).second) fresh.push_back(arn);
  }
  std::vector<CanaryStop> stops;
  if (fresh.empty()) return stops;
  ASSIGN_OR_RETURN(auto described, gate_->RetryTransient([&] { return ecs_->DescribeTasks(cluster_, fresh); }));
  for (const auto& task : described.tasks) {
    if (task.stopped_reason.starts_with(kScaleInReason)) continue;
    stops.push_back({.task_id = std::string(aws::ecs::ResourceNameOf(task.task_arn)),
                     .reason = task.stopped_reason.empty() ? task.stop_code : task.stopped_reason});
  }
  stops_ += static_cast<int>(stops.size());
  return stops;
}

}  // namespace kanaria::engine
