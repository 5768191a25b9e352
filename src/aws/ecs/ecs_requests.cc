#include "aws/ecs/ecs_requests.h"

#include <cmath>

#include <fmt/format.h>

namespace kanaria::aws::ecs {
namespace {

void PutString(nlohmann::json& body, const char* key, const std::string& value) {
  if (!value.empty()) body[key] = value;
}

void PutJson(nlohmann::json& body, const char* key, const nlohmann::json& value) {
  if (!value.is_null()) body[key] = value;
}

template <typename T>
void PutOptional(nlohmann::json& body, const char* key, const std::optional<T>& value) {
  if (value) body[key] = *value;
}

Status Require(const std::string& value, std::string_view request, std::string_view field) {
  if (!value.empty()) return Status::Ok();
  return InvalidInputError(fmt::format("{}: {} is required", request, field));
}

// Copies `additional` (an object) into `body`; members already in `body` are kept.
Status MergeAdditionalMembers(nlohmann::json& body, const nlohmann::json& additional,
                              std::string_view request) {
  if (additional.is_null()) return Status::Ok();
  if (!additional.is_object()) {
    return InvalidInputError(fmt::format("{}: additional members must be an object, got {}",
                                         request, additional.type_name()));
  }
  for (const auto& [key, value] : additional.items()) {
    if (!body.contains(key)) body[key] = value;
  }
  return Status::Ok();
}

// ECS: "A service can use either a launch type or a capacity provider strategy" (and so can a
// task set). Sending both is a ClientException; refusing it here keeps it out of the mutation
// count.
Status RequireOneCapacitySource(const nlohmann::json& body, std::string_view request) {
  if (body.contains("launchType") && body.contains("capacityProviderStrategy")) {
    return InvalidInputError(
        fmt::format("{}: launchType and capacityProviderStrategy are mutually exclusive", request));
  }
  return Status::Ok();
}

bool MatchesArnOrId(std::string_view arn, std::string_view id_or_arn) {
  if (arn == id_or_arn) return true;
  // Task set ids ("ecs-svc/123") hold a '/', so compare suffixes rather than last segments.
  return arn.size() > id_or_arn.size() && arn.ends_with(id_or_arn) &&
         arn[arn.size() - id_or_arn.size() - 1] == '/';
}

// Items with an id member (task sets) match on id or ARN exactly; items without one (tasks)
// also match on the ARN's trailing id ("arn:...:task/cluster/<id>").
template <typename T>
const T* FindByArnOrId(const std::vector<T>& items, std::string_view id_or_arn,
                       std::string T::*arn, std::string T::*id) {
  for (const T& item : items) {
    if (item.*arn == id_or_arn) return &item;
    if (id != nullptr && !(item.*id).empty() && item.*id == id_or_arn) return &item;
  }
  if (id != nullptr) return nullptr;
  for (const T& item : items) {
    if (MatchesArnOrId(item.*arn, id_or_arn)) return &item;
  }
  return nullptr;
}

const Failure* FindFailureFor(const std::vector<Failure>& failures, std::string_view id_or_arn) {
  for (const Failure& failure : failures) {
    if (MatchesArnOrId(failure.arn, id_or_arn)) return &failure;
  }
  return nullptr;
}

}  // namespace

std::string_view ResourceNameOf(std::string_view name_or_arn) {
  if (!name_or_arn.starts_with("arn:")) return name_or_arn;
  const auto slash = name_or_arn.rfind('/');
  return slash == std::string_view::npos ? name_or_arn : name_or_arn.substr(slash + 1);
}

Status ValidateClientToken(std::string_view token, std::string_view field) {
  if (token.size() > 36) {
    return InvalidInputError(fmt::format("{} is longer than 36 characters: {}", field, token));
  }
  for (const char c : token) {
    const auto code = static_cast<unsigned char>(c);
    if (code < 33 || code > 126) {
      return InvalidInputError(
          fmt::format("{} may hold only ASCII characters 33-126 (no spaces): {}", field, token));
    }
  }
  return Status::Ok();
}

Status ValidateScale(const Scale& scale) {
  if (scale.unit != kScaleUnitPercent) {
    return InvalidInputError(fmt::format("scale.unit must be PERCENT, got '{}'", scale.unit));
  }
  if (!std::isfinite(scale.value) || scale.value < 0 || scale.value > 100) {
    return InvalidInputError(fmt::format("scale.value must be between 0 and 100, got {}", scale.value));
  }
  return Status::Ok();
}

StatusOr<nlohmann::json> CreateServiceRequest::ToJson() const {
  RETURN_IF_ERROR(Require(service_name, "CreateService", "serviceName"));
  RETURN_IF_ERROR(ValidateClientToken(client_token));
  nlohmann::json body = nlohmann::json::object();
  PutString(body, "cluster", cluster);
  body["serviceName"] = service_name;
  PutOptional(body, "desiredCount", desired_count);
  if (!deployment_controller_type.empty()) {
    body["deploymentController"] = {{"type", deployment_controller_type}};
  }
  PutString(body, "taskDefinition", task_definition);
  PutString(body, "launchType", launch_type);
  PutString(body, "platformVersion", platform_version);
  PutString(body, "schedulingStrategy", scheduling_strategy);
  PutString(body, "role", role);
  PutString(body, "propagateTags", propagate_tags);
  PutJson(body, "loadBalancers", load_balancers);
  PutJson(body, "serviceRegistries", service_registries);
  PutJson(body, "networkConfiguration", network_configuration);
  PutJson(body, "capacityProviderStrategy", capacity_provider_strategy);
  PutJson(body, "placementConstraints", placement_constraints);
  PutJson(body, "placementStrategy", placement_strategy);
  PutJson(body, "deploymentConfiguration", deployment_configuration);
  PutOptional(body, "healthCheckGracePeriodSeconds", health_check_grace_period_seconds);
  PutOptional(body, "enableECSManagedTags", enable_ecs_managed_tags);
  PutOptional(body, "enableExecuteCommand", enable_execute_command);
  if (!tags.empty()) body["tags"] = TagsToJson(tags);
  PutString(body, "clientToken", client_token);
  RETURN_IF_ERROR(MergeAdditionalMembers(body, additional_members, "CreateService"));
  RETURN_IF_ERROR(RequireOneCapacitySource(body, "CreateService"));
  return body;
}

StatusOr<nlohmann::json> UpdateServiceRequest::ToJson() const {
  RETURN_IF_ERROR(Require(service, "UpdateService", "service"));
  nlohmann::json body = nlohmann::json::object();
  PutString(body, "cluster", cluster);
  body["service"] = service;
  PutOptional(body, "desiredCount", desired_count);
  PutJson(body, "placementConstraints", placement_constraints);
  PutJson(body, "placementStrategy", placement_strategy);
  PutOptional(body, "healthCheckGracePeriodSeconds", health_check_grace_period_seconds);
  PutOptional(body, "enableECSManagedTags", enable_ecs_managed_tags);
  PutString(body, "propagateTags", propagate_tags);
  PutJson(body, "deploymentConfiguration", deployment_configuration);
  RETURN_IF_ERROR(MergeAdditionalMembers(body, additional_members, "UpdateService"));
  return body;
}

StatusOr<nlohmann::json> CreateTaskSetRequest::ToJson() const {
  RETURN_IF_ERROR(Require(cluster, "CreateTaskSet", "cluster"));
  RETURN_IF_ERROR(Require(service, "CreateTaskSet", "service"));
  RETURN_IF_ERROR(Require(task_definition, "CreateTaskSet", "taskDefinition"));
  RETURN_IF_ERROR(ValidateClientToken(client_token));
  if (scale) RETURN_IF_ERROR(ValidateScale(*scale));
  nlohmann::json body = {
      {"cluster", cluster}, {"service", service}, {"taskDefinition", task_definition}};
  PutString(body, "externalId", external_id);
  PutJson(body, "networkConfiguration", network_configuration);
  PutJson(body, "loadBalancers", load_balancers);
  PutJson(body, "serviceRegistries", service_registries);
  PutString(body, "launchType", launch_type);
  PutJson(body, "capacityProviderStrategy", capacity_provider_strategy);
  PutString(body, "platformVersion", platform_version);
  if (scale) body["scale"] = scale->ToJson();
  PutString(body, "clientToken", client_token);
  if (!tags.empty()) body["tags"] = TagsToJson(tags);
  RETURN_IF_ERROR(RequireOneCapacitySource(body, "CreateTaskSet"));
  return body;
}

StatusOr<nlohmann::json> ListTasksRequest::ToJson() const {
  // ECS documents startedBy as "the only filter that you use". desiredStatus is let through:
  // it selects running or stopped tasks rather than narrowing who started them.
  if (!started_by.empty() && (!service_name.empty() || !family.empty() ||
                              !container_instance.empty() || !launch_type.empty())) {
    return InvalidInputError(
        "ListTasks: startedBy cannot be combined with serviceName, family, containerInstance or "
        "launchType");
  }
  if (max_results && (*max_results < 1 || *max_results > 100)) {
    return InvalidInputError(
        fmt::format("ListTasks: maxResults must be between 1 and 100, got {}", *max_results));
  }
  nlohmann::json body = nlohmann::json::object();
  PutString(body, "cluster", cluster);
  PutString(body, "startedBy", started_by);
  PutString(body, "serviceName", service_name);
  PutString(body, "family", family);
  PutString(body, "containerInstance", container_instance);
  PutString(body, "launchType", launch_type);
  PutString(body, "desiredStatus", desired_status);
  PutOptional(body, "maxResults", max_results);
  return body;
}

const Service* DescribeServicesResult::Find(std::string_view name_or_arn) const {
  for (const Service& service : services) {
    if (service.service_arn == name_or_arn || service.service_name == name_or_arn) return &service;
  }
  // An ARN in the other format (with or without the cluster segment) still names the service.
  const std::string_view name = ResourceNameOf(name_or_arn);
  for (const Service& service : services) {
    if (service.service_name == name) return &service;
  }
  return nullptr;
}

const Failure* DescribeServicesResult::FindFailure(std::string_view name_or_arn) const {
  if (const Failure* failure = FindFailureFor(failures, name_or_arn)) return failure;
  const std::string_view name = ResourceNameOf(name_or_arn);
  for (const Failure& failure : failures) {
    if (ResourceNameOf(failure.arn) == name) return &failure;
  }
  return nullptr;
}

bool DescribeServicesResult::IsMissing(std::string_view name_or_arn) const {
  const Failure* failure = FindFailure(name_or_arn);
  return failure != nullptr && failure->reason == kFailureMissing;
}

const TaskSet* DescribeTaskSetsResult::Find(std::string_view id_or_arn) const {
  return FindByArnOrId(task_sets, id_or_arn, &TaskSet::task_set_arn, &TaskSet::id);
}

bool DescribeTaskSetsResult::IsMissing(std::string_view id_or_arn) const {
  const Failure* failure = FindFailureFor(failures, id_or_arn);
  return failure != nullptr && failure->reason == kFailureMissing;
}

const Task* DescribeTasksResult::Find(std::string_view id_or_arn) const {
  return FindByArnOrId<Task>(tasks, id_or_arn, &Task::task_arn, nullptr);
}

bool DescribeTasksResult::IsMissing(std::string_view id_or_arn) const {
  const Failure* failure = FindFailureFor(failures, id_or_arn);
  return failure != nullptr && failure->reason == kFailureMissing;
}

}  // namespace kanaria::aws::ecs
