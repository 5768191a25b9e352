// The tasks of one task set that stopped (desiredStatus STOPPED), each reported once: a task
// set's tasks carry startedBy = its id, so every Poll is one ListTasks, plus one DescribeTasks
// when a task is new. WaitSteady fails fast on them; an ANALYSIS with restartThreshold counts
// the canary's.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "aws/ecs/ecs_client.h"
#include "core/status.h"
#include "engine/mutation_gate.h"

namespace kanaria::engine {

class TaskSetStops {
 public:
  TaskSetStops(aws::ecs::EcsClient& ecs, MutationGate& gate, std::string cluster, std::string task_set_id);

  // Takes the stops already there as seen, so that Poll reports only later ones.
  Status SkipExisting();
  // The stops not reported before, described.
  StatusOr<std::vector<aws::ecs::Task>> Poll();

  const std::string& task_set_id() const { return task_set_id_; }

 private:
  StatusOr<std::vector<std::string>> Unseen();

  aws::ecs::EcsClient* ecs_;
  MutationGate* gate_;
  std::string cluster_;
  std::string task_set_id_;
  std::set<std::string> seen_;  // task ARNs already reported or skipped
};

// What a stopped task says of why: its stoppedReason, or the stopCode when ECS gave none.
std::string StopReasonOf(const aws::ecs::Task& task);

}  // namespace kanaria::engine
