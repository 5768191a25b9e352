#include "model/pipeline_validation.h"

#include <gtest/gtest.h>

namespace kanaria::model {
namespace {

// Stage builders; line = 10 + index so messages are predictable.
Stage Make(StageKind kind, int index) {
  Stage s;
  s.kind = kind;
  s.index = index;
  s.id = "stage-" + std::to_string(index);
  s.where = {"app.yaml", 10 + index};
  return s;
}

class PipelineValidationTest : public ::testing::Test {
 protected:
  PipelineValidationTest() {
    app_.primary_target_group = TargetGroupBinding{};
    app_.canary_target_group = TargetGroupBinding{};
  }
  void Rollout(int scale) {
    Stage s = Make(StageKind::kCanaryRollout, Next());
    s.scale = Percentage::FromTenths(scale * 10, false);
    app_.stages.push_back(s);
  }
  void Route(int canary) {
    Stage s = Make(StageKind::kTrafficRouting, Next());
    s.canary_share = Percentage::FromTenths(canary * 10, false);
    app_.stages.push_back(s);
  }
  void Add(StageKind kind) { app_.stages.push_back(Make(kind, Next())); }
  int Next() const { return static_cast<int>(app_.stages.size()); }

  std::vector<std::string> Errors() {
    Diagnostics d;
    ValidatePipeline(app_, {"app.yaml", 5}, d);
    return d.errors();
  }

  Application app_;
};

using Lines = std::vector<std::string>;

TEST_F(PipelineValidationTest, AnalysisJudgesARunningCanary) {
  Rollout(10);
  Route(10);
  Stage analysis = Make(StageKind::kAnalysis, Next());
  analysis.analysis.default_elb_analysis = true;
  app_.stages.push_back(analysis);
  Add(StageKind::kPrimaryRollout);
  Route(0);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), Lines{});
}

TEST_F(PipelineValidationTest, AnalysisWithoutACanaryIsRefused) {
  Add(StageKind::kAnalysis);
  Add(StageKind::kSync);
  EXPECT_EQ(Errors(), Lines{"app.yaml:10: spec.pipeline.stages[0]: no canary task set runs at "
                            "this point, so there is nothing to analyse; put ANALYSIS after "
                            "ECS_CANARY_ROLLOUT"});
  app_.stages.clear();
  Rollout(10);
  Add(StageKind::kPrimaryRollout);
  Add(StageKind::kCanaryClean);
  Add(StageKind::kAnalysis);
  EXPECT_EQ(Errors(), Lines{"app.yaml:13: spec.pipeline.stages[3]: the canary task set was "
                            "deleted by spec.pipeline.stages[2] before this point, so there is "
                            "nothing to analyse; put ANALYSIS before ECS_CANARY_CLEAN"});
}

TEST_F(PipelineValidationTest, DefaultAnalysisNeedsCanaryTrafficOnElbOnly) {
  Rollout(10);
  Stage analysis = Make(StageKind::kAnalysis, Next());
  analysis.analysis.default_elb_analysis = true;
  app_.stages.push_back(analysis);
  Add(StageKind::kPrimaryRollout);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), Lines{"app.yaml:11: spec.pipeline.stages[1]: ANALYSIS without metrics or "
                            "https judges the canary target group's load balancer metrics, but "
                            "the canary receives no traffic at this point; put "
                            "ECS_TRAFFIC_ROUTING {canary: N} before it, or give the stage "
                            "metrics or https"});
  // Explicit metrics may read anything, with or without traffic.
  app_.stages[1].analysis.default_elb_analysis = false;
  app_.stages[1].analysis.metrics.emplace_back();
  EXPECT_EQ(Errors(), Lines{});
}

TEST_F(PipelineValidationTest, EmptyPipelineIsAQuickSync) {
  EXPECT_EQ(Errors(), Lines{});
}

TEST_F(PipelineValidationTest, CanaryPipelineValidates) {
  Rollout(10);
  Route(10);
  Add(StageKind::kWaitApproval);
  Route(50);
  Add(StageKind::kPrimaryRollout);
  Route(0);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), Lines{});
}

TEST_F(PipelineValidationTest, BlueGreenValidates) {
  Rollout(100);
  Route(100);
  Add(StageKind::kPrimaryRollout);
  Route(0);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), Lines{});
}

TEST_F(PipelineValidationTest, PrimaryRolloutAloneAndSyncWithWaitsValidate) {
  Add(StageKind::kWait);
  Add(StageKind::kPrimaryRollout);
  EXPECT_EQ(Errors(), Lines{});
  app_.stages.clear();
  Add(StageKind::kWaitApproval);
  Add(StageKind::kSync);
  EXPECT_EQ(Errors(), Lines{});
}

TEST_F(PipelineValidationTest, RoutingBeforeTheCanaryRollout) {
  Route(10);
  Rollout(10);
  Add(StageKind::kPrimaryRollout);
  Route(0);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:10: spec.pipeline.stages[0]: gives the canary 10% of "
                             "traffic but no canary task set runs at this point; put an "
                             "ECS_CANARY_ROLLOUT with scale above 0 before it"}));
}

