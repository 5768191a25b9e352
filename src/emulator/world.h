// The emulated AWS account: every service's state, the simulated time, seeded randomness and
// the injected faults. One mutex guards all control-plane state: calls are short, and one lock
// makes cross-service effects (a task set registering targets) atomic as AWS presents them.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "emulator/dataplane/traffic_metrics.h"
#include "emulator/faults.h"
#include "emulator/ids.h"
#include "emulator/random_streams.h"
#include "emulator/services/cloudmap/cloudmap_state.h"
#include "emulator/services/cloudwatch/cloudwatch_state.h"
#include "emulator/services/ecs/ecs_state.h"
#include "emulator/services/elbv2/elbv2_state.h"
#include "emulator/services/sts/sts_state.h"
#include "emulator/sim_time.h"

namespace kanaria::emulator {

struct WorldOptions {
  std::string account_id = "123456789012";
  std::string region = "us-east-1";
  uint64_t seed = 1;
  double time_scale = 1;
};

class World {
 public:
  // `clock` outlives the world.
  World(const WorldOptions& options, Clock& clock);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  std::mutex& mutex() { return mu_; }
  // Moves every simulation (task lifecycles, health checks, draining, alarms) to `now`.
  // REQUIRES: mutex() held.
  void AdvanceTo(WallTime now);

  const std::string& account_id() const { return options_.account_id; }
  const std::string& region() const { return options_.region; }
  // "arn:aws:<service>:<region>:<account>:<resource>"
  std::string Arn(std::string_view service, std::string_view resource) const;

 private:
  WorldOptions options_;
  std::mutex mu_;

 public:
  SimTime time;
  RandomStreams random;
  IdGenerator ids;
  Faults faults;
  TrafficMetrics traffic;  // has its own lock: the data plane records without mu_
  EcsState ecs;
  Elbv2State elbv2;
  CloudMapState cloudmap;
  CloudWatchState cloudwatch;
  StsState sts;
};

}  // namespace kanaria::emulator
