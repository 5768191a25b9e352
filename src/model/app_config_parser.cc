#include "model/app_config_parser.h"

#include <filesystem>

#include "model/kanaria_options.h"
#include "model/stage_parser.h"
#include "model/value_reader.h"

namespace kanaria::model {
namespace {

const JsonPath kRoot;

class ConfigParser {
 public:
  ConfigParser(const YamlDocument& doc, const std::string& file, Diagnostics& diagnostics,
               Application& app, ConfigRefs& refs)
      : doc_(doc), reader_(file, doc.lines, diagnostics), app_(app), refs_(refs) {}

  bool Parse() {
    const nlohmann::json& root = doc_.json;
    if (!root.is_object()) {
      reader_.diagnostics().Error(
          SourceLocation{reader_.file(), root.is_null() ? 0 : 1}, "",
          std::string(root.is_null() ? "the file is empty" : "the file is not a map") +
              "; an app config with apiVersion: " + std::string(kApiVersion) +
              ", kind: " + std::string(kAppKind) + " and spec");
      return false;
    }
    if (!CheckHeader(root)) return false;
    const JsonPath spec_path = kRoot.Key("spec");
    const nlohmann::json* spec = ValueReader::Member(&root, "spec");
    if (spec == nullptr) {
      reader_.diagnostics().Error(SourceLocation{reader_.file(), 1}, "spec",
                                  "missing; the application's spec (input, pipeline, ...)");
      return true;
    }
    if (!reader_.IsObject(spec, spec_path, "the application's spec (a map)")) return true;

    if (auto name = reader_.String(ValueReader::Member(spec, "name"), spec_path.Key("name"),
                                   "the application's name (a string)")) {
      if (!name->empty()) app_.name = *name;
    }
    if (auto d = reader_.DurationValue(ValueReader::Member(spec, "timeout"),
                                       spec_path.Key("timeout"), /*positive=*/true)) {
      app_.timeout = *d;
    }
    ParsePlanner(spec, spec_path);
    ParseInput(spec, spec_path);
    const JsonPath quick_path = spec_path.Key("quickSync");
    const nlohmann::json* quick = ValueReader::Member(spec, "quickSync");
    if (reader_.IsObject(quick, quick_path, "quick sync options (a map)")) {
      app_.quick_sync_recreate =
          reader_.Bool(ValueReader::Member(quick, "recreate"), quick_path.Key("recreate"))
              .value_or(false);
    }
    ParsePipeline(spec, spec_path);
    app_.kanaria = ParseKanariaOptions(ValueReader::Member(spec, "kanaria"),
                                       spec_path.Key("kanaria"), reader_);
    return true;
  }

 private:
  bool CheckHeader(const nlohmann::json& root) {
    bool ok = true;
    const JsonPath version_path = kRoot.Key("apiVersion");
    const nlohmann::json* version = ValueReader::Member(&root, "apiVersion");
    const std::string version_allowed = "apiVersion: " + std::string(kApiVersion);
    if (version == nullptr) {
      reader_.diagnostics().Error(SourceLocation{reader_.file(), 1}, "apiVersion",
                                  "missing; " + version_allowed);
      ok = false;
    } else if (auto text = reader_.String(version, version_path, version_allowed)) {
      if (*text != kApiVersion) {
        reader_.Error(version_path, *text + " is not supported; " + version_allowed);
        ok = false;
      }
    } else {
      ok = false;
    }
    const JsonPath kind_path = kRoot.Key("kind");
    const nlohmann::json* kind = ValueReader::Member(&root, "kind");
    const std::string kind_allowed =
        "kind: " + std::string(kAppKind) + " (kanaria releases ECS services only)";
    if (kind == nullptr) {
      reader_.diagnostics().Error(SourceLocation{reader_.file(), 1}, "kind",
                                  "missing; " + kind_allowed);
      ok = false;
    } else if (auto text = reader_.String(kind, kind_path, kind_allowed)) {
      if (*text != kAppKind) {
        reader_.Error(kind_path, *text + " is not supported; " + kind_allowed);
        ok = false;
      }
    } else {
      ok = false;
    }
    return ok;
  }

  void ParsePlanner(const nlohmann::json* spec, const JsonPath& spec_path) {
    const JsonPath path = spec_path.Key("planner");
    const nlohmann::json* planner = ValueReader::Member(spec, "planner");
    if (!reader_.IsObject(planner, path, "planner options (a map)")) return;
    if (auto b = reader_.Bool(ValueReader::Member(planner, "alwaysUsePipeline"),
                              path.Key("alwaysUsePipeline"))) {
      app_.always_use_pipeline = *b;
    }
    planner_auto_rollback_ =
        reader_.Bool(ValueReader::Member(planner, "autoRollback"), path.Key("autoRollback"));
  }

