#include "aws/ecs/ecs_requests.h"

#include <gtest/gtest.h>

namespace kanaria::aws::ecs {
namespace {

using nlohmann::json;

TEST(CreateTaskSetRequest, SendsEveryMemberUnderItsModelName) {
  CreateTaskSetRequest request;
  request.cluster = "prod";
  request.service = "web";
  request.task_definition = "web:7";
  request.external_id = "rel-20240501-abc";
  request.client_token = "rel-20240501-abc-canary";
  request.scale = Scale{10, "PERCENT"};
  request.load_balancers = json::array(
      {{{"targetGroupArn", "arn:tg/canary"}, {"containerName", "web"}, {"containerPort", 80}}});
  request.network_configuration = {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}};
  request.launch_type = "FARGATE";
  request.platform_version = "1.4.0";
  request.tags = {{"kanaria.io/role", "canary"}};
  StatusOr<json> body = request.ToJson();
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, json::parse(R"({
    "cluster": "prod", "service": "web", "taskDefinition": "web:7",
    "externalId": "rel-20240501-abc", "clientToken": "rel-20240501-abc-canary",
    "scale": {"value": 10.0, "unit": "PERCENT"},
    "loadBalancers": [{"targetGroupArn": "arn:tg/canary", "containerName": "web", "containerPort": 80}],
    "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}},
    "launchType": "FARGATE", "platformVersion": "1.4.0",
    "tags": [{"key": "kanaria.io/role", "value": "canary"}]
  })"));
}

TEST(CreateTaskSetRequest, OmitsUnsetMembers) {
  CreateTaskSetRequest request{.cluster = "c", .service = "s", .task_definition = "td:1"};
  StatusOr<json> body = request.ToJson();
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, (json{{"cluster", "c"}, {"service", "s"}, {"taskDefinition", "td:1"}}));
}

TEST(CreateTaskSetRequest, RefusesWhatEcsWouldRefuse) {
  const CreateTaskSetRequest valid{.cluster = "c", .service = "s", .task_definition = "td:1"};
  CreateTaskSetRequest r = valid;
  r.cluster = "";  // cluster is required for task sets (unlike services)
  EXPECT_EQ(r.ToJson().status().code(), StatusCode::kInvalidInput);
  r = valid;
  r.task_definition = "";
  EXPECT_EQ(r.ToJson().status().code(), StatusCode::kInvalidInput);
  r = valid;
  r.client_token = std::string(37, 'a');
  EXPECT_EQ(r.ToJson().status().code(), StatusCode::kInvalidInput);
  r = valid;
  r.client_token = "has space";
  EXPECT_EQ(r.ToJson().status().code(), StatusCode::kInvalidInput);
  r = valid;
  r.client_token = std::string(36, '~');
  EXPECT_TRUE(r.ToJson().ok());
  r = valid;
  r.scale = Scale{101, "PERCENT"};
  EXPECT_EQ(r.ToJson().status().code(), StatusCode::kInvalidInput);
  r.scale = Scale{-1, "PERCENT"};
  EXPECT_EQ(r.ToJson().status().code(), StatusCode::kInvalidInput);
  r.scale = Scale{50, "COUNT"};
  EXPECT_EQ(r.ToJson().status().code(), StatusCode::kInvalidInput);
  r = valid;
  r.launch_type = "FARGATE";
  r.capacity_provider_strategy = json::array({{{"capacityProvider", "FARGATE_SPOT"}, {"weight", 1}}});
  StatusOr<json> both = r.ToJson();
  EXPECT_EQ(both.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(both.status().message().find("mutually exclusive"), std::string::npos);
}

TEST(CreateServiceRequest, ExternalControllerWithTypedAndAdditionalMembers) {
  CreateServiceRequest request;
  request.cluster = "prod";
  request.service_name = "web";
  request.desired_count = 4;
  request.deployment_controller_type = "EXTERNAL";
  request.scheduling_strategy = "REPLICA";
  request.enable_ecs_managed_tags = true;
  request.propagate_tags = "SERVICE";
  request.tags = {{"team", "web"}};
  request.client_token = "create-web";
  request.additional_members = {{"enableExecuteCommand", true}, {"desiredCount", 99}};
  StatusOr<json> body = request.ToJson();
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ((*body)["deploymentController"], (json{{"type", "EXTERNAL"}}));
  EXPECT_EQ((*body)["desiredCount"], 4);  // the typed member wins
  EXPECT_EQ((*body)["enableExecuteCommand"], true);
  EXPECT_EQ((*body)["enableECSManagedTags"], true);
  EXPECT_EQ((*body)["serviceName"], "web");
  EXPECT_EQ((*body)["tags"][0]["value"], "web");
  EXPECT_FALSE(body->contains("taskDefinition"));
  EXPECT_FALSE(body->contains("loadBalancers"));

  request.additional_members = json::array();
  EXPECT_EQ(request.ToJson().status().code(), StatusCode::kInvalidInput);
  request.additional_members = json::object();
  request.service_name = "";
  EXPECT_EQ(request.ToJson().status().code(), StatusCode::kInvalidInput);
}

TEST(UpdateServiceRequest, NullMeansUnchangedAndEmptyListClears) {
  UpdateServiceRequest request{.cluster = "c", .service = "web"};
  request.desired_count = 0;
  request.placement_constraints = json::array();
  StatusOr<json> body = request.ToJson();
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, json::parse(R"({"cluster":"c","service":"web","desiredCount":0,
                                   "placementConstraints":[]})"));
  request.service = "";
  EXPECT_EQ(request.ToJson().status().code(), StatusCode::kInvalidInput);
}

