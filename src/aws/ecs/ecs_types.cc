#include "aws/ecs/ecs_types.h"

#include "aws/protocol/json_field_reader.h"

namespace kanaria::aws::ecs {
namespace {

// Parses the list member `key` element by element with `parse`, element paths "path.key[i]".
template <typename T, typename ParseFn>
void ReadList(JsonFieldReader& reader, std::string_view key, std::vector<T>& out, ParseFn parse) {
  if (!reader.ok()) return;
  const nlohmann::json* list = reader.Find(key);
  if (list == nullptr) return;
  if (!list->is_array()) {
    return reader.Fail(MalformedResponseError(reader.PathOf(key),
                                              std::string("expected a list, got ") + list->type_name()));
  }
  std::vector<T> items;
  items.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    StatusOr<T> item = parse((*list)[i], reader.PathOfElement(key, i));
    if (!item.ok()) return reader.Fail(item.status());
    items.push_back(std::move(item).value());
  }
  out = std::move(items);
}

void ReadTags(JsonFieldReader& reader, std::string_view key, Tags& out) {
  if (!reader.ok()) return;
  const nlohmann::json* list = reader.Find(key);
  if (list == nullptr) return;
  StatusOr<Tags> tags = TagsFromJson(*list, reader.PathOf(key));
  if (!tags.ok()) return reader.Fail(tags.status());
  out = std::move(tags).value();
}

}  // namespace

const std::string* FindTag(const Tags& tags, std::string_view key) {
  for (const Tag& tag : tags) {
    if (tag.key == key) return &tag.value;
  }
  return nullptr;
}

StatusOr<Tags> TagsFromJson(const nlohmann::json& json, const std::string& path) {
  if (json.is_null()) return Tags{};
  if (!json.is_array()) {
    return MalformedResponseError(path, std::string("expected a list, got ") + json.type_name());
  }
  Tags tags;
  tags.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    JsonFieldReader reader(json[i], path + "[" + std::to_string(i) + "]");
    Tag tag;
    reader.String("key", tag.key);
    reader.String("value", tag.value);  // TagValue may be empty, and AWS then omits it
    if (reader.ok() && reader.Find("key") == nullptr) {
      reader.Fail(MalformedResponseError(reader.PathOf("key"), "missing"));
    }
    if (!reader.ok()) return reader.status();
    tags.push_back(std::move(tag));
  }
  return tags;
}

nlohmann::json TagsToJson(const Tags& tags) {
  nlohmann::json list = nlohmann::json::array();
  for (const Tag& tag : tags) list.push_back(tag.ToJson());
  return list;
}

StatusOr<Scale> Scale::FromJson(const nlohmann::json& json, const std::string& path) {
  JsonFieldReader reader(json, path);
  Scale scale;
  reader.Double("value", scale.value);
  reader.String("unit", scale.unit);
  if (!reader.ok()) return reader.status();
  return scale;
}

StatusOr<Failure> Failure::FromJson(const nlohmann::json& json, const std::string& path) {
  JsonFieldReader reader(json, path);
  Failure failure;
  reader.String("arn", failure.arn);
  reader.String("reason", failure.reason);
  reader.String("detail", failure.detail);
  if (!reader.ok()) return reader.status();
  return failure;
}

StatusOr<std::vector<Failure>> FailuresFromJson(const nlohmann::json& response) {
  JsonFieldReader reader(response, "");
  std::vector<Failure> failures;
  ReadList(reader, "failures", failures, &Failure::FromJson);
  if (!reader.ok()) return reader.status();
  return failures;
}

StatusOr<TaskSet> TaskSet::FromJson(const nlohmann::json& json, const std::string& path) {
  JsonFieldReader reader(json, path);
  TaskSet task_set;
  reader.String("id", task_set.id);
  reader.String("taskSetArn", task_set.task_set_arn);
  reader.String("serviceArn", task_set.service_arn);
  reader.String("clusterArn", task_set.cluster_arn);
  reader.String("startedBy", task_set.started_by);
  reader.String("externalId", task_set.external_id);
  reader.String("status", task_set.status);
  reader.String("taskDefinition", task_set.task_definition);
  reader.Int("computedDesiredCount", task_set.computed_desired_count);
  reader.Int("pendingCount", task_set.pending_count);
  reader.Int("runningCount", task_set.running_count);
  reader.Timestamp("createdAt", task_set.created_at);
  reader.Timestamp("updatedAt", task_set.updated_at);
  reader.String("launchType", task_set.launch_type);
  reader.Array("capacityProviderStrategy", task_set.capacity_provider_strategy);
  reader.String("platformVersion", task_set.platform_version);
  reader.Object("networkConfiguration", task_set.network_configuration);
  reader.Array("loadBalancers", task_set.load_balancers);
  reader.Array("serviceRegistries", task_set.service_registries);
  if (const nlohmann::json* scale = reader.Find("scale"); scale != nullptr && reader.ok()) {
    StatusOr<Scale> parsed = Scale::FromJson(*scale, reader.PathOf("scale"));
    if (parsed.ok()) {
      task_set.scale = std::move(parsed).value();
    } else {
      reader.Fail(parsed.status());
    }
  }
  reader.String("stabilityStatus", task_set.stability_status);
  reader.Timestamp("stabilityStatusAt", task_set.stability_status_at);
  ReadTags(reader, "tags", task_set.tags);
  if (!reader.ok()) return reader.status();
  task_set.raw = json;
  return task_set;
}

