#include "aws/ecs/ecs_types.h"

#include <gtest/gtest.h>

#include <chrono>

namespace kanaria::aws::ecs {
namespace {

using nlohmann::json;

WallTime EpochMillis(long long millis) {
  return WallTime{std::chrono::duration_cast<WallTime::duration>(std::chrono::milliseconds{millis})};
}

// A DescribeTaskSets task set as ECS returns it for an EXTERNAL service behind an ALB
// (shape from the ECS API reference, timestamps as JSON 1.1 sends them).
const json kTaskSetSample = json::parse(R"({
  "id": "ecs-svc/1234567890123456789",
  "taskSetArn": "arn:aws:ecs:us-west-2:123456789012:task-set/MyCluster/MyService/ecs-svc/1234567890123456789",
  "serviceArn": "arn:aws:ecs:us-west-2:123456789012:service/MyCluster/MyService",
  "clusterArn": "arn:aws:ecs:us-west-2:123456789012:cluster/MyCluster",
  "externalId": "release-42",
  "status": "PRIMARY",
  "taskDefinition": "arn:aws:ecs:us-west-2:123456789012:task-definition/sample-fargate:2",
  "computedDesiredCount": 3,
  "pendingCount": 1,
  "runningCount": 2,
  "createdAt": 1557128360.711,
  "updatedAt": 1557129412.653,
  "launchType": "FARGATE",
  "platformVersion": "1.3.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-12344321"],
                            "securityGroups": ["sg-12344321"], "assignPublicIp": "ENABLED"}},
  "loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/tg-primary/abc",
                     "containerName": "web", "containerPort": 80}],
  "serviceRegistries": [],
  "scale": {"value": 50.0, "unit": "PERCENT"},
  "stabilityStatus": "STABILIZING",
  "stabilityStatusAt": 1557129279.914,
  "tags": [{"key": "kanaria.io/role", "value": "canary"}, {"key": "empty"}],
  "fargateEphemeralStorage": {"sizeInGiB": 20}
})");

TEST(TaskSetFromJson, ReadsEveryTypedMember) {
  StatusOr<TaskSet> parsed = TaskSet::FromJson(kTaskSetSample);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const TaskSet& ts = *parsed;
  EXPECT_EQ(ts.id, "ecs-svc/1234567890123456789");
  EXPECT_EQ(ts.task_set_arn,
            "arn:aws:ecs:us-west-2:123456789012:task-set/MyCluster/MyService/ecs-svc/1234567890123456789");
  EXPECT_EQ(ts.service_arn, "arn:aws:ecs:us-west-2:123456789012:service/MyCluster/MyService");
  EXPECT_EQ(ts.cluster_arn, "arn:aws:ecs:us-west-2:123456789012:cluster/MyCluster");
  EXPECT_EQ(ts.external_id, "release-42");
  EXPECT_TRUE(ts.IsPrimary());
  EXPECT_FALSE(ts.IsSteady());
  EXPECT_EQ(ts.stability_status, kStabilizing);
  EXPECT_EQ(ts.computed_desired_count, 3);
  EXPECT_EQ(ts.pending_count, 1);
  EXPECT_EQ(ts.running_count, 2);
  ASSERT_TRUE(ts.created_at.has_value());
  EXPECT_EQ(*ts.created_at, EpochMillis(1557128360711));
  ASSERT_TRUE(ts.stability_status_at.has_value());
  EXPECT_EQ(*ts.stability_status_at, EpochMillis(1557129279914));
  EXPECT_EQ(ts.launch_type, "FARGATE");
  EXPECT_EQ(ts.platform_version, "1.3.0");
  EXPECT_EQ(ts.network_configuration["awsvpcConfiguration"]["subnets"][0], "subnet-12344321");
  ASSERT_EQ(ts.load_balancers.size(), 1u);
  EXPECT_EQ(ts.load_balancers[0]["containerPort"], 80);
  EXPECT_TRUE(ts.service_registries.is_array());
  EXPECT_TRUE(ts.service_registries.empty());
  EXPECT_TRUE(ts.capacity_provider_strategy.is_array());  // absent -> []
  ASSERT_TRUE(ts.scale.has_value());
  EXPECT_EQ(*ts.scale, (Scale{50.0, "PERCENT"}));
  ASSERT_EQ(ts.tags.size(), 2u);
  EXPECT_EQ(ts.tags[0], (Tag{"kanaria.io/role", "canary"}));
  EXPECT_EQ(ts.tags[1], (Tag{"empty", ""}));
  ASSERT_NE(FindTag(ts.tags, "kanaria.io/role"), nullptr);
  EXPECT_EQ(*FindTag(ts.tags, "kanaria.io/role"), "canary");
  EXPECT_EQ(FindTag(ts.tags, "absent"), nullptr);
  // Members kanaria does not type survive in raw.
  EXPECT_EQ(ts.raw["fargateEphemeralStorage"]["sizeInGiB"], 20);
}

