// Cloud Map services: CreateService, GetService, ListServices, DeleteService. Unlike namespaces,
// AWS creates and deletes services synchronously.
#include <algorithm>
#include <cctype>

#include "emulator/api_error.h"
#include "emulator/services/cloudmap/cloudmap_handlers.h"
#include "emulator/world.h"

namespace kanaria::emulator::cloudmap {
namespace {

// ServiceName: DNS labels (letters, digits, '-', '_'), at most 127 characters.
bool IsValidServiceName(const std::string& name) {
  if (name.empty() || name.size() > 127) return false;
  size_t label_start = 0;
  while (label_start <= name.size()) {
    const size_t dot = std::min(name.find('.', label_start), name.size());
    const std::string label = name.substr(label_start, dot - label_start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    }
    label_start = dot + 1;
  }
  return true;
}

}  // namespace

nlohmann::json ServiceJson(const CallContext& context, const CloudMapService& service,
                           bool summary) {
  nlohmann::json out = {{"Id", service.id},
                        {"Arn", service.arn},
                        {"ResourceOwner", context.world.account_id()},
                        {"Name", service.name},
                        {"Type", service.type},
                        {"InstanceCount", service.instances.size()},
                        {"CreateDate", TimestampValue(context, service.create_date)},
                        {"CreatedByAccount", context.world.account_id()}};
  if (!summary) out["NamespaceId"] = service.namespace_id;
  if (!service.description.empty()) out["Description"] = service.description;
  if (!service.dns_config.is_null()) out["DnsConfig"] = service.dns_config;
  if (!service.health_check_config.is_null())
    out["HealthCheckConfig"] = service.health_check_config;
  if (!service.health_check_custom_config.is_null()) {
    out["HealthCheckCustomConfig"] = service.health_check_custom_config;
  }
  if (!summary && !service.creator_request_id.empty()) {
    out["CreatorRequestId"] = service.creator_request_id;
  }
  return out;
}

nlohmann::json CreateService(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  CloudMapState& map = context.world.cloudmap;
  CloudMapService service;
  service.name = fields.RequiredString("Name");
  if (!IsValidServiceName(service.name)) {
    fields.Reject("Value '" + service.name +
                  "' at 'name' failed to satisfy constraint: Member "
                  "must satisfy a DNS label pattern");
  }
  service.description = fields.String("Description").value_or("");
  service.creator_request_id = fields.String("CreatorRequestId").value_or("");
  service.dns_config = fields.Object("DnsConfig");
  service.health_check_config = fields.Object("HealthCheckConfig");
  service.health_check_custom_config = fields.Object("HealthCheckCustomConfig");
  if (!service.health_check_config.is_null() && !service.health_check_custom_config.is_null()) {
    fields.Reject("HealthCheckConfig and HealthCheckCustomConfig cannot both be specified.");
  }
  // The namespace comes from NamespaceId or, in the older form, from DnsConfig.NamespaceId.
  std::string namespace_id = fields.String("NamespaceId").value_or("");
  if (namespace_id.empty() && service.dns_config.is_object()) {
    namespace_id = service.dns_config.value("NamespaceId", "");
  }
  if (namespace_id.empty()) fields.Reject("NamespaceId must be specified.");
  const CloudMapNamespace& ns = map.RequireNamespace(namespace_id);
  service.namespace_id = ns.id;
  if (service.dns_config.is_object()) {
    if (ns.type == "HTTP") fields.Reject("DnsConfig is not supported for an HTTP namespace.");
    const InputFields dns(service.dns_config, "InvalidInput");
    if (dns.List("DnsRecords").empty()) dns.Reject("DnsConfig.DnsRecords must be specified.");
    service.dns_config.erase("NamespaceId");  // AWS answers without the deprecated member
    if (!service.dns_config.contains("RoutingPolicy"))
      service.dns_config["RoutingPolicy"] = "MULTIVALUE";
  }
  const std::string type = fields.String("Type").value_or("");
  if (!type.empty() && type != "HTTP") fields.Reject("Type must be HTTP.");
  service.type =
      ns.type == "HTTP" || type == "HTTP" || service.dns_config.is_null() ? "HTTP" : "DNS_HTTP";
  for (const auto& [id, existing] : map.services) {
    if (existing.namespace_id == ns.id && existing.name == service.name) {
      Fail("ServiceAlreadyExists", "Service " + service.name + " already exists in namespace " +
                                       ns.id + ": " + existing.id);
    }
  }
  CloudMapTags tags = ReadTags(fields, "Tags");
  const CloudMapService& created = map.AddService(std::move(service));
  if (!tags.empty()) map.tags[created.arn] = std::move(tags);
  return {{"Service", ServiceJson(context, created, false)}};
}

nlohmann::json GetService(CallContext& context, const nlohmann::json& input) {
  const CloudMapService& service =
      context.world.cloudmap.RequireService(Fields(input).RequiredString("Id"));
  return {{"Service", ServiceJson(context, service, false)}};
}

nlohmann::json ListServices(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  const std::vector<Filter> filters = ReadFilters(fields, {"NAMESPACE_ID", "RESOURCE_OWNER"});
  std::vector<nlohmann::json> items;
  for (const auto& [id, service] : context.world.cloudmap.services) {
    const bool kept = std::all_of(filters.begin(), filters.end(), [&](const Filter& filter) {
      return Matches(filter, filter.name == "NAMESPACE_ID" ? service.namespace_id : "SELF");
    });
    if (kept) items.push_back(ServiceJson(context, service, true));
  }
  nlohmann::json out = nlohmann::json::object();
  WritePage(fields, std::move(items), 100, "Services", out);
  return out;
}

nlohmann::json DeleteService(CallContext& context, const nlohmann::json& input) {
  CloudMapState& map = context.world.cloudmap;
  const CloudMapService& service = map.RequireService(Fields(input).RequiredString("Id"));
  if (!service.instances.empty()) {
    Fail("ResourceInUse", "Service " + service.id +
                              " contains registered instances; deregister "
                              "the instances before deleting the service.");
  }
  const std::string id = service.id;  // `service` dies with the erase
  map.tags.erase(service.arn);
  map.services.erase(id);
  return nlohmann::json::object();
}

}  // namespace kanaria::emulator::cloudmap
