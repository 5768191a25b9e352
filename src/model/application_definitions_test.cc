// LoadApplication on broken service and task definitions: templating, syntax, the API shapes,
// and the target groups' containers. Errors name the definition file and line, or the binding
// in the app config.
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

class DefinitionErrorTest : public AppDirTest {
 protected:
  void SetUp() override {
    AppDirTest::SetUp();
    WriteCanaryApp();
  }
  void TaskDef(const std::string& from, const std::string& to) {
    Write("taskdef.yaml", Replace(kTaskDef, from, to));
  }
  void ServiceDef(const std::string& from, const std::string& to) {
    Write("servicedef.yaml", Replace(kServiceDef, from, to));
  }
  std::string C() const { return Path("app.pipecd.yaml"); }
  std::string T() const { return Path("taskdef.yaml"); }
  std::string S() const { return Path("servicedef.yaml"); }
};

TEST_F(DefinitionErrorTest, JsonSyntaxError) {
  Write("app.pipecd.yaml", Replace(kCanaryConfig, "taskdef.yaml", "taskdef.json"));
  Write("taskdef.json", R"({
  "family": "web",
  "containerDefinitions": [
    {"name": "web" "image": "nginx"}
  ]
}
)");
  EXPECT_EQ(LoadError(), Path("taskdef.json") + ":4: syntax error: end of map flow not found");
}

TEST_F(DefinitionErrorTest, UnsetMustEnvNamesTheVariableAndLine) {
  TaskDef("image: XXXX.dkr.ecr.ap-northeast-1.amazonaws.com/nginx:1",
          "image: '{{ must_env \"IMAGE\" }}'");
  EXPECT_EQ(LoadError(), T() +
                             ":6: {{ must_env \"IMAGE\" }}: environment variable IMAGE is not "
                             "set; set it, or use {{ env \"IMAGE\" \"default\" }} to allow a "
                             "default");
  env_["IMAGE"] = "nginx:2";
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->task_definition.json["containerDefinitions"][0]["image"], "nginx:2");
}

TEST_F(DefinitionErrorTest, UnknownTemplateFunction) {
  TaskDef("family: nginx-canary-fam-1", "family: '{{ .Env.FAMILY }}'");
  EXPECT_EQ(LoadError(), T() +
                             ":1: {{ .Env.FAMILY }}: unknown template function `.Env.FAMILY`; "
                             "only env and must_env are supported (allowed: {{ env \"NAME\" "
                             "\"default\" }}, {{ env \"NAME\" }}, {{ must_env \"NAME\" }})");
}

TEST_F(DefinitionErrorTest, FamilyIsRequiredAndShaped) {
  TaskDef("family: nginx-canary-fam-1\n", "");
  EXPECT_EQ(LoadError(), T() +
                             ":1: family: missing; the task definition family: 1-255 letters, "
                             "digits, _ and -");
  TaskDef("family: nginx-canary-fam-1", "family: nginx.canary");
  EXPECT_EQ(LoadError(), T() +
                             ":1: family: \"nginx.canary\" is not a family name; 1-255 "
                             "letters, digits, _ and -");
}

TEST_F(DefinitionErrorTest, ContainerDefinitionsMustBeANonEmptyList) {
  Write("taskdef.yaml", "family: web\ncontainerDefinitions: []\n");
  EXPECT_EQ(LoadError(), T() +
                             ":2: containerDefinitions: the list is empty; a non-empty list of "
                             "container definitions");
}

TEST_F(DefinitionErrorTest, UnknownTopLevelKeyGetsTheNearestMember) {
  TaskDef("containerDefinitions:", "containerDefinition:");
  EXPECT_EQ(LoadError(),
            T() +
                ":1: containerDefinitions: missing; a non-empty list of container "
                "definitions\n" +
                T() +
                ":3: containerDefinition: unknown key in a task definition; did you mean "
                "`containerDefinitions`?");
}

TEST_F(DefinitionErrorTest, ContainerMemberTypesAndEnums) {
  Write("taskdef.yaml",
        Replace(Replace(kTaskDef, "    cpu: 100\n", "    cpu: \"100\"\n    essential: \"true\"\n"),
                "networkMode: awsvpc", "networkMode: vpc"));
  EXPECT_EQ(LoadError(),
            T() + ":5: containerDefinitions[0].cpu: \"100\" is a string; an integer\n" + T() +
                ":6: containerDefinitions[0].essential: \"true\" is a string; true or "
                "false\n" +
                T() +
                ":17: networkMode: \"vpc\" is not allowed; one of bridge, host, awsvpc, "
                "none");
}

TEST_F(DefinitionErrorTest, EnvironmentValuesMustBeStrings) {
  TaskDef("    mountPoints: []\n",
          "    mountPoints: []\n    environment:\n      - name: PORT\n        value: 8080\n");
  EXPECT_EQ(LoadError(), T() +
                             ":11: containerDefinitions[0].environment[0].value: 8080 is an "
                             "integer; a string (quote it: \"8080\")");
}