TEST(TaskSetFromJson, EmptyObjectGivesDefaults) {
  StatusOr<TaskSet> parsed = TaskSet::FromJson(json::object());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->computed_desired_count, 0);
  EXPECT_FALSE(parsed->scale.has_value());
  EXPECT_FALSE(parsed->created_at.has_value());
  EXPECT_TRUE(parsed->network_configuration.is_null());
  EXPECT_TRUE(parsed->tags.empty());
}

TEST(TaskSetFromJson, NullMembersAreAbsent) {
  StatusOr<TaskSet> parsed =
      TaskSet::FromJson(json{{"externalId", nullptr}, {"scale", nullptr}, {"createdAt", nullptr}});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->external_id, "");
  EXPECT_FALSE(parsed->scale.has_value());
}

struct MalformedCase {
  const char* name;
  json patch;                 // merged into kTaskSetSample
  const char* expected_path;  // must appear in the error
};

class TaskSetMalformedTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(TaskSetMalformedTest, NamesTheMemberInsteadOfThrowing) {
  json sample = kTaskSetSample;
  sample.merge_patch(GetParam().patch);
  StatusOr<TaskSet> parsed = TaskSet::FromJson(sample, "taskSets[3]");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInternal);
  EXPECT_NE(parsed.status().message().find(GetParam().expected_path), std::string::npos)
      << parsed.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Members, TaskSetMalformedTest,
    ::testing::Values(
        MalformedCase{"StatusNumber", json{{"status", 1}}, "taskSets[3].status"},
        MalformedCase{"CountString", json{{"computedDesiredCount", "3"}}, "taskSets[3].computedDesiredCount"},
        MalformedCase{"CountFraction", json{{"runningCount", 1.5}}, "taskSets[3].runningCount"},
        MalformedCase{"CountTooLarge", json{{"pendingCount", 1e12}}, "taskSets[3].pendingCount"},
        MalformedCase{"ScaleString", json{{"scale", "50%"}}, "taskSets[3].scale"},
        MalformedCase{"ScaleValueString", json{{"scale", {{"value", "50"}}}}, "taskSets[3].scale.value"},
        MalformedCase{"CreatedAtObject", json{{"createdAt", {{"s", 1}}}}, "taskSets[3].createdAt"},
        MalformedCase{"CreatedAtGarbage", json{{"createdAt", "yesterday"}}, "taskSets[3].createdAt"},
        MalformedCase{"LoadBalancersObject", json{{"loadBalancers", {{"a", 1}}}}, "taskSets[3].loadBalancers"},
        MalformedCase{"NetworkConfigurationList", json{{"networkConfiguration", json::array()}},
                      "taskSets[3].networkConfiguration"},
        MalformedCase{"TagsObject", json{{"tags", {{"key", "a"}}}}, "taskSets[3].tags"},
        MalformedCase{"TagKeyNumber", json{{"tags", {{{"key", 7}}}}}, "taskSets[3].tags[0].key"},
        MalformedCase{"TagWithoutKey", json{{"tags", {{{"value", "v"}}}}}, "taskSets[3].tags[0].key"}),
    [](const ::testing::TestParamInfo<MalformedCase>& info) { return info.param.name; });

TEST(TaskSetFromJson, NonObjectIsAnError) {
  for (const json& value : {json::array(), json("x"), json(3), json(nullptr)}) {
    StatusOr<TaskSet> parsed = TaskSet::FromJson(value);
    ASSERT_FALSE(parsed.ok()) << value.dump();
    EXPECT_NE(parsed.status().message().find("taskSet"), std::string::npos);
  }
}

