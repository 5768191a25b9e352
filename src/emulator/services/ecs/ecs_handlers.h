// The ECS operation handlers, one file per resource kind (ecs_*_ops.cc), gathered into the
// table in ecs_operations.cc. Each follows botocore's ecs/2014-11-13 shapes and AWS's errors.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/emulated_service.h"
#include "emulator/input_fields.h"

namespace kanaria::emulator::ecs_handlers {

// The settings a task set (or an ECS-controlled service's deployment) runs its tasks with, which
// the service shows as its own: copied from the service into a new deployment, and from the
// primary task set onto an EXTERNAL service.
template <typename From, typename To>
void CopyTaskPlacement(const From& from, To& to) {
  to.launch_type = from.launch_type;
  to.platform_version = from.platform_version;
  to.capacity_provider_strategy = from.capacity_provider_strategy;
  to.network_configuration = from.network_configuration;
  to.load_balancers = from.load_balancers;
  to.service_registries = from.service_registries;
}

using nlohmann::json;

// A list member as given, or [] when absent.
inline json ArrayMember(const InputFields& fields, std::string_view name) {
  return fields.Has(name) ? fields.Object(name) : json::array();
}

json CreateCluster(CallContext& context, const json& input);
json DescribeClusters(CallContext& context, const json& input);
json DeleteCluster(CallContext& context, const json& input);
json ListClusters(CallContext& context, const json& input);

json CreateService(CallContext& context, const json& input);
json DescribeServices(CallContext& context, const json& input);
json UpdateService(CallContext& context, const json& input);
json DeleteService(CallContext& context, const json& input);
json ListServices(CallContext& context, const json& input);

json RegisterTaskDefinition(CallContext& context, const json& input);
json DescribeTaskDefinition(CallContext& context, const json& input);
json DeregisterTaskDefinition(CallContext& context, const json& input);
json ListTaskDefinitions(CallContext& context, const json& input);
json ListTaskDefinitionFamilies(CallContext& context, const json& input);

json CreateTaskSet(CallContext& context, const json& input);
json UpdateTaskSet(CallContext& context, const json& input);
json DeleteTaskSet(CallContext& context, const json& input);
json DescribeTaskSets(CallContext& context, const json& input);
json UpdateServicePrimaryTaskSet(CallContext& context, const json& input);

json ListTasks(CallContext& context, const json& input);
json DescribeTasks(CallContext& context, const json& input);
json StopTask(CallContext& context, const json& input);

json TagResource(CallContext& context, const json& input);
json UntagResource(CallContext& context, const json& input);
json ListTagsForResource(CallContext& context, const json& input);

}  // namespace kanaria::emulator::ecs_handlers
