// Injectable randomness (STYLE.md 6): backoff jitter and anything else random takes a
// RandomSource so tests replay exactly.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>

namespace kanaria {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Uniform in [0, 1).
  virtual double NextUnit() = 0;
};

// A seeded Mersenne twister. Thread-safe.
class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(uint64_t seed) : engine_(seed) {}
  double NextUnit() override {
    std::lock_guard<std::mutex> lock(mu_);
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
  }

 private:
  std::mutex mu_;
  std::mt19937_64 engine_;
};

}  // namespace kanaria
