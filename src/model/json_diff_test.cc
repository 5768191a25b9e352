#include "model/json_diff.h"

#include <gtest/gtest.h>

namespace kanaria::model {
namespace {

using nlohmann::json;

TEST(JsonDiffTest, NamesChangedAddedAndRemovedMembersByPath) {
  json before = {{"family", "web"}, {"cpu", "256"},
                 {"containerDefinitions", json::array({{{"name", "app"}, {"image", "web:1"}}})}};
  json after = {{"family", "web"}, {"memory", "512"},
                {"containerDefinitions", json::array({{{"name", "app"}, {"image", "web:2"}}})}};
  EXPECT_EQ(DiffJson(before, after),
            (std::vector<std::string>{"~ containerDefinitions[0].image: \"web:1\" -> \"web:2\"",
                                      "- cpu: \"256\"", "+ memory: \"512\""}));
}

TEST(JsonDiffTest, ArraysCompareByPositionAndReportExtraElements) {
  EXPECT_EQ(DiffJson(json::array({1, 2}), json::array({1, 2, 3})), (std::vector<std::string>{"+ [2]: 3"}));
  EXPECT_EQ(DiffJson(json::array({1, 2}), json::array({1})), (std::vector<std::string>{"- [1]: 2"}));
}

TEST(JsonDiffTest, EqualDocumentsAndEqualNumbersOfDifferentTypesHaveNoDiff) {
  EXPECT_TRUE(DiffJson(json{{"a", 1}}, json{{"a", 1.0}}).empty());
  EXPECT_TRUE(DiffJson(json{{"a", {{"b", true}}}}, json{{"a", {{"b", true}}}}).empty());
}

}  // namespace
}  // namespace kanaria::model
