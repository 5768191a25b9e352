// Steady synthetic traffic for rehearsals: `rps` requests per *virtual* second to every listener
// the data plane serves (ARCHITECTURE.md "Time in rehearsals"), i.e. rps × time scale real
// requests per second per listener, so every analysis interval holds as many requests as it
// would unscaled. Each listener's requests go round-robin over ListenerRouting::SampleRequests
// (one request per rule plus one for the default action), on keep-alive connections.
//
// Pacing uses the real steady clock (the requests are real). Request k of the schedule is due
// at start + k / real_rate; a few worker threads claim due requests in turn. Throughput is
// bounded by threads / real latency: when the workers fall more than kMaxLagSeconds behind, the
// missed requests are skipped (counted in `skipped`) rather than sent in a burst.
//
// The cap: SetRate refuses (kInvalidInput) any rate whose real rate, rps × time scale, exceeds
// kMaxRealRequestsPerSecond (2000) per listener; the loopback servers and two shared cores
// cannot do much more, and a silent shortfall would skew the metrics the release is judged on.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "emulator/dataplane/data_plane.h"
#include "emulator/dataplane/routing.h"
#include "emulator/sim_time.h"

namespace kanaria::emulator {

struct LoadGeneratorCounters {
  uint64_t sent = 0;     // requests that got an HTTP answer (any status)
  uint64_t failed = 0;   // requests that got no answer (connection refused, timeout)
  uint64_t skipped = 0;  // scheduled requests dropped because the workers fell behind
};

class LoadGenerator {
 public:
  static constexpr double kMaxRealRequestsPerSecond = 2000;
  static constexpr double kMaxLagSeconds = 1;
  static constexpr int kDefaultThreads = 8;

  // Every reference outlives the generator. No thread runs until SetRate() sets a rate > 0.
  LoadGenerator(std::mutex& world_mutex, ListenerRouting& routing, const DataPlane& data_plane,
                const SimTime& time, int threads = kDefaultThreads);
  LoadGenerator(const LoadGenerator&) = delete;
  LoadGenerator& operator=(const LoadGenerator&) = delete;
  ~LoadGenerator();  // Stop()

  // Sends `rps` requests per virtual second to every listener from now on; 0 pauses. Negative,
  // non-finite or above the cap: kInvalidInput, and the current rate stays.
  // REQUIRES: `world_mutex` not held by the caller.
  Status SetRate(double rps);
  double rate() const;
  // Stops sending and joins every thread (a request in flight finishes first). Idempotent;
  // SetRate() after Stop() starts again.
  void Stop();
  LoadGeneratorCounters counters() const;

 private:
  struct Target {
    int port = 0;
    std::vector<IncomingRequest> samples;
  };

  void Run();
  // Re-reads the listeners' ports and sample requests (cheap; done about once a second).
  std::vector<Target> Snapshot();

  std::mutex& world_mutex_;
  ListenerRouting& routing_;
  const DataPlane& data_plane_;
  const SimTime& time_;
  const int thread_count_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  double rps_ = 0;
  double real_rate_ = 0;                         // per listener
  std::chrono::steady_clock::time_point epoch_;  // when the current rate started
  uint64_t next_ticket_ = 0;                     // next scheduled request since epoch_
  std::vector<std::thread> workers_;

  std::atomic<uint64_t> sent_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> skipped_{0};
};

}  // namespace kanaria::emulator
