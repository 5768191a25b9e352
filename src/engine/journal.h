// The release journal (ARCHITECTURE.md I7): a local SQLite record of every release, of every
// mutating AWS call (written before and after the call) and of notable events, so that a crashed
// `kanaria deploy` can resume, `kanaria history` can list past releases and `kanaria status` can
// show the one in flight.
//
// One database file holds every app: `<state-dir>/journal.sqlite`. Several kanaria processes may
// use it at once (WAL mode, 5 s busy timeout, every write its own short transaction), and every
// write is durable when the method returns (`synchronous=FULL`): an entry written before an AWS
// call survives a crash during that call.
//
// The journal is a cache of what AWS knows, not the source of truth: when it is lost or corrupt
// the engine recovers from AWS alone (release id in `externalId`, tags, client tokens). That is
// why a damaged file is reported as kUnavailable with advice to move it aside.
//
// Times are stored as integer milliseconds since the epoch (sub-millisecond precision is
// truncated); JSON is stored as text. The schema is in journal_schema.cc.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::engine {

class SqliteDb;

// The values ReleaseRecord::outcome takes; anything else is refused (kInvalidInput), so that a
// misspelt outcome cannot hide a release from FindUnfinished or LastReleased. "running" and
// "interrupted" are unfinished; the rest are final. "unchanged" and "refused" are accepted because
// the engine's result names include them (release_runner.cc), though it journals neither today.
inline constexpr const char* kOutcomeRunning = "running";
inline constexpr const char* kOutcomeInterrupted = "interrupted";
inline constexpr const char* kOutcomeReleased = "released";
inline constexpr const char* kOutcomeRolledBack = "rolled_back";
inline constexpr const char* kOutcomeNeedsAttention = "needs_attention";
inline constexpr const char* kOutcomeUnchanged = "unchanged";
inline constexpr const char* kOutcomeRefused = "refused";

struct ReleaseRecord {
  std::string release_id;  // e.g. "kr-20261127-0a1b2c3d"; immutable
  std::string app_name, cluster, service;  // service name; immutable
  std::string config_digest;               // hex sha-256; immutable (I3 compares it)
  std::string task_definition;             // the new one (family:revision or ARN), "" until registered
  std::string previous_task_definition;
  WallTime started_at;                     // immutable
  std::optional<WallTime> finished_at;
  std::string outcome;  // "running" | "released" | "rolled_back" | "needs_attention" | "interrupted"
                        // (see kOutcome* above)
  std::string summary;  // one line for people: why it ended that way
  nlohmann::json state;  // the engine's resumable state (opaque to the journal)
};

struct CallRecord {
  int64_t id = 0;  // unique in the file, never reused
  std::string release_id;
  int64_t sequence = 0;   // 1, 2, ... per release, in the order the calls started
  std::string step;       // engine step name, e.g. "canary-rollout/create-task-set"
  std::string operation;  // "ecs:CreateTaskSet"
  std::string client_token;  // "" when the call has none
  WallTime started_at;
  std::optional<WallTime> finished_at;  // empty while in flight
  std::string result;  // "" while in flight, "ok", or the error ("ThrottlingException: ...")
};

struct EventRecord {
  int64_t id = 0;  // unique in the file, increasing in insertion order
  std::string release_id;
  WallTime at;
  std::string type;
  nlohmann::json data;
};

// Not thread-safe: one Journal per process (or per thread), each with its own connection. Other
// processes' writes are visible to the next call.
//
// Errors common to every method: kUnavailable when the file is busy for longer than the busy
// timeout, unreadable, corrupt or on a full/read-only disk; kInvalidInput for JSON that cannot
// be stored (strings that are not UTF-8); kInternal for a row that no longer parses.
class Journal {
 public:
  // Opens the journal at `path`, creating it (mode 0600) and its missing parent directories
  // (mode 0700) when needed, and bringing an older schema up to date.
  // Errors: kInvalidInput for an empty path; kConflict when the file was written by a newer
  // kanaria (schema version above this build's); kUnavailable naming the path, with advice to
  // move it aside, when the file is not an SQLite database, is corrupt, or is an SQLite database
  // that is not a kanaria journal; kUnavailable when a directory cannot be created.
  static StatusOr<std::unique_ptr<Journal>> Open(const std::string& path);

  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();

  // Records a new release. REQUIRES: release_id, cluster and service non-empty and a known
  // outcome (kInvalidInput otherwise). kConflict if the id already exists.
  Status BeginRelease(const ReleaseRecord& release);

  // Overwrites the mutable fields (task_definition, previous_task_definition, finished_at,
  // outcome, summary, state) of the release with `release.release_id`. kNotFound if there is
  // none; kInvalidInput if an immutable field (app_name, cluster, service, config_digest,
  // started_at) differs from the stored one (a caller bug: nothing is written) or the outcome is
  // unknown.
  Status UpdateRelease(const ReleaseRecord& release);

  // The release, or nullopt when there is none with that id.
  StatusOr<std::optional<ReleaseRecord>> FindRelease(const std::string& release_id);

  // The newest release of (cluster, service) whose outcome is "running" or "interrupted".
  // "Newest" everywhere means latest started_at, ties broken by insertion order.
  StatusOr<std::optional<ReleaseRecord>> FindUnfinished(const std::string& cluster,
                                                        const std::string& service);

  // Releases of (cluster, service), newest first, at most `limit` (kInvalidInput when < 1).
  StatusOr<std::vector<ReleaseRecord>> History(const std::string& cluster,
                                               const std::string& service, int limit);

  // The newest release of (cluster, service) with outcome "released" (for `kanaria rollback`).
  StatusOr<std::optional<ReleaseRecord>> LastReleased(const std::string& cluster,
                                                      const std::string& service);

  // Before a mutating call: records it as in flight (result "", no finished_at) with the next
  // sequence number of its release, durably, and returns the call's id. Safe against other
  // processes writing the same release (the sequence is assigned inside the insert).
  // kNotFound if the release does not exist; kInvalidInput if step or operation is empty.
  StatusOr<int64_t> CallStarted(const std::string& release_id, const std::string& step,
                                const std::string& operation, const std::string& client_token,
                                WallTime at);

  // After the call: records its result ("ok" or the error). kInvalidInput for an empty result
  // (that means "in flight"); kNotFound for an unknown id; kConflict if the call already has a
  // result (a call finishes once).
  Status CallFinished(int64_t call_id, const std::string& result, WallTime at);

  // The calls of a release in sequence order, in-flight ones included (what crash recovery
  // reads). Empty for an unknown release.
  StatusOr<std::vector<CallRecord>> Calls(const std::string& release_id);

  // Calls of a release by operation, for `history`: {"ecs:CreateTaskSet": 2, ...}. Counts every
  // started call, finished or not. Empty for an unknown release.
  StatusOr<std::map<std::string, int>> CallCounts(const std::string& release_id);

  // Appends an event. kNotFound if the release does not exist; kInvalidInput for an empty type.
  Status AddEvent(const std::string& release_id, const std::string& type,
                  const nlohmann::json& data, WallTime at);

  // The events of a release in insertion order. Empty for an unknown release.
  StatusOr<std::vector<EventRecord>> Events(const std::string& release_id);

 private:
  explicit Journal(std::unique_ptr<SqliteDb> db);

  // The first release that `where` (a constant clause over ?1, ?2, ...) selects.
  StatusOr<std::optional<ReleaseRecord>> FindOneRelease(
      std::string_view where, std::initializer_list<std::string_view> params);

  std::unique_ptr<SqliteDb> db_;
};

}  // namespace kanaria::engine
