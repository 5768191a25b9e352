#include "cli/stage_line.h"

#include <fmt/format.h>

#include "engine/routing/cloudmap/cloudmap_traffic_router.h"
#include "model/duration.h"

namespace kanaria::cli {

std::string StageLine(const model::Stage& stage, const model::Application& app, int desired) {
  switch (stage.kind) {
    case model::StageKind::kCanaryRollout: {
      std::string line = fmt::format("canary at {}% of desiredCount {}", stage.scale.ToString(), desired);
      if (app.access_type == model::AccessType::kServiceDiscovery) {
        line += fmt::format(" (Cloud Map share {:.1f}% of traffic)",
                            100 * engine::CloudMapCanaryShare(desired, stage.scale.value()));
      }
      return line;
    }
    case model::StageKind::kTrafficRouting: {
      auto [primary, canary] = stage.canary_share.Weights();
      return fmt::format("weights primary {} / canary {}", primary, canary);
    }
    case model::StageKind::kWait:
      return "wait " + model::FormatDuration(stage.duration);
    case model::StageKind::kWaitApproval:
      return "wait for approval (timeout " + model::FormatDuration(stage.duration) + ")";
    case model::StageKind::kSync:
      return stage.recreate || app.quick_sync_recreate ? "replace the old version (recreate: stop it first)"
                                                       : "replace the old version at once";
    case model::StageKind::kPrimaryRollout:
      return "new version at 100% behind the primary target group, made PRIMARY";
    case model::StageKind::kCanaryClean:
      return "delete the canary task set";
    case model::StageKind::kAnalysis: {
      const auto& analysis = stage.analysis;
      std::string what = analysis.default_elb_analysis
                             ? "the canary against the primary on the load balancer's 5xx rate and response time"
                             : fmt::format("{} metric{}, {} HTTP check{}", analysis.metrics.size(),
                                           analysis.metrics.size() == 1 ? "" : "s", analysis.https.size(),
                                           analysis.https.size() == 1 ? "" : "s");
      if (!app.kanaria.alarms.empty()) what += fmt::format(", {} alarm gate(s)", app.kanaria.alarms.size());
      if (analysis.restart_threshold) {
        what += fmt::format(", up to {} canary task stop(s) tolerated", *analysis.restart_threshold);
      }
      return "analyse for " + model::FormatDuration(analysis.duration) + ": " + what;
    }
  }
  return "";
}

}  // namespace kanaria::cli
