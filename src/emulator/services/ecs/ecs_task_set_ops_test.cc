#include <gtest/gtest.h>

#include "emulator/services/ecs/ecs_test_fixture.h"

namespace kanaria::emulator::testing {
namespace {

class EcsTaskSetTest : public EcsWorldTest {
 protected:
  void SetUp() override {
    CreateCluster();
    web1_ = RegisterWeb();
  }
  std::string web1_;
};

TEST_F(EcsTaskSetTest, ComputedDesiredCountIsTheCeilingOfTheScaledDesiredCount) {
  CreateExternalService(3);
  EXPECT_EQ(CreateTaskSet(web1_, 10)["computedDesiredCount"], 1);  // 0.3 -> 1
  EXPECT_EQ(CreateTaskSet(web1_, 50)["computedDesiredCount"], 2);  // 1.5 -> 2
  EXPECT_EQ(CreateTaskSet(web1_, 100)["computedDesiredCount"], 3);
  EXPECT_EQ(CreateTaskSet(web1_, 0)["computedDesiredCount"], 0);
  const nlohmann::json third = CreateTaskSet(web1_, 100.0 / 3);  // float noise stays 1
  EXPECT_EQ(third["computedDesiredCount"], 1);
}

TEST_F(EcsTaskSetTest, CreateTaskSetAnswersTheAwsShape) {
  CreateExternalService(4);
  nlohmann::json input = TaskSetInput(web1_, 50);
  input["externalId"] = "release-7";
  nlohmann::json tag = {{"key", "kanaria/role"}, {"value", "canary"}};
  input["tags"] = nlohmann::json::array({tag});
  const nlohmann::json task_set = Call("CreateTaskSet", input)["taskSet"];
  const std::string id = task_set["id"];
  EXPECT_TRUE(id.starts_with("ecs-svc/"));
  EXPECT_EQ(id.size(), std::string("ecs-svc/").size() + 19);
  EXPECT_EQ(task_set["taskSetArn"], "arn:aws:ecs:us-east-1:123456789012:task-set/prod/api/" + id);
  EXPECT_EQ(task_set["serviceArn"], "arn:aws:ecs:us-east-1:123456789012:service/prod/api");
  EXPECT_EQ(task_set["clusterArn"], "arn:aws:ecs:us-east-1:123456789012:cluster/prod");
  EXPECT_EQ(task_set["status"], "ACTIVE");
  EXPECT_EQ(task_set["taskDefinition"], web1_);
  EXPECT_EQ(task_set["externalId"], "release-7");
  EXPECT_EQ(task_set["launchType"], "FARGATE");
  EXPECT_EQ(task_set["scale"], (nlohmann::json{{"value", 50.0}, {"unit", "PERCENT"}}));
  EXPECT_EQ(task_set["pendingCount"], 2);
  EXPECT_EQ(task_set["runningCount"], 0);
  EXPECT_EQ(task_set["stabilityStatus"], "STABILIZING");
  EXPECT_EQ(task_set["tags"][0]["value"], "canary");
  EXPECT_EQ(task_set["loadBalancers"][0]["targetGroupArn"], kTargetGroup);
}

TEST_F(EcsTaskSetTest, SameClientTokenReturnsTheSameTaskSet) {
  CreateExternalService(2);
  nlohmann::json input = TaskSetInput(web1_, 100);
  input["clientToken"] = "release-7-canary";
  const nlohmann::json first = Call("CreateTaskSet", input)["taskSet"];
  const nlohmann::json again = Call("CreateTaskSet", input)["taskSet"];
  EXPECT_EQ(first["id"], again["id"]);
  const nlohmann::json all =
      Call("DescribeTaskSets", {{"cluster", "prod"}, {"service", "api"}})["taskSets"];
  EXPECT_EQ(all.size(), 1u);
  input["clientToken"] = "another";
  EXPECT_NE(Call("CreateTaskSet", input)["taskSet"]["id"], first["id"]);
}

TEST_F(EcsTaskSetTest, AServiceHoldsAtMostFiveTaskSets) {
  CreateExternalService(1);
  for (int i = 0; i < 5; ++i) CreateTaskSet(web1_, 0);
  std::string message;
  EXPECT_EQ(ErrorOf("CreateTaskSet", TaskSetInput(web1_, 0), &message),
            "InvalidParameterException");
  EXPECT_EQ(message,
            "5 deployments exist on the service. Unable to create new TaskSet since this exceeds "
            "the maximum limit.");
}

TEST_F(EcsTaskSetTest, RefusesTargetGroupsWithoutLoadBalancerOrThatDoNotExist) {
  CreateExternalService(1);
  const std::string lonely = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1";
  load_balancers_.AddTargetGroup(lonely, /*has_load_balancer=*/false);
  std::string message;
  EXPECT_EQ(ErrorOf("CreateTaskSet", TaskSetInput(web1_, 100, lonely.c_str()), &message),
            "InvalidParameterException");
  EXPECT_EQ(message, "The target group with targetGroupArn " + lonely +
                         " does not have an associated load balancer.");
  EXPECT_EQ(ErrorOf("CreateTaskSet", TaskSetInput(web1_, 100, "arn:aws:nope")),
            "InvalidParameterException");
  nlohmann::json wrong_port = TaskSetInput(web1_, 100);
  wrong_port["loadBalancers"][0]["containerPort"] = 9999;
  EXPECT_EQ(ErrorOf("CreateTaskSet", wrong_port), "InvalidParameterException");
}

TEST_F(EcsTaskSetTest, ErrorsNameTheMissingResource) {
  CreateExternalService(1);
  nlohmann::json input = TaskSetInput(web1_, 100);
  input["cluster"] = "nope";
  std::string message;
  EXPECT_EQ(ErrorOf("CreateTaskSet", input, &message), "ClusterNotFoundException");
  EXPECT_EQ(message, "Cluster not found.");
  input = TaskSetInput(web1_, 100);
  input["service"] = "nope";
  EXPECT_EQ(ErrorOf("CreateTaskSet", input), "ServiceNotFoundException");
  EXPECT_EQ(ErrorOf("CreateTaskSet", TaskSetInput("web:99", 100)), "ClientException");
  input = TaskSetInput(web1_, 100);
  input["scale"]["value"] = 101;
  EXPECT_EQ(ErrorOf("CreateTaskSet", input), "InvalidParameterException");
  EXPECT_EQ(ErrorOf("UpdateTaskSet", {{"cluster", "prod"},
                                      {"service", "api"},
                                      {"taskSet", "ecs-svc/1234"},
                                      {"scale", {{"value", 5}, {"unit", "PERCENT"}}}}),
            "TaskSetNotFoundException");
  EXPECT_EQ(ErrorOf("UpdateServicePrimaryTaskSet",
                    {{"cluster", "prod"}, {"service", "api"}, {"primaryTaskSet", "ecs-svc/1"}}),
            "TaskSetNotFoundException");
}

TEST_F(EcsTaskSetTest, TaskSetsNeedTheExternalController) {
  Call("CreateService", {{"cluster", "prod"},
                         {"serviceName", "api"},
                         {"taskDefinition", web1_},
                         {"desiredCount", 0}});
  std::string message;
  EXPECT_EQ(ErrorOf("CreateTaskSet", TaskSetInput(web1_, 100), &message),
            "InvalidParameterException");
  EXPECT_EQ(message,
            "Amazon ECS only supports task set management on services configured to use external "
            "deployment controllers.");
}

TEST_F(EcsTaskSetTest, UpdateServicePrimaryTaskSetDemotesThePreviousPrimary) {
  CreateExternalService(2);
  const std::string blue = CreateTaskSet(web1_, 100)["id"];
  const std::string green = CreateTaskSet(web1_, 100)["id"];
  EXPECT_EQ(Call("UpdateServicePrimaryTaskSet", {{"cluster", "prod"},
                                                 {"service", "api"},
                                                 {"primaryTaskSet", blue}})["taskSet"]["status"],
            "PRIMARY");
  Call("UpdateServicePrimaryTaskSet",
       {{"cluster", "prod"}, {"service", "api"}, {"primaryTaskSet", green}});
  EXPECT_EQ(DescribeTaskSet(blue)["status"], "ACTIVE");
  EXPECT_EQ(DescribeTaskSet(green)["status"], "PRIMARY");
  const nlohmann::json service =
      Call("DescribeServices", {{"cluster", "prod"}, {"services", {"api"}}})["services"][0];
  EXPECT_EQ(service["launchType"], "FARGATE");
  EXPECT_EQ(service["taskSets"].size(), 2u);
}

TEST_F(EcsTaskSetTest, DeletedTaskSetDrainsThenIsMissing) {
  CreateExternalService(2);
  const std::string primary = CreateTaskSet(web1_, 100)["id"];
  const std::string canary = CreateTaskSet(web1_, 50)["id"];
  Call("UpdateServicePrimaryTaskSet",
       {{"cluster", "prod"}, {"service", "api"}, {"primaryTaskSet", primary}});
  AdvanceSeconds(20);
  const nlohmann::json remove_primary = {
      {"cluster", "prod"}, {"service", "api"}, {"taskSet", primary}};
  EXPECT_EQ(ErrorOf("DeleteTaskSet", remove_primary), "InvalidParameterException");

  const nlohmann::json deleted = Call(
      "DeleteTaskSet",
      {{"cluster", "prod"}, {"service", "api"}, {"taskSet", canary}, {"force", true}})["taskSet"];
  EXPECT_EQ(deleted["status"], "DRAINING");
  EXPECT_EQ(DescribeTaskSet(canary)["status"], "DRAINING");
  EXPECT_EQ(DescribeTaskSet(canary)["computedDesiredCount"], 0);

  AdvanceSeconds(60);  // still draining in ELB: the tasks wait in DEACTIVATING
  EXPECT_EQ(DescribeTaskSet(canary)["status"], "DRAINING");
  load_balancers_.SetAll(kTargetGroup, TargetHealthState::kDraining, TargetHealthState::kUnused);
  AdvanceSeconds(1);
  AdvanceSeconds(kStoppingSeconds + kDeprovisioningSeconds);
  const nlohmann::json described =
      Call("DescribeTaskSets", {{"cluster", "prod"}, {"service", "api"}, {"taskSets", {canary}}});
  EXPECT_TRUE(described["taskSets"].empty());
  ASSERT_EQ(described["failures"].size(), 1u);
  EXPECT_EQ(described["failures"][0]["reason"], "MISSING");
  EXPECT_EQ(described["failures"][0]["arn"], canary);
  EXPECT_EQ(
      ErrorOf("DeleteTaskSet", {{"cluster", "prod"}, {"service", "api"}, {"taskSet", canary}}),
      "TaskSetNotFoundException");
}

TEST_F(EcsTaskSetTest, UpdateTaskSetScalesTasks) {
  CreateExternalService(4);
  const std::string id = CreateTaskSet(web1_, 25)["id"];
  EXPECT_EQ(DescribeTaskSet(id)["pendingCount"], 1);
  const nlohmann::json updated =
      Call("UpdateTaskSet", {{"cluster", "prod"},
                             {"service", "api"},
                             {"taskSet", id},
                             {"scale", {{"value", 100}, {"unit", "PERCENT"}}}})["taskSet"];
  EXPECT_EQ(updated["computedDesiredCount"], 4);
  EXPECT_EQ(updated["pendingCount"], 4);
  Call("UpdateService", {{"cluster", "prod"}, {"service", "api"}, {"desiredCount", 2}});
  EXPECT_EQ(DescribeTaskSet(id)["computedDesiredCount"], 2);
  EXPECT_EQ(DescribeTaskSet(id)["pendingCount"], 2);
  EXPECT_EQ(DescribeTasksOf(id, "STOPPED").size(), 2u);
}

}  // namespace
}  // namespace kanaria::emulator::testing
