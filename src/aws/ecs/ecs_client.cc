#include "aws/ecs/ecs_client.h"

#include <fmt/format.h>

#include "aws/protocol/json_field_reader.h"
#include "aws/ecs/task_definition_input.h"
#include "aws/pagination.h"
#include "aws/service_descriptor.h"

namespace kanaria::aws::ecs {
namespace {

// The structure member `key` of `response`, parsed with T::FromJson; a missing member is
// malformed (every operation that returns one always sends it).
template <typename T>
StatusOr<T> ParseMember(const nlohmann::json& response, const char* key) {
  JsonFieldReader reader(response, "");
  if (!reader.ok()) return reader.status();
  const nlohmann::json* member = reader.Find(key);
  if (member == nullptr) return MalformedResponseError(key, "missing");
  return T::FromJson(*member, key);
}

// The list member `key` of `response`, each element parsed with T::FromJson, appended to `out`.
template <typename T>
Status AppendList(const nlohmann::json& response, const char* key, std::vector<T>& out) {
  JsonFieldReader reader(response, "");
  if (!reader.ok()) return reader.status();
  const nlohmann::json* list = reader.Find(key);
  if (list == nullptr) return Status::Ok();
  if (!list->is_array()) {
    return MalformedResponseError(key, std::string("expected a list, got ") + list->type_name());
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    StatusOr<T> item = T::FromJson((*list)[i], reader.PathOfElement(key, i));
    if (!item.ok()) return item.status();
    out.push_back(std::move(item).value());
  }
  return Status::Ok();
}

Status AppendFailures(const nlohmann::json& response, std::vector<Failure>& out) {
  StatusOr<std::vector<Failure>> failures = FailuresFromJson(response);
  if (!failures.ok()) return failures.status();
  out.insert(out.end(), failures->begin(), failures->end());
  return Status::Ok();
}

StatusOr<TaskDefinitionWithTags> ParseTaskDefinitionWithTags(const nlohmann::json& response) {
  ASSIGN_OR_RETURN(TaskDefinition definition, ParseMember<TaskDefinition>(response, "taskDefinition"));
  TaskDefinitionWithTags result{std::move(definition), {}};
  if (const auto tags = response.find("tags"); tags != response.end()) {
    ASSIGN_OR_RETURN(result.tags, TagsFromJson(*tags, "tags"));
  }
  return result;
}

nlohmann::json ClusterServiceBody(std::string_view cluster, std::string_view service) {
  return {{"cluster", cluster}, {"service", service}};
}

Status RequireClusterService(std::string_view operation, std::string_view cluster,
                             std::string_view service) {
  if (cluster.empty() || service.empty()) {
    return InvalidInputError(fmt::format("{}: cluster and service are required", operation));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<EcsClient>> EcsClient::Create(std::shared_ptr<ClientContext> context) {
  ASSIGN_OR_RETURN(std::unique_ptr<ServiceClient> client,
                   ServiceClient::Create(kEcsService, std::move(context)));
  return std::make_unique<EcsClient>(std::move(client));
}

EcsClient::EcsClient(std::unique_ptr<ServiceClient> client) : client_(std::move(client)) {}

StatusOr<nlohmann::json> EcsClient::Call(std::string_view operation, const nlohmann::json& input) {
  return client_->CallJson(operation, input);
}

namespace {

// Adds "ecs <operation>" to errors that did not come from AWS (those already name the call).
Status WithOperation(const Status& status, std::string_view operation) {
  if (status.ok() || status.detail() != nullptr) return status;
  return status.WithContext(fmt::format("ecs {}", operation));
}

template <typename T>
StatusOr<T> WithOperation(StatusOr<T> result, std::string_view operation) {
  if (result.ok()) return result;
  return WithOperation(result.status(), operation);
}

}  // namespace

StatusOr<DescribeServicesResult> EcsClient::DescribeServices(
    std::string_view cluster, const std::vector<std::string>& services) {
  DescribeServicesResult result;
  for (std::size_t begin = 0; begin < services.size(); begin += kDescribeServicesBatch) {
    const std::size_t end = std::min(services.size(), begin + kDescribeServicesBatch);
    nlohmann::json input = {
        {"services", std::vector<std::string>(services.begin() + begin, services.begin() + end)},
        {"include", {"TAGS"}}};
    if (!cluster.empty()) input["cluster"] = cluster;
    ASSIGN_OR_RETURN(nlohmann::json response, Call("DescribeServices", input));
    RETURN_IF_ERROR(WithOperation(AppendList(response, "services", result.services), "DescribeServices"));
    RETURN_IF_ERROR(WithOperation(AppendFailures(response, result.failures), "DescribeServices"));
  }
  return result;
}

StatusOr<Service> EcsClient::DescribeService(std::string_view cluster, std::string_view service) {
  ASSIGN_OR_RETURN(DescribeServicesResult result,
                   DescribeServices(cluster, {std::string(service)}));
  if (const Service* found = result.Find(service)) return *found;
  const std::string where = cluster.empty() ? "the default cluster" : fmt::format("cluster {}", cluster);
  if (const Failure* failure = result.FindFailure(service)) {
    if (failure->reason == kFailureMissing) {
      return NotFoundError(fmt::format("ECS service {} not found in {}", service, where));
    }
    return InternalError(fmt::format("ecs DescribeServices: {} in {}: {} {}", service, where,
                                     failure->reason, failure->detail));
  }
  return InternalError(fmt::format(
      "ecs DescribeServices: the response names neither service {} nor a failure for it", service));
}

StatusOr<Service> EcsClient::CreateService(const CreateServiceRequest& request) {
  ASSIGN_OR_RETURN(nlohmann::json input, request.ToJson());
  ASSIGN_OR_RETURN(nlohmann::json response, Call("CreateService", input));
  return WithOperation(ParseMember<Service>(response, "service"), "CreateService");
}

StatusOr<Service> EcsClient::UpdateService(const UpdateServiceRequest& request) {
  ASSIGN_OR_RETURN(nlohmann::json input, request.ToJson());
  ASSIGN_OR_RETURN(nlohmann::json response, Call("UpdateService", input));
  return WithOperation(ParseMember<Service>(response, "service"), "UpdateService");
}

StatusOr<TaskDefinitionWithTags> EcsClient::RegisterTaskDefinition(
    const nlohmann::json& task_definition) {
  ASSIGN_OR_RETURN(nlohmann::json input, RegisterTaskDefinitionInput(task_definition));
  ASSIGN_OR_RETURN(nlohmann::json response, Call("RegisterTaskDefinition", input));
  return WithOperation(ParseTaskDefinitionWithTags(response), "RegisterTaskDefinition");
}

StatusOr<TaskDefinitionWithTags> EcsClient::DescribeTaskDefinition(std::string_view task_definition) {
  if (task_definition.empty()) return InvalidInputError("DescribeTaskDefinition: taskDefinition is required");
  ASSIGN_OR_RETURN(nlohmann::json response,
                   Call("DescribeTaskDefinition",
                        {{"taskDefinition", task_definition}, {"include", {"TAGS"}}}));
  return WithOperation(ParseTaskDefinitionWithTags(response), "DescribeTaskDefinition");
}

StatusOr<TaskDefinition> EcsClient::DeregisterTaskDefinition(std::string_view task_definition) {
  if (task_definition.empty()) return InvalidInputError("DeregisterTaskDefinition: taskDefinition is required");
  ASSIGN_OR_RETURN(nlohmann::json response,
                   Call("DeregisterTaskDefinition", {{"taskDefinition", task_definition}}));
  return WithOperation(ParseMember<TaskDefinition>(response, "taskDefinition"),
                       "DeregisterTaskDefinition");
}

StatusOr<TaskSet> EcsClient::CreateTaskSet(const CreateTaskSetRequest& request) {
  ASSIGN_OR_RETURN(nlohmann::json input, request.ToJson());
  ASSIGN_OR_RETURN(nlohmann::json response, Call("CreateTaskSet", input));
  return WithOperation(ParseMember<TaskSet>(response, "taskSet"), "CreateTaskSet");
}

StatusOr<TaskSet> EcsClient::UpdateTaskSet(std::string_view cluster, std::string_view service,
                                           std::string_view task_set, const Scale& scale) {
  RETURN_IF_ERROR(RequireClusterService("UpdateTaskSet", cluster, service));
  if (task_set.empty()) return InvalidInputError("UpdateTaskSet: taskSet is required");
  RETURN_IF_ERROR(ValidateScale(scale));
  nlohmann::json input = ClusterServiceBody(cluster, service);
  input["taskSet"] = task_set;
  input["scale"] = scale.ToJson();
  ASSIGN_OR_RETURN(nlohmann::json response, Call("UpdateTaskSet", input));
  return WithOperation(ParseMember<TaskSet>(response, "taskSet"), "UpdateTaskSet");
}

StatusOr<TaskSet> EcsClient::DeleteTaskSet(std::string_view cluster, std::string_view service,
                                           std::string_view task_set, bool force) {
  RETURN_IF_ERROR(RequireClusterService("DeleteTaskSet", cluster, service));
  if (task_set.empty()) return InvalidInputError("DeleteTaskSet: taskSet is required");
  nlohmann::json input = ClusterServiceBody(cluster, service);
  input["taskSet"] = task_set;
  input["force"] = force;
  ASSIGN_OR_RETURN(nlohmann::json response, Call("DeleteTaskSet", input));
  return WithOperation(ParseMember<TaskSet>(response, "taskSet"), "DeleteTaskSet");
}

StatusOr<DescribeTaskSetsResult> EcsClient::DescribeTaskSets(
    std::string_view cluster, std::string_view service, const std::vector<std::string>& task_sets) {
  RETURN_IF_ERROR(RequireClusterService("DescribeTaskSets", cluster, service));
  nlohmann::json input = ClusterServiceBody(cluster, service);
  if (!task_sets.empty()) input["taskSets"] = task_sets;
  input["include"] = {"TAGS"};
  ASSIGN_OR_RETURN(nlohmann::json response, Call("DescribeTaskSets", input));
  DescribeTaskSetsResult result;
  RETURN_IF_ERROR(WithOperation(AppendList(response, "taskSets", result.task_sets), "DescribeTaskSets"));
  RETURN_IF_ERROR(WithOperation(AppendFailures(response, result.failures), "DescribeTaskSets"));
  return result;
}

StatusOr<TaskSet> EcsClient::UpdateServicePrimaryTaskSet(std::string_view cluster,
                                                         std::string_view service,
                                                         std::string_view primary_task_set) {
  RETURN_IF_ERROR(RequireClusterService("UpdateServicePrimaryTaskSet", cluster, service));
  if (primary_task_set.empty()) {
    return InvalidInputError("UpdateServicePrimaryTaskSet: primaryTaskSet is required");
  }
  nlohmann::json input = ClusterServiceBody(cluster, service);
  input["primaryTaskSet"] = primary_task_set;
  ASSIGN_OR_RETURN(nlohmann::json response, Call("UpdateServicePrimaryTaskSet", input));
  return WithOperation(ParseMember<TaskSet>(response, "taskSet"), "UpdateServicePrimaryTaskSet");
}

StatusOr<std::vector<std::string>> EcsClient::ListTasks(const ListTasksRequest& request) {
  ASSIGN_OR_RETURN(nlohmann::json input, request.ToJson());
  std::vector<std::string> task_arns;
  RETURN_IF_ERROR(WithOperation(
      ForEachJsonPage(
          std::move(input), [&](const nlohmann::json& page) { return Call("ListTasks", page); },
          [&](const nlohmann::json& page) -> Status {
            JsonFieldReader reader(page, "");
            std::vector<std::string> page_arns;
            reader.StringList("taskArns", page_arns);
            task_arns.insert(task_arns.end(), page_arns.begin(), page_arns.end());
            return reader.status();
          },
          "nextToken"),
      "ListTasks"));
  return task_arns;
}

StatusOr<DescribeTasksResult> EcsClient::DescribeTasks(std::string_view cluster,
                                                       const std::vector<std::string>& tasks) {
  DescribeTasksResult result;
  for (std::size_t begin = 0; begin < tasks.size(); begin += kDescribeTasksBatch) {
    const std::size_t end = std::min(tasks.size(), begin + kDescribeTasksBatch);
    nlohmann::json input = {
        {"tasks", std::vector<std::string>(tasks.begin() + begin, tasks.begin() + end)},
        {"include", {"TAGS"}}};
    if (!cluster.empty()) input["cluster"] = cluster;
    ASSIGN_OR_RETURN(nlohmann::json response, Call("DescribeTasks", input));
    RETURN_IF_ERROR(WithOperation(AppendList(response, "tasks", result.tasks), "DescribeTasks"));
    RETURN_IF_ERROR(WithOperation(AppendFailures(response, result.failures), "DescribeTasks"));
  }
  return result;
}

Status EcsClient::TagResource(std::string_view resource_arn, const Tags& tags) {
  if (resource_arn.empty()) return InvalidInputError("TagResource: resourceArn is required");
  if (tags.empty()) return Status::Ok();
  return Call("TagResource", {{"resourceArn", resource_arn}, {"tags", TagsToJson(tags)}}).status();
}

Status EcsClient::UntagResource(std::string_view resource_arn,
                                const std::vector<std::string>& tag_keys) {
  if (resource_arn.empty()) return InvalidInputError("UntagResource: resourceArn is required");
  if (tag_keys.empty()) return Status::Ok();
  return Call("UntagResource", {{"resourceArn", resource_arn}, {"tagKeys", tag_keys}}).status();
}

StatusOr<Tags> EcsClient::ListTagsForResource(std::string_view resource_arn) {
  if (resource_arn.empty()) return InvalidInputError("ListTagsForResource: resourceArn is required");
  ASSIGN_OR_RETURN(nlohmann::json response,
                   Call("ListTagsForResource", {{"resourceArn", resource_arn}}));
  JsonFieldReader reader(response, "");
  if (!reader.ok()) return WithOperation(reader.status(), "ListTagsForResource");
  const nlohmann::json* tags = reader.Find("tags");
  if (tags == nullptr) return Tags{};
  return WithOperation(TagsFromJson(*tags, "tags"), "ListTagsForResource");
}

}  // namespace kanaria::aws::ecs
