#include "model/analysis_validation.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/duration.h"
#include "model/nearest_name.h"

namespace kanaria::model {
namespace {

std::string UserConfigText(const std::string& user_config_file) {
  if (!user_config_file.empty()) return user_config_file;
  return "kanaria's user config ($XDG_CONFIG_HOME/kanaria/config.yaml or "
         "~/.config/kanaria/config.yaml)";
}

void CheckProvider(const Application& app, const AnalysisMetric& metric,
                   const std::string& user_config_file, Diagnostics& diagnostics) {
  const auto& providers = app.kanaria.analysis_providers;
  if (providers.contains(metric.provider)) return;
  const std::string where =
      fmt::format("spec.kanaria.analysisProviders or in {}", UserConfigText(user_config_file));
  std::string message;
  if (providers.empty()) {
    message = fmt::format(
        "{} is not a declared analysis provider; no providers are declared: declare it under {}",
        metric.provider, where);
  } else {
    std::vector<std::string_view> names;
    std::string declared;
    for (const auto& [name, provider] : providers) {
      names.push_back(name);
      if (!declared.empty()) declared.append(", ");
      declared.append(name);
    }
    const std::optional<std::string> nearest = NearestName(metric.provider, names);
    message = fmt::format(
        "{} is not a declared analysis provider; {}declared: {} (declare providers under {})",
        metric.provider, nearest ? fmt::format("did you mean `{}`? ", *nearest) : std::string(),
        declared, where);
  }
  diagnostics.Error(metric.provider_where, fmt::format("{}.provider", metric.path), message);
}

}  // namespace

void ValidateAnalysis(const Application& app, const std::string& user_config_file,
                      Diagnostics& diagnostics) {
  for (const Stage& stage : app.stages) {
    if (stage.kind != StageKind::kAnalysis) continue;
    if (stage.analysis.default_elb_analysis && app.access_type == AccessType::kServiceDiscovery) {
      diagnostics.Error(stage.where, StagePath(stage),
                        "ANALYSIS without metrics or https is the default analysis of the "
                        "canary target group's load balancer metrics, and a Cloud Map app has "
                        "no load balancer metrics to default to; add metrics");
    } else if (stage.analysis.default_elb_analysis && stage.analysis.duration < std::chrono::minutes(6)) {
      // ALB metrics come per minute, published about a minute late, and the response-time test
      // needs 5 periods on each side: a shorter stage could only end inconclusive.
      diagnostics.Error(stage.where, StagePath(stage) + ".with.duration",
                        fmt::format("{} is too short for the default analysis, whose response-time test "
                                    "needs 5 minutes of the load balancer's per-minute metrics, published "
                                    "a minute late; 6m or more (10m gives it ten looks)",
                                    FormatDuration(stage.analysis.duration)));
    }
    for (const AnalysisMetric& metric : stage.analysis.metrics) {
      CheckProvider(app, metric, user_config_file, diagnostics);
    }
  }
}

}  // namespace kanaria::model
