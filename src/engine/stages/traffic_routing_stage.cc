#include "engine/release.h"
#include "engine/stages/stages.h"

namespace kanaria::engine {

void TrafficRoutingStage::Plan(const model::Stage& config, PlanSimulation& plan) const {
  auto [primary, canary] = config.canary_share.Weights();
  auto calls = plan.router.PlanWeights(StepName(config), plan.routes, primary, canary);
  plan.calls.insert(plan.calls.end(), calls.begin(), calls.end());
}

Status TrafficRoutingStage::Run(const model::Stage& config, Release& release) const {
  auto [primary, canary] = config.canary_share.Weights();
  return release.SetWeights(StepName(config), primary, canary);
}

}  // namespace kanaria::engine
