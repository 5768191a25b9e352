// Every API call the emulator received, in order (admin API `GET/DELETE /_emulator/requests`):
// what release tests assert "which calls did the engine make" on. Thread-safe.
//
// Compact on purpose: a benchmark or a polling loop sends hundreds of thousands of calls, and
// the emulator's memory must not grow with them. An entry is 16 bytes (names are interned), at
// most kCapacity entries are kept (the oldest go first, counted in dropped()), and at most
// kMaxNames distinct names (unknown operations a client invents share one "(other)" name).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"

namespace kanaria::emulator {

struct LoggedRequest {
  WallTime time;
  std::string service;     // signing name: "ecs", "elasticloadbalancing", ...; "" when unknown
  std::string operation;   // "" when it could not be identified
  int status = 0;          // HTTP status answered (0: connection dropped)
  std::string error_code;  // "" on success
};

class RequestLog {
 public:
  static constexpr size_t kCapacity = 100'000;
  static constexpr size_t kMaxNames = 4096;

  RequestLog();
  void Append(const LoggedRequest& entry);
  void Clear();
  // [{"time": ISO 8601, "service", "operation", "status", "errorCode"}, ...]
  nlohmann::json ToJson() const;
  size_t size() const;
  uint64_t dropped() const;

 private:
  struct Entry {
    int64_t time_ms;
    uint16_t service;
    uint16_t operation;
    uint16_t error_code;
    uint16_t status;
  };
  uint16_t Intern(std::string_view name);  // REQUIRES: mu_ held

  mutable std::mutex mu_;
  std::deque<Entry> entries_;
  uint64_t dropped_ = 0;
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint16_t> name_ids_;
};

}  // namespace kanaria::emulator
