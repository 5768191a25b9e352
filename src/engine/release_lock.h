// The release lock (I3): a tag `kanaria:lock` on the ECS service.
//
// Acquire: when the tag is absent or expired, TagResource writes our value, we pause briefly and
// read the tags back; the value read back wins. Two processes that both saw the lock free both
// write, and the later write wins for both readers, so exactly one proceeds. The race that
// remains: if the pause is shorter than the gap between the two writes landing (a slow network,
// or a writer that stalls between its read and its write for longer than the pause), the first
// writer can read back its own value before the second write lands, and both proceed. kanaria
// narrows this further by re-reading the lock before every mutating call (Verify), so the
// loser stops at its next mutation (exit 3) instead of running a whole release.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/ecs/ecs_client.h"
#include "core/clock.h"
#include "core/status.h"

namespace kanaria::engine {

// Attached to the Status of a lock that another release took over (exit 3, not a rollback:
// the new holder owns the service now).
class LockLostDetail final : public StatusDetail {};
inline bool IsLockLost(const Status& status) { return status.detail_as<LockLostDetail>() != nullptr; }

// The lock tag's value.
struct LockValue {
  std::string release_id;
  std::string digest;   // the first 16 hex digits of the config digest
  WallTime started;
  WallTime expires;
  std::string holder;   // "<caller ARN> <host> <pid>"

  // "release=kr-... digest=... started=2026-11-27T02:00:00Z expires=... holder=arn:... host 123"
  std::string Encode() const;
  // nullopt for a value kanaria did not write.
  static std::optional<LockValue> Decode(std::string_view text);
  bool ExpiredAt(WallTime now) const { return now >= expires; }
  // The holder is a process on this host that no longer runs (a crashed or killed deploy).
  bool HeldByDeadLocalProcess() const;
  // "release kr-... by arn:... (host, pid 123), started 2026-..., expires 2026-..."
  std::string Describe() const;
};

// "<caller ARN> <hostname> <pid>" for this process.
std::string LocalHolder(std::string_view caller_arn);
// The first 16 hex digits, as the lock carries it.
std::string ShortDigest(std::string_view digest);

class ReleaseLock {
 public:
  // `expiry` is already divided by the time scale; `pause` is the acquire's read-back pause.
  ReleaseLock(aws::ecs::EcsClient& ecs, Clock& clock, std::string service_arn, Duration expiry,
              Duration pause);

  // Writes the lock (and `extra_tags` in the same call) and reads it back.
  // REQUIRES: the caller checked that the current lock is absent, expired, or ours to resume.
  // kConflict naming the holder when another writer won.
  Status Acquire(const std::string& release_id, const std::string& digest,
                 std::string_view holder, const aws::ecs::Tags& extra_tags);
  // Before every mutating call: reads the service's tags; kConflict ("lost") when the lock is
  // no longer ours; renews it when less than half of the expiry is left. The tags read are kept
  // for last_tags() (approve/abort requests travel in them).
  Status Verify();
  // Removes the lock and `other_keys` (one UntagResource).
  Status Release(const std::vector<std::string>& other_keys);

  const aws::ecs::Tags& last_tags() const { return last_tags_; }
  const std::optional<LockValue>& value() const { return value_; }
  int renewals() const { return renewals_; }

 private:
  Status Write(const aws::ecs::Tags& extra_tags);

  aws::ecs::EcsClient& ecs_;
  Clock& clock_;
  std::string service_arn_;
  Duration expiry_;
  Duration pause_;
  std::optional<LockValue> value_;
  aws::ecs::Tags last_tags_;
  int renewals_ = 0;
};

}  // namespace kanaria::engine
