// LoadApplication on whole application directories that must load: PipeCD's canary example,
// blue/green, Cloud Map, quick sync, JSON definitions, templating, the digest.
#include "model/application.h"

#include <gtest/gtest.h>

#include "model/test_app_dir.h"

namespace kanaria::model {
namespace {

using test_app::AppDirTest;
using test_app::kCanaryConfig;
using test_app::kServiceDef;
using test_app::kTaskDef;
using test_app::Replace;

class ApplicationTest : public AppDirTest {};

std::vector<std::string> Kinds(const Application& app) {
  std::vector<std::string> out;
  for (const Stage& s : app.stages) out.emplace_back(StageKindName(s.kind));
  return out;
}

TEST_F(ApplicationTest, PipeCdCanaryExampleLoadsWithoutErrors) {
  WriteCanaryApp();
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->name, "canary");
  EXPECT_EQ(app->config_file, Path("app.pipecd.yaml"));
  EXPECT_EQ(app->cluster(), "arn:aws:ecs:ap-northeast-1:XXXX:cluster/test-cluster");
  EXPECT_EQ(app->service_name(), "nginx-canary-service");
  EXPECT_EQ(app->access_type, AccessType::kElb);
  ASSERT_TRUE(app->primary_target_group.has_value());
  EXPECT_EQ(app->primary_target_group->target_group_arn,
            "arn:aws:elasticloadbalancing:ap-northeast-1:XXXX:targetgroup/ecs-canary-blue/YYYY");
  EXPECT_EQ(app->primary_target_group->container_name, "web");
  EXPECT_EQ(app->primary_target_group->container_port, 80);
  EXPECT_EQ(app->primary_target_group->where.line, 13);
  ASSERT_TRUE(app->canary_target_group.has_value());
  EXPECT_EQ(app->canary_target_group->where.line, 17);
  EXPECT_TRUE(app->auto_rollback);
  EXPECT_FALSE(app->always_use_pipeline);
  EXPECT_EQ(app->timeout, std::chrono::hours(6));

  EXPECT_EQ(Kinds(*app), (std::vector<std::string>{"ECS_CANARY_ROLLOUT", "ECS_TRAFFIC_ROUTING",
                                                   "WAIT", "ECS_PRIMARY_ROLLOUT",
                                                   "ECS_TRAFFIC_ROUTING", "ECS_CANARY_CLEAN"}));
  const std::vector<Stage>& s = app->stages;
  EXPECT_EQ(s[0].id, "stage-0");
  EXPECT_EQ(s[5].id, "stage-5");
  EXPECT_EQ(s[0].where.ToString(), Path("app.pipecd.yaml") + ":22");
  EXPECT_EQ(s[0].scale.tenths(), 300);
  EXPECT_EQ(s[1].canary_share.Weights(), (std::pair<int, int>{80, 20}));
  EXPECT_EQ(s[2].duration, std::chrono::seconds(150));
  EXPECT_TRUE(s[4].canary_share.IsZero());  // primary: 100

