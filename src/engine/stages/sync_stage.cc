#include <fmt/format.h>

#include "aws/ecs/ecs_client.h"
#include "engine/release.h"
#include "engine/release_tags.h"
#include "engine/stages/new_primary.h"
#include "engine/stages/stages.h"

namespace kanaria::engine {

void SyncStage::Plan(const model::Stage& config, PlanSimulation& plan) const {
  const std::string step = StepName(config);
  if (config.recreate && plan.previous_primary_exists) {
    plan.calls.push_back({.step = step, .operation = "ecs:UpdateTaskSet",
                          .target = "previous primary task set to 0%"});
  }
  PlanNewPrimary(step, plan);
}

Status SyncStage::Run(const model::Stage& config, Release& release) const {
  const std::string step = StepName(config);
  ReleaseState& state = release.state();
  if (config.recreate && !state.previous_task_set_id.empty() &&
      state.primary_task_set_id.empty()) {
    // Recreate: the old version stops before the new one starts (downtime, as asked).
    ASSIGN_OR_RETURN(auto task_sets, release.ReadTaskSets());
    for (const auto& ts : task_sets) {
      if (ts.id != state.previous_task_set_id || (ts.scale && ts.scale->value == 0)) continue;
      RETURN_IF_ERROR(release.gate().Run(
          {.step = step, .operation = "ecs:UpdateTaskSet", .target = "previous primary task set to 0%"}, "",
          [&]() -> Status {
            auto updated = release.clients().ecs->UpdateTaskSet(
                release.app().cluster(), release.app().service_name(), ts.id,
                aws::ecs::Scale{.value = 0, .unit = std::string(aws::ecs::kScaleUnitPercent)});
            return updated.ok() ? Status::Ok() : updated.status();
          }));
    }
  }
  return RollOutNewPrimary(step, release);
}

}  // namespace kanaria::engine