TEST(TaskSetFromJson, AcceptsIsoTimestampsAsBotocoreDoes) {
  StatusOr<TaskSet> parsed = TaskSet::FromJson(json{{"createdAt", "2019-05-06T07:39:20.711Z"}});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed->created_at, EpochMillis(1557128360711));
}

TEST(TaskSetFromJson, IntegralFloatCountsAreAccepted) {
  StatusOr<TaskSet> parsed = TaskSet::FromJson(json{{"computedDesiredCount", 2.0}});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->computed_desired_count, 2);
}

// DescribeServices' example output from botocore's ecs examples, plus the members an EXTERNAL
// service carries.
const json kServiceSample = json::parse(R"({
  "clusterArn": "arn:aws:ecs:us-east-1:012345678910:cluster/default",
  "createdAt": 1472487952.13,
  "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100},
  "deploymentController": {"type": "EXTERNAL"},
  "desiredCount": 4,
  "events": [],
  "loadBalancers": [],
  "pendingCount": 0,
  "runningCount": 4,
  "serviceArn": "arn:aws:ecs:us-east-1:012345678910:service/default/ecs-simple-service",
  "serviceName": "ecs-simple-service",
  "status": "ACTIVE",
  "launchType": "FARGATE",
  "platformVersion": "LATEST",
  "healthCheckGracePeriodSeconds": 30,
  "enableECSManagedTags": true,
  "propagateTags": "SERVICE",
  "placementConstraints": [],
  "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
  "schedulingStrategy": "REPLICA",
  "tags": [{"key": "kanaria.io/phase", "value": "canary-rollout"}],
  "taskSets": [
    {"id": "ecs-svc/1", "status": "PRIMARY", "stabilityStatus": "STEADY_STATE",
     "scale": {"value": 100, "unit": "PERCENT"}, "computedDesiredCount": 4},
    {"id": "ecs-svc/2", "status": "ACTIVE", "stabilityStatus": "STABILIZING",
     "scale": {"value": 25, "unit": "PERCENT"}, "computedDesiredCount": 1}
  ]
})");

TEST(ServiceFromJson, ReadsEveryTypedMember) {
  StatusOr<Service> parsed = Service::FromJson(kServiceSample);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const Service& s = *parsed;
  EXPECT_EQ(s.service_name, "ecs-simple-service");
  EXPECT_EQ(s.service_arn, "arn:aws:ecs:us-east-1:012345678910:service/default/ecs-simple-service");
  EXPECT_EQ(s.cluster_arn, "arn:aws:ecs:us-east-1:012345678910:cluster/default");
  EXPECT_EQ(s.status, "ACTIVE");
  EXPECT_EQ(s.desired_count, 4);
  EXPECT_EQ(s.running_count, 4);
  EXPECT_EQ(s.pending_count, 0);
  EXPECT_TRUE(s.IsExternal());
  EXPECT_EQ(s.launch_type, "FARGATE");
  EXPECT_EQ(s.platform_version, "LATEST");
  EXPECT_EQ(s.health_check_grace_period_seconds, 30);
  EXPECT_TRUE(s.enable_ecs_managed_tags);
  EXPECT_EQ(s.propagate_tags, "SERVICE");
  EXPECT_TRUE(s.placement_constraints.empty());
  EXPECT_EQ(s.placement_strategy[0]["type"], "spread");
  EXPECT_EQ(s.task_definition, "");
  ASSERT_EQ(s.task_sets.size(), 2u);
  EXPECT_TRUE(s.task_sets[0].IsPrimary());
  EXPECT_TRUE(s.task_sets[0].IsSteady());
  EXPECT_EQ(s.task_sets[1].scale->value, 25);
  ASSERT_EQ(s.tags.size(), 1u);
  EXPECT_EQ(s.tags[0].value, "canary-rollout");
  EXPECT_EQ(s.raw["schedulingStrategy"], "REPLICA");
  EXPECT_EQ(*s.created_at, EpochMillis(1472487952130));
}

TEST(ServiceFromJson, OmittedControllerIsEcs) {
  StatusOr<Service> parsed = Service::FromJson(json{{"serviceName", "a"}});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->deployment_controller_type, kDeploymentControllerEcs);
  EXPECT_FALSE(parsed->IsExternal());
  EXPECT_FALSE(parsed->health_check_grace_period_seconds.has_value());
}

