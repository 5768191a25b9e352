// Cloud Map instances and DiscoverInstances, the data-plane view that clients resolve with.
// Health is the custom health status: HEALTHY unless AWS_INIT_HEALTH_STATUS or
// UpdateInstanceCustomHealthStatus says otherwise (Route 53 health checks are not run).
#include <algorithm>
#include <cctype>
#include <string_view>

#include "emulator/api_error.h"
#include "emulator/services/cloudmap/cloudmap_handlers.h"
#include "emulator/world.h"

namespace kanaria::emulator::cloudmap {
namespace {

// InstanceId: ^[0-9a-zA-Z_/:.@-]+$, at most 64 characters.
bool IsValidInstanceId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_/:.@-").find(c) != std::string_view::npos;
  });
}

// An Attributes map: string keys (at most 255) to string values (at most 1024).
CloudMapAttributes ReadAttributes(const InputFields& fields, const char* name) {
  CloudMapAttributes attributes;
  const nlohmann::json& tree = fields.Object(name);
  if (tree.is_null()) return attributes;
  if (!tree.is_object()) fields.Reject(std::string(name) + " must be a map.");
  for (const auto& [key, value] : tree.items()) {
    if (!value.is_string()) fields.Reject(std::string(name) + "." + key + " must be a string.");
    if (key.empty() || key.size() > 255 || value.get_ref<const std::string&>().size() > 1024) {
      fields.Reject("Attribute " + key + " has an invalid key or value length.");
    }
    attributes[key] = value.get<std::string>();
  }
  return attributes;
}

CloudMapInstance& RequireInstance(CloudMapService& service, const std::string& instance_id) {
  const auto it = service.instances.find(instance_id);
  if (it == service.instances.end()) {
    Fail("InstanceNotFound", "Instance not found: " + instance_id);
  }
  return it->second;
}

}  // namespace

nlohmann::json RegisterInstance(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  CloudMapService& service = Map(context).RequireService(fields.RequiredString("ServiceId"));
  CloudMapInstance instance;
  instance.id = fields.RequiredString("InstanceId");
  if (!IsValidInstanceId(instance.id)) {
    fields.Reject("Value '" + instance.id +
                  "' at 'instanceId' failed to satisfy constraint: "
                  "Member must satisfy regular expression pattern: ^[0-9a-zA-Z_/:.@-]+$");
  }
  instance.creator_request_id = fields.String("CreatorRequestId").value_or("");
  if (!fields.Has("Attributes")) fields.Reject("Attributes must be specified.");
  instance.attributes = ReadAttributes(fields, "Attributes");
  if (service.type != "HTTP" && !instance.attributes.contains("AWS_INSTANCE_IPV4") &&
      !instance.attributes.contains("AWS_INSTANCE_IPV6") &&
      !instance.attributes.contains("AWS_ALIAS_DNS_NAME")) {
    fields.Reject(
        "Attributes must include AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6 for a service "
        "with DNS records.");
  }
  return {{"OperationId", Map(context).PutInstance(service, std::move(instance))}};
}

nlohmann::json DeregisterInstance(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  CloudMapService& service = Map(context).RequireService(fields.RequiredString("ServiceId"));
  const std::string instance_id = fields.RequiredString("InstanceId");
  RequireInstance(service, instance_id);
  return {{"OperationId", Map(context).RemoveInstance(service, instance_id)}};
}

nlohmann::json GetInstance(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  CloudMapService& service = Map(context).RequireService(fields.RequiredString("ServiceId"));
  const CloudMapInstance& instance = RequireInstance(service, fields.RequiredString("InstanceId"));
  nlohmann::json out = {{"Id", instance.id},
                        {"Attributes", instance.attributes},
                        {"CreatedByAccount", context.world.account_id()}};
  if (!instance.creator_request_id.empty()) out["CreatorRequestId"] = instance.creator_request_id;
  return {{"ResourceOwner", context.world.account_id()}, {"Instance", out}};
}

nlohmann::json ListInstances(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  const CloudMapService& service = Map(context).RequireService(fields.RequiredString("ServiceId"));
  std::vector<nlohmann::json> items;
  for (const auto& [id, instance] : service.instances) {
    items.push_back({{"Id", id},
                     {"Attributes", instance.attributes},
                     {"CreatedByAccount", context.world.account_id()}});
  }
  nlohmann::json out = {{"ResourceOwner", context.world.account_id()}};
  WritePage(fields, std::move(items), 100, "Instances", out);
  return out;
}