TEST_F(PipelineValidationTest, RoutingAfterTheCanaryIsCleaned) {
  Rollout(10);
  Add(StageKind::kCanaryClean);
  Route(10);
  Add(StageKind::kPrimaryRollout);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:12: spec.pipeline.stages[2]: gives the canary 10% of "
                             "traffic but no canary task set runs at this point; put an "
                             "ECS_CANARY_ROLLOUT with scale above 0 before it"}));
}

TEST_F(PipelineValidationTest, CleanWhileTheCanaryHasTraffic) {
  Rollout(10);
  Route(30);
  Add(StageKind::kPrimaryRollout);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(),
            (Lines{"app.yaml:5: spec.pipeline.stages: the pipeline ends with the canary "
                   "receiving 30% of traffic; add ECS_TRAFFIC_ROUTING {primary: 100} and "
                   "ECS_CANARY_CLEAN at the end",
                   "app.yaml:13: spec.pipeline.stages[3]: the canary still receives 30% of "
                   "traffic (set by spec.pipeline.stages[1]); put ECS_TRAFFIC_ROUTING "
                   "{primary: 100} before ECS_CANARY_CLEAN"}));
}

TEST_F(PipelineValidationTest, CleanWithoutACanary) {
  Add(StageKind::kPrimaryRollout);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:11: spec.pipeline.stages[1]: there is no canary task set "
                             "to clean at this point; put it after ECS_CANARY_ROLLOUT, or "
                             "remove it"}));
}

TEST_F(PipelineValidationTest, EndsWithTheCanaryTaskSetRunning) {
  Rollout(10);
  Add(StageKind::kPrimaryRollout);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:5: spec.pipeline.stages: the pipeline ends with the "
                             "canary task set of spec.pipeline.stages[0] still running; add "
                             "ECS_CANARY_CLEAN at the end"}));
}

TEST_F(PipelineValidationTest, CanaryWithoutPrimaryRollout) {
  Rollout(10);
  Route(10);
  Route(0);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:5: spec.pipeline.stages: the pipeline never rolls out "
                             "the new version as primary; add ECS_PRIMARY_ROLLOUT after the "
                             "canary stages, then ECS_TRAFFIC_ROUTING {primary: 100} and "
                             "ECS_CANARY_CLEAN"}));
}

TEST_F(PipelineValidationTest, WaitsAloneDeployNothing) {
  Add(StageKind::kWait);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:5: spec.pipeline.stages: the pipeline never deploys the "
                             "new version; add ECS_SYNC (quick sync) or ECS_PRIMARY_ROLLOUT"}));
}

TEST_F(PipelineValidationTest, SyncMixedWithCanaryStages) {
  Add(StageKind::kSync);
  Rollout(10);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:10: spec.pipeline.stages[0]: ECS_SYNC cannot be combined "
                             "with ECS_CANARY_ROLLOUT (spec.pipeline.stages[1]); use ECS_SYNC "
                             "alone (with WAIT / WAIT_APPROVAL) for a quick sync, or the canary "
                             "stages without it"}));
}

TEST_F(PipelineValidationTest, OneCanaryTaskSetAtATime) {
  Rollout(10);
  Rollout(50);
  Add(StageKind::kPrimaryRollout);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:11: spec.pipeline.stages[1]: a canary task set already "
                             "runs (created by spec.pipeline.stages[0]); kanaria keeps one "
                             "canary task set: ECS_CANARY_CLEAN it first, or give the first "
                             "ECS_CANARY_ROLLOUT the scale you need"}));
}

TEST_F(PipelineValidationTest, ElbCanaryNeedsTheCanaryTargetGroupReportedOnce) {
  app_.canary_target_group.reset();
  Rollout(10);
  Route(10);
  Add(StageKind::kPrimaryRollout);
  Route(0);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:10: spec.pipeline.stages[0]: ECS_CANARY_ROLLOUT needs "
                             "spec.input.targetGroups.canary with accessType ELB; add the canary "
                             "target group {targetGroupArn, containerName, containerPort}"}));
}

TEST_F(PipelineValidationTest, CloudMapHasNoTrafficRouting) {
  app_.access_type = AccessType::kServiceDiscovery;
  app_.primary_target_group.reset();
  app_.canary_target_group.reset();
  Rollout(20);
  Route(20);
  Add(StageKind::kPrimaryRollout);
  Add(StageKind::kCanaryClean);
  EXPECT_EQ(Errors(), (Lines{"app.yaml:11: spec.pipeline.stages[1]: ECS_TRAFFIC_ROUTING does not "
                             "work with accessType SERVICE_DISCOVERY; Cloud Map has no weights "
                             "(the canary's share of traffic is its share of tasks, set by "
                             "ECS_CANARY_ROLLOUT's scale); remove the stage"}));
  app_.stages.erase(app_.stages.begin() + 1);
  EXPECT_EQ(Errors(), Lines{});  // canary on Cloud Map: no target groups needed
}

}  // namespace
}  // namespace kanaria::model
