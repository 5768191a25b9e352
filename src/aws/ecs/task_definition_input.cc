#include "aws/ecs/task_definition_input.h"

#include <algorithm>
#include <array>

namespace kanaria::aws::ecs {
namespace {

constexpr std::array<std::string_view, 9> kReadOnlyMembers = {
    "taskDefinitionArn", "revision",          "status",
    "requiresAttributes", "compatibilities",  "registeredAt",
    "registeredBy",       "deregisteredAt",   "deleteRequestedAt",
};

}  // namespace

std::span<const std::string_view> ReadOnlyTaskDefinitionMembers() { return kReadOnlyMembers; }

StatusOr<nlohmann::json> RegisterTaskDefinitionInput(const nlohmann::json& task_definition) {
  if (!task_definition.is_object()) {
    return InvalidInputError(std::string("task definition must be an object, got ") +
                             task_definition.type_name());
  }
  nlohmann::json body;
  const auto wrapped = task_definition.find("taskDefinition");
  if (wrapped != task_definition.end() && wrapped->is_object() &&
      !task_definition.contains("family")) {
    body = *wrapped;
    const auto tags = task_definition.find("tags");
    if (tags != task_definition.end() && !body.contains("tags")) body["tags"] = *tags;
  } else {
    body = task_definition;
  }
  for (const std::string_view member : kReadOnlyMembers) body.erase(std::string(member));

  const auto family = body.find("family");
  if (family == body.end() || !family->is_string() || family->get_ref<const std::string&>().empty()) {
    return InvalidInputError("task definition: family (a non-empty string) is required");
  }
  const auto containers = body.find("containerDefinitions");
  if (containers == body.end() || !containers->is_array() || containers->empty()) {
    return InvalidInputError(
        "task definition: containerDefinitions (a non-empty list) is required");
  }
  // An empty tag list is what describe-task-definition prints for an untagged definition; ECS
  // accepts it, but leaving it out keeps the request minimal.
  if (const auto tags = body.find("tags"); tags != body.end() && tags->is_array() && tags->empty()) {
    body.erase("tags");
  }
  return body;
}

}  // namespace kanaria::aws::ecs
