// The stage implementations (one .cc each), for the table in stage_table.cc.
#pragma once

#include "engine/stage.h"

namespace kanaria::engine {

// ECS_CANARY_ROLLOUT: a task set of the new version at `scale` % behind the canary target group
// (or in the Cloud Map registry), until STEADY_STATE.
class CanaryRolloutStage final : public Stage {
 public:
  void Plan(const model::Stage& config, PlanSimulation& plan) const override;
  Status Run(const model::Stage& config, Release& release) const override;
};
// ECS_TRAFFIC_ROUTING: every selected rule to (100 - canary, canary).
class TrafficRoutingStage final : public Stage {
 public:
  void Plan(const model::Stage& config, PlanSimulation& plan) const override;
  Status Run(const model::Stage& config, Release& release) const override;
};
// ECS_PRIMARY_ROLLOUT: the new version at 100 % behind the primary target group, steady, made
// PRIMARY; then the old primary is deleted. The canary keeps serving.
class PrimaryRolloutStage final : public Stage {
 public:
  void Plan(const model::Stage& config, PlanSimulation& plan) const override;
  Status Run(const model::Stage& config, Release& release) const override;
};
// ECS_CANARY_CLEAN: deletes the canary task set once it has no traffic.
class CanaryCleanStage final : public Stage {
 public:
  void Plan(const model::Stage& config, PlanSimulation& plan) const override;
  Status Run(const model::Stage& config, Release& release) const override;
};
// ECS_SYNC: the new version replaces the old at once (recreate: the old is scaled to 0 first).
class SyncStage final : public Stage {
 public:
  void Plan(const model::Stage& config, PlanSimulation& plan) const override;
  Status Run(const model::Stage& config, Release& release) const override;
};
// ANALYSIS: judges the canary every interval (metrics, HTTP checks, or the default load
// balancer analysis) while holding as WAIT does; a failing analysis fails the stage.
class AnalysisStage final : public Stage {
 public:
  void Plan(const model::Stage& config, PlanSimulation& plan) const override;
  Status Run(const model::Stage& config, Release& release) const override;
};
// WAIT: holds for `duration`, watching the lock, abort requests and stability.
class WaitStage final : public Stage {
 public:
  void Plan(const model::Stage& config, PlanSimulation& plan) const override;
  Status Run(const model::Stage& config, Release& release) const override;
};
// WAIT_APPROVAL: holds until `kanaria approve` (or --approve), failing at the timeout.
class WaitApprovalStage final : public Stage {
 public:
  void Plan(const model::Stage& config, PlanSimulation& plan) const override;
  Status Run(const model::Stage& config, Release& release) const override;
};

}  // namespace kanaria::engine