  void ParseInput(const nlohmann::json* spec, const JsonPath& spec_path) {
    const JsonPath path = spec_path.Key("input");
    const nlohmann::json* input = ValueReader::Member(spec, "input");
    if (input == nullptr) {
      reader_.Error(spec_path,
                    "spec.input is missing; kanaria needs spec.input.serviceDefinitionFile (and "
                    "targetGroups with accessType ELB)");
      return;
    }
    if (!reader_.IsObject(input, path, "the deployment input (a map)")) return;

    // Definition files.
    const JsonPath service_path = path.Key("serviceDefinitionFile");
    const nlohmann::json* service = ValueReader::Member(input, "serviceDefinitionFile");
    if (service == nullptr) {
      reader_.Error(path,
                    "serviceDefinitionFile is missing; kanaria releases ECS services and "
                    "needs the service definition's file name (without one PipeCD runs a "
                    "standalone task, which kanaria does not do)");
    } else if (auto name = FileName(service, service_path)) {
      refs_.service_definition_file = *name;
    }
    refs_.service_definition_where = reader_.Where(service_path);
    const JsonPath task_path = path.Key("taskDefinitionFile");
    const nlohmann::json* task = ValueReader::Member(input, "taskDefinitionFile");
    if (task == nullptr) {
      refs_.task_definition_file = std::string(kDefaultTaskDefinitionFile);
      refs_.task_definition_defaulted = true;
    } else if (auto name = FileName(task, task_path)) {
      refs_.task_definition_file = *name;
    }
    refs_.task_definition_where = reader_.Where(task_path);

    // Rollback.
    std::optional<bool> input_auto_rollback =
        reader_.Bool(ValueReader::Member(input, "autoRollback"), path.Key("autoRollback"));
    if (input_auto_rollback && planner_auto_rollback_ &&
        *input_auto_rollback != *planner_auto_rollback_) {
      reader_.Error(path.Key("autoRollback"),
                    "disagrees with spec.planner.autoRollback; write autoRollback once (either "
                    "place is read)");
    }
    app_.auto_rollback = input_auto_rollback.value_or(planner_auto_rollback_.value_or(true));

    // Access type and target groups.
    const JsonPath access_path = path.Key("accessType");
    if (auto access = reader_.String(ValueReader::Member(input, "accessType"), access_path,
                                     "ELB or SERVICE_DISCOVERY")) {
      if (*access == "ELB") {
        app_.access_type = AccessType::kElb;
      } else if (*access == "SERVICE_DISCOVERY") {
        app_.access_type = AccessType::kServiceDiscovery;
      } else {
        reader_.Error(access_path, *access + " is not an access type; ELB or SERVICE_DISCOVERY");
      }
    }
    ParseTargetGroups(input, path);
  }

  std::optional<std::string> FileName(const nlohmann::json* value, const JsonPath& path) {
    constexpr std::string_view kAllowed =
        "a file name relative to the application directory (JSON or YAML)";
    std::optional<std::string> name = reader_.String(value, path, kAllowed);
    if (!name) return std::nullopt;
    if (name->empty()) {
      reader_.Error(path, "\"\" is empty; " + std::string(kAllowed));
      return std::nullopt;
    }
    if (std::filesystem::path(*name).is_absolute()) {
      reader_.Error(path, *name + " is an absolute path; " + std::string(kAllowed));
      return std::nullopt;
    }
    return name;
  }

  void ParseTargetGroups(const nlohmann::json* input, const JsonPath& input_path) {
    const JsonPath path = input_path.Key("targetGroups");
    const nlohmann::json* groups = ValueReader::Member(input, "targetGroups");
    if (app_.access_type == AccessType::kServiceDiscovery) {
      if (groups != nullptr) {
        reader_.Warning(path,
                        "not used with accessType SERVICE_DISCOVERY (ignored); task sets "
                        "join the service's Cloud Map registry instead");
      }
      return;
    }
    if (groups == nullptr) {
      reader_.Error(input_path,
                    "targetGroups is missing; accessType ELB needs "
                    "targetGroups.primary {targetGroupArn, containerName, "
                    "containerPort}");
      return;
    }
    if (!reader_.IsObject(groups, path, "a map with `primary` and, for canary stages, `canary`")) {
      return;
    }
    const nlohmann::json* primary = ValueReader::Member(groups, "primary");
    if (primary == nullptr) {
      reader_.Error(path,
                    "primary is missing; accessType ELB needs the target group the "
                    "service's listener rules forward to");
    } else {
      app_.primary_target_group = ParseBinding(primary, path.Key("primary"));
    }
    if (const nlohmann::json* canary = ValueReader::Member(groups, "canary")) {
      app_.canary_target_group = ParseBinding(canary, path.Key("canary"));
    }
    if (app_.primary_target_group && app_.canary_target_group &&
        app_.primary_target_group->target_group_arn == app_.canary_target_group->target_group_arn) {
      reader_.Error(path.Key("canary").Key("targetGroupArn"),
                    "the same target group as primary; the canary needs its own target group "
                    "(weights are set per target group)");
    }
  }