TEST(ServiceFromJson, NestedErrorsCarryTheirPath) {
  json sample = kServiceSample;
  sample["taskSets"][1]["scale"]["unit"] = 5;
  StatusOr<Service> parsed = Service::FromJson(sample, "services[0]");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("services[0].taskSets[1].scale.unit"), std::string::npos)
      << parsed.status().message();

  sample = kServiceSample;
  sample["deploymentController"] = "EXTERNAL";
  parsed = Service::FromJson(sample);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("service.deploymentController"), std::string::npos);

  sample = kServiceSample;
  sample["deploymentController"] = {{"type", true}};
  parsed = Service::FromJson(sample);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("service.deploymentController.type"), std::string::npos);

  sample = kServiceSample;
  sample["enableECSManagedTags"] = "true";
  parsed = Service::FromJson(sample);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("service.enableECSManagedTags"), std::string::npos);
}

// DescribeTasks' example output from botocore's ecs examples, plus a stopped task's members.
TEST(TaskFromJson, ReadsEveryTypedMember) {
  const json sample = json::parse(R"({
    "clusterArn": "arn:aws:ecs:us-east-1:012345678910:cluster/default",
    "desiredStatus": "STOPPED",
    "lastStatus": "STOPPED",
    "startedBy": "ecs-svc/9223370608528463088",
    "group": "service:web",
    "launchType": "FARGATE",
    "taskArn": "arn:aws:ecs:us-east-1:012345678910:task/default/c5cba4eb5dad405e96db71ef8eefe6a8",
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:012345678910:task-definition/amazon-ecs-sample:1",
    "stoppedReason": "Essential container in task exited",
    "stopCode": "EssentialContainerExited",
    "healthStatus": "UNHEALTHY",
    "createdAt": 1700000000,
    "startedAt": 1700000010.5,
    "stoppedAt": 1700000100.25,
    "containers": [{"name": "ecs-demo", "exitCode": 1}]
  })");
  StatusOr<Task> parsed = Task::FromJson(sample);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->task_arn, "arn:aws:ecs:us-east-1:012345678910:task/default/c5cba4eb5dad405e96db71ef8eefe6a8");
  EXPECT_EQ(parsed->last_status, "STOPPED");
  EXPECT_EQ(parsed->desired_status, "STOPPED");
  EXPECT_EQ(parsed->started_by, "ecs-svc/9223370608528463088");
  EXPECT_EQ(parsed->group, "service:web");
  EXPECT_EQ(parsed->task_definition_arn,
            "arn:aws:ecs:us-east-1:012345678910:task-definition/amazon-ecs-sample:1");
  EXPECT_EQ(parsed->stopped_reason, "Essential container in task exited");
  EXPECT_EQ(parsed->stop_code, "EssentialContainerExited");
  EXPECT_EQ(parsed->health_status, "UNHEALTHY");
  EXPECT_EQ(*parsed->created_at, EpochMillis(1700000000000));
  EXPECT_EQ(*parsed->started_at, EpochMillis(1700000010500));
  EXPECT_EQ(*parsed->stopped_at, EpochMillis(1700000100250));
  EXPECT_EQ(parsed->raw["containers"][0]["exitCode"], 1);

  json bad = sample;
  bad["stoppedAt"] = json::array();
  StatusOr<Task> broken = Task::FromJson(bad, "tasks[0]");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("tasks[0].stoppedAt"), std::string::npos);
}

// DescribeTaskDefinition's example output from botocore's ecs examples.
const json kTaskDefinitionSample = json::parse(R"({
  "containerDefinitions": [
    {"name": "wordpress", "cpu": 10, "environment": [], "essential": true, "image": "wordpress",
     "links": ["mysql"], "memory": 500, "mountPoints": [],
     "portMappings": [{"containerPort": 80, "hostPort": 80}], "volumesFrom": []},
    {"name": "mysql", "cpu": 10, "environment": [{"name": "MYSQL_ROOT_PASSWORD", "value": "password"}],
     "essential": true, "image": "mysql", "memory": 500, "mountPoints": [], "portMappings": [],
     "volumesFrom": []}
  ],
  "family": "hello_world",
  "revision": 8,
  "status": "ACTIVE",
  "taskDefinitionArn": "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:8",
  "volumes": []
})");

