// The Cloud Map operations kanaria performs (reads only: ECS registers and deregisters a task
// set's tasks itself), typed, over one ServiceClient (JSON 1.1).
// Errors as in ecs_client.h: AWS errors carry an AwsError ("ServiceNotFound",
// "NamespaceNotFound", "InstanceNotFound", "InvalidInput"); malformed responses are kInternal
// naming the member's path; requests that cannot be valid are kInvalidInput before any call.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/service_client.h"
#include "aws/servicediscovery/servicediscovery_types.h"
#include "core/status.h"

namespace kanaria::aws::servicediscovery {

struct DiscoverInstancesRequest {
  std::string namespace_name{};  // required: the namespace's HttpName
  std::string service_name{};    // required
  std::optional<int> max_results{};  // 1-1000; unset = Cloud Map's default (100)
  Attributes query_parameters{};     // instances must match all of them
  Attributes optional_parameters{};  // matched when possible, ignored otherwise
  std::string health_status{};       // HEALTHY | UNHEALTHY | ALL | HEALTHY_OR_ELSE_ALL; "" = HEALTHY
  std::string owner_account{};       // for namespaces shared from another account

  StatusOr<nlohmann::json> ToJson() const;
};

class ServiceDiscoveryClient {
 public:
  static StatusOr<std::unique_ptr<ServiceDiscoveryClient>> Create(
      std::shared_ptr<ClientContext> context);
  // REQUIRES: client talks to Cloud Map (kServiceDiscoveryService).
  explicit ServiceDiscoveryClient(std::unique_ptr<ServiceClient> client);

  // `service_id`: "srv-..." or the service's ARN.
  StatusOr<CloudMapService> GetService(std::string_view service_id);
  // Every registered instance of the service, all pages followed. `page_size` (1-100) sets
  // MaxResults; unset = Cloud Map's default (100).
  StatusOr<std::vector<InstanceSummary>> ListInstances(std::string_view service_id,
                                                       std::optional<int> page_size = {});
  // Instance id -> HEALTHY | UNHEALTHY | UNKNOWN, all pages followed. `instance_ids` empty =
  // every instance of the service.
  StatusOr<std::map<std::string, std::string>> GetInstancesHealthStatus(
      std::string_view service_id, const std::vector<std::string>& instance_ids = {},
      std::optional<int> page_size = {});
  // The data-plane view clients resolve with. Sent to the "data-" host prefix on AWS endpoints
  // (never on an --endpoint-url override such as the emulator or moto).
  StatusOr<DiscoverInstancesResult> DiscoverInstances(const DiscoverInstancesRequest& request);

  ServiceClient& service_client() { return *client_; }

 private:
  std::unique_ptr<ServiceClient> client_;
};

}  // namespace kanaria::aws::servicediscovery