  std::optional<TargetGroupBinding> ParseBinding(const nlohmann::json* value,
                                                 const JsonPath& path) {
    if (!reader_.IsObject(value, path,
                          "a map with targetGroupArn, containerName and containerPort")) {
      return std::nullopt;
    }
    TargetGroupBinding binding;
    binding.path = path.display();
    bool ok = true;
    const JsonPath arn_path = path.Key("targetGroupArn");
    const JsonPath name_path = path.Key("containerName");
    const JsonPath port_path = path.Key("containerPort");
    binding.where = reader_.Where(arn_path);
    binding.container_name_where = reader_.Where(name_path);
    binding.container_port_where = reader_.Where(port_path);
    constexpr std::string_view kArn =
        "a target group ARN (arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID)";
    const nlohmann::json* arn = ValueReader::Member(value, "targetGroupArn");
    if (arn == nullptr) {
      reader_.Error(path, "targetGroupArn is missing; " + std::string(kArn));
      ok = false;
    } else if (auto text = reader_.String(arn, arn_path, kArn)) {
      if (IsTargetGroupArn(*text)) {
        binding.target_group_arn = *text;
      } else {
        reader_.Error(arn_path, "\"" + *text + "\" is not " + std::string(kArn));
        ok = false;
      }
    } else {
      ok = false;
    }
    const nlohmann::json* name = ValueReader::Member(value, "containerName");
    if (name == nullptr) {
      reader_.Error(path,
                    "containerName is missing; the name of the task definition's "
                    "container that serves the target group");
      ok = false;
    } else if (auto text = reader_.String(name, name_path, "a container name (a string)")) {
      binding.container_name = *text;
    } else {
      ok = false;
    }
    const nlohmann::json* port = ValueReader::Member(value, "containerPort");
    constexpr std::string_view kPort = "the container's port, an integer from 1 to 65535";
    if (port == nullptr) {
      reader_.Error(path, "containerPort is missing; " + std::string(kPort));
      ok = false;
    } else if (auto n = reader_.Integer(port, port_path, kPort)) {
      if (*n < 1 || *n > 65535) {
        reader_.Error(port_path, std::to_string(*n) + " is out of range; " + std::string(kPort));
        ok = false;
      } else {
        binding.container_port = static_cast<int>(*n);
      }
    } else {
      ok = false;
    }
    if (!ok) return std::nullopt;
    return binding;
  }

  void ParsePipeline(const nlohmann::json* spec, const JsonPath& spec_path) {
    const JsonPath path = spec_path.Key("pipeline");
    const nlohmann::json* pipeline = ValueReader::Member(spec, "pipeline");
    const JsonPath stages_path = path.Key("stages");
    refs_.pipeline_where = reader_.Where(stages_path);
    if (!reader_.IsObject(pipeline, path, "a map with `stages`")) return;
    StageDefaults defaults;
    defaults.recreate = app_.quick_sync_recreate;
    const nlohmann::json* stages = ValueReader::Member(pipeline, "stages");
    app_.stages = ParseStages(stages, stages_path, defaults, reader_);
    const size_t written = stages != nullptr && stages->is_array() ? stages->size() : 0;
    refs_.pipeline_complete =
        (stages == nullptr || stages->is_array()) && app_.stages.size() == written;
  }

  const YamlDocument& doc_;
  ValueReader reader_;
  Application& app_;
  ConfigRefs& refs_;
  std::optional<bool> planner_auto_rollback_;
};

}  // namespace

bool ParseAppConfig(const YamlDocument& doc, const std::string& file, Diagnostics& diagnostics,
                    Application& app, ConfigRefs& refs) {
  return ConfigParser(doc, file, diagnostics, app, refs).Parse();
}

}  // namespace kanaria::model
