// The Cloud Map handlers, split by resource across cloudmap_*_operations.cc, and the small
// helpers they share (paging, filters, the shapes AWS answers with). Internal to this folder:
// the service table sees only CloudMapOperations().
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/emulated_service.h"
#include "emulator/input_fields.h"
#include "emulator/services/cloudmap/cloudmap_state.h"
#include "emulator/world.h"

namespace kanaria::emulator::cloudmap {

inline CloudMapState& Map(CallContext& context) { return context.world.cloudmap; }

// Cloud Map reports every malformed field as InvalidInput.
inline InputFields Fields(const nlohmann::json& input) {
  return InputFields(input, "InvalidInput");
}

// One page of `items` from the opaque NextToken (an offset here) and MaxResults (1..`max`,
// default `max`): writes `items_key` and, when more remain, NextToken into `out`.
void WritePage(const InputFields& fields, std::vector<nlohmann::json> items, int max,
               const char* items_key, nlohmann::json& out);

// Filters {Name, Values, Condition} as ListNamespaces/ListServices/ListOperations take them:
// true when `value` passes the condition (EQ default, IN, BEGINS_WITH; BETWEEN for timestamps).
struct Filter {
  std::string name;
  std::vector<std::string> values;
  std::string condition;
};
std::vector<Filter> ReadFilters(const InputFields& fields,
                                const std::vector<std::string>& allowed_names);
bool Matches(const Filter& filter, const std::string& value);

// Tags from a TagList ([{Key, Value}], at most 50), validated.
CloudMapTags ReadTags(const InputFields& fields, const char* name);

nlohmann::json ServiceJson(const CallContext& context, const CloudMapService& service,
                           bool summary);

// Namespaces, services, operations and tags (cloudmap_operations.cc).
nlohmann::json CreateHttpNamespace(CallContext& context, const nlohmann::json& input);
nlohmann::json CreatePrivateDnsNamespace(CallContext& context, const nlohmann::json& input);
nlohmann::json GetNamespace(CallContext& context, const nlohmann::json& input);
nlohmann::json ListNamespaces(CallContext& context, const nlohmann::json& input);
nlohmann::json DeleteNamespace(CallContext& context, const nlohmann::json& input);
nlohmann::json GetOperation(CallContext& context, const nlohmann::json& input);
nlohmann::json ListOperations(CallContext& context, const nlohmann::json& input);
nlohmann::json TagResource(CallContext& context, const nlohmann::json& input);
nlohmann::json UntagResource(CallContext& context, const nlohmann::json& input);
nlohmann::json ListTagsForResource(CallContext& context, const nlohmann::json& input);

// Services (cloudmap_service_operations.cc).
nlohmann::json CreateService(CallContext& context, const nlohmann::json& input);
nlohmann::json GetService(CallContext& context, const nlohmann::json& input);
nlohmann::json ListServices(CallContext& context, const nlohmann::json& input);
nlohmann::json DeleteService(CallContext& context, const nlohmann::json& input);

// Instances and discovery (cloudmap_instance_operations.cc).
nlohmann::json RegisterInstance(CallContext& context, const nlohmann::json& input);
nlohmann::json DeregisterInstance(CallContext& context, const nlohmann::json& input);
nlohmann::json GetInstance(CallContext& context, const nlohmann::json& input);
nlohmann::json ListInstances(CallContext& context, const nlohmann::json& input);
nlohmann::json GetInstancesHealthStatus(CallContext& context, const nlohmann::json& input);
nlohmann::json UpdateInstanceCustomHealthStatus(CallContext& context, const nlohmann::json& input);
nlohmann::json DiscoverInstances(CallContext& context, const nlohmann::json& input);

}  // namespace kanaria::emulator::cloudmap
