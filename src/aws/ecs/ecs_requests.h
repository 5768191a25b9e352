// Inputs and multi-item results of the ECS operations in ecs_client.h.
//
// JSON members follow one convention: null means "do not send the member"; anything else is sent
// as given. The difference matters for UpdateService, where an absent placementConstraints keeps
// the service's constraints and [] removes them.
// Every member has an initializer so that designated initializers (`{.cluster = "c"}`) stay
// free of -Wmissing-field-initializers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/ecs/ecs_types.h"
#include "core/status.h"

namespace kanaria::aws::ecs {

struct CreateServiceRequest {
  std::string cluster{};       // "" = the default cluster
  std::string service_name{};  // required
  std::optional<int> desired_count{};
  std::string deployment_controller_type{};  // "" = AWS default (ECS); kanaria creates EXTERNAL
  std::string task_definition{};             // required unless the controller is EXTERNAL
  std::string launch_type{};
  std::string platform_version{};
  std::string scheduling_strategy{};
  std::string role{};
  std::string propagate_tags{};
  nlohmann::json load_balancers{};
  nlohmann::json service_registries{};
  nlohmann::json network_configuration{};
  nlohmann::json capacity_provider_strategy{};
  nlohmann::json placement_constraints{};
  nlohmann::json placement_strategy{};
  nlohmann::json deployment_configuration{};
  std::optional<int> health_check_grace_period_seconds{};
  std::optional<bool> enable_ecs_managed_tags{};
  std::optional<bool> enable_execute_command{};
  Tags tags{};
  std::string client_token{};  // up to 36 ASCII characters 33-126; AWS de-duplicates retries
  // Other CreateServiceRequest members, copied as given (a service definition file may carry
  // members this struct does not name). The typed members above win over these.
  nlohmann::json additional_members = nlohmann::json::object();

  // The request body. kInvalidInput for a missing service name, a malformed client token,
  // launchType together with capacityProviderStrategy, or a non-object additional_members.
  StatusOr<nlohmann::json> ToJson() const;
};

// Only what the EXTERNAL deployment controller lets UpdateService change (desiredCount,
// placement, health check grace period, managed tags, tag propagation) plus the deployment
// configuration; unset members are not sent and stay as they are.
struct UpdateServiceRequest {
  std::string cluster{};
  std::string service{};  // required: name or ARN
  std::optional<int> desired_count{};
  nlohmann::json placement_constraints{};  // [] removes them all
  nlohmann::json placement_strategy{};     // [] removes it
  std::optional<int> health_check_grace_period_seconds{};
  std::optional<bool> enable_ecs_managed_tags{};
  std::string propagate_tags{};  // "" = unchanged
  nlohmann::json deployment_configuration{};
  nlohmann::json additional_members = nlohmann::json::object();

  StatusOr<nlohmann::json> ToJson() const;
};

struct CreateTaskSetRequest {
  std::string cluster{};          // required
  std::string service{};          // required: name or ARN
  std::string task_definition{};  // required: family:revision or ARN
  std::string external_id{};      // kanaria: the release id (also ECS_TASK_SET_EXTERNAL_ID in Cloud Map)
  std::string client_token{};     // deterministic per step, so a retried call never duplicates
  std::optional<Scale> scale{};   // unit PERCENT, value 0-100
  nlohmann::json load_balancers{};
  nlohmann::json service_registries{};
  nlohmann::json network_configuration{};
  std::string launch_type{};                   // exclusive with capacity_provider_strategy
  nlohmann::json capacity_provider_strategy{};
  std::string platform_version{};
  Tags tags{};

  StatusOr<nlohmann::json> ToJson() const;
};

// ECS's ListTasks filters. A task set's tasks carry startedBy = the task set id.
struct ListTasksRequest {
  std::string cluster{};
  std::string started_by{};      // ECS: when given, no other filter but desiredStatus may be
  std::string service_name{};
  std::string family{};
  std::string container_instance{};
  std::string launch_type{};
  std::string desired_status{};  // RUNNING (ECS's default) | PENDING | STOPPED
  std::optional<int> max_results{};  // per page, 1-100; unset = ECS's default (100)

  // The first page's body (no nextToken). kInvalidInput when startedBy is combined with
  // serviceName, family, containerInstance or launchType.
  StatusOr<nlohmann::json> ToJson() const;
};

// "name" of "arn:aws:ecs:...:service/cluster/name" (the text after the last '/' of an ARN);
// anything that is not an ARN is returned as is.
std::string_view ResourceNameOf(std::string_view name_or_arn);

struct DescribeServicesResult {
  std::vector<Service> services;  // as ECS returned them (INACTIVE services included)
  std::vector<Failure> failures;  // every failure; reason MISSING for services that do not exist

  // The service whose name or ARN is `name_or_arn`, or nullptr.
  const Service* Find(std::string_view name_or_arn) const;
  // The failure reported for `name_or_arn`, or nullptr.
  const Failure* FindFailure(std::string_view name_or_arn) const;
  bool IsMissing(std::string_view name_or_arn) const;
};

struct DescribeTaskSetsResult {
  std::vector<TaskSet> task_sets;
  std::vector<Failure> failures;

  // The task set whose id or ARN is `id_or_arn`, or nullptr.
  const TaskSet* Find(std::string_view id_or_arn) const;
  bool IsMissing(std::string_view id_or_arn) const;
};

struct DescribeTasksResult {
  std::vector<Task> tasks;
  std::vector<Failure> failures;

  const Task* Find(std::string_view id_or_arn) const;
  bool IsMissing(std::string_view id_or_arn) const;
};

// ECS's client token rule: 1-36 ASCII characters in 33-126. kInvalidInput naming `field`.
Status ValidateClientToken(std::string_view token, std::string_view field = "clientToken");
// Scale: unit PERCENT and a value in [0, 100]. kInvalidInput otherwise.
Status ValidateScale(const Scale& scale);

}  // namespace kanaria::aws::ecs
