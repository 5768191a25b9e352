#include "model/application.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/analysis_validation.h"
#include "model/app_config_parser.h"
#include "model/definition_checks.h"
#include "model/diagnostics.h"
#include "model/digest.h"
#include "model/key_policy.h"
#include "model/pipeline_validation.h"
#include "model/template_expansion.h"
#include "model/user_config.h"
#include "model/yaml_document.h"

namespace kanaria::model {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPipeCdConfig = "app.pipecd.yaml";
constexpr std::string_view kKanariaConfig = "kanaria.yaml";

std::string PathIn(const std::string& directory, std::string_view name) {
  return (fs::path(directory) / fs::path(name)).string();
}

bool IsRegularFile(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return out.str();
}

// Finds the app config; its path, or an error naming what is wrong.
StatusOr<std::string> FindConfigFile(const std::string& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    return InvalidInputError(directory + ": not a directory; an application directory holds " +
                             std::string(kPipeCdConfig) + " or " + std::string(kKanariaConfig));
  }
  const std::string pipecd = PathIn(directory, kPipeCdConfig);
  const std::string kanaria = PathIn(directory, kKanariaConfig);
  const bool has_pipecd = IsRegularFile(pipecd);
  const bool has_kanaria = IsRegularFile(kanaria);
  if (has_pipecd && has_kanaria) {
    return InvalidInputError(directory + ": both " + std::string(kPipeCdConfig) + " and " +
                             std::string(kKanariaConfig) +
                             " exist; keep one of them (they have the same schema)");
  }
  if (!has_pipecd && !has_kanaria) {
    return InvalidInputError(directory + ": no " + std::string(kPipeCdConfig) + " or " +
                             std::string(kKanariaConfig) +
                             "; an application directory holds one of them");
  }
  return has_pipecd ? pipecd : kanaria;
}

// Reads, templates and parses one definition file; nullopt when it cannot be used (reported).
std::optional<DefinitionFile> LoadDefinition(const std::string& directory,
                                             const std::string& relative,
                                             const SourceLocation& named_at, std::string_view key,
                                             bool defaulted, const EnvLookup& env,
                                             Diagnostics& diagnostics) {
  DefinitionFile def;
  def.path = PathIn(directory, relative);
  if (!IsRegularFile(def.path)) {
    const std::string message =
        defaulted ? "not set, and the default " + relative + " does not exist in " + directory +
                        "; set it to the task definition's file (JSON or YAML)"
                  : relative + " does not exist in " + directory +
                        "; a file name relative to the application directory";
    diagnostics.Error(named_at, key, message);
    return std::nullopt;
  }
  std::optional<std::string> text = ReadFile(def.path);
  if (!text) {
    diagnostics.Error(named_at, key, "cannot read " + def.path);
    return std::nullopt;
  }
  const size_t errors_before = diagnostics.error_count();
  const std::string expanded = ExpandTemplates(*text, def.path, env, diagnostics);
  if (diagnostics.error_count() != errors_before) return std::nullopt;
  StatusOr<YamlDocument> doc = ParseYamlDocument(expanded, def.path);
  if (!doc.ok()) {
    diagnostics.AddErrors(doc.status());
    return std::nullopt;
  }
  def.json = std::move(doc->json);
  def.lines = std::move(doc->lines);
  return def;
}

// Adds the user config's providers to the app's; the app's declaration wins on a shared name
// (with a warning, since the user may expect theirs to be used).
void MergeUserProviders(const UserConfig& user, Application& app, Diagnostics& diagnostics) {
  for (const auto& [name, provider] : user.analysis_providers) {
    auto [it, inserted] = app.kanaria.analysis_providers.emplace(name, provider);
    if (!inserted) {
      diagnostics.Warning(it->second.where, fmt::format("spec.kanaria.analysisProviders.{}", name),
                          fmt::format("also declared in {}; the app's declaration is used (it "
                                      "wins over the user config's)",
                                      provider.where.ToString()));
    }
  }
}