TEST(ListTasksRequest, StartedByMustBeTheOnlyFilter) {
  ListTasksRequest request{.cluster = "c", .started_by = "ecs-svc/123"};
  StatusOr<json> body = request.ToJson();
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, (json{{"cluster", "c"}, {"startedBy", "ecs-svc/123"}}));
  request.desired_status = "STOPPED";
  EXPECT_TRUE(request.ToJson().ok());
  request.service_name = "web";
  EXPECT_EQ(request.ToJson().status().code(), StatusCode::kInvalidInput);
  ListTasksRequest by_service{.cluster = "c", .service_name = "web", .max_results = 0};
  EXPECT_EQ(by_service.ToJson().status().code(), StatusCode::kInvalidInput);
  by_service.max_results = 100;
  EXPECT_TRUE(by_service.ToJson().ok());
}

TEST(ResourceNameOf, StripsArnPrefixOnly) {
  EXPECT_EQ(ResourceNameOf("arn:aws:ecs:us-east-1:1:service/prod/web"), "web");
  EXPECT_EQ(ResourceNameOf("arn:aws:ecs:us-east-1:1:service/web"), "web");
  EXPECT_EQ(ResourceNameOf("web"), "web");
}

TEST(DescribeServicesResult, FindsByNameOrEitherArnFormat) {
  DescribeServicesResult result;
  Service web;
  web.service_name = "web";
  web.service_arn = "arn:aws:ecs:us-east-1:1:service/prod/web";
  result.services.push_back(web);
  result.failures.push_back({"arn:aws:ecs:us-east-1:1:service/prod/gone", "MISSING", ""});
  result.failures.push_back({"arn:aws:ecs:us-east-1:1:service/prod/denied", "ACCESS_DENIED", ""});
  EXPECT_NE(result.Find("web"), nullptr);
  EXPECT_NE(result.Find("arn:aws:ecs:us-east-1:1:service/prod/web"), nullptr);
  EXPECT_NE(result.Find("arn:aws:ecs:us-east-1:1:service/web"), nullptr);  // old ARN format
  EXPECT_EQ(result.Find("gone"), nullptr);
  EXPECT_TRUE(result.IsMissing("gone"));
  EXPECT_TRUE(result.IsMissing("arn:aws:ecs:us-east-1:1:service/gone"));
  EXPECT_FALSE(result.IsMissing("denied"));
  EXPECT_NE(result.FindFailure("denied"), nullptr);
  EXPECT_FALSE(result.IsMissing("web"));
  EXPECT_FALSE(result.IsMissing("eb"));  // a suffix is not a name
}

TEST(DescribeTaskSetsResult, FindsByIdOrArn) {
  DescribeTaskSetsResult result;
  TaskSet ts;
  ts.id = "ecs-svc/111";
  ts.task_set_arn = "arn:aws:ecs:us-east-1:1:task-set/prod/web/ecs-svc/111";
  result.task_sets.push_back(ts);
  result.failures.push_back({"arn:aws:ecs:us-east-1:1:task-set/prod/web/ecs-svc/222", "MISSING", ""});
  EXPECT_NE(result.Find("ecs-svc/111"), nullptr);
  EXPECT_NE(result.Find(ts.task_set_arn), nullptr);
  EXPECT_EQ(result.Find("ecs-svc/11"), nullptr);
  EXPECT_EQ(result.Find("111"), nullptr);
  EXPECT_TRUE(result.IsMissing("ecs-svc/222"));
  EXPECT_FALSE(result.IsMissing("ecs-svc/111"));
}

}  // namespace
}  // namespace kanaria::aws::ecs
