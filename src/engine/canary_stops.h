// The canary's task stops during an ANALYSIS with `restartThreshold`. PipeCD reads the key but
// leaves it unimplemented; for kanaria it is the number of canary task stops the stage tolerates.
// A stop is a task of the canary task set whose desiredStatus turned STOPPED after counting
// began, scale-in excepted ("Scaling activity ..." is ECS following a desiredCount change, which
// the hold already waits out, not a task that died).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "aws/ecs/ecs_client.h"
#include "core/status.h"
#include "engine/mutation_gate.h"

namespace kanaria::engine {

struct CanaryStop {
  std::string task_id;
  std::string reason;  // stoppedReason, or the stopCode when ECS gave none
};

class CanaryStopCount {
 public:
  // Reads the canary's stopped tasks that are already there: they are not counted.
  static StatusOr<CanaryStopCount> Begin(aws::ecs::EcsClient& ecs, MutationGate& gate, std::string cluster,
                                         std::string task_set_id, int tolerated);

  // The stops since the previous call: one ListTasks, and a DescribeTasks only for new tasks.
  StatusOr<std::vector<CanaryStop>> Poll();

  int stops() const { return stops_; }
  int tolerated() const { return tolerated_; }
  bool exceeded() const { return stops_ > tolerated_; }
  const std::string& task_set_id() const { return task_set_id_; }

 private:
  CanaryStopCount(aws::ecs::EcsClient& ecs, MutationGate& gate, std::string cluster, std::string task_set_id,
                  int tolerated);
  StatusOr<std::vector<std::string>> ListStopped();

  aws::ecs::EcsClient* ecs_;
  MutationGate* gate_;
  std::string cluster_;
  std::string task_set_id_;
  int tolerated_;
  int stops_ = 0;
  std::set<std::string> seen_;  // task ARNs already looked at
};

}  // namespace kanaria::engine
