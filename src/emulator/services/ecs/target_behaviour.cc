#include "emulator/services/ecs/target_behaviour.h"

#include <algorithm>
#include <cstdlib>

namespace kanaria::emulator {
namespace {

std::optional<std::string> EnvironmentValue(const nlohmann::json& container,
                                            std::string_view name) {
  const auto environment = container.find("environment");
  if (environment == container.end() || !environment->is_array()) return std::nullopt;
  for (const nlohmann::json& variable : *environment) {
    if (variable.is_object() && variable.value("name", "") == name) {
      const auto value = variable.find("value");
      if (value != variable.end() && value->is_string()) return value->get<std::string>();
      return std::string();
    }
  }
  return std::nullopt;
}

// A malformed number reads as 0: the demo apps' definitions are user files, and a typo must
// not take the emulator down.
double NumberOr0(const std::optional<std::string>& text) {
  if (!text) return 0;
  char* end = nullptr;
  const double value = std::strtod(text->c_str(), &end);
  return end == text->c_str() ? 0 : value;
}

}  // namespace

const nlohmann::json* EssentialContainer(const EcsTaskDefinition& definition) {
  const auto containers = definition.definition.find("containerDefinitions");
  if (containers == definition.definition.end() || !containers->is_array() || containers->empty()) {
    return nullptr;
  }
  for (const nlohmann::json& container : *containers) {
    if (container.value("essential", true)) return &container;
  }
  return &containers->front();
}

TargetBehaviour BehaviourOf(const EcsTaskDefinition& definition,
                            const std::optional<TaskDefinitionFault>& fault) {
  TargetBehaviour behaviour;
  behaviour.task_definition = definition.FamilyRevision();
  if (const nlohmann::json* container = EssentialContainer(definition)) {
    behaviour.image = container->value("image", "");
    behaviour.error_rate =
        std::clamp(NumberOr0(EnvironmentValue(*container, kEnvErrorRate)), 0.0, 1.0);
    behaviour.latency_ms = std::max(0.0, NumberOr0(EnvironmentValue(*container, kEnvLatencyMs)));
    behaviour.fails_health_checks = EnvironmentValue(*container, kEnvUnhealthy) == "1";
  }
  if (fault && fault->unhealthy_after_start) behaviour.fails_health_checks = true;
  return behaviour;
}

std::string StartFailureOf(const EcsTaskDefinition& definition,
                           const std::optional<TaskDefinitionFault>& fault) {
  if (fault && !fault->start_failure.empty()) return fault->start_failure;
  if (const nlohmann::json* container = EssentialContainer(definition)) {
    if (std::optional<std::string> reason = EnvironmentValue(*container, kEnvStartFailure)) {
      return *reason;
    }
  }
  return "";
}

}  // namespace kanaria::emulator
