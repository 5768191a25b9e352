// How an emulated task behaves, read from its task definition's essential container
// environment (KANARIA_EMULATOR_*) and the task-definition faults: the contract between the
// demo apps' definitions and the emulator's data plane and health checks.
#pragma once

#include <optional>
#include <string>

#include "emulator/faults.h"
#include "emulator/services/ecs/ecs_model.h"
#include "emulator/services/links.h"

namespace kanaria::emulator {

inline constexpr std::string_view kEnvErrorRate = "KANARIA_EMULATOR_ERROR_RATE";
inline constexpr std::string_view kEnvLatencyMs = "KANARIA_EMULATOR_LATENCY_MS";
inline constexpr std::string_view kEnvUnhealthy = "KANARIA_EMULATOR_UNHEALTHY";
inline constexpr std::string_view kEnvStartFailure = "KANARIA_EMULATOR_START_FAILURE";

// The first essential container (containers are essential unless they say otherwise), or the
// first container; nullptr when the definition has none.
const nlohmann::json* EssentialContainer(const EcsTaskDefinition& definition);

// `task_arn` is left empty for the caller.
TargetBehaviour BehaviourOf(const EcsTaskDefinition& definition,
                            const std::optional<TaskDefinitionFault>& fault);

// Why a task of this definition stops at start ("" = it starts): the fault wins over the
// environment.
std::string StartFailureOf(const EcsTaskDefinition& definition,
                           const std::optional<TaskDefinitionFault>& fault);

}  // namespace kanaria::emulator
