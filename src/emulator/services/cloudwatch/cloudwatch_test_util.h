// Test helpers shared by the CloudWatch tests: a World on a manual clock, traffic recording and
// calls through the service table as the dispatcher makes them.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "emulator/api_error.h"
#include "emulator/service_table.h"
#include "emulator/world.h"
#include "fakes/manual_clock.h"
#include "support/emulated_calls.h"

namespace kanaria::emulator::testutil {

inline const std::string kLbArn =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/abc";
inline const std::string kPrimaryArn =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/primary/111";
inline const std::string kCanaryArn =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/canary/222";
inline const std::string kLb = "app/web/abc";
inline const std::string kPrimary = "targetgroup/primary/111";
inline const std::string kCanary = "targetgroup/canary/222";
// A multiple of 60 s since the epoch, so 60-second periods start on it.
inline const WallTime kT0 = WallTime(std::chrono::seconds(1700000040));

inline WallTime At(double seconds) {
  return kT0 +
         std::chrono::duration_cast<WallTime::duration>(std::chrono::duration<double>(seconds));
}

// `count` requests of `tg` (ARN) at second `second` after kT0.
inline void Serve(World& world, const std::string& tg, double second, int count, int status = 200,
                  double latency_ms = 10) {
  for (int i = 0; i < count; ++i) {
    world.traffic.Record({kLbArn, tg, status, latency_ms, At(second), true});
  }
}

// Calls `operation` as the dispatcher would: world lock held, world advanced to the clock.
inline nlohmann::json Call(World& world, testing::ManualClock& clock, const std::string& operation,
                           const nlohmann::json& input,
                           WireProtocol protocol = WireProtocol::kJson) {
  return testing::CallEmulated(world, clock, "monitoring", operation, input, protocol);
}

// The error code `operation` fails with ("" when it succeeds).
inline std::string ErrorOf(World& world, testing::ManualClock& clock, const std::string& operation,
                           const nlohmann::json& input,
                           WireProtocol protocol = WireProtocol::kJson) {
  return testing::EmulatedErrorOf(world, clock, "monitoring", operation, input, protocol);
}

inline void AdvanceWorld(World& world, testing::ManualClock& clock) {
  std::lock_guard<std::mutex> lock(world.mutex());
  world.AdvanceTo(clock.Now());
}

}  // namespace kanaria::emulator::testutil