  // Harmless keys and describe-output members are warnings, with file:line.
  EXPECT_EQ(app->warnings,
            (std::vector<std::string>{
                Path("app.pipecd.yaml") +
                    ":5: spec.labels is not used by kanaria (ignored); labels only group "
                    "applications in PipeCD's UI",
                Path("taskdef.yaml") +
                    ":12: compatibilities: returned by DescribeTaskDefinition, not taken by "
                    "RegisterTaskDefinition (ignored)"}));
  // Read-only members are dropped; integer cpu/memory become the API's strings.
  const nlohmann::json& td = app->task_definition.json;
  EXPECT_FALSE(td.contains("compatibilities"));
  EXPECT_EQ(td["cpu"], "256");
  EXPECT_EQ(td["memory"], "512");
  EXPECT_EQ(td["containerDefinitions"][0]["cpu"], 100);
  EXPECT_EQ(app->task_definition.path, Path("taskdef.yaml"));
  EXPECT_EQ(
      app->task_definition.LocationOf("/containerDefinitions/0/portMappings/0/containerPort").line,
      11);
  EXPECT_EQ(app->digest.size(), 64u);
}

TEST_F(ApplicationTest, BlueGreenValidates) {
  // pipecd.dev "BlueGreen ECS app".
  Write("app.pipecd.yaml", R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  input:
    serviceDefinitionFile: servicedef.yaml
    taskDefinitionFile: taskdef.yaml
    targetGroups:
      primary:
        targetGroupArn: arn:aws:elasticloadbalancing:ap-northeast-1:XXXX:targetgroup/ecs-tg-blue/YYYY
        containerName: web
        containerPort: 80
      canary:
        targetGroupArn: arn:aws:elasticloadbalancing:ap-northeast-1:XXXX:targetgroup/ecs-tg-green/ZZZZ
        containerName: web
        containerPort: 80
  pipeline:
    stages:
      - name: ECS_CANARY_ROLLOUT
        with:
          scale: 100
      - name: ECS_TRAFFIC_ROUTING
        with:
          canary: 100
      - name: WAIT
        with:
          duration: 150s
      - name: ECS_PRIMARY_ROLLOUT
      - name: ECS_TRAFFIC_ROUTING
        with:
          primary: 100
      - name: ECS_CANARY_CLEAN
)");
  Write("servicedef.yaml", kServiceDef);
  Write("taskdef.yaml", kTaskDef);
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->stages[0].scale.tenths(), 1000);
  EXPECT_EQ(app->stages[1].canary_share.Weights(), (std::pair<int, int>{0, 100}));
  // No name in the file: the directory's name.
  EXPECT_EQ(app->name, dir_.filename().string());
  // The only warning is the describe-output member of the example's task definition.
  ASSERT_EQ(app->warnings.size(), 1u);
  EXPECT_EQ(app->warnings[0].find(Path("taskdef.yaml") + ":12: compatibilities:"), 0u);
}

TEST_F(ApplicationTest, CloudMapCanaryWithoutRouting) {
  // pipe-cd/examples ecs/servicediscovery, with a canary pipeline: no weights, the canary's
  // share of traffic is its share of tasks.
  Write("app.pipecd.yaml", R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  name: servicediscovery-canary
  input:
    serviceDefinitionFile: servicedef.yaml
    taskDefinitionFile: taskdef.yaml
    accessType: SERVICE_DISCOVERY
  pipeline:
    stages:
      - name: ECS_CANARY_ROLLOUT
        with:
          scale: 50
      - name: WAIT_APPROVAL
      - name: ECS_PRIMARY_ROLLOUT
      - name: ECS_CANARY_CLEAN
)");
  Write("servicedef.yaml", Replace(kServiceDef, "tags:\n", R"(serviceRegistries:
  - registryArn: arn:aws:servicediscovery:ap-northeast-1:XXXX:service/srv-YYYY
tags:
)"));
  Write("taskdef.yaml", kTaskDef);
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->access_type, AccessType::kServiceDiscovery);
  EXPECT_EQ(app->name, "servicediscovery-canary");
  EXPECT_FALSE(app->primary_target_group.has_value());
  EXPECT_EQ(app->stages[1].kind, StageKind::kWaitApproval);
  EXPECT_EQ(app->stages[1].duration, std::chrono::hours(6));  // PipeCD's default
}

