// Identifiers shaped like AWS's (hex ids, digit strings, UUIDs), drawn from the seeded "ids"
// stream so a seeded run names its resources the same way every time. Thread-safe.
#pragma once

#include <string>

#include "emulator/random_streams.h"

namespace kanaria::emulator {

class IdGenerator {
 public:
  // Draws from `stream`: resource ids use "ids"; request ids have their own stream so that
  // polling does not shift the ids of the resources created after it.
  explicit IdGenerator(RandomStreams& streams, std::string stream = "ids")
      : streams_(&streams), stream_(std::move(stream)) {}
  // `n` lowercase hex digits: load balancer / target group ids (16), task ids (32).
  std::string Hex(int n);
  // `n` decimal digits, the first non-zero: task set ids "ecs-svc/" + Digits(19).
  std::string Digits(int n);
  // A version-4 UUID: request ids, Cloud Map operation ids.
  std::string Uuid();

 private:
  RandomStreams* streams_;
  std::string stream_;
};

}  // namespace kanaria::emulator
