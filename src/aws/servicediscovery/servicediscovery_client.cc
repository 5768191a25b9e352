#include "aws/servicediscovery/servicediscovery_client.h"

#include <fmt/format.h>

#include "aws/protocol/json_field_reader.h"
#include "aws/pagination.h"
#include "aws/service_descriptor.h"

namespace kanaria::aws::servicediscovery {
namespace {

Status WithServiceDiscoveryOperation(const Status& status, std::string_view operation) {
  if (status.ok() || status.detail() != nullptr) return status;
  return status.WithContext(fmt::format("servicediscovery {}", operation));
}

// Calls `operation` with `input` until NextToken runs out, handing each page to `on_page`.
template <typename OnPage>
Status CallAllJsonPages(ServiceClient& client, std::string_view operation, nlohmann::json input,
                        OnPage on_page) {
  return WithServiceDiscoveryOperation(
      ForEachJsonPage(
          std::move(input),
          [&](const nlohmann::json& page_input) { return client.CallJson(operation, page_input); },
          on_page, "NextToken"),
      operation);
}

Status RequireServiceId(std::string_view operation, std::string_view service_id) {
  if (service_id.empty()) return InvalidInputError(fmt::format("{}: ServiceId is required", operation));
  return Status::Ok();
}

// Adds MaxResults to `input`; kInvalidInput outside the model's 1-100.
Status PutPageSize(std::string_view operation, std::optional<int> page_size, nlohmann::json& input) {
  if (!page_size) return Status::Ok();
  if (*page_size < 1 || *page_size > 100) {
    return InvalidInputError(
        fmt::format("{}: MaxResults must be between 1 and 100, got {}", operation, *page_size));
  }
  input["MaxResults"] = *page_size;
  return Status::Ok();
}

}  // namespace

StatusOr<nlohmann::json> DiscoverInstancesRequest::ToJson() const {
  if (namespace_name.empty() || service_name.empty()) {
    return InvalidInputError("DiscoverInstances: NamespaceName and ServiceName are required");
  }
  if (max_results && (*max_results < 1 || *max_results > 1000)) {
    return InvalidInputError(
        fmt::format("DiscoverInstances: MaxResults must be between 1 and 1000, got {}", *max_results));
  }
  nlohmann::json body = {{"NamespaceName", namespace_name}, {"ServiceName", service_name}};
  if (max_results) body["MaxResults"] = *max_results;
  if (!query_parameters.empty()) body["QueryParameters"] = query_parameters;
  if (!optional_parameters.empty()) body["OptionalParameters"] = optional_parameters;
  if (!health_status.empty()) body["HealthStatus"] = health_status;
  if (!owner_account.empty()) body["OwnerAccount"] = owner_account;
  return body;
}

StatusOr<std::unique_ptr<ServiceDiscoveryClient>> ServiceDiscoveryClient::Create(
    std::shared_ptr<ClientContext> context) {
  ASSIGN_OR_RETURN(std::unique_ptr<ServiceClient> client,
                   ServiceClient::Create(kServiceDiscoveryService, std::move(context)));
  return std::make_unique<ServiceDiscoveryClient>(std::move(client));
}

ServiceDiscoveryClient::ServiceDiscoveryClient(std::unique_ptr<ServiceClient> client)
    : client_(std::move(client)) {}

StatusOr<CloudMapService> ServiceDiscoveryClient::GetService(std::string_view service_id) {
  RETURN_IF_ERROR(RequireServiceId("GetService", service_id));
  ASSIGN_OR_RETURN(nlohmann::json response, client_->CallJson("GetService", {{"Id", service_id}}));
  JsonFieldReader reader(response, "");
  if (!reader.ok()) return WithServiceDiscoveryOperation(reader.status(), "GetService");
  const nlohmann::json* service = reader.Find("Service");
  if (service == nullptr) {
    return WithServiceDiscoveryOperation(MalformedResponseError("Service", "missing"),
                                         "GetService");
  }
  StatusOr<CloudMapService> parsed = CloudMapService::FromJson(*service, "Service");
  if (!parsed.ok()) return WithServiceDiscoveryOperation(parsed.status(), "GetService");
  return parsed;
}

StatusOr<std::vector<InstanceSummary>> ServiceDiscoveryClient::ListInstances(
    std::string_view service_id, std::optional<int> page_size) {
  RETURN_IF_ERROR(RequireServiceId("ListInstances", service_id));
  nlohmann::json input = {{"ServiceId", service_id}};
  RETURN_IF_ERROR(PutPageSize("ListInstances", page_size, input));
  std::vector<InstanceSummary> instances;
  RETURN_IF_ERROR(CallAllJsonPages(
      *client_, "ListInstances", std::move(input), [&](const nlohmann::json& response) -> Status {
        JsonFieldReader reader(response, "");
        const nlohmann::json* list = reader.Find("Instances");
        if (list == nullptr) return Status::Ok();
        if (!list->is_array()) {
          return MalformedResponseError("Instances",
                                        std::string("expected a list, got ") + list->type_name());
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
          StatusOr<InstanceSummary> instance =
              InstanceSummary::FromJson((*list)[i], reader.PathOfElement("Instances", i));
          if (!instance.ok()) return instance.status();
          instances.push_back(std::move(instance).value());
        }
        return Status::Ok();
      }));
  return instances;
}

StatusOr<std::map<std::string, std::string>> ServiceDiscoveryClient::GetInstancesHealthStatus(
    std::string_view service_id, const std::vector<std::string>& instance_ids,
    std::optional<int> page_size) {
  RETURN_IF_ERROR(RequireServiceId("GetInstancesHealthStatus", service_id));
  nlohmann::json input = {{"ServiceId", service_id}};
  if (!instance_ids.empty()) input["Instances"] = instance_ids;
  RETURN_IF_ERROR(PutPageSize("GetInstancesHealthStatus", page_size, input));
  std::map<std::string, std::string> health;
  RETURN_IF_ERROR(CallAllJsonPages(*client_, "GetInstancesHealthStatus", std::move(input),
                                   [&](const nlohmann::json& response) -> Status {
                                     JsonFieldReader reader(response, "");
                                     std::map<std::string, std::string> page;
                                     reader.StringMap("Status", page);
                                     if (!reader.ok()) return reader.status();
                                     health.insert(page.begin(), page.end());
                                     return Status::Ok();
                                   }));
  return health;
}

StatusOr<DiscoverInstancesResult> ServiceDiscoveryClient::DiscoverInstances(
    const DiscoverInstancesRequest& request) {
  ASSIGN_OR_RETURN(nlohmann::json input, request.ToJson());
  ASSIGN_OR_RETURN(nlohmann::json response,
                   client_->CallJson("DiscoverInstances", input, CallOptions{.host_prefix = "data-"}));
  JsonFieldReader reader(response, "");
  DiscoverInstancesResult result;
  reader.Int64("InstancesRevision", result.instances_revision);
  if (const nlohmann::json* list = reader.Find("Instances"); list != nullptr && reader.ok()) {
    if (!list->is_array()) {
      reader.Fail(MalformedResponseError("Instances",
                                         std::string("expected a list, got ") + list->type_name()));
    } else {
      for (std::size_t i = 0; i < list->size() && reader.ok(); ++i) {
        StatusOr<HttpInstanceSummary> instance =
            HttpInstanceSummary::FromJson((*list)[i], reader.PathOfElement("Instances", i));
        if (!instance.ok()) {
          reader.Fail(instance.status());
        } else {
          result.instances.push_back(std::move(instance).value());
        }
      }
    }
  }
  if (!reader.ok()) return WithServiceDiscoveryOperation(reader.status(), "DiscoverInstances");
  return result;
}

}  // namespace kanaria::aws::servicediscovery
