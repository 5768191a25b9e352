#include "engine/stages/new_primary.h"

#include "engine/release.h"
#include "engine/release_tags.h"

namespace kanaria::engine {

void PlanNewPrimary(const std::string& step, PlanSimulation& plan) {
  if (!plan.primary_created) {
    plan.calls.push_back({.step = step,
                          .operation = "ecs:CreateTaskSet",
                          .target = TaskSetCallTarget(kRolePrimary, 100,
                                                      plan.router.TargetGroupFor(TaskSetRole::kPrimary))});
    plan.calls.push_back({.step = step, .operation = "ecs:UpdateServicePrimaryTaskSet",
                          .target = "make the new task set PRIMARY"});
  }
  if (plan.previous_primary_exists) {
    plan.calls.push_back({.step = step, .operation = "ecs:DeleteTaskSet", .target = "previous primary task set"});
  }
  plan.primary_created = true;
  plan.previous_primary_exists = false;
}

Status RollOutNewPrimary(const std::string& step, Release& release) {
  ReleaseState& state = release.state();
  ASSIGN_OR_RETURN(std::string id, release.EnsureTaskSet(step, kRolePrimary, TaskSetRole::kPrimary,
                                                         state.task_definition, 100));
  state.primary_task_set_id = id;
  RETURN_IF_ERROR(release.SaveState());
  RETURN_IF_ERROR(release.WaitSteady(id, "new primary"));
  if (!state.promoted) RETURN_IF_ERROR(release.Promote(step, id));
  return release.DeleteTaskSet(step, state.previous_task_set_id, "previous primary");
}

}  // namespace kanaria::engine
