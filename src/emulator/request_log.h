// Every API call the emulator received, in order (admin API `GET/DELETE /_emulator/requests`):
// what release tests assert "which calls did the engine make" on. Bounded: past kCapacity
// entries the oldest are dropped and counted. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/clock.h"

namespace kanaria::emulator {

struct LoggedRequest {
  WallTime time;
  std::string service;    // signing name: "ecs", "elasticloadbalancing", ...; "" when unknown
  std::string operation;  // "" when it could not be identified
  int status = 0;         // HTTP status answered (0: connection dropped)
  std::string error_code; // "" on success
};

class RequestLog {
 public:
  static constexpr size_t kCapacity = 1'000'000;

  void Append(LoggedRequest entry);
  void Clear();
  // [{"time": ISO 8601, "service", "operation", "status", "errorCode"}, ...]
  nlohmann::json ToJson() const;
  size_t size() const;
  uint64_t dropped() const;

 private:
  mutable std::mutex mu_;
  std::deque<LoggedRequest> entries_;
  uint64_t dropped_ = 0;
};

}  // namespace kanaria::emulator
