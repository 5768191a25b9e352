// The checks ECS makes on a service's or task set's loadBalancers and serviceRegistries before
// accepting them, with AWS's InvalidParameterException wording. Skipped where a link is null.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/services/ecs/ecs_state.h"

namespace kanaria::emulator {

// Every entry names an existing target group that a load balancer forwards to, and a
// container and containerPort of `definition`.
void CheckLoadBalancers(EcsState& state, const nlohmann::json& load_balancers,
                        const EcsTaskDefinition& definition);
// Every entry names an existing Cloud Map service.
void CheckServiceRegistries(EcsState& state, const nlohmann::json& service_registries);

}  // namespace kanaria::emulator
