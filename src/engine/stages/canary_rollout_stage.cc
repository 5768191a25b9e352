#include <fmt/format.h>

#include "engine/release.h"
#include "engine/release_tags.h"
#include "engine/stages/stages.h"

namespace kanaria::engine {

void CanaryRolloutStage::Plan(const model::Stage& config, PlanSimulation& plan) const {
  if (!plan.canary_exists) {
    plan.calls.push_back({.step = StepName(config),
                          .operation = "ecs:CreateTaskSet",
                          .target = TaskSetCallTarget(kRoleCanary, config.scale.value(),
                                                      plan.router.TargetGroupFor(TaskSetRole::kCanary))});
  }
  plan.canary_exists = true;
}

Status CanaryRolloutStage::Run(const model::Stage& config, Release& release) const {
  ASSIGN_OR_RETURN(std::string id,
                   release.EnsureTaskSet(StepName(config), kRoleCanary, TaskSetRole::kCanary,
                                         release.state().task_definition, config.scale.value()));
  release.state().canary_task_set_id = id;
  RETURN_IF_ERROR(release.SaveState());
  return release.WaitSteady(id, "canary");
}

}  // namespace kanaria::engine
