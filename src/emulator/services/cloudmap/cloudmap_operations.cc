// The Cloud Map operation table, the shared helpers, and the namespace, operation and tag
// handlers. Namespace creation and deletion are asynchronous in AWS; here they finish before the
// call returns and the OperationId reads SUCCESS at once.
#include "emulator/services/cloudmap/cloudmap_operations.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "emulator/api_error.h"
#include "emulator/services/cloudmap/cloudmap_handlers.h"
#include "emulator/world.h"

namespace kanaria::emulator {
namespace cloudmap {
namespace {

// NamespaceNameHttp: printable ASCII without spaces, not an ARN.
void CheckNamespaceName(const InputFields& fields, const std::string& name) {
  const bool printable =
      std::all_of(name.begin(), name.end(), [](char c) { return c >= '!' && c <= '~'; });
  if (name.size() > 1024 || !printable || name.rfind("arn:", 0) == 0) {
    fields.Reject("Value '" + name +
                  "' at 'name' failed to satisfy constraint: Member must satisfy "
                  "regular expression pattern: ^(?!arn:)[!-~]{1,1024}$");
  }
}

nlohmann::json NamespaceJson(const CallContext& context, const CloudMapNamespace& ns,
                             int service_count, bool summary) {
  nlohmann::json properties = {{"HttpProperties", {{"HttpName", ns.name}}},
                               {"DnsProperties", nlohmann::json::object()}};
  if (ns.type == "DNS_PRIVATE") {
    properties["DnsProperties"] = {{"HostedZoneId", ns.hosted_zone_id}, {"SOA", {{"TTL", 15}}}};
  }
  nlohmann::json out = {{"Id", ns.id},
                        {"Arn", ns.arn},
                        {"ResourceOwner", context.world.account_id()},
                        {"Name", ns.name},
                        {"Type", ns.type},
                        {"ServiceCount", service_count},
                        {"Properties", properties},
                        {"CreateDate", TimestampValue(context, ns.create_date)}};
  if (!ns.description.empty()) out["Description"] = ns.description;
  if (!summary && !ns.creator_request_id.empty()) out["CreatorRequestId"] = ns.creator_request_id;
  return out;
}

// The CREATE_NAMESPACE operation of `namespace_id` (a retried create answers with it).
std::string CreationOperationOf(const CloudMapState& map, const std::string& namespace_id) {
  for (const std::string& id : map.operation_order) {
    const CloudMapOperation& operation = map.operations.at(id);
    if (operation.type == "CREATE_NAMESPACE" && operation.targets.count("NAMESPACE") &&
        operation.targets.at("NAMESPACE") == namespace_id) {
      return id;
    }
  }
  return "";
}

nlohmann::json CreateNamespace(CallContext& context, const nlohmann::json& input,
                               const std::string& type) {
  const InputFields fields = Fields(input);
  CloudMapNamespace ns;
  ns.name = fields.RequiredString("Name");
  CheckNamespaceName(fields, ns.name);
  ns.type = type;
  ns.description = fields.String("Description").value_or("");
  ns.creator_request_id = fields.String("CreatorRequestId").value_or("");
  if (type == "DNS_PRIVATE") ns.vpc = fields.RequiredString("Vpc");
  CloudMapTags tags = ReadTags(fields, "Tags");
  CloudMapState& map = Map(context);
  if (const CloudMapNamespace* existing = map.FindNamespaceByName(ns.name)) {
    // A retry with the same CreatorRequestId is the same request: AWS answers it again.
    if (!ns.creator_request_id.empty() && existing->creator_request_id == ns.creator_request_id) {
      return {{"OperationId", CreationOperationOf(map, existing->id)}};
    }
    Fail("NamespaceAlreadyExists", "Namespace with name " + ns.name + " already exists.");
  }
  if (type == "DNS_PRIVATE") {
    ns.hosted_zone_id = "Z";
    for (char c : map.NewOperationId().substr(0, 13)) {
      ns.hosted_zone_id += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  CloudMapNamespace& created = map.AddNamespace(std::move(ns));
  if (!tags.empty()) map.tags[created.arn] = std::move(tags);
  return {{"OperationId", map.RecordOperation("CREATE_NAMESPACE", {{"NAMESPACE", created.id}})}};
}

nlohmann::json OperationJson(const CallContext& context, const CloudMapOperation& operation) {
  nlohmann::json targets = nlohmann::json::object();
  for (const auto& [kind, id] : operation.targets) targets[kind] = id;
  return {{"Id", operation.id},
          {"OwnerAccount", context.world.account_id()},
          {"Type", operation.type},
          {"Status", operation.status},
          {"CreateDate", TimestampValue(context, operation.create_date)},
          {"UpdateDate", TimestampValue(context, operation.update_date)},
          {"Targets", targets}};
}

}  // namespace

void WritePage(const InputFields& fields, std::vector<nlohmann::json> items, int max,
               const char* items_key, nlohmann::json& out) {
  const int64_t page = fields.Integer("MaxResults").value_or(max);
  if (page < 1 || page > max) {
    fields.Reject("1 validation error detected: Value '" + std::to_string(page) +
                  "' at 'maxResults' failed to satisfy constraint: Member must have value " +
                  (page < 1 ? std::string("greater than or equal to 1")
                            : "less than or equal to " + std::to_string(max)));
  }
  size_t start = 0;
  if (const std::optional<std::string> token = fields.String("NextToken")) {
    char* end = nullptr;
    const unsigned long long parsed = std::strtoull(token->c_str(), &end, 10);
    if (token->empty() || *end != '\0' || parsed > items.size()) {
      fields.Reject("Invalid NextToken provided.");
    }
    start = static_cast<size_t>(parsed);
  }
  const size_t stop = std::min(items.size(), start + static_cast<size_t>(page));
  out[items_key] = std::vector<nlohmann::json>(items.begin() + static_cast<std::ptrdiff_t>(start),
                                               items.begin() + static_cast<std::ptrdiff_t>(stop));
  if (stop < items.size()) out["NextToken"] = std::to_string(stop);
}

std::vector<Filter> ReadFilters(const InputFields& fields,
                                const std::vector<std::string>& allowed_names) {
  std::vector<Filter> filters;
  for (const nlohmann::json& item : fields.List("Filters")) {
    const InputFields filter_fields(item, "InvalidInput");
    Filter filter;
    filter.name = filter_fields.RequiredString("Name");
    filter.values = filter_fields.StringList("Values");
    filter.condition = filter_fields.String("Condition").value_or("EQ");
    if (std::find(allowed_names.begin(), allowed_names.end(), filter.name) == allowed_names.end()) {
      fields.Reject("Unsupported filter name: " + filter.name);
    }
    if (filter.values.empty()) fields.Reject("Filter " + filter.name + " requires values.");
    if (filter.condition != "EQ" && filter.condition != "IN" && filter.condition != "BEGINS_WITH" &&
        filter.condition != "BETWEEN") {
      fields.Reject("Unsupported filter condition: " + filter.condition);
    }
    if ((filter.condition == "EQ" || filter.condition == "BEGINS_WITH") &&
        filter.values.size() != 1) {
      fields.Reject("Filter condition " + filter.condition + " takes exactly one value.");
    }
    if (filter.condition == "BETWEEN" && filter.values.size() != 2) {
      fields.Reject("Filter condition BETWEEN takes exactly two values.");
    }
    filters.push_back(std::move(filter));
  }
  return filters;
}

bool Matches(const Filter& filter, const std::string& value) {
  if (filter.condition == "BEGINS_WITH") return value.rfind(filter.values[0], 0) == 0;
  if (filter.condition == "BETWEEN") {
    const double v = std::strtod(value.c_str(), nullptr);
    return v >= std::strtod(filter.values[0].c_str(), nullptr) &&
           v <= std::strtod(filter.values[1].c_str(), nullptr);
  }
  return std::find(filter.values.begin(), filter.values.end(), value) != filter.values.end();
}

CloudMapTags ReadTags(const InputFields& fields, const char* name) {
  CloudMapTags tags;
  const std::vector<nlohmann::json> items = fields.List(name);
  if (items.size() > 50) Fail("TooManyTagsException", "The resource can have at most 50 tags.");
  for (const nlohmann::json& item : items) {
    const InputFields tag(item, "InvalidInput");
    const std::string key = tag.RequiredString("Key");
    const std::optional<std::string> value = tag.String("Value");
    if (!value) tag.Reject("Tag value must be specified.");
    if (key.size() > 128 || value->size() > 256) tag.Reject("Tag key or value is too long.");
    tags[key] = *value;
  }
  return tags;
}

nlohmann::json CreateHttpNamespace(CallContext& context, const nlohmann::json& input) {
  return CreateNamespace(context, input, "HTTP");
}

// The VPC is accepted and remembered; no hosted zone or DNS is served.
nlohmann::json CreatePrivateDnsNamespace(CallContext& context, const nlohmann::json& input) {
  return CreateNamespace(context, input, "DNS_PRIVATE");
}

nlohmann::json GetNamespace(CallContext& context, const nlohmann::json& input) {
  CloudMapState& map = Map(context);
  const CloudMapNamespace& ns = map.RequireNamespace(Fields(input).RequiredString("Id"));
  return {{"Namespace", NamespaceJson(context, ns, map.ServiceCount(ns.id), false)}};
}

nlohmann::json ListNamespaces(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  const std::vector<Filter> filters =
      ReadFilters(fields, {"TYPE", "NAME", "HTTP_NAME", "RESOURCE_OWNER"});
  CloudMapState& map = Map(context);
  std::vector<nlohmann::json> items;
  for (const auto& [id, ns] : map.namespaces) {
    const bool kept = std::all_of(filters.begin(), filters.end(), [&](const Filter& filter) {
      if (filter.name == "TYPE") return Matches(filter, ns.type);
      if (filter.name == "RESOURCE_OWNER") return Matches(filter, "SELF");
      return Matches(filter, ns.name);  // NAME and HTTP_NAME: the emulator keeps them equal
    });
    if (kept) items.push_back(NamespaceJson(context, ns, map.ServiceCount(id), true));
  }
  nlohmann::json out = nlohmann::json::object();
  WritePage(fields, std::move(items), 100, "Namespaces", out);
  return out;
}

nlohmann::json DeleteNamespace(CallContext& context, const nlohmann::json& input) {
  CloudMapState& map = Map(context);
  const CloudMapNamespace& ns = map.RequireNamespace(Fields(input).RequiredString("Id"));
  if (map.ServiceCount(ns.id) > 0) {
    Fail("ResourceInUse", "Namespace " + ns.id +
                              " has associated services; delete the services "
                              "before deleting the namespace.");
  }
  const std::string id = ns.id;
  map.tags.erase(ns.arn);
  map.namespaces.erase(id);
  return {{"OperationId", map.RecordOperation("DELETE_NAMESPACE", {{"NAMESPACE", id}})}};
}

nlohmann::json GetOperation(CallContext& context, const nlohmann::json& input) {
  const std::string id = Fields(input).RequiredString("OperationId");
  CloudMapState& map = Map(context);
  const auto it = map.operations.find(id);
  if (it == map.operations.end()) Fail("OperationNotFound", "Operation not found: " + id);
  return {{"Operation", OperationJson(context, it->second)}};
}

nlohmann::json ListOperations(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  const std::vector<Filter> filters =
      ReadFilters(fields, {"NAMESPACE_ID", "SERVICE_ID", "STATUS", "TYPE", "UPDATE_DATE"});
  CloudMapState& map = Map(context);
  std::vector<nlohmann::json> items;
  for (const std::string& id : map.operation_order) {
    const CloudMapOperation& operation = map.operations.at(id);
    const bool kept = std::all_of(filters.begin(), filters.end(), [&](const Filter& filter) {
      if (filter.name == "STATUS") return Matches(filter, operation.status);
      if (filter.name == "TYPE") return Matches(filter, operation.type);
      if (filter.name == "UPDATE_DATE") {
        const auto seconds =
            std::chrono::duration<double>(operation.update_date.time_since_epoch());
        return Matches(filter, std::to_string(seconds.count()));
      }
      const char* target = filter.name == "NAMESPACE_ID" ? "NAMESPACE" : "SERVICE";
      const auto found = operation.targets.find(target);
      return found != operation.targets.end() && Matches(filter, found->second);
    });
    if (kept) items.push_back({{"Id", operation.id}, {"Status", operation.status}});
  }
  nlohmann::json out = nlohmann::json::object();
  WritePage(fields, std::move(items), 100, "Operations", out);
  return out;
}

namespace {
CloudMapTags& RequireTags(CallContext& context, const std::string& arn) {
  CloudMapTags* tags = Map(context).TagsOf(arn);
  if (tags == nullptr) {
    Fail("ResourceNotFoundException",
         "The operation can't be completed because the resource was not found.");
  }
  return *tags;
}
}  // namespace

nlohmann::json TagResource(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  CloudMapTags& tags = RequireTags(context, fields.RequiredString("ResourceARN"));
  CloudMapTags merged = tags;
  for (auto& [key, value] : ReadTags(fields, "Tags")) merged[key] = value;
  if (merged.size() > 50) Fail("TooManyTagsException", "The resource can have at most 50 tags.");
  tags = std::move(merged);
  return nlohmann::json::object();
}

nlohmann::json UntagResource(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = Fields(input);
  CloudMapTags& tags = RequireTags(context, fields.RequiredString("ResourceARN"));
  for (const std::string& key : fields.StringList("TagKeys")) tags.erase(key);
  return nlohmann::json::object();
}

nlohmann::json ListTagsForResource(CallContext& context, const nlohmann::json& input) {
  const CloudMapTags& tags = RequireTags(context, Fields(input).RequiredString("ResourceARN"));
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [key, value] : tags) list.push_back({{"Key", key}, {"Value", value}});
  return {{"Tags", list}};
}

}  // namespace cloudmap

std::span<const EmulatedOperation> CloudMapOperations() {
  using namespace cloudmap;
  static const EmulatedOperation kOperations[] = {
      {"CreateHttpNamespace", CreateHttpNamespace},
      {"CreatePrivateDnsNamespace", CreatePrivateDnsNamespace},
      {"GetNamespace", GetNamespace},
      {"ListNamespaces", ListNamespaces},
      {"DeleteNamespace", DeleteNamespace},
      {"CreateService", CreateService},
      {"GetService", GetService},
      {"ListServices", ListServices},
      {"DeleteService", DeleteService},
      {"RegisterInstance", RegisterInstance},
      {"DeregisterInstance", DeregisterInstance},
      {"GetInstance", GetInstance},
      {"ListInstances", ListInstances},
      {"GetInstancesHealthStatus", GetInstancesHealthStatus},
      {"UpdateInstanceCustomHealthStatus", UpdateInstanceCustomHealthStatus},
      {"DiscoverInstances", DiscoverInstances},
      {"GetOperation", GetOperation},
      {"ListOperations", ListOperations},
      {"TagResource", TagResource},
      {"UntagResource", UntagResource},
      {"ListTagsForResource", ListTagsForResource},
  };
  return kOperations;
}

}  // namespace kanaria::emulator
