#include "engine/preflight.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "aws/aws_error.h"
#include "aws/ecs/ecs_client.h"
#include "aws/ecs/task_definition_input.h"
#include "aws/sts/sts_client.h"
#include "engine/analysis/analysis_preflight.h"
#include "engine/release_tags.h"
#include "model/digest.h"

namespace kanaria::engine {
namespace {

using nlohmann::json;

// How each CreateService member of a service definition reaches AWS under the EXTERNAL
// controller (ARCHITECTURE.md "Configuration"). Members not listed must equal the live value.
enum class MemberRoute { kIdentity, kUpdateService, kTaskSet, kTags, kIgnored };

struct MemberRow {
  std::string_view member;
  MemberRoute route;
};

constexpr std::array kServiceMembers = {
    MemberRow{"cluster", MemberRoute::kIdentity},
    MemberRow{"serviceName", MemberRoute::kIdentity},
    MemberRow{"desiredCount", MemberRoute::kUpdateService},
    MemberRow{"placementConstraints", MemberRoute::kUpdateService},
    MemberRow{"placementStrategy", MemberRoute::kUpdateService},
    MemberRow{"healthCheckGracePeriodSeconds", MemberRoute::kUpdateService},
    MemberRow{"enableECSManagedTags", MemberRoute::kUpdateService},
    MemberRow{"propagateTags", MemberRoute::kUpdateService},
    MemberRow{"launchType", MemberRoute::kTaskSet},
    MemberRow{"capacityProviderStrategy", MemberRoute::kTaskSet},
    MemberRow{"platformVersion", MemberRoute::kTaskSet},
    MemberRow{"networkConfiguration", MemberRoute::kTaskSet},
    MemberRow{"serviceRegistries", MemberRoute::kTaskSet},
    MemberRow{"loadBalancers", MemberRoute::kIgnored},  // from spec.input.targetGroups
    MemberRow{"taskDefinition", MemberRoute::kIgnored},  // task sets carry the task definition
    MemberRow{"deploymentController", MemberRoute::kIgnored},  // EXTERNAL, checked by the model
    MemberRow{"clientToken", MemberRoute::kIgnored},
    MemberRow{"tags", MemberRoute::kTags},
};

const MemberRow* FindMember(std::string_view name) {
  for (const auto& row : kServiceMembers) {
    if (row.member == name) return &row;
  }
  return nullptr;
}

// A value AWS reports as "nothing set": null, "", 0, false, [] or {}.
bool IsEmptyValue(const json& value) {
  return value.is_null() || (value.is_string() && value.get<std::string>().empty()) ||
         (value.is_number() && value.get<double>() == 0) ||
         (value.is_boolean() && !value.get<bool>()) ||
         ((value.is_array() || value.is_object()) && value.empty());
}

Status AsInvalidInput(const Status& status, const std::string& message) {
  return Status(StatusCode::kInvalidInput, message + " (" + status.message() + ")");
}

// Desired ⊆ described, recursively; described members the desired lacks must be empty or one of
// ECS's defaults.
bool Covers(const json& desired, const json& described, std::string_view member = "") {
  if (desired.is_object() && described.is_object()) {
    for (auto it = desired.begin(); it != desired.end(); ++it) {
      if (!described.contains(it.key())) {
        if (!IsEmptyValue(it.value())) return false;
        continue;
      }
      if (!Covers(it.value(), described[it.key()], it.key())) return false;
    }
    for (auto it = described.begin(); it != described.end(); ++it) {
      if (desired.contains(it.key()) || IsEmptyValue(it.value())) continue;
      // Defaults ECS fills in on registration.
      if (it.key() == "essential" && it.value() == true) continue;
      if (it.key() == "protocol" && it.value() == "tcp") continue;
      if (it.key() == "hostPort" && member == "") continue;
      if (it.key() == "hostPort" && desired.contains("containerPort") &&
          desired["containerPort"] == it.value()) continue;
      return false;
    }
    return true;
  }
  if (desired.is_array() && described.is_array()) {
    if (desired.size() != described.size()) return false;
    for (std::size_t i = 0; i < desired.size(); ++i) {
      if (!Covers(desired[i], described[i], member)) return false;
    }
    return true;
  }
  if (desired.is_number() && described.is_number()) return desired.get<double>() == described.get<double>();
  return desired == described;
}

}  // namespace

bool SameTaskDefinition(const json& desired, const json& described) {
  auto wanted = aws::ecs::RegisterTaskDefinitionInput(desired);
  auto have = aws::ecs::RegisterTaskDefinitionInput(described);
  if (!wanted.ok() || !have.ok()) return false;
  json a = *wanted, b = *have;
  a.erase("tags");
  b.erase("tags");
  return Covers(a, b);
}

StatusOr<aws::ecs::Service> ReadService(const ReleaseClients& clients, const std::string& cluster,
                                        const std::string& service) {
  return clients.ecs->DescribeService(cluster, service);
}

namespace {

Status CheckServiceDefinition(const model::Application& app, LiveService& live) {
  const json& defined = app.service_definition.json;
  const json& raw = live.service.raw;
  for (auto it = defined.begin(); it != defined.end(); ++it) {
    const std::string& member = it.key();
    const json& value = it.value();
    const std::string where = app.service_definition.LocationOf("/" + member).ToString();
    const MemberRow* row = FindMember(member);
    const MemberRoute route = row ? row->route : MemberRoute::kIdentity;
    if (row == nullptr) {
      // Anything else must already be what the service has: the EXTERNAL controller cannot
      // change it.
      const json live_value = raw.contains(member) ? raw[member] : json();
      if (live_value == value || (live_value.is_null() && IsEmptyValue(value))) continue;
      return InvalidInputError(fmt::format(
          "{}: {}: the service has {} but the definition says {}; the EXTERNAL deployment "
          "controller cannot change {} on a running service: make the definition match, or "
          "recreate the service",
          where, member, live_value.is_null() ? "nothing" : live_value.dump(), value.dump(),
          member));
    }
    switch (route) {
      case MemberRoute::kUpdateService: {
        if (member == "desiredCount" && (value.is_null() || value == 0)) break;  // auto scaling owns it
        json live_value = raw.contains(member) ? raw[member] : json();
        if (member == "propagateTags" && live_value.is_null()) live_value = "NONE";
        if (member == "enableECSManagedTags" && live_value.is_null()) live_value = false;
        if (live_value == value) break;
        live.service_updates[member] = value;
        live.service_previous[member] = live_value;
        break;
      }
      case MemberRoute::kTaskSet:
        if (member != "serviceRegistries") live.task_set_settings[member] = value;
        break;
      case MemberRoute::kTags: {
        auto tags = aws::ecs::TagsFromJson(value, "tags");
        if (!tags.ok()) {
          return InvalidInputError(fmt::format("{}: tags: {}", where, tags.status().message()));
        }
        for (const auto& tag : *tags) {
          const std::string* have = aws::ecs::FindTag(live.service.tags, tag.key);
          if (have == nullptr || *have != tag.value) live.missing_service_tags.push_back(tag);
        }
        break;
      }
      case MemberRoute::kIdentity:
      case MemberRoute::kIgnored:
        break;
    }
  }
  // New task sets inherit what the definition does not say from the running primary.
  if (live.primary) {
    const json& p = live.primary->raw;
    for (const char* member : {"launchType", "capacityProviderStrategy", "platformVersion",
                               "networkConfiguration"}) {
      if (live.task_set_settings.contains(member)) continue;
      if (p.contains(member) && !IsEmptyValue(p[member])) live.task_set_settings[member] = p[member];
    }
  }
  if (live.task_set_settings.contains("launchType") &&
      live.task_set_settings.contains("capacityProviderStrategy")) {
    live.task_set_settings.erase(defined.contains("launchType") ? "capacityProviderStrategy"
                                                                 : "launchType");
  }
  return Status::Ok();
}

Status CheckTaskSets(const model::Application& app, LiveService& live) {
  for (const auto& task_set : live.service.task_sets) {
    if (task_set.IsPrimary()) live.primary = task_set;
  }
  // Task sets from an unfinished kanaria release, and the primary it started from, are the
  // resume path's business.
  std::string previous_of_release;
  if (const std::string* previous = aws::ecs::FindTag(live.service.tags, kPreviousTaskSetTag)) {
    if (auto decoded = DecodePreviousTaskSet(*previous)) previous_of_release = decoded->id;
  }
  for (const auto& task_set : live.service.task_sets) {
    if (task_set.IsPrimary() || aws::ecs::FindTag(task_set.tags, kReleaseTag) != nullptr) continue;
    if (!previous_of_release.empty() && task_set.id == previous_of_release) continue;
    if (task_set.status == aws::ecs::kTaskSetDraining) continue;
    return InvalidInputError(fmt::format(
        "{}: service {} has a task set besides its PRIMARY ({}, status {}, task definition {}) "
        "that kanaria did not create; another deployment tool may be working on it. Delete it "
        "(aws ecs delete-task-set) before releasing",
        app.service_definition.LocationOf("/serviceName").ToString(), app.service_name(),
        task_set.id, task_set.status, task_set.task_definition));
  }
  return Status::Ok();
}

Status CheckTaskDefinition(const model::Application& app, const ReleaseClients& clients,
                           PreflightPurpose purpose, LiveService& live) {
  live.task_definition_digest = TaskDefinitionDigest(app.task_definition.json);
  if (!live.primary) return Status::Ok();
  const std::string& running = live.primary->task_definition;
  const std::string* digest = aws::ecs::FindTag(live.primary->tags, kTaskDefinitionDigestTag);
  if (digest != nullptr && purpose == PreflightPurpose::kDeploy) {
    // A task set kanaria created says what it runs: no need to describe it.
    if (*digest == live.task_definition_digest) live.identical_task_definition = running;
    return Status::Ok();
  }
  auto described = clients.ecs->DescribeTaskDefinition(running);
  if (!described.ok()) return described.status();
  live.running_task_definition = described->task_definition;
  if (SameTaskDefinition(app.task_definition.json, described->task_definition.raw)) {
    live.identical_task_definition = running;
  }
  return Status::Ok();
}

}  // namespace

std::string TaskDefinitionDigest(const nlohmann::json& task_definition) {
  return model::Sha256Hex(model::CanonicalJson(task_definition)).substr(0, 32);
}

StatusOr<LiveService> RunPreflight(const model::Application& app, const ReleaseClients& clients,
                                   TrafficRouter& router, PreflightPurpose purpose) {
  LiveService live;
  auto identity = clients.sts->GetCallerIdentity();
  if (!identity.ok()) return identity.status();
  live.caller_arn = identity->arn;

  auto service = clients.ecs->DescribeService(app.cluster(), app.service_name());
  if (!service.ok()) {
    const aws::AwsError* error = aws::AsAwsError(service.status());
    if (error != nullptr && error->code == "ClusterNotFoundException") {
      return AsInvalidInput(service.status(),
                            fmt::format("{}: cluster: cluster '{}' does not exist in region {}",
                                        app.service_definition.LocationOf("/cluster").ToString(),
                                        app.cluster(), "the configured region"));
    }
    if (service.status().code() == StatusCode::kNotFound) {
      return InvalidInputError(fmt::format(
          "{}: serviceName: service '{}' does not exist in cluster '{}'; create it with "
          "deploymentController EXTERNAL first",
          app.service_definition.LocationOf("/serviceName").ToString(), app.service_name(),
          app.cluster()));
    }
    return service.status();
  }
  live.service = std::move(*service);
  if (live.service.status != "ACTIVE") {
    return InvalidInputError(fmt::format(
        "{}: serviceName: service '{}' is {}, not ACTIVE",
        app.service_definition.LocationOf("/serviceName").ToString(), app.service_name(),
        live.service.status));
  }
  if (!live.service.IsExternal()) {
    return InvalidInputError(fmt::format(
        "{}: serviceName: service '{}' uses the {} deployment controller; kanaria releases "
        "through task sets, which need deploymentController {{type: EXTERNAL}}",
        app.service_definition.LocationOf("/serviceName").ToString(), app.service_name(),
        live.service.deployment_controller_type));
  }
  if (const std::string* lock = aws::ecs::FindTag(live.service.tags, kLockTag)) {
    live.lock = LockValue::Decode(*lock);
  }
  RETURN_IF_ERROR(CheckTaskSets(app, live));
  RETURN_IF_ERROR(CheckServiceDefinition(app, live));
  RETURN_IF_ERROR(CheckTaskDefinition(app, clients, purpose, live));
  RETURN_IF_ERROR(router.Inspect(live.service));
  RETURN_IF_ERROR(analysis::CheckAnalysisReferences(app, clients));
  return live;
}

}  // namespace kanaria::engine
