#include "engine/preflight.h"

#include <gtest/gtest.h>

namespace kanaria::engine {
namespace {

using nlohmann::json;

json Desired() {
  return {{"family", "web"}, {"cpu", "256"},
          {"containerDefinitions", json::array({{{"name", "app"}, {"image", "web:2"},
                                                 {"portMappings", json::array({{{"containerPort", 8080}}})}}})}};
}

TEST(SameTaskDefinitionTest, EcsDefaultsAndReadOnlyMembersDoNotCount) {
  json described = Desired();
  described["taskDefinitionArn"] = "arn:aws:ecs:us-east-1:1:task-definition/web:3";
  described["revision"] = 3;
  described["status"] = "ACTIVE";
  described["containerDefinitions"][0]["essential"] = true;
  described["containerDefinitions"][0]["environment"] = json::array();
  described["containerDefinitions"][0]["portMappings"][0]["hostPort"] = 8080;
  described["containerDefinitions"][0]["portMappings"][0]["protocol"] = "tcp";
  EXPECT_TRUE(SameTaskDefinition(Desired(), described));
}

TEST(SameTaskDefinitionTest, AnyRealDifferenceCounts) {
  json other_image = Desired();
  other_image["containerDefinitions"][0]["image"] = "web:3";
  EXPECT_FALSE(SameTaskDefinition(Desired(), other_image));
  json removed_member = Desired();
  removed_member["memory"] = "512";  // the running one has memory, the file dropped it
  EXPECT_FALSE(SameTaskDefinition(Desired(), removed_member));
  json extra_env = Desired();
  extra_env["containerDefinitions"][0]["environment"] = json::array({{{"name", "A"}, {"value", "1"}}});
  EXPECT_FALSE(SameTaskDefinition(Desired(), extra_env));
}

}  // namespace
}  // namespace kanaria::engine
