#include "model/definition_checks.h"

#include <algorithm>
#include <set>

#include "model/ecs_shapes.h"
#include "model/nearest_name.h"
#include "model/value_reader.h"

namespace kanaria::model {
namespace {

const JsonPath kDefinitionRoot;

std::vector<std::string_view> Names(std::span<const MemberShape> shapes) {
  std::vector<std::string_view> names;
  for (const MemberShape& shape : shapes) names.push_back(shape.name);
  return names;
}

bool KindMatches(const nlohmann::json& value, JsonKind kind) {
  switch (kind) {
    case JsonKind::kString:
      return value.is_string();
    case JsonKind::kInteger:
      return value.is_number_integer();
    case JsonKind::kNumber:
      return value.is_number();
    case JsonKind::kBoolean:
      return value.is_boolean();
    case JsonKind::kList:
      return value.is_array();
    case JsonKind::kObject:
      return value.is_object();
    case JsonKind::kTimestamp:
      return value.is_string() || value.is_number();
  }
  return false;
}

class DefinitionChecker {
 public:
  DefinitionChecker(const DefinitionFile& def, Diagnostics& diagnostics)
      : def_(def), reader_(def.path, def.lines, diagnostics) {}

  ValueReader& reader() { return reader_; }

  // Checks one member against its shape; false when it is wrong (reported).
  bool CheckMember(const nlohmann::json& value, const MemberShape& shape, const JsonPath& path) {
    if (value.is_null()) return true;  // null = not set
    if (!KindMatches(value, shape.kind)) {
      std::string allowed(JsonKindName(shape.kind));
      if (shape.kind == JsonKind::kString && value.is_number()) {
        allowed += " (quote it: \"" + value.dump() + "\")";
      }
      reader_.WrongType(value, path, allowed);
      return false;
    }
    if (!shape.enum_values.empty() && value.is_string() && !value.get<std::string>().empty()) {
      const std::string text = value.get<std::string>();
      std::string_view values = shape.enum_values;
      bool found = false;
      std::string allowed;
      while (!values.empty()) {
        const size_t bar = values.find('|');
        const std::string_view v = values.substr(0, bar);
        found = found || v == text;
        if (!allowed.empty()) allowed += ", ";
        allowed += v;
        values = bar == std::string_view::npos ? std::string_view() : values.substr(bar + 1);
      }
      if (!found) {
        reader_.Error(path, "\"" + text + "\" is not allowed; one of " + allowed);
        return false;
      }
    }
    return true;
  }

  // Checks every member of `object` against `shapes`; unknown members are errors with the
  // nearest name. `skip` lists members the caller checks itself.
  void CheckObject(const nlohmann::json& object, std::span<const MemberShape> shapes,
                   const JsonPath& path, std::string_view what,
                   std::initializer_list<std::string_view> skip = {}) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
      const JsonPath child = path.Key(key);
      const MemberShape* shape = FindMember(shapes, key);
      if (shape == nullptr) {
        const std::vector<std::string_view> names = Names(shapes);
        reader_.Error(child,
                      "unknown key in " + std::string(what) + "; " + SuggestName(key, names));
        continue;
      }
      CheckMember(value, *shape, child);
    }
  }

  // Where to report a member missing from `parent`: the parent's line, or line 1 for the root
  // (the document).
  SourceLocation MissingAt(const JsonPath& parent) const {
    SourceLocation where = def_.LocationOf(parent.pointer());
    if (where.line == 0) where.line = 1;
    return where;
  }

  // A required, non-empty string member; nullopt (reported) otherwise.
  std::optional<std::string> RequiredString(const nlohmann::json& object, std::string_view key,
                                            const JsonPath& parent, std::string_view allowed) {
    const nlohmann::json* value = ValueReader::Member(&object, key);
    const JsonPath path = parent.Key(key);
    if (value == nullptr) {
      reader_.diagnostics().Error(MissingAt(parent), path.display(),
                                  "missing; " + std::string(allowed));
      return std::nullopt;
    }
    std::optional<std::string> text = reader_.String(value, path, allowed);
    if (text && text->empty()) {
      reader_.Error(path, "\"\" is empty; " + std::string(allowed));
      return std::nullopt;
    }
    return text;
  }

 private:
  const DefinitionFile& def_;
  ValueReader reader_;
};

