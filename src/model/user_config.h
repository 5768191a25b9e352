// kanaria's user configuration: settings that belong to the person or CI runner rather than to
// an application, today the analysis providers (the part of PipeCD's piped config that kanaria
// needs). It lives at $XDG_CONFIG_HOME/kanaria/config.yaml, or ~/.config/kanaria/config.yaml:
//   analysisProviders:
//     prom: {type: prometheus, address: https://prometheus.example, auth: {bearerTokenFile: t}}
// with the same shape as spec.kanaria.analysisProviders (analysis_providers.h). When both name a
// provider, the application's declaration wins (LoadApplication merges them and warns).
// Unknown keys are refused with the nearest valid name, as in the app config. No templating:
// secrets go in files (bearerTokenFile, passwordFile) or in the file itself.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "model/analysis_providers.h"
#include "model/application.h"

namespace kanaria::model {

struct UserConfig {
  // The path it was read from (or would have been: messages name it as the place to declare
  // providers even when it does not exist); empty = no user config at all.
  std::string file;
  bool exists = false;
  std::map<std::string, AnalysisProvider> analysis_providers;
};

// $XDG_CONFIG_HOME/kanaria/config.yaml when XDG_CONFIG_HOME is set and absolute (the XDG base
// directory spec ignores a relative one), else $HOME/.config/kanaria/config.yaml; "" when neither
// variable helps.
std::string DefaultUserConfigPath(const EnvLookup& env);

// Reads `path`. A missing file is an empty configuration (exists = false), not an error; a file
// that cannot be read or parsed, or holds bad values, is kInvalidInput with one
// "FILE:LINE: KEY: what is wrong; what is allowed" line per problem.
StatusOr<UserConfig> LoadUserConfig(const std::string& path);

}  // namespace kanaria::model
