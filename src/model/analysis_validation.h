// Checks of ANALYSIS stages that need more than the stage itself (pipeline_validation checks
// where in the pipeline they may run):
//   - a metric's `provider` is declared, in spec.kanaria.analysisProviders or the user config
//     (already merged into Application::kanaria.analysis_providers); the message names the
//     declared ones and where to declare more;
//   - the default analysis (no metrics, no https) needs a load balancer: refused for a Cloud Map
//     (SERVICE_DISCOVERY) app, where explicit metrics (THRESHOLD or CANARY_PRIMARY) are fine.
#pragma once

#include <string>

#include "model/application.h"
#include "model/diagnostics.h"

namespace kanaria::model {

// `user_config_file` is where the user config is, or would be, read from ("" = unknown), for
// messages that say where providers are declared.
void ValidateAnalysis(const Application& app, const std::string& user_config_file,
                      Diagnostics& diagnostics);

}  // namespace kanaria::model