bool IsFamily(const std::string& family) {
  if (family.empty() || family.size() > 255) return false;
  for (char c : family) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void CheckContainer(DefinitionChecker& checker, const nlohmann::json& container,
                    const JsonPath& path, std::set<std::string>& names) {
  ValueReader& reader = checker.reader();
  if (!reader.IsObject(&container, path, "a container definition (a map with name, image, ...)")) {
    return;
  }
  checker.CheckObject(container, ContainerDefinitionMembers(), path, "a container definition",
                      {"portMappings", "environment"});
  if (auto name =
          checker.RequiredString(container, "name", path, "the container's name (a string)")) {
    if (!names.insert(*name).second) {
      reader.Error(path.Key("name"),
                   "container name " + *name + " is used twice; container names must be unique");
    }
  }
  const JsonPath ports_path = path.Key("portMappings");
  if (const nlohmann::json* ports = ValueReader::Member(&container, "portMappings")) {
    if (!ports->is_array()) {
      reader.WrongType(*ports, ports_path, "a list of port mappings");
    } else {
      for (size_t i = 0; i < ports->size(); ++i) {
        const JsonPath p = ports_path.Index(i);
        if (!reader.IsObject(&(*ports)[i], p, "a port mapping {containerPort, ...}")) continue;
        checker.CheckObject((*ports)[i], PortMappingMembers(), p, "a port mapping");
        if (auto port = ValueReader::Member(&(*ports)[i], "containerPort");
            port != nullptr && port->is_number_integer() &&
            (port->get<int64_t>() < 1 || port->get<int64_t>() > 65535)) {
          reader.Error(p.Key("containerPort"),
                       port->dump() + " is out of range; a port from 1 to 65535");
        }
      }
    }
  }
  const JsonPath env_path = path.Key("environment");
  if (const nlohmann::json* env = ValueReader::Member(&container, "environment")) {
    if (!env->is_array()) {
      reader.WrongType(*env, env_path, "a list of {name, value}");
    } else {
      for (size_t i = 0; i < env->size(); ++i) {
        const JsonPath p = env_path.Index(i);
        if (!reader.IsObject(&(*env)[i], p, "an environment variable {name, value}")) continue;
        checker.CheckObject((*env)[i], KeyValuePairMembers(), p, "an environment variable");
      }
    }
  }
}

constexpr std::string_view kDescribeHint =
    "this looks like `aws ecs describe-task-definition` output; use the object under "
    "`taskDefinition` as the file's content";

}  // namespace

void CheckTaskDefinition(DefinitionFile& taskdef, Diagnostics& diagnostics) {
  DefinitionChecker checker(taskdef, diagnostics);
  ValueReader& reader = checker.reader();
  nlohmann::json& root = taskdef.json;
  if (!root.is_object()) {
    diagnostics.Error(SourceLocation{taskdef.path, root.is_null() ? 0 : 1}, "",
                      std::string(root.is_null() ? "the file is empty" : "not a map") +
                          "; a task definition (family, containerDefinitions, ...) as "
                          "RegisterTaskDefinition takes it");
    return;
  }
  // Read-only members from describe output: dropped, with a warning.
  std::vector<std::string> read_only;
  for (const auto& [key, value] : root.items()) {
    if (FindMember(TaskDefinitionReadOnlyMembers(), key) != nullptr) read_only.push_back(key);
  }
  for (const std::string& key : read_only) {
    reader.Warning(kDefinitionRoot.Key(key),
                   "returned by DescribeTaskDefinition, not taken by RegisterTaskDefinition "
                   "(ignored)");
    root.erase(key);
  }
  // cpu/memory: the API's strings; integers are accepted as PipeCD accepts them.
  for (const char* key : {"cpu", "memory"}) {
    auto it = root.find(key);
    if (it != root.end() && it->is_number_integer()) *it = std::to_string(it->get<int64_t>());
  }
  if (root.size() == 1 && root.contains("taskDefinition")) {
    reader.Error(kDefinitionRoot.Key("taskDefinition"), std::string(kDescribeHint));
    return;
  }
  checker.CheckObject(root, RegisterTaskDefinitionMembers(), kDefinitionRoot, "a task definition",
                      {"containerDefinitions"});
  if (auto family =
          checker.RequiredString(root, "family", kDefinitionRoot,
                                 "the task definition family: 1-255 letters, digits, _ and -")) {
    if (!IsFamily(*family)) {
      reader.Error(kDefinitionRoot.Key("family"),
                   "\"" + *family + "\" is not a family name; 1-255 letters, digits, _ and -");
    }
  }
  const JsonPath containers_path = kDefinitionRoot.Key("containerDefinitions");
  const nlohmann::json* containers = ValueReader::Member(&root, "containerDefinitions");
  constexpr std::string_view kContainers = "a non-empty list of container definitions";
  if (containers == nullptr) {
    diagnostics.Error(checker.MissingAt(kDefinitionRoot), containers_path.display(),
                      "missing; " + std::string(kContainers));
    return;
  }
  if (!containers->is_array()) {
    reader.WrongType(*containers, containers_path, kContainers);
    return;
  }
  if (containers->empty()) {
    reader.Error(containers_path, "the list is empty; " + std::string(kContainers));
    return;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < containers->size(); ++i) {
    CheckContainer(checker, (*containers)[i], containers_path.Index(i), names);
  }
}

