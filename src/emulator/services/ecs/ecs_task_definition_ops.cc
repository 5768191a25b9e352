// Task definitions: families of numbered revisions, ACTIVE until deregistered.
#include <algorithm>
#include <set>

#include "emulator/api_error.h"
#include "emulator/input_fields.h"
#include "emulator/services/ecs/ecs_handlers.h"
#include "emulator/services/ecs/ecs_json.h"
#include "emulator/world.h"

namespace kanaria::emulator::ecs_handlers {
namespace {

// Input members RegisterTaskDefinition does not echo in the TaskDefinition shape.
constexpr std::string_view kNotEchoed[] = {"tags"};

// AWS fills these container members in when they are absent.
json ContainerWithDefaults(const json& container, bool awsvpc) {
  json out = container;
  if (!out.contains("essential")) out["essential"] = true;
  if (!out.contains("cpu")) out["cpu"] = 0;
  for (const char* member : {"environment", "mountPoints", "volumesFrom", "portMappings"}) {
    if (!out.contains(member)) out[member] = json::array();
  }
  for (json& mapping : out["portMappings"]) {
    if (!mapping.is_object()) continue;
    if (!mapping.contains("protocol")) mapping["protocol"] = "tcp";
    // In awsvpc mode the host port is the container port.
    if (awsvpc && !mapping.contains("hostPort") && mapping.contains("containerPort")) {
      mapping["hostPort"] = mapping["containerPort"];
    }
  }
  return out;
}

json ValidatedContainers(const InputFields& fields, bool awsvpc) {
  const std::vector<json> containers = fields.List("containerDefinitions");
  if (containers.empty()) Fail("ClientException", "Container list cannot be empty.");
  std::set<std::string> names;
  bool any_essential = false;
  json out = json::array();
  for (const json& container : containers) {
    if (!container.is_object()) Fail("ClientException", "Container definition must be an object.");
    const InputFields container_fields(container, "ClientException");
    const std::string name = container_fields.String("name").value_or("");
    if (name.empty()) Fail("ClientException", "Container.name should not be null or empty.");
    if (container_fields.String("image").value_or("").empty()) {
      Fail("ClientException", "Container.image should not be null or empty.");
    }
    for (const char* list : {"portMappings", "environment"}) {
      if (container.contains(list) && !container[list].is_array()) {
        Fail("ClientException", std::string("Container.") + list + " must be a list.");
      }
    }
    if (!names.insert(name).second) {
      Fail("ClientException", "Duplicate container name found: " + name + ".");
    }
    if (container_fields.Bool("essential").value_or(true)) any_essential = true;
    out.push_back(ContainerWithDefaults(container, awsvpc));
  }
  if (!any_essential) {
    Fail("ClientException", "A task definition must have at least one essential container.");
  }
  return out;
}

EcsTaskDefinition& FoundTaskDefinition(EcsState& state, const std::string& reference,
                                       const char* message) {
  EcsTaskDefinition* definition = state.FindTaskDefinition(reference);
  if (definition == nullptr) Fail("ClientException", message);
  return *definition;
}

}  // namespace

json RegisterTaskDefinition(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  const std::string family = fields.String("family").value_or("");
  if (family.empty()) Fail("ClientException", "Family must be specified.");
  if (!IsValidEcsName(family)) {
    Fail("ClientException",
         "Family can contain up to 255 letters (uppercase and lowercase), numbers, hyphens and "
         "underscores.");
  }
  const bool awsvpc = fields.String("networkMode").value_or("") == "awsvpc";
  const json containers = ValidatedContainers(fields, awsvpc);
  EcsState& state = context.world.ecs;
  EcsTaskDefinition record;
  record.family = family;
  record.revision = state.NextRevision(family);
  record.arn = context.world.Arn("ecs", "task-definition/" + record.FamilyRevision());
  record.tags = TagsFromInput(input);
  record.registered_at = context.now;
  json definition = input;
  for (std::string_view member : kNotEchoed) definition.erase(std::string(member));
  definition["taskDefinitionArn"] = record.arn;
  definition["family"] = family;
  definition["revision"] = record.revision;
  definition["containerDefinitions"] = containers;
  for (const char* member : {"volumes", "placementConstraints", "requiresAttributes"}) {
    if (!definition.contains(member)) definition[member] = json::array();
  }
  json compatibilities = json::array({"EC2"});
  for (const std::string& required : fields.StringList("requiresCompatibilities")) {
    if (required == "FARGATE") compatibilities.push_back("FARGATE");
  }
  definition["compatibilities"] = compatibilities;
  record.definition = std::move(definition);
  const EcsTaskDefinition& stored = state.AddTaskDefinition(std::move(record));
  return {{"taskDefinition", TaskDefinitionJson(context, stored)}, {"tags", TagsJson(stored.tags)}};
}

json DescribeTaskDefinition(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  const EcsTaskDefinition& definition =
      FoundTaskDefinition(context.world.ecs, fields.RequiredString("taskDefinition"),
                          "Unable to describe task definition.");
  json out = {{"taskDefinition", TaskDefinitionJson(context, definition)}};
  if (IncludesTags(input)) out["tags"] = TagsJson(definition.tags);
  return out;
}

json DeregisterTaskDefinition(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  const std::string reference = fields.RequiredString("taskDefinition");
  // Deregistering needs an exact revision: a bare family would pick one silently.
  if (reference.find(':') == std::string::npos ||
      (reference.starts_with("arn:") && reference.rfind(':') < reference.find('/'))) {
    Fail("ClientException", "Revision must be specified: use family:revision or the full ARN.");
  }
  EcsTaskDefinition& definition = FoundTaskDefinition(
      context.world.ecs, reference, "The specified task definition does not exist.");
  if (definition.status == "ACTIVE") {
    definition.status = "INACTIVE";
    definition.deregistered_at = context.now;
  }
  return {{"taskDefinition", TaskDefinitionJson(context, definition)}};
}

json ListTaskDefinitions(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  const std::string prefix = fields.String("familyPrefix").value_or("");
  const std::string status = fields.String("status").value_or("ACTIVE");
  const std::string sort = fields.String("sort").value_or("ASC");
  if (status != "ACTIVE" && status != "INACTIVE" && status != "DELETE_IN_PROGRESS") {
    Fail(kInvalidParameter, "status must be ACTIVE, INACTIVE or DELETE_IN_PROGRESS.");
  }
  if (sort != "ASC" && sort != "DESC") Fail(kInvalidParameter, "sort must be ASC or DESC.");
  std::vector<std::string> arns;
  for (const auto& [family, revisions] : context.world.ecs.task_definitions()) {
    // familyPrefix is the whole family name, despite its name (AWS documents this).
    if (!prefix.empty() && family != prefix) continue;
    for (const EcsTaskDefinition& definition : revisions) {
      if (definition.status == status) arns.push_back(definition.arn);
    }
  }
  if (sort == "DESC") std::reverse(arns.begin(), arns.end());
  return PageOf(arns, input, "taskDefinitionArns");
}

json ListTaskDefinitionFamilies(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  const std::string prefix = fields.String("familyPrefix").value_or("");
  const std::string status = fields.String("status").value_or("ACTIVE");
  if (status != "ACTIVE" && status != "INACTIVE" && status != "ALL") {
    Fail(kInvalidParameter, "status must be ACTIVE, INACTIVE or ALL.");
  }
  std::vector<std::string> families;
  for (const auto& [family, revisions] : context.world.ecs.task_definitions()) {
    if (!family.starts_with(prefix)) continue;
    const bool active =
        std::any_of(revisions.begin(), revisions.end(),
                    [](const EcsTaskDefinition& d) { return d.status == "ACTIVE"; });
    if (status == "ALL" || (status == "ACTIVE") == active) families.push_back(family);
  }
  return PageOf(families, input, "families");
}

}  // namespace kanaria::emulator::ecs_handlers
