#include "model/pipeline_validation.h"

#include <fmt/format.h>

#include <string>

namespace kanaria::model {
namespace {

constexpr std::string_view kStagesPath = "spec.pipeline.stages";
constexpr std::string_view kFinish =
    "add ECS_TRAFFIC_ROUTING {primary: 100} and ECS_CANARY_CLEAN at the end";

bool IsCanaryStage(StageKind kind) {
  return kind == StageKind::kCanaryRollout || kind == StageKind::kTrafficRouting ||
         kind == StageKind::kPrimaryRollout || kind == StageKind::kCanaryClean;
}

class Simulation {
 public:
  Simulation(const Application& app, const SourceLocation& pipeline_where, Diagnostics& diagnostics)
      : app_(app), pipeline_where_(pipeline_where), diagnostics_(diagnostics) {}

  void Run() {
    const Stage* sync = nullptr;
    const Stage* first_canary_stage = nullptr;
    for (const Stage& stage : app_.stages) {
      if (stage.kind == StageKind::kSync && sync == nullptr) sync = &stage;
      if (IsCanaryStage(stage.kind) && first_canary_stage == nullptr) first_canary_stage = &stage;
    }
    if (sync != nullptr && first_canary_stage != nullptr) {
      Error(*sync, "ECS_SYNC cannot be combined with " +
                       std::string(StageKindName(first_canary_stage->kind)) + " (" +
                       StagePath(*first_canary_stage) +
                       "); use ECS_SYNC alone (with WAIT / WAIT_APPROVAL) for a quick sync, or "
                       "the canary stages without it");
      return;
    }
    for (const Stage& stage : app_.stages) Step(stage);
    Finish();
  }

 private:
  void Step(const Stage& stage) {
    switch (stage.kind) {
      case StageKind::kSync:
        if (deployed_) {
          Error(stage, "ECS_SYNC appears twice; one ECS_SYNC deploys the new version");
        }
        deployed_ = true;
        break;
      case StageKind::kCanaryRollout:
        NeedCanaryTargetGroup(stage);
        if (canary_ != nullptr) {
          Error(stage, "a canary task set already runs (created by " + StagePath(*canary_) +
                           "); kanaria keeps one canary task set: ECS_CANARY_CLEAN it first, or "
                           "give the first ECS_CANARY_ROLLOUT the scale you need");
          break;
        }
        canary_ = &stage;
        break;
      case StageKind::kTrafficRouting:
        if (app_.access_type == AccessType::kServiceDiscovery) {
          Error(stage,
                "ECS_TRAFFIC_ROUTING does not work with accessType SERVICE_DISCOVERY; "
                "Cloud Map has no weights (the canary's share of traffic is its share of "
                "tasks, set by ECS_CANARY_ROLLOUT's scale); remove the stage");
          break;
        }
        NeedCanaryTargetGroup(stage);
        if (!stage.canary_share.IsZero() && canary_ == nullptr) {
          Error(stage, "gives the canary " + stage.canary_share.ToString() +
                           "% of traffic but no canary task set runs at this point; put an "
                           "ECS_CANARY_ROLLOUT with scale above 0 before it");
          break;
        }
        share_ = stage.canary_share;
        last_routing_ = &stage;
        break;
      case StageKind::kPrimaryRollout:
        deployed_ = true;
        break;
      case StageKind::kCanaryClean:
        if (canary_ == nullptr) {
          Error(stage,
                "there is no canary task set to clean at this point; put it after "
                "ECS_CANARY_ROLLOUT, or remove it");
          break;
        }
        if (!share_.IsZero()) {
          Error(stage, "the canary still receives " + share_.ToString() + "% of traffic (set by " +
                           StagePath(*last_routing_) +
                           "); put ECS_TRAFFIC_ROUTING {primary: 100} before ECS_CANARY_CLEAN");
          break;
        }
        canary_ = nullptr;
        cleaned_by_ = &stage;
        break;
      case StageKind::kAnalysis:
        if (canary_ == nullptr) {
          Error(stage, cleaned_by_ != nullptr
                           ? fmt::format("the canary task set was deleted by {} before this point, "
                                         "so there is nothing to analyse; put ANALYSIS before "
                                         "ECS_CANARY_CLEAN",
                                         StagePath(*cleaned_by_))
                           : std::string("no canary task set runs at this point, so there is "
                                         "nothing to analyse; put ANALYSIS after "
                                         "ECS_CANARY_ROLLOUT"));
          break;
        }
        if (stage.analysis.default_elb_analysis && app_.access_type == AccessType::kElb &&
            share_.IsZero()) {
          Error(stage,
                "ANALYSIS without metrics or https judges the canary target group's load "
                "balancer metrics, but the canary receives no traffic at this point; put "
                "ECS_TRAFFIC_ROUTING {canary: N} before it, or give the stage metrics or https");
        }
        break;
      case StageKind::kWait:
      case StageKind::kWaitApproval:
        break;
    }
  }

  void Finish() {
    if (app_.stages.empty()) return;
    if (!share_.IsZero()) {
      Error("the pipeline ends with the canary receiving " + share_.ToString() + "% of traffic; " +
            std::string(kFinish));
    } else if (canary_ != nullptr) {
      Error("the pipeline ends with the canary task set of " + StagePath(*canary_) +
            " still running; add ECS_CANARY_CLEAN at the end");
    }
    if (!deployed_) {
      if (canary_ != nullptr || cleaned_by_ != nullptr) {
        Error(
            "the pipeline never rolls out the new version as primary; add ECS_PRIMARY_ROLLOUT "
            "after the canary stages, then ECS_TRAFFIC_ROUTING {primary: 100} and "
            "ECS_CANARY_CLEAN");
      } else {
        Error(
            "the pipeline never deploys the new version; add ECS_SYNC (quick sync) or "
            "ECS_PRIMARY_ROLLOUT");
      }
    }
  }

  void NeedCanaryTargetGroup(const Stage& stage) {
    if (app_.access_type != AccessType::kElb || app_.canary_target_group || canary_tg_reported_) {
      return;
    }
    canary_tg_reported_ = true;
    Error(stage, std::string(StageKindName(stage.kind)) +
                     " needs spec.input.targetGroups.canary with accessType ELB; add the canary "
                     "target group {targetGroupArn, containerName, containerPort}");
  }

  void Error(const Stage& stage, const std::string& message) {
    diagnostics_.Error(stage.where, StagePath(stage), message);
  }
  void Error(const std::string& message) {
    diagnostics_.Error(pipeline_where_, kStagesPath, message);
  }

  const Application& app_;
  const SourceLocation& pipeline_where_;
  Diagnostics& diagnostics_;
  const Stage* canary_ = nullptr;        // the ECS_CANARY_ROLLOUT whose task set runs
  const Stage* last_routing_ = nullptr;  // the ECS_TRAFFIC_ROUTING that set share_
  Percentage share_;                     // the canary target group's share now
  bool deployed_ = false;                // ECS_SYNC or ECS_PRIMARY_ROLLOUT ran
  const Stage* cleaned_by_ = nullptr;    // the ECS_CANARY_CLEAN that deleted the canary
  bool canary_tg_reported_ = false;
};

}  // namespace

void ValidatePipeline(const Application& app, const SourceLocation& pipeline_where,
                      Diagnostics& diagnostics) {
  Simulation(app, pipeline_where, diagnostics).Run();
}

}  // namespace kanaria::model
