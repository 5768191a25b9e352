// Time in rehearsals (ARCHITECTURE.md): timestamps stay on the wall clock; every simulated
// duration (task start, health-check interval, deregistration delay, metric publication delay)
// is divided by the time scale. Everything in the emulator that waits asks SimTime.
#pragma once

#include <chrono>

#include "core/clock.h"

namespace kanaria::emulator {

using VirtualSeconds = std::chrono::duration<double>;

class SimTime {
 public:
  // REQUIRES: scale > 0. `clock` outlives this object.
  SimTime(Clock& clock, double scale) : clock_(&clock), scale_(scale) {}

  WallTime Now() const { return clock_->Now(); }
  double scale() const { return scale_; }
  Clock& clock() const { return *clock_; }

  // The real duration a simulated duration takes (rounded to microseconds, never negative).
  std::chrono::microseconds Real(VirtualSeconds simulated) const {
    const double micros = simulated.count() * 1e6 / scale_;
    return std::chrono::microseconds(micros > 0 ? static_cast<int64_t>(micros) : 0);
  }
  // The wall-clock instant `simulated` after `from`.
  WallTime After(WallTime from, VirtualSeconds simulated) const {
    return from + std::chrono::duration_cast<WallTime::duration>(Real(simulated));
  }
  // The simulated duration that `real` wall-clock time stands for.
  VirtualSeconds Simulated(WallTime::duration real) const {
    return std::chrono::duration_cast<VirtualSeconds>(real) * scale_;
  }

 private:
  Clock* clock_;
  double scale_;
};

}  // namespace kanaria::emulator