TEST_F(DefinitionErrorTest, ContainerNamesAreRequiredAndUnique) {
  TaskDef("      - containerPort: 80\n",
          "      - containerPort: 80\n  - name: web\n    image: sidecar\n  - image: x\n");
  EXPECT_EQ(LoadError(), T() +
                             ":12: containerDefinitions[1].name: container name web is used twice; "
                             "container names must be unique\n" +
                             T() +
                             ":14: containerDefinitions[2].name: missing; the container's name (a "
                             "string)");
}

TEST_F(DefinitionErrorTest, TargetGroupPortMustBeMappedByTheContainer) {
  TaskDef("      - containerPort: 80", "      - containerPort: 8080\n      - containerPort: 9090");
  EXPECT_EQ(LoadError(),
            C() +
                ":15: spec.input.targetGroups.primary.containerPort: 80 is not a containerPort "
                "of web's portMappings in " +
                T() + "; its container ports: 8080, 9090\n" + C() +
                ":19: spec.input.targetGroups.canary.containerPort: 80 is not a "
                "containerPort of web's portMappings in " +
                T() + "; its container ports: 8080, 9090");
}

TEST_F(DefinitionErrorTest, ReadOnlyMembersFromDescribeOutputAreDroppedWithWarnings) {
  TaskDef("family: nginx-canary-fam-1\n",
          "family: nginx-canary-fam-1\ntaskDefinitionArn: arn:aws:ecs:us-east-1:1:task-definition/"
          "nginx-canary-fam-1:7\nrevision: 7\nstatus: ACTIVE\nregisteredAt: "
          "2024-05-01T10:00:00Z\n");
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->warnings.size(), 6u);  // spec.labels, 4 above, compatibilities
  EXPECT_EQ(app->warnings[1], T() +
                                  ":2: taskDefinitionArn: returned by DescribeTaskDefinition, "
                                  "not taken by RegisterTaskDefinition (ignored)");
  for (const char* key : {"taskDefinitionArn", "revision", "status", "registeredAt"}) {
    EXPECT_FALSE(app->task_definition.json.contains(key)) << key;
  }
}

TEST_F(DefinitionErrorTest, DescribeOutputWrapperGetsAHint) {
  Write("taskdef.yaml", R"({"taskDefinition": {"family": "web", "containerDefinitions": []}})");
  EXPECT_EQ(LoadError(), T() +
                             ":1: taskDefinition: this looks like `aws ecs "
                             "describe-task-definition` output; use the object under "
                             "`taskDefinition` as the file's content");
}

TEST_F(DefinitionErrorTest, ServiceMustUseTheExternalController) {
  ServiceDef("  type: EXTERNAL", "  type: ECS");
  EXPECT_EQ(LoadError(), S() +
                             ":10: deploymentController.type: ECS is not supported; kanaria "
                             "needs deploymentController {type: EXTERNAL}: it drives task sets "
                             "itself, which only the EXTERNAL controller allows");
}

TEST_F(DefinitionErrorTest, ServiceNeedsClusterAndName) {
  ServiceDef(
      "cluster: arn:aws:ecs:ap-northeast-1:XXXX:cluster/test-cluster\nserviceName: "
      "nginx-canary-service\n",
      "");
  EXPECT_EQ(LoadError(), S() + ":1: cluster: missing; the cluster's name or ARN (a string)\n" +
                             S() + ":1: serviceName: missing; the service's name (a string)");
}

TEST_F(DefinitionErrorTest, ServiceKeysAndValues) {
  ServiceDef("desiredCount: 2\n",
             "desiredCnt: 2\ndesiredCount: -1\nloadBalancers: []\nplatformVersion: 1.4\n");
  EXPECT_EQ(LoadError(),
            S() +
                ":3: desiredCnt: unknown key in a service definition; did you mean "
                "`desiredCount`?\n" +
                S() +
                ":4: desiredCount: -1 is negative; an integer >= 0 (0 or absent keeps the "
                "service's current count)\n" +
                S() +
                ":5: loadBalancers: not supported in the service definition; kanaria "
                "attaches each task set to spec.input.targetGroups in the app config\n" +
                S() + ":6: platformVersion: 1.4 is a number; a string (quote it: \"1.4\")");
}

TEST_F(DefinitionErrorTest, CustomYamlTagsAreRefused) {
  ServiceDef("cluster: arn:aws:ecs:ap-northeast-1:XXXX:cluster/test-cluster",
             "cluster: !ImportValue cluster-arn");
  EXPECT_EQ(LoadError(), S() +
                             ":1: cluster: custom YAML tag !ImportValue is not supported; write "
                             "the plain value");
}

TEST_F(DefinitionErrorTest, DefinitionMustBeAMap) {
  Write("servicedef.yaml", "- cluster: x\n");
  EXPECT_EQ(LoadError(), S() +
                             ":1: not a map; a service definition (cluster, serviceName, ...) "
                             "as CreateService takes it");
}

}  // namespace
}  // namespace kanaria::model
