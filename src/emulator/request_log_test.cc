#include "emulator/request_log.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kanaria::emulator {
namespace {

const WallTime kT(std::chrono::milliseconds(1700000000250));

TEST(RequestLogTest, KeepsCallsInOrderWithTheirOutcome) {
  RequestLog log;
  log.Append({kT, "ecs", "CreateTaskSet", 200, ""});
  log.Append({kT, "elasticloadbalancing", "ModifyRule", 400, "ValidationError"});
  EXPECT_EQ(log.ToJson(), nlohmann::json::parse(R"([
    {"time": "2023-11-14T22:13:20.250Z", "service": "ecs", "operation": "CreateTaskSet",
     "status": 200, "errorCode": ""},
    {"time": "2023-11-14T22:13:20.250Z", "service": "elasticloadbalancing",
     "operation": "ModifyRule", "status": 400, "errorCode": "ValidationError"}])"));
}

TEST(RequestLogTest, DropsTheOldestPastItsCapacity) {
  RequestLog log;
  for (size_t i = 0; i < RequestLog::kCapacity + 3; ++i) log.Append({kT, "ecs", "Op", 200, ""});
  EXPECT_EQ(log.size(), RequestLog::kCapacity);
  EXPECT_EQ(log.dropped(), 3u);
  log.Clear();
  EXPECT_EQ(log.size(), 0u);
  EXPECT_EQ(log.dropped(), 0u);
}

TEST(RequestLogTest, InventedNamesBeyondTheLimitShareOneName) {
  RequestLog log;
  for (size_t i = 0; i < RequestLog::kMaxNames + 10; ++i) {
    log.Append({kT, "ecs", "Invented" + std::to_string(i), 400, "UnknownOperationException"});
  }
  const nlohmann::json entries = log.ToJson();
  EXPECT_EQ(entries[0]["operation"], "Invented0");
  EXPECT_EQ(entries.back()["operation"], "(other)");
}

}  // namespace
}  // namespace kanaria::emulator
