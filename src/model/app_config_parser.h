// The app config (app.pipecd.yaml / kanaria.yaml, PipeCD's `kind: ECSApp`) read into an
// Application: everything but the definitions, which LoadApplication reads next from the files
// this names. Key policy (ignored / unsupported / unknown keys) is key_policy's; this file
// checks values.
//
// Defaults follow PipeCD's current ECSApp (pkg/config/application_ecs.go): taskDefinitionFile
// defaults to taskdef.json; serviceDefinitionFile has no default (without it PipeCD runs a
// standalone task), so kanaria requires it; accessType defaults to ELB; autoRollback to true;
// timeout to 6h.
#pragma once

#include <string>

#include "model/application.h"
#include "model/diagnostics.h"
#include "model/yaml_document.h"

namespace kanaria::model {

constexpr std::string_view kApiVersion = "pipecd.dev/v1beta1";
constexpr std::string_view kAppKind = "ECSApp";
constexpr std::string_view kDefaultTaskDefinitionFile = "taskdef.json";

// Where the config names the definition files and the pipeline, for later messages.
struct ConfigRefs {
  std::string service_definition_file;  // relative to the app directory; empty = not usable
  SourceLocation service_definition_where;
  std::string task_definition_file;  // empty = not usable
  SourceLocation task_definition_where;
  bool task_definition_defaulted = false;  // not written: PipeCD's default was used
  // `spec.pipeline.stages` (or the nearest written ancestor), for whole-pipeline messages.
  SourceLocation pipeline_where;
  // False when a stage had a problem and was left out of Application::stages: checks of the
  // pipeline as a whole would then talk about a pipeline the user did not write.
  bool pipeline_complete = true;
};

// Fills `app` (but its definitions, directory, config_file, digest) and `refs`. Returns false
// when the file is not an ECSApp config at all (not a map, another apiVersion or kind): the
// errors then say so and further checks would only add noise.
bool ParseAppConfig(const YamlDocument& doc, const std::string& file, Diagnostics& diagnostics,
                    Application& app, ConfigRefs& refs);

}  // namespace kanaria::model