// The user config's providers that the app's metrics use, as written: they change what the
// release does as much as the config file's bytes do. Null when there are none, so an app that
// does not use the user config keeps the digest it always had.
nlohmann::json UserProvidersInUse(const UserConfig& user, const Application& app) {
  nlohmann::json used;
  for (const Stage& stage : app.stages) {
    for (const AnalysisMetric& metric : stage.analysis.metrics) {
      auto it = app.kanaria.analysis_providers.find(metric.provider);
      if (it == app.kanaria.analysis_providers.end() || !user.exists ||
          it->second.where.file != user.file) {
        continue;
      }
      used[metric.provider] = it->second.declaration;
    }
  }
  return used;
}

StatusOr<Application> Load(const std::string& directory, const EnvLookup& env,
                           const UserConfig& user) {
  ASSIGN_OR_RETURN(const std::string config_file, FindConfigFile(directory));
  std::optional<std::string> config_bytes = ReadFile(config_file);
  if (!config_bytes) return InvalidInputError(config_file + ": cannot read the file");
  ASSIGN_OR_RETURN(YamlDocument doc, ParseYamlDocument(*config_bytes, config_file));

  Application app;
  app.directory = directory;
  app.config_file = config_file;
  app.name = fs::path(directory).lexically_normal().filename().string();
  if (app.name.empty() || app.name == ".") {
    std::error_code ec;
    app.name = fs::absolute(directory, ec).lexically_normal().parent_path().filename().string();
  }

  Diagnostics diagnostics;
  ConfigRefs refs;
  if (!ParseAppConfig(doc, config_file, diagnostics, app, refs)) return diagnostics.ToStatus();
  CheckConfigKeys(doc, config_file, diagnostics);
  MergeUserProviders(user, app, diagnostics);

  std::optional<DefinitionFile> service;
  if (!refs.service_definition_file.empty()) {
    service = LoadDefinition(directory, refs.service_definition_file, refs.service_definition_where,
                             "spec.input.serviceDefinitionFile", false, env, diagnostics);
  }
  std::optional<DefinitionFile> task;
  if (!refs.task_definition_file.empty()) {
    task = LoadDefinition(directory, refs.task_definition_file, refs.task_definition_where,
                          "spec.input.taskDefinitionFile", refs.task_definition_defaulted, env,
                          diagnostics);
  }
  if (service) CheckServiceDefinition(*service, diagnostics);
  if (task) {
    CheckTaskDefinition(*task, diagnostics);
    for (const auto* binding : {&app.primary_target_group, &app.canary_target_group}) {
      if (*binding) CheckContainerBinding(*task, **binding, diagnostics);
    }
  }
  if (refs.pipeline_complete) ValidatePipeline(app, refs.pipeline_where, diagnostics);
  ValidateAnalysis(app, user.file, diagnostics);

  RETURN_IF_ERROR(diagnostics.ToStatus());
  if (!service || !task) return InternalError(directory + ": a definition was not loaded");
  app.warnings = diagnostics.warnings();
  app.service_definition = std::move(*service);
  app.task_definition = std::move(*task);
  app.digest = ApplicationDigest(*config_bytes, app.service_definition.json,
                                 app.task_definition.json, UserProvidersInUse(user, app));
  return app;
}

}  // namespace

const std::string& Application::cluster() const {
  static const std::string kEmpty;
  auto it = service_definition.json.find("cluster");
  if (it == service_definition.json.end() || !it->is_string()) return kEmpty;
  return it->get_ref<const std::string&>();
}

const std::string& Application::service_name() const {
  static const std::string kEmpty;
  auto it = service_definition.json.find("serviceName");
  if (it == service_definition.json.end() || !it->is_string()) return kEmpty;
  return it->get_ref<const std::string&>();
}

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

StatusOr<Application> LoadApplication(const std::string& directory, const EnvLookup& env) {
  return LoadApplication(directory, env, UserConfig{});
}

StatusOr<Application> LoadApplication(const std::string& directory, const EnvLookup& env,
                                      const UserConfig& user) {
  try {
    return Load(directory, env, user);
  } catch (const std::exception& e) {
    // Every known failure is a Status; this is a bug, but it must not cross the module.
    return InternalError(directory +
                         ": unexpected error while loading the application: " + e.what());
  }
}

}  // namespace kanaria::model