StatusOr<Service> Service::FromJson(const nlohmann::json& json, const std::string& path) {
  JsonFieldReader reader(json, path);
  Service service;
  reader.String("serviceArn", service.service_arn);
  reader.String("serviceName", service.service_name);
  reader.String("clusterArn", service.cluster_arn);
  reader.String("status", service.status);
  reader.Int("desiredCount", service.desired_count);
  reader.Int("runningCount", service.running_count);
  reader.Int("pendingCount", service.pending_count);
  reader.String("launchType", service.launch_type);
  reader.String("platformVersion", service.platform_version);
  if (const nlohmann::json* controller = reader.Find("deploymentController");
      controller != nullptr && reader.ok()) {
    JsonFieldReader controller_reader(*controller, reader.PathOf("deploymentController"));
    controller_reader.String("type", service.deployment_controller_type);
    reader.Fail(controller_reader.status());
  }
  reader.String("taskDefinition", service.task_definition);
  ReadList(reader, "taskSets", service.task_sets, &TaskSet::FromJson);
  reader.Array("loadBalancers", service.load_balancers);
  reader.Array("serviceRegistries", service.service_registries);
  reader.Object("networkConfiguration", service.network_configuration);
  reader.Array("capacityProviderStrategy", service.capacity_provider_strategy);
  reader.Array("placementConstraints", service.placement_constraints);
  reader.Array("placementStrategy", service.placement_strategy);
  reader.Int("healthCheckGracePeriodSeconds", service.health_check_grace_period_seconds);
  reader.Bool("enableECSManagedTags", service.enable_ecs_managed_tags);
  reader.String("propagateTags", service.propagate_tags);
  reader.Timestamp("createdAt", service.created_at);
  ReadTags(reader, "tags", service.tags);
  if (!reader.ok()) return reader.status();
  service.raw = json;
  return service;
}

StatusOr<Task> Task::FromJson(const nlohmann::json& json, const std::string& path) {
  JsonFieldReader reader(json, path);
  Task task;
  reader.String("taskArn", task.task_arn);
  reader.String("clusterArn", task.cluster_arn);
  reader.String("taskDefinitionArn", task.task_definition_arn);
  reader.String("lastStatus", task.last_status);
  reader.String("desiredStatus", task.desired_status);
  reader.String("startedBy", task.started_by);
  reader.String("group", task.group);
  reader.String("launchType", task.launch_type);
  reader.String("stoppedReason", task.stopped_reason);
  reader.String("stopCode", task.stop_code);
  reader.String("healthStatus", task.health_status);
  reader.Timestamp("createdAt", task.created_at);
  reader.Timestamp("startedAt", task.started_at);
  reader.Timestamp("stoppedAt", task.stopped_at);
  ReadTags(reader, "tags", task.tags);
  if (!reader.ok()) return reader.status();
  task.raw = json;
  return task;
}

namespace {

StatusOr<PortMapping> PortMappingFromJson(const nlohmann::json& json, const std::string& path) {
  JsonFieldReader reader(json, path);
  PortMapping mapping;
  reader.Int("containerPort", mapping.container_port);
  reader.Int("hostPort", mapping.host_port);
  reader.String("protocol", mapping.protocol);
  reader.String("name", mapping.name);
  if (!reader.ok()) return reader.status();
  return mapping;
}

StatusOr<EnvironmentVariable> EnvironmentVariableFromJson(const nlohmann::json& json,
                                                          const std::string& path) {
  JsonFieldReader reader(json, path);
  EnvironmentVariable variable;
  reader.String("name", variable.name);
  reader.String("value", variable.value);
  if (!reader.ok()) return reader.status();
  return variable;
}

}  // namespace

StatusOr<ContainerDefinition> ContainerDefinition::FromJson(const nlohmann::json& json,
                                                            const std::string& path) {
  JsonFieldReader reader(json, path);
  ContainerDefinition container;
  reader.String("name", container.name);
  reader.String("image", container.image);
  ReadList(reader, "portMappings", container.port_mappings, &PortMappingFromJson);
  ReadList(reader, "environment", container.environment, &EnvironmentVariableFromJson);
  if (!reader.ok()) return reader.status();
  container.raw = json;
  return container;
}

StatusOr<TaskDefinition> TaskDefinition::FromJson(const nlohmann::json& json,
                                                  const std::string& path) {
  JsonFieldReader reader(json, path);
  TaskDefinition definition;
  reader.String("taskDefinitionArn", definition.task_definition_arn);
  reader.String("family", definition.family);
  reader.Int("revision", definition.revision);
  reader.String("status", definition.status);
  reader.String("networkMode", definition.network_mode);
  reader.StringList("requiresCompatibilities", definition.requires_compatibilities);
  reader.String("cpu", definition.cpu);
  reader.String("memory", definition.memory);
  ReadList(reader, "containerDefinitions", definition.container_definitions,
           &ContainerDefinition::FromJson);
  if (!reader.ok()) return reader.status();
  definition.raw = json;
  return definition;
}

}  // namespace kanaria::aws::ecs
