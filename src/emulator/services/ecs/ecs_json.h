// The ECS records as botocore's ecs/2014-11-13 output shapes (AWS camelCase), and the small
// input conventions every ECS operation shares (tags, include: ["TAGS"], pagination).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/emulated_service.h"
#include "emulator/services/ecs/ecs_state.h"

namespace kanaria::emulator {

inline constexpr const char* kInvalidParameter = "InvalidParameterException";

nlohmann::json TagsJson(const EcsTags& tags);
// The `tags` member of an input ([{key, value}]); InvalidParameterException when malformed.
EcsTags TagsFromInput(const nlohmann::json& input, const char* member = "tags");
// Adds or replaces tags by key.
void MergeTags(EcsTags& tags, const EcsTags& added);
// True when `include` holds "TAGS".
bool IncludesTags(const nlohmann::json& input);

// Cluster and service names: up to 255 letters, numbers, hyphens and underscores.
bool IsValidEcsName(const std::string& name);

nlohmann::json FailureJson(const std::string& arn, const std::string& reason);

nlohmann::json ClusterJson(const CallContext& context, EcsState& state, const EcsCluster& cluster,
                           bool with_tags);
nlohmann::json ServiceJson(const CallContext& context, EcsState& state, const EcsService& service,
                           bool with_tags);
nlohmann::json TaskSetJson(const CallContext& context, EcsState& state, const EcsTaskSet& task_set,
                           bool with_tags);
nlohmann::json TaskJson(const CallContext& context, EcsState& state, const EcsTask& task);
nlohmann::json TaskDefinitionJson(const CallContext& context, const EcsTaskDefinition& definition);

// One page of `items` as {member: [...], nextToken?} from the input's maxResults (1-100,
// default 100) and nextToken (an offset this emulator issued).
nlohmann::json PageOf(const std::vector<std::string>& items, const nlohmann::json& input,
                      const char* member);

}  // namespace kanaria::emulator
