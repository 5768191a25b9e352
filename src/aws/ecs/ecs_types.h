// What kanaria reads from ECS: services, task sets, tasks and task definitions, parsed from the
// JSON 1.1 shapes of botocore's ecs/2014-11-13 model.
//
// Each struct types the members the release engine branches on and keeps the object's complete
// JSON in `raw`, so members it does not type (deployments, events, volumes, ...) are never lost.
// Structured shapes the engine only compares or copies into another call (networkConfiguration,
// loadBalancers, serviceRegistries, capacityProviderStrategy, placement*) stay JSON, exactly as
// AWS sent them: list-shaped ones are [] when absent, object-shaped ones null when absent.
//
// Enumerations stay strings (AWS adds values; an unknown one must not fail a parse); the values
// the engine compares against are named below.
//
// Parsing never throws: a member of the wrong type is a kInternal Status naming its path.
// Absent members keep their defaults (AWS omits members it has no value for).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::aws::ecs {

// TaskSet.status
inline constexpr std::string_view kTaskSetPrimary = "PRIMARY";
inline constexpr std::string_view kTaskSetActive = "ACTIVE";
inline constexpr std::string_view kTaskSetDraining = "DRAINING";
// TaskSet.stabilityStatus
inline constexpr std::string_view kSteadyState = "STEADY_STATE";
inline constexpr std::string_view kStabilizing = "STABILIZING";
// DeploymentController.type
inline constexpr std::string_view kDeploymentControllerEcs = "ECS";
inline constexpr std::string_view kDeploymentControllerCodeDeploy = "CODE_DEPLOY";
inline constexpr std::string_view kDeploymentControllerExternal = "EXTERNAL";
// Scale.unit (the only value the model has)
inline constexpr std::string_view kScaleUnitPercent = "PERCENT";
// Failure.reason for a service, task set or task that does not exist.
inline constexpr std::string_view kFailureMissing = "MISSING";

// ECS tags are lower-case {"key", "value"} (unlike ELBv2's and Cloud Map's Key/Value).
struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
  nlohmann::json ToJson() const { return {{"key", key}, {"value", value}}; }
};
using Tags = std::vector<Tag>;

// The value of tag `key`, or nullptr.
const std::string* FindTag(const Tags& tags, std::string_view key);
StatusOr<Tags> TagsFromJson(const nlohmann::json& json, const std::string& path);
nlohmann::json TagsToJson(const Tags& tags);

// A task set's share of the service's desiredCount: computedDesiredCount =
// ceil(desiredCount × value / 100).
struct Scale {
  double value = 0;
  std::string unit{kScaleUnitPercent};
  bool operator==(const Scale&) const = default;
  nlohmann::json ToJson() const { return {{"value", value}, {"unit", unit}}; }
  static StatusOr<Scale> FromJson(const nlohmann::json& json, const std::string& path = "scale");
};

// One entry of a Describe* response's `failures`: the resource and why it was not described.
struct Failure {
  std::string arn;
  std::string reason;  // "MISSING" for a resource that does not exist
  std::string detail;
  static StatusOr<Failure> FromJson(const nlohmann::json& json, const std::string& path = "failure");
};
StatusOr<std::vector<Failure>> FailuresFromJson(const nlohmann::json& response);

struct TaskSet {
  std::string id;              // "ecs-svc/1234567890123456789"
  std::string task_set_arn;
  std::string service_arn;
  std::string cluster_arn;
  std::string started_by;      // "" unless the caller set it (CodeDeploy sets its deployment id)
  std::string external_id;     // kanaria: the release id
  std::string status;          // PRIMARY | ACTIVE | DRAINING
  std::string task_definition; // ARN
  int computed_desired_count = 0;
  int pending_count = 0;
  int running_count = 0;
  std::optional<WallTime> created_at;
  std::optional<WallTime> updated_at;
  std::string launch_type;
  nlohmann::json capacity_provider_strategy = nlohmann::json::array();
  std::string platform_version;
  nlohmann::json network_configuration;                 // object or null
  nlohmann::json load_balancers = nlohmann::json::array();
  nlohmann::json service_registries = nlohmann::json::array();
  std::optional<Scale> scale;
  std::string stability_status;  // STEADY_STATE | STABILIZING
  std::optional<WallTime> stability_status_at;
  Tags tags;                     // only when described with include: ["TAGS"]
  nlohmann::json raw;

