#include "engine/lock_decision.h"

#include <fmt/format.h>

#include "engine/release_tags.h"

namespace kanaria::engine {

namespace {

LockDecision Refusal(std::string message) {
  LockDecision refused;
  refused.refusal = std::move(message);
  return refused;
}

}  // namespace

LockDecision DecideLock(const model::Application& app, const LiveService& live, ReleaseMode mode,
                        const std::string& digest, WallTime now) {
  if (!live.lock) {
    if (mode == ReleaseMode::kResume || mode == ReleaseMode::kAbort) {
      return Refusal(fmt::format("no release holds service {}: nothing to {}", app.service_name(),
                                 mode == ReleaseMode::kAbort ? "abort" : "resume"));
    }
    for (const auto& ts : live.service.task_sets) {
      // The PRIMARY keeps its tags as provenance: the release that created it.
      if (ts.IsPrimary() || ts.status == aws::ecs::kTaskSetDraining) continue;
      if (const std::string* owner = aws::ecs::FindTag(ts.tags, kReleaseTag)) {
        return Refusal(fmt::format("task set {} belongs to release {}, which holds no lock any more; delete "
                                   "it (aws ecs delete-task-set --force) before releasing",
                                   ts.id, *owner));
      }
    }
    return {};
  }
  const LockValue& lock = *live.lock;
  const bool stale = lock.ExpiredAt(now) || lock.HeldByDeadLocalProcess();
  if (mode == ReleaseMode::kAbort) {
    if (!stale) return Refusal("release " + lock.release_id + " is running; `kanaria abort` left it a request instead");
  } else if (lock.digest == ShortDigest(digest)) {
    if (!stale) {
      return Refusal(fmt::format("this release is already running: {}. If its process died on another "
                                 "machine, re-run after the lock expires",
                                 lock.Describe()));
    }
  } else if (stale) {
    return Refusal(fmt::format("an unfinished release with a different configuration holds service {}: {}. "
                               "Run `kanaria resume` with the configuration it started with, or "
                               "`kanaria abort {}` to roll it back",
                               app.service_name(), lock.Describe(), app.directory));
  } else {
    return Refusal(fmt::format("another release holds service {}: {}", app.service_name(), lock.Describe()));
  }
  LockDecision take_over;
  take_over.release_id = lock.release_id;
  return take_over;
}

}  // namespace kanaria::engine
