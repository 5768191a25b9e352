#include "model/nearest_name.h"

#include <gtest/gtest.h>

#include <vector>

namespace kanaria::model {
namespace {

const std::vector<std::string_view> kKeys = {"serviceDefinitionFile", "taskDefinitionFile",
                                             "targetGroups", "accessType"};

TEST(EditDistanceTest, OptimalStringAlignment) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("abc", ""), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("scael", "scale"), 1);  // a transposition is one edit
  EXPECT_EQ(EditDistance("ContainerName", "containerName"), 0);
}

TEST(NearestNameTest, SuggestsOnlyPlausibleTypos) {
  EXPECT_EQ(NearestName("serviceDefinitonFile", kKeys), "serviceDefinitionFile");
  EXPECT_EQ(NearestName("TargetGroups", kKeys), "targetGroups");
  EXPECT_EQ(NearestName("acessType", kKeys), "accessType");
  EXPECT_EQ(NearestName("weights", kKeys), std::nullopt);
  EXPECT_EQ(NearestName("x", {}), std::nullopt);
}

TEST(SuggestNameTest, DidYouMeanOrTheAllowedList) {
  EXPECT_EQ(SuggestName("taskDefFile", kKeys),
            "allowed: serviceDefinitionFile, "
            "taskDefinitionFile, targetGroups, accessType");
  EXPECT_EQ(SuggestName("taskDefinitionFiles", kKeys), "did you mean `taskDefinitionFile`?");
  EXPECT_EQ(SuggestName("x", {}), "no keys are allowed here");
}

}  // namespace
}  // namespace kanaria::model