  bool IsPrimary() const { return status == kTaskSetPrimary; }
  bool IsSteady() const { return stability_status == kSteadyState; }

  static StatusOr<TaskSet> FromJson(const nlohmann::json& json, const std::string& path = "taskSet");
};

struct Service {
  std::string service_arn;
  std::string service_name;
  std::string cluster_arn;
  std::string status;  // ACTIVE | DRAINING | INACTIVE (a deleted service is INACTIVE, not MISSING)
  int desired_count = 0;
  int running_count = 0;
  int pending_count = 0;
  std::string launch_type;
  std::string platform_version;
  // DeploymentController.type; AWS omits deploymentController for ECS-controlled services.
  std::string deployment_controller_type{kDeploymentControllerEcs};
  std::string task_definition;  // "" for EXTERNAL services: their task sets carry it
  std::vector<TaskSet> task_sets;
  nlohmann::json load_balancers = nlohmann::json::array();
  nlohmann::json service_registries = nlohmann::json::array();
  nlohmann::json network_configuration;  // object or null
  nlohmann::json capacity_provider_strategy = nlohmann::json::array();
  nlohmann::json placement_constraints = nlohmann::json::array();
  nlohmann::json placement_strategy = nlohmann::json::array();
  std::optional<int> health_check_grace_period_seconds;
  bool enable_ecs_managed_tags = false;
  std::string propagate_tags;  // TASK_DEFINITION | SERVICE | NONE; "" when AWS omits it
  std::optional<WallTime> created_at;
  Tags tags;  // only when described with include: ["TAGS"]
  nlohmann::json raw;

  bool IsExternal() const { return deployment_controller_type == kDeploymentControllerExternal; }

  static StatusOr<Service> FromJson(const nlohmann::json& json, const std::string& path = "service");
};

struct Task {
  std::string task_arn;
  std::string cluster_arn;
  std::string task_definition_arn;
  std::string last_status;     // PROVISIONING | PENDING | ACTIVATING | RUNNING | ... | STOPPED
  std::string desired_status;  // RUNNING | STOPPED
  std::string started_by;      // a task set's tasks carry the task set id
  std::string group;           // "service:<name>"
  std::string launch_type;
  std::string stopped_reason;
  std::string stop_code;
  std::string health_status;   // HEALTHY | UNHEALTHY | UNKNOWN
  std::optional<WallTime> created_at;
  std::optional<WallTime> started_at;
  std::optional<WallTime> stopped_at;
  Tags tags;
  nlohmann::json raw;

  static StatusOr<Task> FromJson(const nlohmann::json& json, const std::string& path = "task");
};

struct PortMapping {
  std::optional<int> container_port;
  std::optional<int> host_port;
  std::string protocol;  // tcp | udp
  std::string name;
};

struct EnvironmentVariable {
  std::string name;
  std::string value;
};

struct ContainerDefinition {
  std::string name;
  std::string image;
  std::vector<PortMapping> port_mappings;
  std::vector<EnvironmentVariable> environment;
  nlohmann::json raw;

  static StatusOr<ContainerDefinition> FromJson(const nlohmann::json& json,
                                                const std::string& path = "containerDefinition");
};

struct TaskDefinition {
  std::string task_definition_arn;
  std::string family;
  int revision = 0;
  std::string status;  // ACTIVE | INACTIVE | DELETE_IN_PROGRESS
  std::string network_mode;
  std::vector<std::string> requires_compatibilities;
  std::string cpu;
  std::string memory;
  std::vector<ContainerDefinition> container_definitions;
  nlohmann::json raw;

  // "family:revision", the short form ECS accepts wherever it takes a task definition.
  std::string FamilyRevision() const { return family + ":" + std::to_string(revision); }

  static StatusOr<TaskDefinition> FromJson(const nlohmann::json& json,
                                           const std::string& path = "taskDefinition");
};

// A task definition as RegisterTaskDefinition and DescribeTaskDefinition return it: the tags
// travel beside the definition, not inside it.
struct TaskDefinitionWithTags {
  TaskDefinition task_definition;
  Tags tags;
};

}  // namespace kanaria::aws::ecs
