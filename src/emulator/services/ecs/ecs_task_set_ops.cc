// Task sets of EXTERNAL services: what kanaria's release engine drives.
#include <fmt/format.h>

#include <cmath>

#include "emulator/api_error.h"
#include "emulator/input_fields.h"
#include "emulator/services/ecs/ecs_handlers.h"
#include "emulator/services/ecs/ecs_json.h"
#include "emulator/services/ecs/load_balancer_checks.h"
#include "emulator/world.h"

namespace kanaria::emulator::ecs_handlers {
namespace {

// The EXTERNAL service a task set call names; AWS's errors for the rest.
EcsService& ExternalService(EcsState& state, const InputFields& fields) {
  EcsCluster& cluster = state.ActiveCluster(fields.RequiredString("cluster"));
  EcsService& service = state.ActiveService(cluster, fields.RequiredString("service"));
  if (service.controller != "EXTERNAL") {
    Fail(kInvalidParameter,
         "Amazon ECS only supports task set management on services configured to use external "
         "deployment controllers.");
  }
  return service;
}

EcsTaskSet& ExistingTaskSet(EcsState& state, const EcsService& service,
                            const std::string& id_or_arn) {
  EcsTaskSet* task_set = state.FindTaskSet(service, id_or_arn);
  if (task_set == nullptr) {
    Fail("TaskSetNotFoundException", "The specified task set does not exist.");
  }
  return *task_set;
}

double ScalePercent(const InputFields& fields) {
  const json& scale = fields.Object("scale");
  if (scale.is_null()) return 100;
  const InputFields scale_fields(scale, kInvalidParameter);
  if (scale_fields.String("unit").value_or("PERCENT") != "PERCENT") {
    Fail(kInvalidParameter, "Scale unit must be PERCENT.");
  }
  const double value = scale_fields.Double("value").value_or(0);
  if (!std::isfinite(value) || value < 0 || value > 100) {
    Fail(kInvalidParameter, "Scale value must be between 0 and 100.");
  }
  return value;
}

}  // namespace

json CreateTaskSet(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsService& service = ExternalService(state, fields);
  const std::string client_token = fields.String("clientToken").value_or("");
  if (!client_token.empty()) {
    for (EcsTaskSet* existing : state.TaskSetsOf(service)) {
      if (existing->client_token == client_token) {
        return {{"taskSet", TaskSetJson(context, state, *existing, true)}};
      }
    }
  }
  const EcsTaskDefinition* definition =
      state.FindTaskDefinition(fields.RequiredString("taskDefinition"));
  if (definition == nullptr) Fail("ClientException", "TaskDefinition not found.");
  if (definition->status != "ACTIVE") Fail("ClientException", "TaskDefinition is inactive");
  if (service.task_set_ids.size() >= kMaxTaskSetsPerService) {
    Fail(kInvalidParameter,
         fmt::format("{} deployments exist on the service. Unable to create new TaskSet since "
                     "this exceeds the maximum limit.",
                     service.task_set_ids.size()));
  }
  if (fields.Has("launchType") && fields.Has("capacityProviderStrategy")) {
    Fail(kInvalidParameter,
         "Specifying both a launch type and capacity provider strategy is not supported. Remove "
         "one and try again.");
  }
  const double scale = ScalePercent(fields);
  const json load_balancers = ArrayMember(fields, "loadBalancers");
  const json service_registries = ArrayMember(fields, "serviceRegistries");
  CheckLoadBalancers(state, load_balancers, *definition);
  CheckServiceRegistries(state, service_registries);

  EcsTaskSet task_set;
  task_set.id = "ecs-svc/" + context.world.ids.Digits(19);
  task_set.arn = context.world.Arn(
      "ecs", "task-set/" + service.cluster_name + "/" + service.name + "/" + task_set.id);
  task_set.service_name = service.name;
  task_set.cluster_name = service.cluster_name;
  // A new task set serves beside the primary until UpdateServicePrimaryTaskSet promotes it.
  task_set.status = "ACTIVE";
  task_set.external_id = fields.String("externalId").value_or("");
  task_set.task_definition_arn = definition->arn;
  task_set.family = definition->family;
  task_set.revision = definition->revision;
  task_set.scale_percent = scale;
  task_set.launch_type =
      fields.String("launchType").value_or(fields.Has("capacityProviderStrategy") ? "" : "EC2");
  task_set.platform_version = fields.String("platformVersion").value_or("");
  task_set.capacity_provider_strategy = ArrayMember(fields, "capacityProviderStrategy");
  task_set.network_configuration = fields.Object("networkConfiguration");
  task_set.load_balancers = load_balancers;
  task_set.service_registries = service_registries;
  task_set.created_at = task_set.updated_at = task_set.stability_status_at = context.now;
  task_set.tags = TagsFromInput(input);
  task_set.client_token = client_token;
  EcsTaskSet& stored = state.AddTaskSet(service, std::move(task_set));
  state.Advance(context.now);
  return {{"taskSet", TaskSetJson(context, state, stored, true)}};
}

json UpdateTaskSet(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsService& service = ExternalService(state, fields);
  EcsTaskSet& task_set = ExistingTaskSet(state, service, fields.RequiredString("taskSet"));
  if (!fields.Has("scale")) Fail(kInvalidParameter, "scale must be specified.");
  if (task_set.status == "DRAINING") {
    Fail(kInvalidParameter, "The specified task set is DRAINING and cannot be updated.");
  }
  task_set.scale_percent = ScalePercent(fields);
  task_set.updated_at = context.now;
  state.Advance(context.now);
  return {{"taskSet", TaskSetJson(context, state, task_set, true)}};
}

json DeleteTaskSet(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsService& service = ExternalService(state, fields);
  EcsTaskSet& task_set = ExistingTaskSet(state, service, fields.RequiredString("taskSet"));
  const bool force = fields.Bool("force").value_or(false);
  if (task_set.status != "DRAINING" && !force) {
    if (task_set.status == "PRIMARY") {
      Fail(kInvalidParameter,
           "The primary task set of a service cannot be deleted unless force is set.");
    }
    if (state.ComputedDesiredCount(task_set) > 0) {
      Fail(kInvalidParameter,
           "The task set cannot be deleted because it has not been scaled down to zero. Set "
           "force to delete it anyway.");
    }
  }
  if (task_set.status != "DRAINING") state.DrainTaskSet(task_set, context.now);
  json response = {{"taskSet", TaskSetJson(context, state, task_set, true)}};
  state.Advance(context.now);  // a task set without tasks is gone at once
  return response;
}

json DescribeTaskSets(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsService& service = ExternalService(state, fields);
  const bool with_tags = IncludesTags(input);
  json task_sets = json::array();
  json failures = json::array();
  const std::vector<std::string> wanted = fields.StringList("taskSets");
  if (wanted.empty()) {
    for (EcsTaskSet* task_set : state.TaskSetsOf(service)) {
      task_sets.push_back(TaskSetJson(context, state, *task_set, with_tags));
    }
  }
  for (const std::string& id_or_arn : wanted) {
    if (const EcsTaskSet* task_set = state.FindTaskSet(service, id_or_arn)) {
      task_sets.push_back(TaskSetJson(context, state, *task_set, with_tags));
    } else {
      failures.push_back(FailureJson(id_or_arn, "MISSING"));
    }
  }
  return {{"taskSets", task_sets}, {"failures", failures}};
}

json UpdateServicePrimaryTaskSet(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsService& service = ExternalService(state, fields);
  EcsTaskSet& primary = ExistingTaskSet(state, service, fields.RequiredString("primaryTaskSet"));
  if (primary.status == "DRAINING") {
    Fail(kInvalidParameter, "The specified task set is DRAINING and cannot be made primary.");
  }
  for (EcsTaskSet* task_set : state.TaskSetsOf(service)) {
    if (task_set != &primary && task_set->status == "PRIMARY") {
      task_set->status = "ACTIVE";
      task_set->updated_at = context.now;
    }
  }
  if (primary.status != "PRIMARY") {
    primary.status = "PRIMARY";
    primary.updated_at = context.now;
  }
  // DescribeServices shows the primary task set's settings as the service's (AWS docs).
  CopyTaskPlacement(primary, service);
  return {{"taskSet", TaskSetJson(context, state, primary, true)}};
}

}  // namespace kanaria::emulator::ecs_handlers
