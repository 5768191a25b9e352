// Injectable time (STYLE.md 6): SigV4 dates, backoff sleeps, credential expiry and every wait go
// through a Clock so tests can drive time by hand (tests/fakes/manual_clock.h).
#pragma once

#include <chrono>

namespace kanaria {

using WallTime = std::chrono::system_clock::time_point;
using Duration = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (timestamps, SigV4 dates, expiry). Never goes backwards in fakes.
  virtual WallTime Now() const = 0;
  // Blocks the caller for `d` (a fake advances its time instead).
  virtual void SleepFor(Duration d) = 0;
};

// The real clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  WallTime Now() const override { return std::chrono::system_clock::now(); }
  void SleepFor(Duration d) override;
  // A process-wide instance for production wiring.
  static SystemClock& Instance();
};

}  // namespace kanaria
