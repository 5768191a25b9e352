#include "engine/stages/new_primary.h"
#include "engine/stages/stages.h"

namespace kanaria::engine {

void PrimaryRolloutStage::Plan(const model::Stage& config, PlanSimulation& plan) const {
  PlanNewPrimary(StepName(config), plan);
}

// The canary keeps serving: its traffic goes back in a later ECS_TRAFFIC_ROUTING.
Status PrimaryRolloutStage::Run(const model::Stage& config, Release& release) const {
  return RollOutNewPrimary(StepName(config), release);
}

}  // namespace kanaria::engine