TEST_F(ApplicationTest, CloudMapIgnoresTargetGroupsWithAWarning) {
  Write("app.pipecd.yaml",
        Replace(Replace(kCanaryConfig, "    targetGroups:",
                        "    accessType: SERVICE_DISCOVERY\n    targetGroups:"),
                "      - name: ECS_TRAFFIC_ROUTING\n        with:\n          canary: 20\n", ""));
  Write("servicedef.yaml", kServiceDef);
  Write("taskdef.yaml", kTaskDef);
  // The last ECS_TRAFFIC_ROUTING (primary: 100) is still there: refused on Cloud Map.
  StatusOr<Application> app = Load();
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().message(),
            Path("app.pipecd.yaml") +
                ":30: spec.pipeline.stages[3]: ECS_TRAFFIC_ROUTING does not work with accessType "
                "SERVICE_DISCOVERY; Cloud Map has no weights (the canary's share of traffic is "
                "its share of tasks, set by ECS_CANARY_ROLLOUT's scale); remove the stage");
  Write("app.pipecd.yaml",
        Replace(
            Replace(Replace(kCanaryConfig, "    targetGroups:",
                            "    accessType: SERVICE_DISCOVERY\n    targetGroups:"),
                    "      - name: ECS_TRAFFIC_ROUTING\n        with:\n          canary: 20\n", ""),
            "      - name: ECS_TRAFFIC_ROUTING\n        with:\n          primary: 100\n", ""));
  app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_FALSE(app->primary_target_group.has_value());
  EXPECT_EQ(app->warnings[1], Path("app.pipecd.yaml") +
                                  ":12: spec.input.targetGroups: not used with accessType "
                                  "SERVICE_DISCOVERY (ignored); task sets join the service's "
                                  "Cloud Map registry instead");
}

TEST_F(ApplicationTest, NameDefaultsToTheDirectoryEvenWithATrailingSlash) {
  Write("app.pipecd.yaml", Replace(kCanaryConfig, "  name: canary\n", ""));
  Write("servicedef.yaml", kServiceDef);
  Write("taskdef.yaml", kTaskDef);
  StatusOr<Application> app = LoadApplication(Dir() + "/", ProcessEnvironment());
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->name, dir_.filename().string());
  EXPECT_EQ(app->directory, Dir() + "/");
}

TEST_F(ApplicationTest, QuickSyncWhenThereIsNoPipeline) {
  Write("kanaria.yaml", R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  input:
    serviceDefinitionFile: servicedef.yaml
    taskDefinitionFile: taskdef.yaml
    targetGroups:
      primary:
        targetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef
        containerName: web
        containerPort: 80
  quickSync:
    recreate: true
  planner:
    alwaysUsePipeline: true
  timeout: 45m
)");
  Write("servicedef.yaml", kServiceDef);
  Write("taskdef.yaml", kTaskDef);
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->config_file, Path("kanaria.yaml"));
  EXPECT_TRUE(app->stages.empty());
  EXPECT_TRUE(app->quick_sync_recreate);
  EXPECT_TRUE(app->always_use_pipeline);
  EXPECT_EQ(app->timeout, std::chrono::minutes(45));
  EXPECT_FALSE(app->canary_target_group.has_value());
}

TEST_F(ApplicationTest, SyncPipelineTakesQuickSyncRecreateUnlessTheStageSaysOtherwise) {
  Write("app.pipecd.yaml", Replace(Replace(kCanaryConfig, test_app::kCanaryPipeline,
                                           R"(  pipeline:
    stages:
      - name: WAIT_APPROVAL
        id: approve
        timeout: 30m
        with:
          timeout: 1h
      - name: ECS_SYNC
      - name: ECS_SYNC
        id: again
        with:
          recreate: false
)"),
                                   "  input:", "  quickSync:\n    recreate: true\n  input:"));
  Write("servicedef.yaml", kServiceDef);
  Write("taskdef.yaml", kTaskDef);
  StatusOr<Application> app = Load();
  // Two ECS_SYNC stages are refused, but only that: check the message, then the first part.
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().message(),
            Path("app.pipecd.yaml") +
                ":30: spec.pipeline.stages[2]: ECS_SYNC appears twice; one ECS_SYNC deploys the "
                "new version");
  Write("app.pipecd.yaml", Replace(Replace(kCanaryConfig, R"(      - name: ECS_CANARY_ROLLOUT
        with:
          scale: 30
      - name: ECS_TRAFFIC_ROUTING
        with:
          canary: 20
      - name: WAIT
        with:
          duration: 150s
      - name: ECS_PRIMARY_ROLLOUT
      - name: ECS_TRAFFIC_ROUTING
        with:
          primary: 100
      - name: ECS_CANARY_CLEAN
)",
                                           R"(      - name: WAIT_APPROVAL
        id: approve
        timeout: 30m
        with:
          timeout: 1h
      - name: ECS_SYNC
)"),
                                   "  input:", "  quickSync:\n    recreate: true\n  input:"));
  app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  ASSERT_EQ(app->stages.size(), 2u);
  EXPECT_EQ(app->stages[0].id, "approve");
  EXPECT_EQ(app->stages[0].duration, std::chrono::hours(1));
  EXPECT_EQ(app->stages[0].timeout, std::chrono::minutes(30));
  EXPECT_EQ(app->stages[1].id, "stage-1");
  EXPECT_TRUE(app->stages[1].recreate);
}

