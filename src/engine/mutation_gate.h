// Every mutating AWS call of a release goes through the gate, which:
//  - re-reads (and renews) the release lock first, so a release that lost its lock stops before
//    it changes anything else;
//  - writes the journal before the call (with its clientToken) and after it (with its result),
//    so a crash at any point leaves a record recovery can read (I7);
//  - records the call for `plan`'s comparison and the end-of-release summary;
//  - retries a throttled call beyond the client's own attempts (a throttled call was never
//    executed, so a storm delays a release instead of failing it);
//  - honours an interrupt (SIGINT/SIGTERM): no new call starts once it is requested, the one in
//    flight finishes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "engine/planned_call.h"

namespace kanaria::engine {

class Journal;
class ReleaseLock;
class ReleaseEventSink;

class MutationGate {
 public:
  struct Hooks {
    // True once the user asked to stop (checked before every call and during waits).
    std::function<bool()> interrupted = [] { return false; };
    // Called after the journal's "before" write of the n-th mutating call (1-based). Tests use
    // it to kill the process at a deterministic point (KANARIA_TEST_EXIT_AFTER_JOURNAL_WRITE).
    std::function<void(int)> after_journal_write = [](int) {};
    // Called when the n-th mutating call returned, before the journal records its result
    // (KANARIA_TEST_EXIT_AFTER_CALL: with the emulator losing that call's response, the call is
    // applied and the process dies not knowing it).
    std::function<void(int)> after_call = [](int) {};
  };

  // `journal` and `lock` may be null (no journal; a call made before the lock exists).
  MutationGate(Clock& clock, ReleaseEventSink& events, Hooks hooks);

  void set_release(std::string release_id) { release_id_ = std::move(release_id); }
  void set_journal(Journal* journal) { journal_ = journal; }
  void set_lock(ReleaseLock* lock) { lock_ = lock; }

  // Runs `call` as the mutating call `planned` (with `client_token`, "" when none).
  // kCancelled without calling when an interrupt was requested; the lock's error (kConflict)
  // when the lock is lost; otherwise the call's own status.
  Status Run(const PlannedCall& planned, const std::string& client_token,
             const std::function<Status()>& call);
  // The same for the lock's own calls, which must not verify the lock first.
  Status RunWithoutLockCheck(const PlannedCall& planned, const std::string& client_token,
                             const std::function<Status()>& call);

  bool interrupted() const { return hooks_.interrupted(); }
  // Sleeps `d` in short slices; kCancelled as soon as an interrupt is requested.
  Status Sleep(Duration d);

  const std::vector<PlannedCall>& calls_made() const { return calls_made_; }

  // Throttled calls are tried this many more times (after the client's own attempts), with a
  // real-time backoff of 200 ms doubling to 3.2 s: AWS's rate limits do not follow --time-scale.
  static constexpr int kThrottleRetries = 6;
  // Runs a read, retrying throttling and transient failures the same way.
  template <typename Read>
  auto RetryTransient(Read read) -> decltype(read()) {
    auto result = read();
    for (int attempt = 0; attempt < kThrottleRetries && IsTransient(StatusOf(result)); ++attempt) {
      if (!Sleep(ThrottleBackoff(attempt)).ok()) return result;
      result = read();
    }
    return result;
  }
  static bool IsTransient(const Status& status) {
    return status.code() == StatusCode::kThrottled || status.code() == StatusCode::kUnavailable;
  }

 private:
  static Duration ThrottleBackoff(int attempt) { return Duration(std::min(3200, 200 << attempt)); }
  static const Status& StatusOf(const Status& status) { return status; }
  template <typename T>
  static const Status& StatusOf(const StatusOr<T>& result) { return result.status(); }

  Status RunChecked(const PlannedCall& planned, const std::string& client_token,
                    const std::function<Status()>& call, bool verify_lock);

  Clock& clock_;
  ReleaseEventSink& events_;
  Hooks hooks_;
  std::string release_id_;
  Journal* journal_ = nullptr;
  ReleaseLock* lock_ = nullptr;
  std::vector<PlannedCall> calls_made_;
};

// The clientToken of a release's step: the same on every retry and every resume, so ECS returns
// the task set it already created instead of creating another (36 characters at most).
std::string ClientToken(const std::string& release_id, const std::string& step);

}  // namespace kanaria::engine
