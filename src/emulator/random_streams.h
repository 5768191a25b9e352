// Randomness keyed by the seed and the entity it belongs to ("task/abc", "fault/ecs/CreateTaskSet",
// "loadgen/<listener>"), so a seeded run replays each entity's sequence however the threads
// interleave. A counter-based generator: the n-th draw of a stream is a pure function of
// (seed, entity, n). Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kanaria::emulator {

class RandomStreams {
 public:
  explicit RandomStreams(uint64_t seed) : seed_(seed) {}

  // The next draw, uniform in [0, 1), of `entity`'s stream.
  double Next(std::string_view entity);
  // The n-th draw of `entity`'s stream without moving it.
  double At(std::string_view entity, uint64_t n) const;
  uint64_t seed() const { return seed_; }

 private:
  uint64_t seed_;
  std::mutex mu_;
  std::unordered_map<std::string, uint64_t> next_index_;
};

}  // namespace kanaria::emulator
