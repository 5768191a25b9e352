#include "engine/analysis/analysis_preflight.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/analysis/cloudwatch/alarm_gate.h"
#include "engine/analysis/metric_providers.h"

namespace kanaria::engine::analysis {

namespace {

Status CheckProviders(const model::Application& app, const ReleaseClients& clients) {
  MetricProviders providers(clients);
  for (const model::Stage& stage : app.stages) {
    if (stage.kind != model::StageKind::kAnalysis) continue;
    for (const model::AnalysisMetric& metric : stage.analysis.metrics) {
      auto declaration = app.kanaria.analysis_providers.find(metric.provider);
      if (declaration == app.kanaria.analysis_providers.end()) continue;  // validation reports it
      auto made = providers.Get(declaration->second);
      if (!made.ok()) {
        // The message names the provider already.
        return InvalidInputError(fmt::format("{}: {}", declaration->second.where.ToString(), made.status().message()));
      }
    }
  }
  return Status::Ok();
}

Status CheckAlarms(const model::Application& app, const ReleaseClients& clients) {
  if (app.kanaria.alarms.empty()) return Status::Ok();
  if (clients.cloudwatch == nullptr) return InternalError("no CloudWatch client for spec.kanaria.alarms");
  ASSIGN_OR_RETURN(AlarmReading reading, ReadAlarms(*clients.cloudwatch, app.kanaria.alarms));
  if (reading.missing.empty()) return Status::Ok();
  return InvalidInputError(fmt::format("{}: spec.kanaria.alarms: CloudWatch has no alarm named {} in this region; "
                                       "create it, or remove the name",
                                       app.kanaria.where.ToString(), fmt::join(reading.missing, ", ")));
}

}  // namespace

Status CheckAnalysisReferences(const model::Application& app, const ReleaseClients& clients) {
  const bool analyses = std::any_of(app.stages.begin(), app.stages.end(),
                                    [](const model::Stage& s) { return s.kind == model::StageKind::kAnalysis; });
  if (!analyses) return Status::Ok();
  RETURN_IF_ERROR(CheckProviders(app, clients));
  return CheckAlarms(app, clients);
}

}  // namespace kanaria::engine::analysis
