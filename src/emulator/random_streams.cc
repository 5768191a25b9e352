#include "emulator/random_streams.h"

namespace kanaria::emulator {
namespace {

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a: stable across runs and platforms, unlike std::hash.
uint64_t Fnv1a(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

double RandomStreams::At(std::string_view entity, uint64_t n) const {
  const uint64_t bits = SplitMix64(SplitMix64(seed_ ^ Fnv1a(entity)) + n);
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

double RandomStreams::Next(std::string_view entity) {
  uint64_t n = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    n = next_index_[std::string(entity)]++;
  }
  return At(entity, n);
}

}  // namespace kanaria::emulator
