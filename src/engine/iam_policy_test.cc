#include "engine/iam_policy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "aws/operations.h"

namespace kanaria::engine {
namespace {

TEST(IamPolicyTest, DocsFileIsTheGeneratedPolicy) {
  std::ifstream file(KANARIA_SOURCE_DIR "/docs/iam-policy.json");
  ASSERT_TRUE(file) << "docs/iam-policy.json is missing; regenerate with `kanaria iam-policy`";
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(nlohmann::json::parse(text.str()), IamPolicyDocument())
      << "docs/iam-policy.json is stale; regenerate with `build/kanaria iam-policy > docs/iam-policy.json`";
}

TEST(IamPolicyTest, EveryEngineActionComesFromTheOperationTable) {
  for (const auto& action : EngineIamActions()) {
    bool found = false;
    for (const auto& op : aws::AllOperations()) found |= op.iam_action == action;
    EXPECT_TRUE(found) << action;
  }
  EXPECT_NE(std::find(EngineIamActions().begin(), EngineIamActions().end(), "ecs:CreateTaskSet"),
            EngineIamActions().end());
}

}  // namespace
}  // namespace kanaria::engine
