#include "aws/ecs/task_definition_input.h"

#include <gtest/gtest.h>

namespace kanaria::aws::ecs {
namespace {

using nlohmann::json;

// What `aws ecs describe-task-definition` prints, read-only members included.
const json kDescribed = json::parse(R"({
  "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.25", "essential": true,
                            "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}],
  "family": "web",
  "networkMode": "awsvpc",
  "revision": 3,
  "volumes": [],
  "status": "ACTIVE",
  "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
  "placementConstraints": [],
  "compatibilities": ["EC2", "FARGATE"],
  "requiresCompatibilities": ["FARGATE"],
  "cpu": "256",
  "memory": "512",
  "registeredAt": 1700000000.0,
  "registeredBy": "arn:aws:iam::123456789012:user/me",
  "someFutureMember": {"x": 1}
})");

TEST(RegisterTaskDefinitionInput, DropsReadOnlyMembersAndKeepsTheRest) {
  StatusOr<json> body = RegisterTaskDefinitionInput(kDescribed);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  for (std::string_view member : ReadOnlyTaskDefinitionMembers()) {
    EXPECT_FALSE(body->contains(std::string(member))) << member;
  }
  EXPECT_EQ((*body)["family"], "web");
  EXPECT_EQ((*body)["cpu"], "256");
  EXPECT_EQ((*body)["requiresCompatibilities"], json::array({"FARGATE"}));
  EXPECT_EQ((*body)["containerDefinitions"], kDescribed["containerDefinitions"]);
  EXPECT_EQ((*body)["someFutureMember"]["x"], 1);  // members newer than kanaria pass through
  EXPECT_EQ((*body)["volumes"], json::array());
}

TEST(RegisterTaskDefinitionInput, UnwrapsDescribeOutputWithTags) {
  const json wrapped = {{"taskDefinition", kDescribed},
                        {"tags", {{{"key", "team"}, {"value", "web"}}}}};
  StatusOr<json> body = RegisterTaskDefinitionInput(wrapped);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ((*body)["family"], "web");
  EXPECT_FALSE(body->contains("taskDefinition"));
  EXPECT_FALSE(body->contains("revision"));
  EXPECT_EQ((*body)["tags"][0]["key"], "team");

  StatusOr<json> untagged = RegisterTaskDefinitionInput({{"taskDefinition", kDescribed}, {"tags", json::array()}});
  ASSERT_TRUE(untagged.ok());
  EXPECT_FALSE(untagged->contains("tags"));
}

TEST(RegisterTaskDefinitionInput, RefusesWhatEcsWouldRefuse) {
  EXPECT_EQ(RegisterTaskDefinitionInput(json::array()).status().code(), StatusCode::kInvalidInput);
  json no_family = kDescribed;
  no_family.erase("family");
  EXPECT_EQ(RegisterTaskDefinitionInput(no_family).status().code(), StatusCode::kInvalidInput);
  json numeric_family = kDescribed;
  numeric_family["family"] = 3;
  EXPECT_EQ(RegisterTaskDefinitionInput(numeric_family).status().code(), StatusCode::kInvalidInput);
  json no_containers = kDescribed;
  no_containers["containerDefinitions"] = json::array();
  StatusOr<json> refused = RegisterTaskDefinitionInput(no_containers);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(refused.status().message().find("containerDefinitions"), std::string::npos);
}

}  // namespace
}  // namespace kanaria::aws::ecs
