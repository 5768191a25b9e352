// LoadApplication on broken app configs: each problem is reported as
// "FILE:LINE: KEY.PATH: what is wrong; what is allowed", all problems at once, nothing applied.
#include <gtest/gtest.h>

#include "model/application.h"
#include "model/test_app_dir.h"

namespace kanaria::model {
namespace {

using test_app::AppDirTest;
using test_app::kCanaryConfig;
using test_app::kServiceDef;
using test_app::kTaskDef;
using test_app::Replace;

// The canary example's pipeline, to replace in variations.
constexpr const char* kPipeline = test_app::kCanaryPipeline;

class ConfigErrorTest : public AppDirTest {
 protected:
  void SetUp() override {
    AppDirTest::SetUp();
    WriteCanaryApp();
  }
  // The canary example with `from` replaced by `to`.
  void Config(const std::string& from, const std::string& to) {
    Write("app.pipecd.yaml", Replace(kCanaryConfig, from, to));
  }
  // The canary example with its pipeline replaced by `stages` (lines from 22 on).
  void Pipeline(const std::string& stages) {
    Config(kPipeline, std::string("  pipeline:\n    stages:\n") + stages);
  }
  std::string C() const { return Path("app.pipecd.yaml"); }
};

TEST_F(ConfigErrorTest, YamlSyntaxError) {
  Config("    taskDefinitionFile: taskdef.yaml\n", "    taskDefinitionFile: [taskdef.yaml\n");
  EXPECT_EQ(LoadError(), C() + ":11: syntax error: end of sequence flow not found");
}

TEST_F(ConfigErrorTest, DuplicateKey) {
  Config("        containerPort: 80\n      canary:",
         "        containerPort: 80\n        containerPort: 81\n      canary:");
  EXPECT_EQ(LoadError(), C() +
                             ":16: spec.input.targetGroups.primary.containerPort: duplicate key; "
                             "first written on line 15; a key may appear once per object");
}

TEST_F(ConfigErrorTest, MergeKeysAreRefused) {
  Config("  name: canary\n", "  name: canary\n  <<: {description: x}\n");
  EXPECT_EQ(LoadError(),
            C() + ":5: spec.<<: YAML merge keys are not supported; write the merged keys out");
}

TEST_F(ConfigErrorTest, BothConfigFiles) {
  Write("kanaria.yaml", kCanaryConfig);
  EXPECT_EQ(LoadError(), Dir() +
                             ": both app.pipecd.yaml and kanaria.yaml exist; keep one of "
                             "them (they have the same schema)");
}

TEST_F(ConfigErrorTest, NoConfigFile) {
  std::filesystem::remove(dir_ / "app.pipecd.yaml");
  EXPECT_EQ(LoadError(), Dir() +
                             ": no app.pipecd.yaml or kanaria.yaml; an application directory "
                             "holds one of them");
}

TEST_F(ConfigErrorTest, NotADirectory) {
  dir_ /= "missing";
  EXPECT_EQ(LoadError(), Dir() +
                             ": not a directory; an application directory holds "
                             "app.pipecd.yaml or kanaria.yaml");
}

TEST_F(ConfigErrorTest, OtherKindsAreRefused) {
  Config("kind: ECSApp", "kind: KubernetesApp");
  EXPECT_EQ(LoadError(), C() +
                             ":2: kind: KubernetesApp is not supported; kind: ECSApp (kanaria "
                             "releases ECS services only)");
}

TEST_F(ConfigErrorTest, OtherApiVersionsAreRefused) {
  Config("pipecd.dev/v1beta1", "pipecd.dev/v1");
  EXPECT_EQ(LoadError(), C() +
                             ":1: apiVersion: pipecd.dev/v1 is not supported; apiVersion: "
                             "pipecd.dev/v1beta1");
}

TEST_F(ConfigErrorTest, UnknownKeyGetsTheNearestName) {
  Config("serviceDefinitionFile:", "serviceDefinitonFile:");
  EXPECT_EQ(LoadError(),
            C() +
                ":8: spec.input: serviceDefinitionFile is missing; kanaria releases ECS "
                "services and needs the service definition's file name (without one PipeCD "
                "runs a standalone task, which kanaria does not do)\n" +
                C() +
                ":9: spec.input.serviceDefinitonFile: unknown key; did you mean "
                "`serviceDefinitionFile`?");
}

TEST_F(ConfigErrorTest, UnknownKeyFarFromAnyNameListsTheAllowedOnes) {
  Config("        containerName: web\n        containerPort: 80\n      canary:",
         "        containerName: web\n        containerPort: 80\n        weight: 5\n      canary:");
  EXPECT_EQ(LoadError(), C() +
                             ":16: spec.input.targetGroups.primary.weight: unknown key; "
                             "allowed: targetGroupArn, containerName, containerPort, "
                             "loadBalancerName");
}

TEST_F(ConfigErrorTest, WrongType) {
  Config("containerPort: 80", "containerPort: eighty");
  EXPECT_EQ(LoadError(), C() +
                             ":15: spec.input.targetGroups.primary.containerPort: \"eighty\" is "
                             "a string; the container's port, an integer from 1 to 65535");
}

TEST_F(ConfigErrorTest, EnumValue) {
  Config("    targetGroups:", "    accessType: ALB\n    targetGroups:");
  EXPECT_EQ(LoadError(), C() +
                             ":11: spec.input.accessType: ALB is not an access type; ELB or "
                             "SERVICE_DISCOVERY");
}

TEST_F(ConfigErrorTest, PercentageAboveOneHundred) {
  Config("scale: 30", "scale: 150");
  EXPECT_EQ(LoadError(), C() +
                             ":24: spec.pipeline.stages[0].with.scale: 150 is above 100; a "
                             "percentage from 0 to 100 with at most one decimal");
}

TEST_F(ConfigErrorTest, PercentageWithTwoDecimals) {
  Config("canary: 20", "canary: 12.25");
  EXPECT_EQ(LoadError(), C() +
                             ":27: spec.pipeline.stages[1].with.canary: 12.25 has more than one "
                             "decimal; a percentage from 0 to 100 with at most one decimal");
}

TEST_F(ConfigErrorTest, ZeroScale) {
  Config("scale: 30", "scale: \"0\"");
  EXPECT_EQ(LoadError(), C() +
                             ":24: spec.pipeline.stages[0].with.scale: 0 creates no canary "
                             "task; a percentage above 0 and at most 100");
}

TEST_F(ConfigErrorTest, DurationWithoutUnit) {
  Config("duration: 150s", "duration: 150");
  EXPECT_EQ(LoadError(), C() +
                             ":30: spec.pipeline.stages[2].with.duration: 150 has no unit; a "
                             "duration such as 30s, 1m30s, 1h or 500ms (PipeCD would read a "
                             "bare number as nanoseconds)");
}

TEST_F(ConfigErrorTest, WaitWithoutDuration) {
  Config("      - name: WAIT\n        with:\n          duration: 150s\n", "      - name: WAIT\n");
  EXPECT_EQ(LoadError(), C() +
                             ":28: spec.pipeline.stages[2]: WAIT needs `with: {duration: D}`; a "
                             "duration above 0 such as 30s or 5m");
}

TEST_F(ConfigErrorTest, OtherPipeCdStagesGetTheNearestEcsStage) {
  Config("- name: ECS_CANARY_ROLLOUT", "- name: K8S_CANARY_ROLLOUT");
  EXPECT_EQ(LoadError(), C() +
                             ":22: spec.pipeline.stages[0].name: K8S_CANARY_ROLLOUT is not a "
                             "stage kanaria runs for an ECS app; did you mean "
                             "`ECS_CANARY_ROLLOUT`?");
}

TEST_F(ConfigErrorTest, RollbackStageIsAutomatic) {
  Write("app.pipecd.yaml", std::string(kCanaryConfig) + "      - name: ECS_ROLLBACK\n");
  EXPECT_EQ(LoadError(), C() +
                             ":36: spec.pipeline.stages[6].name: ECS_ROLLBACK is added "
                             "automatically (spec.input.autoRollback); remove it from the "
                             "pipeline");
}

TEST_F(ConfigErrorTest, StageOptionBesideTheName) {
  Config("      - name: ECS_CANARY_ROLLOUT\n        with:\n          scale: 30\n",
         "      - name: ECS_CANARY_ROLLOUT\n        scale: 30\n");
  EXPECT_EQ(LoadError(),
            C() +
                ":22: spec.pipeline.stages[0]: ECS_CANARY_ROLLOUT needs `with: {scale: "
                "N}`; the canary task set's size in percent of the service's desiredCount, "
                "above 0 and at most 100\n" +
                C() +
                ":23: spec.pipeline.stages[0].scale: unknown key; `scale` belongs under "
                "`with:` of this stage");
}

TEST_F(ConfigErrorTest, DuplicateStageIds) {
  Config("      - name: ECS_CANARY_ROLLOUT\n",
         "      - name: ECS_CANARY_ROLLOUT\n        id: stage-1\n");
  EXPECT_EQ(LoadError(), C() +
                             ":26: spec.pipeline.stages[1]: stage id stage-1 is already used by "
                             "spec.pipeline.stages[0]; stage ids must be unique");
}

TEST_F(ConfigErrorTest, TrafficRoutingNeedsExactlyOneSide) {
  Config("canary: 20", "canary: 20\n          primary: 80");
  EXPECT_EQ(LoadError(), C() +
                             ":26: spec.pipeline.stages[1].with: both `primary` and `canary` are "
                             "given; exactly one of `primary: P` or `canary: C` (percentages; "
                             "the other target group gets the rest)");
}

TEST_F(ConfigErrorTest, PrimaryZeroIsAmbiguous) {
  Config("primary: 100", "primary: 0");
  EXPECT_EQ(LoadError(), C() +
                             ":34: spec.pipeline.stages[4].with.primary: 0 is ambiguous (PipeCD "
                             "routes everything to primary for it); write `canary: 100` to send "
                             "all traffic to the canary");
}

TEST_F(ConfigErrorTest, UnsupportedPipeCdKeysAreErrors) {
  Write("app.pipecd.yaml", Replace(Replace(kCanaryConfig, "    targetGroups:",
                                           "    runStandaloneTask: true\n    targetGroups:"),
                                   "  pipeline:",
                                   "  postSync:\n    chain:\n      applications:\n"
                                   "        - name: next\n  pipeline:"));
  EXPECT_EQ(LoadError(),
            C() +
                ":11: spec.input.runStandaloneTask: not supported by kanaria; it configures "
                "PipeCD's standalone-task mode (RunTask), and kanaria releases ECS services "
                "only; set the service's own launchType/networkConfiguration in the service "
                "definition\n" +
                C() +
                ":21: spec.postSync: not supported by kanaria; deployment chains "
                "(postSync.chain) are not implemented; run the next release yourself");
}

TEST_F(ConfigErrorTest, ApproversAreRefusedAndOneApprovalIsTheOnlyCount) {
  Pipeline(R"(      - name: WAIT_APPROVAL
        with:
          approvers: [alice]
          minApproverNum: 2
      - name: ECS_SYNC
)");
  EXPECT_EQ(LoadError(),
            C() +
                ":24: spec.pipeline.stages[0].with.approvers: not supported by kanaria; kanaria "
                "does not check who approves; anyone who can approve the release approves it\n" +
                C() +
                ":25: spec.pipeline.stages[0].with.minApproverNum: 2 approvals are not "
                "supported; kanaria takes one approval (1, PipeCD's default)");
}

TEST_F(ConfigErrorTest, IgnoredKeysAreWarningsNotErrors) {
  Config("  name: canary\n", R"(  name: canary
  trigger:
    onCommit:
      paths: [src]
  notification:
    mentions:
      - event: DEPLOYMENT_TRIGGERED
        slack: [U123]
)");
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  ASSERT_EQ(app->warnings.size(), 4u);
  EXPECT_EQ(app->warnings[0], C() +
                                  ":5: spec.trigger is not used by kanaria (ignored); kanaria "
                                  "runs when you or your CI run it, not on Git commits, "
                                  "commands or drift");
  EXPECT_EQ(app->warnings[1], C() +
                                  ":8: spec.notification is not used by kanaria (ignored); "
                                  "kanaria reports on its own output; PipeCD's Slack mentions "
                                  "do not apply");
}

TEST_F(ConfigErrorTest, MalformedTargetGroupArnAndSameGroupTwice) {
  Config("targetgroup/ecs-canary-blue/YYYY", "loadbalancer/app/ecs/YYYY");
  EXPECT_EQ(LoadError(), C() +
                             ":13: spec.input.targetGroups.primary.targetGroupArn: "
                             "\"arn:aws:elasticloadbalancing:ap-northeast-1:XXXX:loadbalancer/"
                             "app/ecs/YYYY\" is not a target group ARN "
                             "(arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID)");
  Config("targetgroup/ecs-canary-green/ZZZZ", "targetgroup/ecs-canary-blue/YYYY");
  EXPECT_EQ(LoadError(), C() +
                             ":17: spec.input.targetGroups.canary.targetGroupArn: the same "
                             "target group as primary; the canary needs its own target group "
                             "(weights are set per target group)");
}

TEST_F(ConfigErrorTest, ClassicLoadBalancerNameIsRefused) {
  Config("        containerPort: 80\n      canary:",
         "        containerPort: 80\n        loadBalancerName: classic\n      canary:");
  EXPECT_EQ(LoadError(), C() +
                             ":16: spec.input.targetGroups.primary.loadBalancerName: not "
                             "supported by kanaria; it names a Classic Load Balancer, which has "
                             "no weighted target groups; give targetGroupArn only");
}

TEST_F(ConfigErrorTest, AbsoluteDefinitionPath) {
  Config("serviceDefinitionFile: servicedef.yaml", "serviceDefinitionFile: /etc/servicedef.yaml");
  EXPECT_EQ(LoadError(), C() +
                             ":9: spec.input.serviceDefinitionFile: /etc/servicedef.yaml is an "
                             "absolute path; a file name relative to the application directory "
                             "(JSON or YAML)");
}

TEST_F(ConfigErrorTest, MissingDefinitionFiles) {
  Config("serviceDefinitionFile: servicedef.yaml", "serviceDefinitionFile: service.json");
  EXPECT_EQ(LoadError(), C() +
                             ":9: spec.input.serviceDefinitionFile: service.json does not exist "
                             "in " +
                             Dir() +
                             "; a file name relative to the application "
                             "directory");
  // PipeCD's default task definition file is taskdef.json.
  Config("    taskDefinitionFile: taskdef.yaml\n", "");
  EXPECT_EQ(LoadError(), C() +
                             ":8: spec.input.taskDefinitionFile: not set, and the default "
                             "taskdef.json does not exist in " +
                             Dir() + "; set it to the task definition's file (JSON or YAML)");
  Write("taskdef.json", nlohmann::json::parse(R"({"family": "f", "containerDefinitions":
      [{"name": "web", "portMappings": [{"containerPort": 80}]}]})")
                            .dump(2));
  StatusOr<Application> app = Load();
  EXPECT_TRUE(app.ok()) << app.status().message();
}

TEST_F(ConfigErrorTest, KanariaOptions) {
  Write("app.pipecd.yaml", std::string(kCanaryConfig) + R"(  kanaria:
    listenerArns:
      - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123
    stabilityTimeout: 10s
    stabilityPollInterval: 10s
    lockExpiry: 30s
    ruleArn: []
)");
  EXPECT_EQ(LoadError(),
            C() +
                ":38: spec.kanaria.listenerArns[0]: \"arn:aws:elasticloadbalancing:us-east-"
                "1:123456789012:targetgroup/web/0123\" is not listener ARNs "
                "(arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID)\n" +
                C() +
                ":40: spec.kanaria.stabilityPollInterval: stabilityPollInterval 10s is not "
                "below stabilityTimeout 10s; a poll interval shorter than the timeout\n" +
                C() +
                ":41: spec.kanaria.lockExpiry: 30s is below 1m; a lock expiry of at least "
                "1m (a shorter one could expire while a step is still running)\n" +
                C() + ":42: spec.kanaria.ruleArn: unknown key; did you mean `ruleArns`?");
}

TEST_F(ConfigErrorTest, EveryProblemIsReportedAtOnce) {
  Write("app.pipecd.yaml", Replace(Replace(Replace(kCanaryConfig, "scale: 30", "scale: -5"),
                                           "containerName: web\n        containerPort: 80\n  "
                                           "pipeline:",
                                           "containerName: web\n        containerPort: 80\n  "
                                           "timeout: soon\n  pipeline:"),
                                   "  labels:", "  descripton: x\n  labels:"));
  Write("taskdef.yaml", Replace(kTaskDef, "name: web", "name: api"));
  const std::string message = LoadError();
  EXPECT_EQ(message,
            C() + ":5: spec.descripton: unknown key; did you mean `description`?\n" + C() +
                ":15: spec.input.targetGroups.primary.containerName: web is not a container "
                "of " +
                Path("taskdef.yaml") + "; its containers: api\n" + C() +
                ":19: spec.input.targetGroups.canary.containerName: web is not a container "
                "of " +
                Path("taskdef.yaml") + "; its containers: api\n" + C() +
                ":21: spec.timeout: `soon` is not a duration; a duration such as 30s, "
                "1m30s, 1h or 500ms (units: ns, us, ms, s, m, h)\n" +
                C() +
                ":26: spec.pipeline.stages[0].with.scale: -5 is below 0; a percentage from "
                "0 to 100 with at most one decimal");
}

}  // namespace
}  // namespace kanaria::model