TEST(TaskDefinitionFromJson, ReadsContainersPortsAndEnvironment) {
  StatusOr<TaskDefinition> parsed = TaskDefinition::FromJson(kTaskDefinitionSample);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->family, "hello_world");
  EXPECT_EQ(parsed->revision, 8);
  EXPECT_EQ(parsed->FamilyRevision(), "hello_world:8");
  EXPECT_EQ(parsed->status, "ACTIVE");
  EXPECT_EQ(parsed->task_definition_arn,
            "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:8");
  ASSERT_EQ(parsed->container_definitions.size(), 2u);
  const ContainerDefinition& wordpress = parsed->container_definitions[0];
  EXPECT_EQ(wordpress.name, "wordpress");
  EXPECT_EQ(wordpress.image, "wordpress");
  ASSERT_EQ(wordpress.port_mappings.size(), 1u);
  EXPECT_EQ(wordpress.port_mappings[0].container_port, 80);
  EXPECT_EQ(wordpress.port_mappings[0].host_port, 80);
  EXPECT_EQ(wordpress.raw["links"][0], "mysql");
  const ContainerDefinition& mysql = parsed->container_definitions[1];
  ASSERT_EQ(mysql.environment.size(), 1u);
  EXPECT_EQ(mysql.environment[0].name, "MYSQL_ROOT_PASSWORD");
  EXPECT_EQ(mysql.environment[0].value, "password");
  EXPECT_TRUE(mysql.port_mappings.empty());
  EXPECT_TRUE(parsed->raw["volumes"].is_array());
}

TEST(TaskDefinitionFromJson, MalformedContainerMembersNameTheirPath) {
  json sample = kTaskDefinitionSample;
  sample["containerDefinitions"][1]["portMappings"] = {{{"containerPort", "80"}}};
  StatusOr<TaskDefinition> parsed = TaskDefinition::FromJson(sample);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find(
                "taskDefinition.containerDefinitions[1].portMappings[0].containerPort"),
            std::string::npos)
      << parsed.status().message();

  sample = kTaskDefinitionSample;
  sample["containerDefinitions"][0]["environment"] = {{{"name", "A"}, {"value", 1}}};
  parsed = TaskDefinition::FromJson(sample);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("containerDefinitions[0].environment[0].value"),
            std::string::npos);

  sample = kTaskDefinitionSample;
  sample["revision"] = "8";
  parsed = TaskDefinition::FromJson(sample);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("taskDefinition.revision"), std::string::npos);

  sample = kTaskDefinitionSample;
  sample["containerDefinitions"] = "wordpress";
  parsed = TaskDefinition::FromJson(sample);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("taskDefinition.containerDefinitions"), std::string::npos);
}

TEST(FailuresFromJson, ReadsMissingFailures) {
  StatusOr<std::vector<Failure>> failures = FailuresFromJson(json::parse(R"({
    "services": [],
    "failures": [{"arn": "arn:aws:ecs:us-east-1:012345678910:service/default/gone", "reason": "MISSING"},
                 {"arn": "arn:aws:ecs:us-east-1:012345678910:service/default/x", "reason": "ACCESS_DENIED",
                  "detail": "no"}]
  })"));
  ASSERT_TRUE(failures.ok()) << failures.status().ToString();
  ASSERT_EQ(failures->size(), 2u);
  EXPECT_EQ((*failures)[0].reason, kFailureMissing);
  EXPECT_EQ((*failures)[1].detail, "no");

  EXPECT_TRUE(FailuresFromJson(json::object())->empty());
  StatusOr<std::vector<Failure>> bad = FailuresFromJson(json{{"failures", {{{"reason", 1}}}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("failures[0].reason"), std::string::npos);
}

TEST(Tags, RoundTripThroughJson) {
  const Tags tags = {{"a", "1"}, {"b", ""}};
  const json encoded = TagsToJson(tags);
  EXPECT_EQ(encoded, json::parse(R"([{"key":"a","value":"1"},{"key":"b","value":""}])"));
  StatusOr<Tags> decoded = TagsFromJson(encoded, "tags");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, tags);
  EXPECT_TRUE(TagsToJson({}).is_array());
}

}  // namespace
}  // namespace kanaria::aws::ecs