TEST_F(ApplicationTest, JsonDefinitionsRoundTripExactly) {
  const std::string taskdef = R"({
  "family": "web",
  "cpu": "256",
  "memory": "512",
  "networkMode": "awsvpc",
  "containerDefinitions": [
    {
      "name": "web",
      "image": "nginx:1.25",
      "essential": true,
      "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
      "environment": [{"name": "RATIO", "value": "0.5"}, {"name": "EMPTY", "value": ""}],
      "healthCheck": {"command": ["CMD", "true"], "interval": 30, "retries": 3},
      "command": null
    }
  ]
}
)";
  Write("app.pipecd.yaml", Replace(kCanaryConfig, "taskdef.yaml", "taskdef.json"));
  Write("servicedef.yaml", kServiceDef);
  Write("taskdef.json", taskdef);
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->task_definition.json, nlohmann::json::parse(taskdef));
  EXPECT_EQ(app->task_definition.LocationOf("/containerDefinitions/0/image").line, 9);
  // A missing value points at its nearest written ancestor.
  EXPECT_EQ(app->task_definition.LocationOf("/containerDefinitions/0/user").line, 7);
  EXPECT_EQ(app->task_definition.LocationOf("/nothing").line, 0);
}

TEST_F(ApplicationTest, TemplatesAreExpandedInDefinitionsOnly) {
  WriteCanaryApp();
  Write("taskdef.yaml",
        Replace(Replace(kTaskDef, "image: XXXX.dkr.ecr.ap-northeast-1.amazonaws.com/nginx:1",
                        "image: \"{{ must_env `IMAGE` }}\"\n    entryPoint: [\"sh\", \"-c\", "
                        "\"echo ${HOME}\"]\n    user: '{{env \"RUN_AS\" \"nobody\"}}'"),
                "`IMAGE`", "\"IMAGE\""));
  env_["IMAGE"] = "nginx:1.27";
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  const nlohmann::json& c = app->task_definition.json["containerDefinitions"][0];
  EXPECT_EQ(c["image"], "nginx:1.27");
  EXPECT_EQ(c["user"], "nobody");
  EXPECT_EQ(c["entryPoint"][2], "echo ${HOME}");  // left alone
}

TEST_F(ApplicationTest, TemplateInsideAJsonFileWrittenByASerializer) {
  // What `kanaria demo` writes: the template sits in a JSON string, its quotes escaped.
  WriteCanaryApp();
  Write("app.pipecd.yaml", Replace(kCanaryConfig, "taskdef.yaml", "taskdef.json"));
  const nlohmann::json taskdef = {
      {"family", "web"},
      {"containerDefinitions",
       {{{"name", "web"},
         {"image", "registry.example/web:{{ env \"DEMO_VERSION\" \"v2\" }}"},
         {"portMappings", {{{"containerPort", 80}}}}}}}};
  Write("taskdef.json", taskdef.dump(2));
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->task_definition.json["containerDefinitions"][0]["image"],
            "registry.example/web:v2");
}

