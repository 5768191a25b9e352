// CloudWatch state: metric alarms; metrics come from the data plane's TrafficMetrics. (Being built.)
#pragma once

#include "core/clock.h"

namespace kanaria::emulator {

class World;

class CloudWatchState {
 public:
  explicit CloudWatchState(World& world) : world_(&world) {}
  // Evaluates alarms up to `now`.
  void Advance(WallTime now) { (void)now; }

 private:
  World* world_;
};

}  // namespace kanaria::emulator
