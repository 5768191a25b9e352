#include <gtest/gtest.h>

#include "emulator/services/ecs/ecs_test_fixture.h"

namespace kanaria::emulator::testing {
namespace {

class EcsServiceTest : public EcsWorldTest {
 protected:
  void SetUp() override { CreateCluster(); }
};

TEST_F(EcsServiceTest, TheDefaultClusterMustExist) {
  std::string message;
  EXPECT_EQ(ErrorOf("ListServices", nlohmann::json::object(), &message),
            "ClusterNotFoundException");
  EXPECT_EQ(message, "Cluster not found.");
  Call("CreateCluster", nlohmann::json::object());
  EXPECT_EQ(Call("ListServices", nlohmann::json::object())["serviceArns"].size(), 0u);
  const nlohmann::json clusters = Call("DescribeClusters", {{"clusters", {"default", "nope"}}});
  EXPECT_EQ(clusters["clusters"][0]["clusterArn"],
            "arn:aws:ecs:us-east-1:123456789012:cluster/default");
  EXPECT_EQ(clusters["failures"][0]["reason"], "MISSING");
}

TEST_F(EcsServiceTest, DescribeServicesReportsUnknownServicesAsMissing) {
  CreateExternalService(3);
  const nlohmann::json output =
      Call("DescribeServices",
           {{"cluster", "prod"}, {"services", {"api", "ghost"}}, {"include", {"TAGS"}}});
  ASSERT_EQ(output["services"].size(), 1u);
  const nlohmann::json& service = output["services"][0];
  EXPECT_EQ(service["serviceArn"], "arn:aws:ecs:us-east-1:123456789012:service/prod/api");
  EXPECT_EQ(service["deploymentController"]["type"], "EXTERNAL");
  EXPECT_EQ(service["desiredCount"], 3);
  EXPECT_EQ(service["status"], "ACTIVE");
  EXPECT_TRUE(service["taskSets"].is_array());
  EXPECT_TRUE(service.contains("tags"));
  ASSERT_EQ(output["failures"].size(), 1u);
  EXPECT_EQ(output["failures"][0]["arn"], "arn:aws:ecs:us-east-1:123456789012:service/prod/ghost");
  EXPECT_EQ(output["failures"][0]["reason"], "MISSING");
}

TEST_F(EcsServiceTest, UpdateServiceOnExternalAcceptsOnlyWhatAwsAccepts) {
  const std::string web = RegisterWeb();
  CreateExternalService(2);
  const nlohmann::json updated =
      Call("UpdateService", {{"cluster", "prod"},
                             {"service", "api"},
                             {"desiredCount", 6},
                             {"healthCheckGracePeriodSeconds", 45},
                             {"propagateTags", "SERVICE"},
                             {"placementConstraints", nlohmann::json::array()}})["service"];
  EXPECT_EQ(updated["desiredCount"], 6);
  EXPECT_EQ(updated["healthCheckGracePeriodSeconds"], 45);
  EXPECT_EQ(updated["propagateTags"], "SERVICE");
  std::string message;
  EXPECT_EQ(ErrorOf("UpdateService",
                    {{"cluster", "prod"}, {"service", "api"}, {"taskDefinition", web}}, &message),
            "InvalidParameterException");
  EXPECT_TRUE(message.starts_with("Unable to update task definition on services with a EXTERNAL"))
      << message;
  EXPECT_EQ(ErrorOf("UpdateService", {{"cluster", "prod"},
                                      {"service", "api"},
                                      {"networkConfiguration", nlohmann::json::object()}}),
            "InvalidParameterException");
}

TEST_F(EcsServiceTest, DeletedServiceIsInactiveAndNoLongerActive) {
  const std::string web = RegisterWeb();
  CreateExternalService(2);
  const std::string id = CreateTaskSet(web, 100)["id"];
  EXPECT_EQ(ErrorOf("DeleteService", {{"cluster", "prod"}, {"service", "api"}}),
            "InvalidParameterException");  // scaled above 0
  const nlohmann::json deleted =
      Call("DeleteService", {{"cluster", "prod"}, {"service", "api"}, {"force", true}})["service"];
  EXPECT_EQ(deleted["status"], "DRAINING");
  AdvanceSeconds(kDeprovisioningSeconds);
  const nlohmann::json service =
      Call("DescribeServices", {{"cluster", "prod"}, {"services", {"api"}}})["services"][0];
  EXPECT_EQ(service["status"], "INACTIVE");
  std::string message;
  EXPECT_EQ(ErrorOf("UpdateService", {{"cluster", "prod"}, {"service", "api"}, {"desiredCount", 1}},
                    &message),
            "ServiceNotActiveException");
  EXPECT_EQ(message, "Service was not ACTIVE.");
  EXPECT_EQ(ErrorOf("CreateTaskSet", TaskSetInput(web, 100)), "ServiceNotActiveException");
  EXPECT_EQ(ErrorOf("DescribeTaskSets", {{"cluster", "prod"}, {"service", "api"}}),
            "ServiceNotActiveException");
  (void)id;
  CreateExternalService(1);  // the name is free again
  EXPECT_EQ(Call("DescribeServices",
                 {{"cluster", "prod"}, {"services", {"api"}}})["services"][0]["status"],
            "ACTIVE");
}

TEST_F(EcsServiceTest, CreateServiceRefusesDuplicatesUnlessTheClientTokenMatches) {
  nlohmann::json input = {{"cluster", "prod"},
                          {"serviceName", "api"},
                          {"clientToken", "t-1"},
                          {"deploymentController", {{"type", "EXTERNAL"}}}};
  const std::string arn = Call("CreateService", input)["service"]["serviceArn"];
  EXPECT_EQ(Call("CreateService", input)["service"]["serviceArn"], arn);
  input["clientToken"] = "t-2";
  std::string message;
  EXPECT_EQ(ErrorOf("CreateService", input, &message), "InvalidParameterException");
  EXPECT_EQ(message, "Creation of service was not idempotent.");
  input["serviceName"] = "other";
  input["taskDefinition"] = "web:1";
  EXPECT_EQ(ErrorOf("CreateService", input), "InvalidParameterException");
}

TEST_F(EcsServiceTest, EcsControlledServiceRunsOnePrimaryDeployment) {
  const std::string web = RegisterWeb();
  const nlohmann::json service = Call("CreateService", {{"cluster", "prod"},
                                                        {"serviceName", "worker"},
                                                        {"taskDefinition", "web"},
                                                        {"desiredCount", 2}})["service"];
  EXPECT_EQ(service["taskDefinition"], web);
  ASSERT_EQ(service["deployments"].size(), 1u);
  EXPECT_EQ(service["deployments"][0]["status"], "PRIMARY");
  EXPECT_EQ(service["deployments"][0]["desiredCount"], 2);
  EXPECT_EQ(service["pendingCount"], 2);
  const std::string deployment = service["deployments"][0]["id"];
  AdvanceSeconds(kProvisioningSeconds + kPendingSeconds);
  const nlohmann::json tasks = DescribeTasksOf(deployment);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0]["group"], "service:worker");
  EXPECT_EQ(Call("ListTasks", {{"cluster", "prod"}, {"serviceName", "worker"}})["taskArns"].size(),
            2u);
  EXPECT_EQ(ErrorOf("ListTasks", {{"cluster", "prod"}, {"serviceName", "ghost"}}),
            "ServiceNotFoundException");
}

