#include "emulator/faults.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kanaria::emulator {
namespace {

using Outcome = ApiFaultDecision::Outcome;

TEST(FaultsTest, CountedFaultHitsExactlyTheNextMatchingCallsThenGoes) {
  RandomStreams random(1);
  Faults faults(random);
  ASSERT_TRUE(faults.AddFromJson(nlohmann::json::parse(
                  R"({"api": [{"service": "ecs", "operation": "CreateTaskSet", "responseLostRate": 1, "count": 2}]})"))
                  .ok());
  EXPECT_EQ(faults.Decide("ecs", "DescribeServices").outcome, Outcome::kNone);
  EXPECT_EQ(faults.Decide("ecs", "CreateTaskSet").outcome, Outcome::kResponseLost);
  EXPECT_EQ(faults.ToJson()["api"][0]["count"], 1);
  EXPECT_EQ(faults.Decide("ecs", "CreateTaskSet").outcome, Outcome::kResponseLost);
  EXPECT_EQ(faults.Decide("ecs", "CreateTaskSet").outcome, Outcome::kNone);
  EXPECT_TRUE(faults.ToJson()["api"].empty());
}

TEST(FaultsTest, SkippedCallsPassUntouchedAndKeepTheCount) {
  RandomStreams random(1);
  Faults faults(random);
  ASSERT_TRUE(faults.AddFromJson(nlohmann::json::parse(
                  R"({"api": [{"service": "ecs", "operation": "DeleteTaskSet", "responseLostRate": 1, "count": 1, "skip": 1}]})"))
                  .ok());
  EXPECT_EQ(faults.Decide("ecs", "DeleteTaskSet").outcome, Outcome::kNone);
  EXPECT_EQ(faults.Decide("ecs", "DeleteTaskSet").outcome, Outcome::kResponseLost);
  EXPECT_EQ(faults.Decide("ecs", "DeleteTaskSet").outcome, Outcome::kNone);
}

TEST(FaultsTest, CountMustBeAPositiveWholeNumber) {
  RandomStreams random(1);
  Faults faults(random);
  for (const char* body : {R"({"api": [{"service": "ecs", "count": 0}]})", R"({"api": [{"service": "ecs", "count": 1.5}]})"}) {
    Status status = faults.AddFromJson(nlohmann::json::parse(body));
    EXPECT_EQ(status.code(), StatusCode::kInvalidInput) << body;
    EXPECT_NE(status.message().find("count"), std::string::npos) << status.message();
  }
}

}  // namespace
}  // namespace kanaria::emulator
