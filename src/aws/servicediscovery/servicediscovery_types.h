// What kanaria reads from AWS Cloud Map (servicediscovery, JSON 1.1, botocore model
// servicediscovery/2017-03-14). Cloud Map's members are PascalCase, unlike ECS's.
// Same conventions as ecs_types.h: typed members the engine uses, the complete object in `raw`,
// nested configuration kept as JSON, parsing that never throws.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::aws::servicediscovery {

// HealthStatus values (GetInstancesHealthStatus, DiscoverInstances).
inline constexpr std::string_view kHealthy = "HEALTHY";
inline constexpr std::string_view kUnhealthy = "UNHEALTHY";
inline constexpr std::string_view kUnknown = "UNKNOWN";

// Attributes ECS sets on the instances of a task set's tasks.
inline constexpr std::string_view kAttributeTaskSetExternalId = "ECS_TASK_SET_EXTERNAL_ID";
inline constexpr std::string_view kAttributeIpv4 = "AWS_INSTANCE_IPV4";
inline constexpr std::string_view kAttributePort = "AWS_INSTANCE_PORT";

using Attributes = std::map<std::string, std::string>;

// GetService's Service.
struct CloudMapService {
  std::string id;  // "srv-..."
  std::string arn;
  std::string name;
  std::string namespace_id;
  std::string description;
  std::optional<int> instance_count;
  std::string type;  // HTTP | DNS_HTTP | DNS
  nlohmann::json dns_config;                  // object or null
  nlohmann::json health_check_config;         // object or null (Route 53 health checks)
  nlohmann::json health_check_custom_config;  // object or null (ECS reports task health)
  std::optional<WallTime> create_date;
  nlohmann::json raw;

  static StatusOr<CloudMapService> FromJson(const nlohmann::json& json,
                                            const std::string& path = "Service");
};

// ListInstances' InstanceSummary.
struct InstanceSummary {
  std::string id;
  Attributes attributes;
  nlohmann::json raw;

  static StatusOr<InstanceSummary> FromJson(const nlohmann::json& json,
                                            const std::string& path = "Instance");
};

// DiscoverInstances' HttpInstanceSummary.
struct HttpInstanceSummary {
  std::string instance_id;
  std::string namespace_name;
  std::string service_name;
  std::string health_status;  // HEALTHY | UNHEALTHY | UNKNOWN
  Attributes attributes;
  nlohmann::json raw;

  static StatusOr<HttpInstanceSummary> FromJson(const nlohmann::json& json,
                                                const std::string& path = "Instance");
};

struct DiscoverInstancesResult {
  std::vector<HttpInstanceSummary> instances;
  std::optional<std::int64_t> instances_revision;
};

}  // namespace kanaria::aws::servicediscovery
