// Turns a task definition as users keep it (PipeCD's and ecspresso's taskdef.json: often the
// output of `aws ecs describe-task-definition`) into a RegisterTaskDefinition request body.
#pragma once

#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace kanaria::aws::ecs {

// Members of the TaskDefinition shape that RegisterTaskDefinitionRequest does not have: ECS sets
// them (botocore ecs/2014-11-13: TaskDefinition minus RegisterTaskDefinitionRequest).
std::span<const std::string_view> ReadOnlyTaskDefinitionMembers();

// The request body for `task_definition`:
//  - the read-only members above are dropped (a described definition registers as is);
//  - the wrapped form {"taskDefinition": {...}, "tags": [...]} of describe-task-definition
//    --include TAGS is unwrapped, its tags kept;
//  - every other member is passed through untouched, so members newer than kanaria still work.
// kInvalidInput when it is not an object, or `family` (a non-empty string) or
// `containerDefinitions` (a non-empty list) is missing.
StatusOr<nlohmann::json> RegisterTaskDefinitionInput(const nlohmann::json& task_definition);

}  // namespace kanaria::aws::ecs
