#include "scenarios/end_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenarios/invariant_checker.h"

namespace kanaria::testing {

using nlohmann::json;

void ExpectEndState(EmulatorFixture& fixture, const ScenarioWorld& world, const std::string& end,
                    const std::string& release_id) {
  auto task_sets = fixture.Ecs("DescribeTaskSets", {{"cluster", world.cluster}, {"service", world.service},
                                                    {"include", json::array({"TAGS"})}});
  ASSERT_TRUE(task_sets.ok());
  std::vector<json> live;
  for (const auto& ts : (*task_sets)["taskSets"]) {
    if (ts.value("status", "") != "DRAINING") live.push_back(ts);
  }
  ASSERT_EQ(live.size(), 1u) << (*task_sets).dump(1);
  EXPECT_EQ(live[0]["status"], "PRIMARY");
  EXPECT_EQ(live[0]["scale"]["value"].get<double>(), 100);
  const std::string task_definition = live[0]["taskDefinition"];
  if (end == "released") {
    EXPECT_THAT(task_definition, ::testing::EndsWith("/" + world.v2));
    if (!release_id.empty()) {
      EXPECT_EQ(live[0].value("externalId", ""), release_id);
    }
  } else {
    EXPECT_THAT(task_definition, ::testing::EndsWith("/" + world.v1));
  }
  for (const auto& [arn, rule] : SnapshotRules(fixture, world)) {
    auto [primary, canary] = WeightsOf(rule, world);
    if (primary == 0 && canary == 0) continue;  // a rule of another target group
    EXPECT_GT(primary, 0) << arn;
    EXPECT_EQ(canary, 0) << arn;
  }
  auto tags = fixture.Ecs("ListTagsForResource", {{"resourceArn", world.service_arn}});
  ASSERT_TRUE(tags.ok());
  for (const auto& tag : (*tags)["tags"]) {
    EXPECT_FALSE(tag["key"].get<std::string>().starts_with("kanaria:")) << tag.dump();
  }
}

}  // namespace kanaria::testing
