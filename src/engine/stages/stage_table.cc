#include <array>

#include "engine/stage.h"
#include "engine/stages/stages.h"

namespace kanaria::engine {
namespace {

struct StageRow {
  model::StageKind kind;
  const Stage& stage;
  const char* step;
};

const CanaryRolloutStage kCanaryRollout;
const TrafficRoutingStage kTrafficRouting;
const PrimaryRolloutStage kPrimaryRollout;
const CanaryCleanStage kCanaryClean;
const SyncStage kSync;
const WaitStage kWait;
const WaitApprovalStage kWaitApproval;
const AnalysisStage kAnalysis;

const std::array kStages = {
    StageRow{model::StageKind::kSync, kSync, "sync"},
    StageRow{model::StageKind::kCanaryRollout, kCanaryRollout, "canary-rollout"},
    StageRow{model::StageKind::kTrafficRouting, kTrafficRouting, "traffic-routing"},
    StageRow{model::StageKind::kPrimaryRollout, kPrimaryRollout, "primary-rollout"},
    StageRow{model::StageKind::kCanaryClean, kCanaryClean, "canary-clean"},
    StageRow{model::StageKind::kWait, kWait, "wait"},
    StageRow{model::StageKind::kWaitApproval, kWaitApproval, "wait-approval"},
    StageRow{model::StageKind::kAnalysis, kAnalysis, "analysis"},
};

const StageRow& RowFor(model::StageKind kind) {
  for (const auto& row : kStages) {
    if (row.kind == kind) return row;
  }
  return kStages.front();
}

}  // namespace

const Stage& StageFor(model::StageKind kind) { return RowFor(kind).stage; }

std::string StageLabel(const model::Stage& config) {
  std::string label(model::StageKindName(config.kind));
  if (!config.id.empty() && config.id != "stage-" + std::to_string(config.index)) label += " (" + config.id + ")";
  return label;
}

std::string StepName(const model::Stage& config) {
  return std::string(RowFor(config.kind).step) + "#" + std::to_string(config.index + 1);
}

}  // namespace kanaria::engine
