// What ECS_PRIMARY_ROLLOUT and ECS_SYNC share: the new version at 100 % behind the primary target
// group, steady, made PRIMARY, then the previous primary deleted (the old version keeps serving
// until the new one is steady, I1).
#pragma once

#include <string>

#include "core/status.h"
#include "engine/stage.h"

namespace kanaria::engine {

void PlanNewPrimary(const std::string& step, PlanSimulation& plan);
Status RollOutNewPrimary(const std::string& step, Release& release);

}  // namespace kanaria::engine
