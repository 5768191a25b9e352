#include "emulator/services/ecs/ecs_json.h"

#include <algorithm>
#include <cctype>

#include "emulator/api_error.h"
#include "emulator/input_fields.h"
#include "emulator/world.h"

namespace kanaria::emulator {
namespace {

void PutIfNotEmpty(nlohmann::json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

// A container's status follows its task's: it runs while the task serves and drains.
std::string ContainerStatus(const EcsTask& task) {
  if (task.last_status == "PROVISIONING" || task.last_status == "PENDING") return "PENDING";
  if (task.last_status == "DEPROVISIONING" || task.last_status == "STOPPED") return "STOPPED";
  return "RUNNING";
}

std::string AttachmentStatus(const EcsTask& task) {
  if (task.last_status == "PROVISIONING") return "PRECREATED";
  if (task.last_status == "DEPROVISIONING") return "DELETING";
  if (task.last_status == "STOPPED") return "DELETED";
  return "ATTACHED";
}

}  // namespace

nlohmann::json TagsJson(const EcsTags& tags) {
  nlohmann::json list = nlohmann::json::array();
  for (const EcsTag& tag : tags) list.push_back({{"key", tag.key}, {"value", tag.value}});
  return list;
}

EcsTags TagsFromInput(const nlohmann::json& input, const char* member) {
  const InputFields fields(input, kInvalidParameter);
  EcsTags tags;
  for (const nlohmann::json& item : fields.List(member)) {
    const InputFields tag(item, kInvalidParameter);
    const std::string key = tag.String("key").value_or("");
    if (key.empty() || key.size() > 128) {
      Fail(kInvalidParameter,
           "The specified tag key is not valid: tag keys must be 1-128 "
           "characters.");
    }
    tags.push_back({key, tag.String("value").value_or("")});
  }
  if (tags.size() > 50) Fail(kInvalidParameter, "A resource can have at most 50 tags.");
  return tags;
}

void MergeTags(EcsTags& tags, const EcsTags& added) {
  for (const EcsTag& tag : added) {
    auto it = std::find_if(tags.begin(), tags.end(),
                           [&](const EcsTag& existing) { return existing.key == tag.key; });
    if (it == tags.end()) {
      tags.push_back(tag);
    } else {
      it->value = tag.value;
    }
  }
}

bool IncludesTags(const nlohmann::json& input) {
  for (const std::string& item : InputFields(input, kInvalidParameter).StringList("include")) {
    if (item == "TAGS") return true;
  }
  return false;
}

bool IsValidEcsName(const std::string& name) {
  return !name.empty() && name.size() <= 255 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

nlohmann::json FailureJson(const std::string& arn, const std::string& reason) {
  return {{"arn", arn}, {"reason", reason}};
}

nlohmann::json ClusterJson(const CallContext& context, EcsState& state, const EcsCluster& cluster,
                           bool with_tags) {
  int running = 0;
  int pending = 0;
  for (const auto& [id, task] : state.tasks()) {
    if (task.cluster_name != cluster.name) continue;
    if (task.last_status == "RUNNING") ++running;
    if (task.last_status == "PROVISIONING" || task.last_status == "PENDING") ++pending;
  }
  int active_services = 0;
  for (const EcsService* service : state.ServicesOf(cluster)) {
    if (service->status == "ACTIVE") ++active_services;
  }
  (void)context;
  nlohmann::json out = {{"clusterArn", cluster.arn},
                        {"clusterName", cluster.name},
                        {"status", cluster.status},
                        {"registeredContainerInstancesCount", 0},
                        {"runningTasksCount", running},
                        {"pendingTasksCount", pending},
                        {"activeServicesCount", active_services},
                        {"statistics", nlohmann::json::array()},
                        {"settings", cluster.settings},
                        {"capacityProviders", nlohmann::json::array()},
                        {"defaultCapacityProviderStrategy", nlohmann::json::array()}};
  if (with_tags) out["tags"] = TagsJson(cluster.tags);
  return out;
}

nlohmann::json TaskSetJson(const CallContext& context, EcsState& state, const EcsTaskSet& task_set,
                           bool with_tags) {
  const TaskSetCounts counts = state.CountsOf(task_set);
  const EcsCluster* cluster = state.FindCluster(task_set.cluster_name);
  const std::string service_arn =
      context.world.Arn("ecs", "service/" + task_set.cluster_name + "/" + task_set.service_name);
  nlohmann::json out = {
      {"id", task_set.id},
      {"taskSetArn", task_set.arn},
      {"serviceArn", service_arn},
      {"clusterArn", cluster != nullptr ? cluster->arn : ""},
      {"status", task_set.status},
      {"taskDefinition", task_set.task_definition_arn},
      {"computedDesiredCount", state.ComputedDesiredCount(task_set)},
      {"pendingCount", counts.pending},
      {"runningCount", counts.running},
      {"createdAt", TimestampValue(context, task_set.created_at)},
      {"updatedAt", TimestampValue(context, task_set.updated_at)},
      {"capacityProviderStrategy", task_set.capacity_provider_strategy},
      {"loadBalancers", task_set.load_balancers},
      {"serviceRegistries", task_set.service_registries},
      {"scale", {{"value", task_set.scale_percent}, {"unit", "PERCENT"}}},
      {"stabilityStatus", task_set.stability_status},
      {"stabilityStatusAt", TimestampValue(context, task_set.stability_status_at)},
  };
  PutIfNotEmpty(out, "externalId", task_set.external_id);
  PutIfNotEmpty(out, "launchType", task_set.launch_type);
  PutIfNotEmpty(out, "platformVersion", task_set.platform_version);
  if (!task_set.network_configuration.is_null()) {
    out["networkConfiguration"] = task_set.network_configuration;
  }
  if (with_tags) out["tags"] = TagsJson(task_set.tags);
  return out;
}

nlohmann::json ServiceJson(const CallContext& context, EcsState& state, const EcsService& service,
                           bool with_tags) {
  const EcsCluster* cluster = state.FindCluster(service.cluster_name);
  int running = 0;
  int pending = 0;
  nlohmann::json task_sets = nlohmann::json::array();
  nlohmann::json deployments = nlohmann::json::array();
  for (EcsTaskSet* task_set : state.TaskSetsOf(service)) {
    const TaskSetCounts counts = state.CountsOf(*task_set);
    running += counts.running;
    pending += counts.pending;
    if (!task_set->is_deployment) {
      task_sets.push_back(TaskSetJson(context, state, *task_set, with_tags));
      continue;
    }
    const int desired = state.ComputedDesiredCount(*task_set);
    const bool completed = task_set->stability_status == "STEADY_STATE";
    nlohmann::json deployment = {
        {"id", task_set->id},
        {"status", task_set->status},
        {"taskDefinition", task_set->task_definition_arn},
        {"desiredCount", desired},
        {"pendingCount", counts.pending},
        {"runningCount", counts.running},
        {"failedTasks", 0},
        {"createdAt", TimestampValue(context, task_set->created_at)},
        {"updatedAt", TimestampValue(context, task_set->updated_at)},
        {"rolloutState", completed ? "COMPLETED" : "IN_PROGRESS"},
        {"rolloutStateReason", completed ? "ECS deployment " + task_set->id + " completed."
                                         : "ECS deployment " + task_set->id + " in progress."}};
    PutIfNotEmpty(deployment, "launchType", task_set->launch_type);
    if (!task_set->network_configuration.is_null()) {
      deployment["networkConfiguration"] = task_set->network_configuration;
    }
    deployments.push_back(std::move(deployment));
  }
  nlohmann::json out = {
      {"serviceArn", service.arn},
      {"serviceName", service.name},
      {"clusterArn", cluster != nullptr ? cluster->arn : ""},
      {"loadBalancers", service.load_balancers},
      {"serviceRegistries", service.service_registries},
      {"status", service.status},
      {"desiredCount", service.desired_count},
      {"runningCount", running},
      {"pendingCount", pending},
      {"capacityProviderStrategy", service.capacity_provider_strategy},
      {"events", nlohmann::json::array()},
      {"createdAt", TimestampValue(context, service.created_at)},
      {"placementConstraints", service.placement_constraints},
      {"placementStrategy", service.placement_strategy},
      {"schedulingStrategy", service.scheduling_strategy},
      {"deploymentController", {{"type", service.controller}}},
      {"enableECSManagedTags", service.enable_ecs_managed_tags},
      {"enableExecuteCommand", service.enable_execute_command},
  };
  if (service.controller == "EXTERNAL") {
    out["taskSets"] = std::move(task_sets);
  } else {
    out["deployments"] = std::move(deployments);
  }
  PutIfNotEmpty(out, "launchType", service.launch_type);
  PutIfNotEmpty(out, "platformVersion", service.platform_version);
  PutIfNotEmpty(out, "taskDefinition", service.task_definition_arn);
  PutIfNotEmpty(out, "roleArn", service.role_arn);
  PutIfNotEmpty(out, "propagateTags", service.propagate_tags);
  if (!service.deployment_configuration.is_null()) {
    out["deploymentConfiguration"] = service.deployment_configuration;
  }
  if (!service.network_configuration.is_null()) {
    out["networkConfiguration"] = service.network_configuration;
  }
  if (service.health_check_grace_period_seconds) {
    out["healthCheckGracePeriodSeconds"] = *service.health_check_grace_period_seconds;
  }
  if (with_tags) out["tags"] = TagsJson(service.tags);
  return out;
}

nlohmann::json TaskJson(const CallContext& context, EcsState& state, const EcsTask& task) {
  const EcsCluster* cluster = state.FindCluster(task.cluster_name);
  const std::string container_status = ContainerStatus(task);
  nlohmann::json containers = nlohmann::json::array();
  for (std::size_t i = 0; i < task.containers.size(); ++i) {
    const EcsContainer& container = task.containers[i];
    nlohmann::json item = {
        {"containerArn", context.world.Arn("ecs", "container/" + task.cluster_name + "/" + task.id +
                                                      "/" + std::to_string(i))},
        {"taskArn", task.arn},
        {"name", container.name},
        {"image", container.image},
        {"lastStatus", container_status},
        {"networkInterfaces",
         {{{"attachmentId", task.attachment_id}, {"privateIpv4Address", task.ip}}}},
        {"healthStatus", "UNKNOWN"}};
    if (container_status == "STOPPED" && task.started_at) item["exitCode"] = 0;
    containers.push_back(std::move(item));
  }
  nlohmann::json details = {{{"name", "networkInterfaceId"}, {"value", task.eni_id}},
                            {{"name", "privateIPv4Address"}, {"value", task.ip}}};
  nlohmann::json out = {
      {"attachments",
       {{{"id", task.attachment_id},
         {"type", "ElasticNetworkInterface"},
         {"status", AttachmentStatus(task)},
         {"details", details}}}},
      {"attributes", nlohmann::json::array()},
      {"availabilityZone", task.availability_zone},
      {"clusterArn", cluster != nullptr ? cluster->arn : ""},
      {"containers", std::move(containers)},
      {"createdAt", TimestampValue(context, task.created_at)},
      {"desiredStatus", task.desired_status},
      {"group", "service:" + task.service_name},
      {"healthStatus", "UNKNOWN"},
      {"lastStatus", task.last_status},
      {"startedBy", task.task_set_id},
      {"taskArn", task.arn},
      {"taskDefinitionArn", task.task_definition_arn},
      {"version", 1},
      {"tags", nlohmann::json::array()},
  };
  PutIfNotEmpty(out, "launchType", task.launch_type);
  if (const EcsTaskDefinition* definition = state.FindTaskDefinition(task.task_definition_arn)) {
    if (definition->definition.contains("cpu")) out["cpu"] = definition->definition["cpu"];
    if (definition->definition.contains("memory")) out["memory"] = definition->definition["memory"];
  }
  if (task.started_at) out["startedAt"] = TimestampValue(context, *task.started_at);
  if (task.stopping_at) out["stoppingAt"] = TimestampValue(context, *task.stopping_at);
  if (task.stopped_at) out["stoppedAt"] = TimestampValue(context, *task.stopped_at);
  PutIfNotEmpty(out, "stoppedReason", task.stopped_reason);
  PutIfNotEmpty(out, "stopCode", task.stop_code);
  return out;
}

nlohmann::json TaskDefinitionJson(const CallContext& context, const EcsTaskDefinition& definition) {
  nlohmann::json out = definition.definition;
  out["status"] = definition.status;
  out["registeredAt"] = TimestampValue(context, definition.registered_at);
  if (definition.deregistered_at) {
    out["deregisteredAt"] = TimestampValue(context, *definition.deregistered_at);
  }
  return out;
}

nlohmann::json PageOf(const std::vector<std::string>& items, const nlohmann::json& input,
                      const char* member) {
  const InputFields fields(input, kInvalidParameter);
  const int64_t max_results = fields.Integer("maxResults").value_or(100);
  if (max_results < 1 || max_results > 100) {
    Fail(kInvalidParameter, "maxResults must be between 1 and 100.");
  }
  std::size_t offset = 0;
  if (std::optional<std::string> token = fields.String("nextToken"); token && !token->empty()) {
    char* end = nullptr;
    const unsigned long long parsed = std::strtoull(token->c_str(), &end, 10);
    if (*end != '\0' || parsed > items.size()) Fail(kInvalidParameter, "Invalid nextToken.");
    offset = static_cast<std::size_t>(parsed);
  }
  const std::size_t end = std::min(items.size(), offset + static_cast<std::size_t>(max_results));
  nlohmann::json out = {
      {member, std::vector<std::string>(items.begin() + offset, items.begin() + end)}};
  if (end < items.size()) out["nextToken"] = std::to_string(end);
  return out;
}

}  // namespace kanaria::emulator
