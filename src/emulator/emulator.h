// `kanaria emulator` as a library: a local, wire-compatible AWS (ECS, ELBv2, Cloud Map,
// CloudWatch, STS) on one loopback port, with real traffic through each listener's data plane,
// simulated time and injectable faults. The CLI command, `kanaria demo` and the tests start it
// in-process. docs/emulator.md documents the admin API.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::emulator {

class World;

struct EmulatorOptions {
  std::string host = "127.0.0.1";
  int port = 0;                  // 0: an ephemeral port
  double time_scale = 1;         // simulated durations are divided by this
  double traffic_rps = 0;        // load generator rate per virtual second (0: off)
  uint64_t seed = 1;
  std::string account_id = "123456789012";
  std::string region = "us-east-1";
  // Both set: SigV4 is verified against this key pair (and STS-issued credentials).
  // Both empty: any credentials are accepted.
  std::string access_key{};
  std::string secret_key{};
  Clock* clock = nullptr;        // null: the system clock
};

class Emulator {
 public:
  // Validates the options (kInvalidInput naming the option), binds the API port and starts
  // serving. The returned emulator is ready: its first API call is answered.
  static StatusOr<std::unique_ptr<Emulator>> Start(const EmulatorOptions& options);
  ~Emulator();  // Stop()
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Stops the load generator, the listeners and the API port; joins every thread. Idempotent.
  void Stop();

  int port() const;
  std::string endpoint_url() const;  // "http://HOST:PORT"
  // For in-process tests: the emulated account. Lock world().mutex() to read it.
  World& world();

 private:
  struct Impl;
  explicit Emulator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kanaria::emulator
