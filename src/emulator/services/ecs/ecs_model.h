// The records the emulated ECS keeps: clusters, services, task definitions, task sets, tasks.
// Plain data; the rules that move them live in ecs_state.cc (lookups), task_lifecycle.cc
// (time) and the *_ops.cc handlers (API semantics). Structured inputs that ECS only echoes
// (networkConfiguration, placement*, ...) stay JSON exactly as the caller sent them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "emulator/services/links.h"

namespace kanaria::emulator {

struct EcsTag {
  std::string key;
  std::string value;
};
using EcsTags = std::vector<EcsTag>;

struct EcsCluster {
  std::string name;
  std::string arn;
  std::string status = "ACTIVE";  // ACTIVE | INACTIVE (deleted, still describable)
  EcsTags tags;
  // AWS reports Container Insights' setting even when CreateCluster did not name it.
  nlohmann::json settings = nlohmann::json::array({{{"name", "containerInsights"}, {"value", "disabled"}}});
};

struct EcsTaskDefinition {
  std::string family;
  int revision = 0;
  std::string arn;
  std::string status = "ACTIVE";  // ACTIVE | INACTIVE
  nlohmann::json definition;      // the output shape (without status, which is kept above)
  EcsTags tags;
  WallTime registered_at;
  std::optional<WallTime> deregistered_at;
  std::string FamilyRevision() const { return family + ":" + std::to_string(revision); }
};

struct EcsService {
  std::string name;
  std::string arn;
  std::string cluster_name;
  std::string status = "ACTIVE";   // ACTIVE | DRAINING (deleted, tasks stopping) | INACTIVE
  std::string controller = "ECS";  // ECS | EXTERNAL (CODE_DEPLOY is refused)
  int desired_count = 0;
  std::string task_definition_arn;  // ECS controller only
  std::string launch_type;
  std::string platform_version;
  std::string scheduling_strategy = "REPLICA";
  std::string role_arn;
  std::string propagate_tags;  // "" = AWS omits it
  nlohmann::json load_balancers = nlohmann::json::array();
  nlohmann::json service_registries = nlohmann::json::array();
  nlohmann::json network_configuration;  // null when absent
  nlohmann::json capacity_provider_strategy = nlohmann::json::array();
  nlohmann::json placement_constraints = nlohmann::json::array();
  nlohmann::json placement_strategy = nlohmann::json::array();
  nlohmann::json deployment_configuration;
  std::optional<int> health_check_grace_period_seconds;
  bool enable_ecs_managed_tags = false;
  bool enable_execute_command = false;
  EcsTags tags;
  std::string client_token;
  WallTime created_at;
  // Task set ids in creation order; for the ECS controller these are its deployments.
  std::vector<std::string> task_set_ids;
};

// A task set of an EXTERNAL service, or a deployment of an ECS-controlled one (`is_deployment`):
// both keep ceil(desiredCount × scale) tasks, so one record type runs both.
struct EcsTaskSet {
  std::string id;  // "ecs-svc/<19 digits>"
  std::string arn;
  std::string service_name;
  std::string cluster_name;
  bool is_deployment = false;
  std::string status;  // PRIMARY | ACTIVE | DRAINING
  std::string external_id;
  std::string task_definition_arn;
  std::string family;
  int revision = 0;
  double scale_percent = 100;
  std::string launch_type;
  std::string platform_version;
  nlohmann::json capacity_provider_strategy = nlohmann::json::array();
  nlohmann::json network_configuration;
  nlohmann::json load_balancers = nlohmann::json::array();
  nlohmann::json service_registries = nlohmann::json::array();
  std::string stability_status = "STABILIZING";
  WallTime stability_status_at;
  WallTime created_at;
  WallTime updated_at;
  EcsTags tags;
  std::string client_token;
  // Replacements after a start failure wait until this instant (no launch storm).
  WallTime next_launch_at;
};

// One load balancer registration of a running task.
struct EcsTargetRegistration {
  std::string target_group_arn;
  TargetAddress address;
};

struct EcsContainer {
  std::string name;
  std::string image;
  bool essential = true;
};

struct EcsTask {
  std::string id;  // 32 hex digits
  std::string arn;
  std::string cluster_name;
  std::string service_name;
  std::string task_set_id;  // also startedBy
  std::string task_definition_arn;
  std::string family;
  int revision = 0;
  std::string launch_type;
  std::string availability_zone;
  std::string ip;
  std::string attachment_id;  // the ENI attachment (a UUID)
  std::string eni_id;
  std::vector<EcsContainer> containers;
  std::string last_status = "PROVISIONING";
  std::string desired_status = "RUNNING";
  WallTime created_at;
  std::optional<WallTime> started_at;
  std::optional<WallTime> stopping_at;
  std::optional<WallTime> stopped_at;
  // When the current timed status ends (PROVISIONING, PENDING, STOPPING, DEPROVISIONING).
  WallTime next_transition_at;
  std::string stopped_reason;
  std::string stop_code;
  std::vector<EcsTargetRegistration> targets;
  std::vector<std::string> registry_arns;  // Cloud Map services it is an instance of
};

}  // namespace kanaria::emulator
