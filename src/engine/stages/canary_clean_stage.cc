#include <fmt/format.h>

#include "engine/release.h"
#include "engine/release_tags.h"
#include "engine/stages/stages.h"

namespace kanaria::engine {

void CanaryCleanStage::Plan(const model::Stage& config, PlanSimulation& plan) const {
  if (plan.canary_exists) {
    plan.calls.push_back({.step = StepName(config), .operation = "ecs:DeleteTaskSet",
                          .target = "canary task set"});
  }
  plan.canary_exists = false;
}

Status CanaryCleanStage::Run(const model::Stage& config, Release& release) const {
  // Task sets are deleted only once their traffic is gone (the routes as kanaria last wrote and
  // checked them).
  if (release.router().SupportsWeights()) {
    for (const auto& route : release.router().routes()) {
      if (route.canary_weight > 0) {
        return Status(StatusCode::kInternal,
                      fmt::format("{} still sends weight {} to the canary; kanaria deletes the "
                                  "canary only once its traffic is gone",
                                  route.description, route.canary_weight));
      }
    }
  }
  RETURN_IF_ERROR(release.DeleteTaskSet(StepName(config), release.state().canary_task_set_id, "canary"));
  release.state().canary_task_set_id.clear();
  return release.SaveState();
}

}  // namespace kanaria::engine
