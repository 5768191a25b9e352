// The ECS operations kanaria performs, typed, over one ServiceClient (JSON 1.1).
//
// Every method makes the calls its name says and nothing else: no waiting, no reconciliation.
// Errors:
//  - the service's own errors come back as the ServiceClient made them: a Status carrying an
//    AwsError (code "ServiceNotFoundException", "ClusterNotFoundException",
//    "TaskSetNotFoundException", "InvalidParameterException", ...);
//  - requests that would certainly be refused are kInvalidInput before any call (see
//    ecs_requests.h), so they never count as a mutation;
//  - a response that does not match the model is kInternal naming the member's path.
// Describe* calls always ask for TAGS: the engine recovers releases from tags.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/ecs/ecs_requests.h"
#include "aws/ecs/ecs_types.h"
#include "aws/service_client.h"
#include "core/status.h"

namespace kanaria::aws::ecs {

class EcsClient {
 public:
  // ECS accepts at most this many names per DescribeServices and DescribeTasks call.
  static constexpr std::size_t kDescribeServicesBatch = 10;
  static constexpr std::size_t kDescribeTasksBatch = 100;

  static StatusOr<std::unique_ptr<EcsClient>> Create(std::shared_ptr<ClientContext> context);
  // REQUIRES: client talks to ECS (kEcsService).
  explicit EcsClient(std::unique_ptr<ServiceClient> client);

  // Describes `services` (names or ARNs) in batches of 10. Services that do not exist are
  // failures with reason MISSING (DescribeServicesResult::IsMissing), not an error.
  // An empty list makes no call.
  StatusOr<DescribeServicesResult> DescribeServices(std::string_view cluster,
                                                    const std::vector<std::string>& services);
  // One service; kNotFound when ECS reports it MISSING, kInternal for any other failure.
  // A deleted service may still be returned for a while with status INACTIVE.
  StatusOr<Service> DescribeService(std::string_view cluster, std::string_view service);

  StatusOr<Service> CreateService(const CreateServiceRequest& request);
  StatusOr<Service> UpdateService(const UpdateServiceRequest& request);

  // `task_definition` as the user wrote it; see RegisterTaskDefinitionInput for what is dropped.
  StatusOr<TaskDefinitionWithTags> RegisterTaskDefinition(const nlohmann::json& task_definition);
  // `task_definition`: family, family:revision or ARN. Tags included.
  StatusOr<TaskDefinitionWithTags> DescribeTaskDefinition(std::string_view task_definition);
  StatusOr<TaskDefinition> DeregisterTaskDefinition(std::string_view task_definition);

  StatusOr<TaskSet> CreateTaskSet(const CreateTaskSetRequest& request);
  StatusOr<TaskSet> UpdateTaskSet(std::string_view cluster, std::string_view service,
                                  std::string_view task_set, const Scale& scale);
  // `force` deletes a task set that still has tasks (kanaria always removes traffic first).
  StatusOr<TaskSet> DeleteTaskSet(std::string_view cluster, std::string_view service,
                                  std::string_view task_set, bool force);
  // `task_sets` (ids or ARNs) empty = every task set of the service.
  StatusOr<DescribeTaskSetsResult> DescribeTaskSets(std::string_view cluster,
                                                    std::string_view service,
                                                    const std::vector<std::string>& task_sets = {});
  StatusOr<TaskSet> UpdateServicePrimaryTaskSet(std::string_view cluster, std::string_view service,
                                                std::string_view primary_task_set);

  // Task ARNs, all pages followed.
  StatusOr<std::vector<std::string>> ListTasks(const ListTasksRequest& request);
  // Describes `tasks` (ids or ARNs) in batches of 100. An empty list makes no call.
  StatusOr<DescribeTasksResult> DescribeTasks(std::string_view cluster,
                                              const std::vector<std::string>& tasks);

  // An empty `tags` / `tag_keys` makes no call (ECS requires at least one).
  Status TagResource(std::string_view resource_arn, const Tags& tags);
  Status UntagResource(std::string_view resource_arn, const std::vector<std::string>& tag_keys);
  StatusOr<Tags> ListTagsForResource(std::string_view resource_arn);

  // The underlying client, for calls this class does not type (tests create clusters with it).
  ServiceClient& service_client() { return *client_; }

 private:
  // One JSON 1.1 call; the seam every operation goes through.
  StatusOr<nlohmann::json> Call(std::string_view operation, const nlohmann::json& input);

  std::unique_ptr<ServiceClient> client_;
};

}  // namespace kanaria::aws::ecs
