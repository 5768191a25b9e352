#include "emulator/services/ecs/load_balancer_checks.h"

#include <fmt/format.h>

#include "emulator/api_error.h"
#include "emulator/services/ecs/ecs_json.h"

namespace kanaria::emulator {
namespace {

// Points into `definition` (never into a copy: the caller keeps the pointer).
const nlohmann::json* ContainerNamed(const EcsTaskDefinition& definition, const std::string& name) {
  const auto containers = definition.definition.find("containerDefinitions");
  if (containers == definition.definition.end() || !containers->is_array()) return nullptr;
  for (const nlohmann::json& container : *containers) {
    if (container.is_object() && container.value("name", "") == name) return &container;
  }
  return nullptr;
}

bool HasContainerPort(const nlohmann::json& container, int port) {
  for (const nlohmann::json& mapping : container.value("portMappings", nlohmann::json::array())) {
    if (mapping.is_object() && mapping.value("containerPort", -1) == port) return true;
  }
  return false;
}

}  // namespace

void CheckLoadBalancers(EcsState& state, const nlohmann::json& load_balancers,
                        const EcsTaskDefinition& definition) {
  if (!load_balancers.is_array()) Fail(kInvalidParameter, "loadBalancers must be a list.");
  if (load_balancers.size() > 5) {
    Fail(kInvalidParameter, "loadBalancers can have at most 5 items.");
  }
  for (const nlohmann::json& entry : load_balancers) {
    if (!entry.is_object()) Fail(kInvalidParameter, "loadBalancers entries must be objects.");
    const std::string group = entry.value("targetGroupArn", "");
    if (group.empty()) {
      Fail(kInvalidParameter, "Target group ARN must be specified for a load balancer.");
    }
    if (LoadBalancerLinks* links = state.load_balancers()) {
      if (!links->TargetGroupExists(group)) {
        Fail(kInvalidParameter,
             "Unable to assume role and validate the specified targetGroupArn. Please verify that "
             "the ECS service role being passed has the proper permissions.");
      }
      if (!links->TargetGroupHasLoadBalancer(group)) {
        Fail(kInvalidParameter,
             fmt::format("The target group with targetGroupArn {} does not have an associated "
                         "load balancer.",
                         group));
      }
    }
    const std::string container_name = entry.value("containerName", "");
    const nlohmann::json* container = ContainerNamed(definition, container_name);
    if (container == nullptr) {
      Fail(kInvalidParameter,
           fmt::format("The container {} does not exist in the task definition.", container_name));
    }
    const nlohmann::json port = entry.value("containerPort", nlohmann::json());
    if (!port.is_number_integer() || !HasContainerPort(*container, port.get<int>())) {
      Fail(kInvalidParameter,
           fmt::format("The container {} did not have a container port {} defined.", container_name,
                       port.is_null() ? "" : port.dump()));
    }
  }
}

void CheckServiceRegistries(EcsState& state, const nlohmann::json& service_registries) {
  if (!service_registries.is_array()) {
    Fail(kInvalidParameter, "serviceRegistries must be a list.");
  }
  for (const nlohmann::json& entry : service_registries) {
    const std::string registry = entry.is_object() ? entry.value("registryArn", "") : "";
    if (registry.empty()) Fail(kInvalidParameter, "registryArn must be specified.");
    if (ServiceRegistryLinks* links = state.registries();
        links != nullptr && !links->ServiceExists(registry)) {
      Fail(kInvalidParameter,
           fmt::format("The specified service registry {} does not exist.", registry));
    }
  }
}

}  // namespace kanaria::emulator