TEST_F(ApplicationTest, DigestCoversConfigAndTemplatedDefinitionsButNotFormatting) {
  WriteCanaryApp();
  StatusOr<Application> a = Load();
  ASSERT_TRUE(a.ok()) << a.status().message();
  StatusOr<Application> again = Load();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(a->digest, again->digest);

  // Reordered keys and comments in a definition: same digest.
  Write("servicedef.yaml", "# reordered\nserviceName: nginx-canary-service\n" +
                               Replace(kServiceDef, "serviceName: nginx-canary-service\n", ""));
  StatusOr<Application> reordered = Load();
  ASSERT_TRUE(reordered.ok()) << reordered.status().message();
  EXPECT_EQ(reordered->digest, a->digest);

  // A value from the environment: a different digest.
  Write("taskdef.yaml", Replace(kTaskDef, "nginx:1", "nginx:{{ env \"TAG\" \"1\" }}"));
  StatusOr<Application> templated = Load();
  ASSERT_TRUE(templated.ok()) << templated.status().message();
  EXPECT_EQ(templated->digest, a->digest);
  env_["TAG"] = "2";
  StatusOr<Application> changed = Load();
  ASSERT_TRUE(changed.ok());
  EXPECT_NE(changed->digest, a->digest);

  // Any byte of the config: a different digest.
  Write("app.pipecd.yaml", std::string(kCanaryConfig) + "# a comment\n");
  StatusOr<Application> commented = Load();
  ASSERT_TRUE(commented.ok());
  EXPECT_NE(commented->digest, changed->digest);
}

TEST_F(ApplicationTest, KanariaOptionsAreRead) {
  Write("app.pipecd.yaml", std::string(kCanaryConfig) + R"(  kanaria:
    listenerArns:
      - arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2
    ruleArns:
      - arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee
    stabilityTimeout: 15m
    stabilityPollInterval: 2s
    lockExpiry: 1h30m
)");
  Write("servicedef.yaml", kServiceDef);
  Write("taskdef.yaml", kTaskDef);
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->kanaria.listener_arns.size(), 1u);
  EXPECT_EQ(app->kanaria.rule_arns.size(), 1u);
  EXPECT_EQ(app->kanaria.stability_timeout, std::chrono::minutes(15));
  EXPECT_EQ(app->kanaria.stability_poll_interval, std::chrono::seconds(2));
  EXPECT_EQ(app->kanaria.lock_expiry, std::chrono::minutes(90));
  EXPECT_EQ(app->kanaria.where.line, 36);
}

TEST_F(ApplicationTest, AutoRollbackIsReadFromEitherPlace) {
  Write("app.pipecd.yaml",
        Replace(kCanaryConfig, "  input:\n", "  input:\n    autoRollback: false\n"));
  Write("servicedef.yaml", kServiceDef);
  Write("taskdef.yaml", kTaskDef);
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_FALSE(app->auto_rollback);

  Write("app.pipecd.yaml",
        Replace(kCanaryConfig, "  input:\n", "  planner:\n    autoRollback: false\n  input:\n"));
  app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_FALSE(app->auto_rollback);
}

TEST_F(ApplicationTest, FractionalWeights) {
  Write("app.pipecd.yaml", Replace(Replace(kCanaryConfig, "scale: 30", "scale: \"12.5\""),
                                   "canary: 20", "canary: 2.5"));
  Write("servicedef.yaml", kServiceDef);
  Write("taskdef.yaml", kTaskDef);
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->stages[0].scale.tenths(), 125);
  EXPECT_EQ(app->stages[1].canary_share.Weights(), (std::pair<int, int>{975, 25}));
}

}  // namespace
}  // namespace kanaria::model
