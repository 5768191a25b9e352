// Pre-flight (I6): everything `plan` and `deploy` check with read-only calls before the first
// mutation — the cluster and service exist and use the EXTERNAL controller, the target groups
// and rules (through the traffic router), the service definition's changes are appliable, the
// task definition against what runs, and the release lock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/ecs/ecs_types.h"
#include "core/status.h"
#include "engine/release_clients.h"
#include "engine/release_lock.h"
#include "engine/routing/traffic_router.h"
#include "model/application.h"

namespace kanaria::engine {

struct LiveService {
  std::string caller_arn;
  aws::ecs::Service service;                     // with task sets and tags
  std::optional<aws::ecs::TaskSet> primary;      // the PRIMARY task set, if any
  // The primary's task definition, when it was described (always for `plan`; for `deploy` only
  // when the primary carries no kanaria:taskdef-digest tag).
  std::optional<aws::ecs::TaskDefinition> running_task_definition;
  // The running task definition's ARN when it has the rendered content (reused, not registered
  // again).
  std::string identical_task_definition;
  // kanaria:taskdef-digest of the rendered task definition (set on every task set kanaria
  // creates, so the next release knows what runs without describing it).
  std::string task_definition_digest;
  std::optional<LockValue> lock;                 // as read from the service's tags
  // UpdateService members the service definition changes: {member: new value}, and the live
  // values they replace (what rollback restores).
  nlohmann::json service_updates = nlohmann::json::object();
  nlohmann::json service_previous = nlohmann::json::object();
  // Tags of the service definition the service lacks (written with the lock).
  aws::ecs::Tags missing_service_tags;
  // Settings every new task set gets: launchType or capacityProviderStrategy, platformVersion,
  // networkConfiguration (the service definition's, else the primary task set's).
  nlohmann::json task_set_settings = nlohmann::json::object();
};

enum class PreflightPurpose {
  kDeploy,  // as few calls as possible
  kPlan,    // also describes the running task definition, for the diff
};

// Runs every check. kInvalidInput (exit 2) names the file, line and key at fault, or the AWS
// resource; other codes are AWS failures. `router` is inspected as part of it.
StatusOr<LiveService> RunPreflight(const model::Application& app, const ReleaseClients& clients,
                                   TrafficRouter& router, PreflightPurpose purpose = PreflightPurpose::kDeploy);

// The digest kanaria tags task sets with: of the rendered task definition, or of an ARN.
std::string TaskDefinitionDigest(const nlohmann::json& task_definition);

// The desired task definition (the rendered file, as RegisterTaskDefinition takes it) has the
// same content as `described` (ECS's defaults and read-only members ignored).
bool SameTaskDefinition(const nlohmann::json& desired, const nlohmann::json& described);

// Re-reads the service (with tags); kNotFound when it is gone.
StatusOr<aws::ecs::Service> ReadService(const ReleaseClients& clients, const std::string& cluster,
                                        const std::string& service);

}  // namespace kanaria::engine