nlohmann::json GetInstancesHealthStatus(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  CloudMapService& service = Map(context).RequireService(fields.RequiredString("ServiceId"));
  std::vector<std::string> ids = fields.StringList("Instances");
  if (ids.empty()) {
    for (const auto& [id, instance] : service.instances) ids.push_back(id);
  }
  // The map is paged as a list of (id, status) pairs, then folded back into the map AWS sends.
  std::vector<nlohmann::json> items;
  for (const std::string& id : ids) {
    items.push_back(nlohmann::json::array({id, RequireInstance(service, id).custom_health}));
  }
  nlohmann::json page = nlohmann::json::object();
  WritePage(fields, std::move(items), 100, "Status", page);
  nlohmann::json status = nlohmann::json::object();
  for (const nlohmann::json& pair : page["Status"]) status[pair[0].get<std::string>()] = pair[1];
  page["Status"] = status;
  return page;
}

nlohmann::json UpdateInstanceCustomHealthStatus(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  CloudMapService& service = Map(context).RequireService(fields.RequiredString("ServiceId"));
  CloudMapInstance& instance = RequireInstance(service, fields.RequiredString("InstanceId"));
  const std::string status = fields.RequiredString("Status");
  if (status != "HEALTHY" && status != "UNHEALTHY") {
    fields.Reject("Value '" + status +
                  "' at 'status' failed to satisfy constraint: Member must "
                  "satisfy enum value set: [HEALTHY, UNHEALTHY]");
  }
  if (service.health_check_custom_config.is_null()) {
    Fail("CustomHealthNotFound",
         "Service " + service.id + " does not have a custom health check configuration.");
  }
  if (instance.custom_health != status) {
    instance.custom_health = status;
    ++service.revision;
  }
  return nlohmann::json::object();
}

nlohmann::json DiscoverInstances(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  const std::string namespace_name = fields.RequiredString("NamespaceName");
  const std::string service_name = fields.RequiredString("ServiceName");
  const int64_t max_results = fields.Integer("MaxResults").value_or(100);
  if (max_results < 1 || max_results > 1000)
    fields.Reject("MaxResults must be between 1 and 1000.");
  const std::string health_filter = fields.String("HealthStatus").value_or("HEALTHY");
  if (health_filter != "HEALTHY" && health_filter != "UNHEALTHY" && health_filter != "ALL" &&
      health_filter != "HEALTHY_OR_ELSE_ALL") {
    fields.Reject("Value '" + health_filter +
                  "' at 'healthStatus' failed to satisfy constraint: "
                  "Member must satisfy enum value set: [HEALTHY, UNHEALTHY, ALL, "
                  "HEALTHY_OR_ELSE_ALL]");
  }
  const CloudMapAttributes query = ReadAttributes(fields, "QueryParameters");
  const CloudMapAttributes optional = ReadAttributes(fields, "OptionalParameters");

  CloudMapState& map = Map(context);
  const CloudMapNamespace* ns = map.FindNamespaceByName(namespace_name);
  if (ns == nullptr) Fail("NamespaceNotFound", "Namespace not found: " + namespace_name);
  const CloudMapService* service = nullptr;
  for (const auto& [id, candidate] : map.services) {
    if (candidate.namespace_id == ns->id && candidate.name == service_name) service = &candidate;
  }
  if (service == nullptr) Fail("ServiceNotFound", "Service not found: " + service_name);

  const auto has_all = [](const CloudMapInstance& instance, const CloudMapAttributes& wanted) {
    return std::all_of(wanted.begin(), wanted.end(), [&](const auto& entry) {
      const auto it = instance.attributes.find(entry.first);
      return it != instance.attributes.end() && it->second == entry.second;
    });
  };
  std::vector<const CloudMapInstance*> matched;
  for (const auto& [id, instance] : service->instances) {
    if (has_all(instance, query)) matched.push_back(&instance);
  }
  // Health first: HEALTHY_OR_ELSE_ALL falls back to every instance when none is healthy.
  const auto healthy = [](const CloudMapInstance* i) { return i->custom_health == "HEALTHY"; };
  const bool any_healthy = std::any_of(matched.begin(), matched.end(), healthy);
  std::erase_if(matched, [&](const CloudMapInstance* instance) {
    if (health_filter == "ALL") return false;
    if (health_filter == "HEALTHY_OR_ELSE_ALL") return any_healthy && !healthy(instance);
    return healthy(instance) != (health_filter == "HEALTHY");
  });
  // Optional parameters narrow the answer only when some instance matches them all.
  if (std::any_of(matched.begin(), matched.end(),
                  [&](const CloudMapInstance* i) { return has_all(*i, optional); })) {
    std::erase_if(matched, [&](const CloudMapInstance* i) { return !has_all(*i, optional); });
  }
  if (matched.size() > static_cast<size_t>(max_results)) matched.resize(max_results);

  nlohmann::json instances = nlohmann::json::array();
  for (const CloudMapInstance* instance : matched) {
    instances.push_back({{"InstanceId", instance->id},
                         {"NamespaceName", ns->name},
                         {"ServiceName", service->name},
                         {"HealthStatus", instance->custom_health},
                         {"Attributes", instance->attributes}});
  }
  return {{"Instances", instances}, {"InstancesRevision", service->revision}};
}

}  // namespace kanaria::emulator::cloudmap
