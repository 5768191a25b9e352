// A Clock whose time moves only when told (or when someone sleeps on it). Thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "core/clock.h"

namespace kanaria::testing {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(WallTime start = WallTime(std::chrono::seconds(1700000000))) : now_(start) {}
  WallTime Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  // Advances time by `d` and records the sleep (tests assert backoff bounds on sleeps()).
  void SleepFor(Duration d) override {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
    sleeps_.push_back(d);
  }
  void Advance(Duration d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
  }
  void Set(WallTime t) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = t;
  }
  std::vector<Duration> sleeps() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sleeps_;
  }

 private:
  mutable std::mutex mu_;
  WallTime now_;
  std::vector<Duration> sleeps_;
};

}  // namespace kanaria::testing