TEST_F(EcsServiceTest, TaskDefinitionsHaveRevisionsAndBecomeInactive) {
  const std::string first = RegisterWeb();
  const std::string second = RegisterWeb();
  EXPECT_EQ(first, "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
  EXPECT_EQ(second, "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2");
  nlohmann::json described = Call("DescribeTaskDefinition", {{"taskDefinition", "web"}});
  EXPECT_EQ(described["taskDefinition"]["revision"], 2);
  EXPECT_EQ(described["taskDefinition"]["status"], "ACTIVE");
  EXPECT_EQ(described["taskDefinition"]["containerDefinitions"][0]["environment"],
            nlohmann::json::array());
  Call("DeregisterTaskDefinition", {{"taskDefinition", "web:2"}});
  described = Call("DescribeTaskDefinition", {{"taskDefinition", "web"}});
  EXPECT_EQ(described["taskDefinition"]["revision"], 1);
  EXPECT_EQ(
      Call("DescribeTaskDefinition", {{"taskDefinition", second}})["taskDefinition"]["status"],
      "INACTIVE");
  EXPECT_EQ(Call("ListTaskDefinitions", {{"familyPrefix", "web"}})["taskDefinitionArns"],
            nlohmann::json::array({first}));
  EXPECT_EQ(Call("ListTaskDefinitionFamilies", nlohmann::json::object())["families"],
            nlohmann::json::array({"web"}));
  EXPECT_EQ(ErrorOf("DescribeTaskDefinition", {{"taskDefinition", "ghost:1"}}), "ClientException");
  CreateExternalService(1);
  EXPECT_EQ(ErrorOf("CreateTaskSet", TaskSetInput(second, 100)), "ClientException");
}

TEST_F(EcsServiceTest, RegisterTaskDefinitionValidatesAsAws) {
  nlohmann::json no_image = {{"name", "web"}};
  nlohmann::json complete = {{"name", "web"}, {"image", "x"}};
  std::string message;
  EXPECT_EQ(
      ErrorOf("RegisterTaskDefinition",
              {{"family", "web"}, {"containerDefinitions", nlohmann::json::array({no_image})}},
              &message),
      "ClientException");
  EXPECT_EQ(message, "Container.image should not be null or empty.");
  EXPECT_EQ(ErrorOf("RegisterTaskDefinition", {{"family", "web"}}, &message), "ClientException");
  EXPECT_EQ(message, "Container list cannot be empty.");
  EXPECT_EQ(ErrorOf("RegisterTaskDefinition",
                    {{"containerDefinitions", nlohmann::json::array({complete})}}),
            "ClientException");
}

TEST_F(EcsServiceTest, TagsRoundTripOnTaskSetsAndServices) {
  const std::string web = RegisterWeb();
  CreateExternalService(1);
  const std::string arn = CreateTaskSet(web, 0)["taskSetArn"];
  Call("TagResource",
       {{"resourceArn", arn},
        {"tags", {{{"key", "role"}, {"value", "canary"}}, {{"key", "release"}, {"value", "7"}}}}});
  Call("UntagResource", {{"resourceArn", arn}, {"tagKeys", {"release"}}});
  EXPECT_EQ(Call("ListTagsForResource", {{"resourceArn", arn}})["tags"],
            nlohmann::json::parse(R"([{"key": "role", "value": "canary"}])"));
  EXPECT_EQ(ErrorOf("TagResource", {{"resourceArn", "arn:aws:ecs:us-east-1:1:service/x/y"},
                                    {"tags", {{{"key", "a"}, {"value", "b"}}}}}),
            "ResourceNotFoundException");
}

TEST_F(EcsServiceTest, ListsPageWithNextToken) {
  for (int i = 0; i < 3; ++i) CreateCluster("c" + std::to_string(i));
  const nlohmann::json first = Call("ListClusters", {{"maxResults", 2}});
  ASSERT_EQ(first["clusterArns"].size(), 2u);
  ASSERT_TRUE(first.contains("nextToken"));
  const nlohmann::json second =
      Call("ListClusters", {{"maxResults", 2}, {"nextToken", first["nextToken"]}});
  EXPECT_EQ(second["clusterArns"].size(), 2u);  // c0 c1 | c2 prod
  EXPECT_FALSE(second.contains("nextToken"));
}

}  // namespace
}  // namespace kanaria::emulator::testing