void CheckServiceDefinition(const DefinitionFile& servicedef, Diagnostics& diagnostics) {
  DefinitionChecker checker(servicedef, diagnostics);
  ValueReader& reader = checker.reader();
  const nlohmann::json& root = servicedef.json;
  if (!root.is_object()) {
    diagnostics.Error(SourceLocation{servicedef.path, root.is_null() ? 0 : 1}, "",
                      std::string(root.is_null() ? "the file is empty" : "not a map") +
                          "; a service definition (cluster, serviceName, ...) as CreateService "
                          "takes it");
    return;
  }
  struct Refused {
    std::string_view key;
    std::string_view why;
  };
  static constexpr Refused kRefused[] = {
      {"loadBalancers",
       "not supported in the service definition; kanaria attaches each task set to "
       "spec.input.targetGroups in the app config"},
      {"taskDefinition",
       "not supported in the service definition; kanaria registers the task definition file "
       "(spec.input.taskDefinitionFile) and uses the new revision"},
      {"clientToken", "not supported; kanaria sends its own idempotency tokens"},
  };
  for (const Refused& refused : kRefused) {
    if (root.contains(refused.key)) reader.Error(kDefinitionRoot.Key(refused.key), refused.why);
  }
  checker.CheckObject(root, CreateServiceMembers(), kDefinitionRoot, "a service definition",
                      {"loadBalancers", "taskDefinition", "clientToken", "deploymentController"});
  checker.RequiredString(root, "cluster", kDefinitionRoot, "the cluster's name or ARN (a string)");
  checker.RequiredString(root, "serviceName", kDefinitionRoot, "the service's name (a string)");

  if (const nlohmann::json* count = ValueReader::Member(&root, "desiredCount")) {
    if (count->is_number_integer() && count->get<int64_t>() < 0) {
      reader.Error(kDefinitionRoot.Key("desiredCount"),
                   count->dump() +
                       " is negative; an integer >= 0 (0 or absent keeps the "
                       "service's current count)");
    }
  }
  const JsonPath controller_path = kDefinitionRoot.Key("deploymentController");
  const nlohmann::json* controller = ValueReader::Member(&root, "deploymentController");
  constexpr std::string_view kExternal =
      "kanaria needs deploymentController {type: EXTERNAL}: it drives task sets itself, which "
      "only the EXTERNAL controller allows";
  if (reader.IsObject(controller, controller_path, "{type: EXTERNAL}")) {
    checker.CheckObject(*controller, DeploymentControllerMembers(), controller_path,
                        "deploymentController");
    const JsonPath type_path = controller_path.Key("type");
    if (auto type = reader.String(ValueReader::Member(controller, "type"), type_path, kExternal)) {
      if (*type != "EXTERNAL") {
        reader.Error(type_path, *type + " is not supported; " + std::string(kExternal));
      }
    }
  }
}

void CheckContainerBinding(const DefinitionFile& taskdef, const TargetGroupBinding& binding,
                           Diagnostics& diagnostics) {
  const nlohmann::json* containers = ValueReader::Member(&taskdef.json, "containerDefinitions");
  if (containers == nullptr || !containers->is_array() || containers->empty()) return;
  std::string names;
  const nlohmann::json* match = nullptr;
  for (const nlohmann::json& container : *containers) {
    const nlohmann::json* name = ValueReader::Member(&container, "name");
    if (name == nullptr || !name->is_string()) continue;
    if (!names.empty()) names += ", ";
    names += name->get<std::string>();
    if (match == nullptr && name->get<std::string>() == binding.container_name) {
      match = &container;
    }
  }
  if (match == nullptr) {
    diagnostics.Error(binding.container_name_where, binding.path + ".containerName",
                      binding.container_name + " is not a container of " + taskdef.path +
                          "; its containers: " + (names.empty() ? "(none)" : names));
    return;
  }
  std::string ports;
  const nlohmann::json* mappings = ValueReader::Member(match, "portMappings");
  if (mappings != nullptr && mappings->is_array()) {
    for (const nlohmann::json& mapping : *mappings) {
      const nlohmann::json* port = ValueReader::Member(&mapping, "containerPort");
      if (port == nullptr || !port->is_number_integer()) continue;
      if (port->get<int64_t>() == binding.container_port) return;
      if (!ports.empty()) ports += ", ";
      ports += port->dump();
    }
  }
  diagnostics.Error(
      binding.container_port_where, binding.path + ".containerPort",
      std::to_string(binding.container_port) + " is not a containerPort of " +
          binding.container_name + "'s portMappings in " + taskdef.path +
          (ports.empty() ? "; the container maps no ports" : "; its container ports: " + ports));
}

}  // namespace kanaria::model
