// What a command does about the release lock (kanaria:lock) it finds on the service: start a new
// release, resume (or abort) the one that holds it, or refuse. `deploy` acts on the decision and
// `plan` reports it, so both say the same thing about the same service.
#pragma once

#include <string>

#include "core/clock.h"
#include "engine/preflight.h"
#include "model/application.h"

namespace kanaria::engine {

enum class ReleaseMode {
  kDeploy,    // start a release, or resume the same one (same digest) after a crash
  kResume,    // only resume: refused when no release is in flight
  kRollback,  // release `task_definition_override` (the previous version) through the pipeline
  kAbort,     // roll back the release in flight (its lock expired or its process died)
};

struct LockDecision {
  std::string refusal;     // not empty: refuse (exit 2) with this message; nothing is changed
  std::string release_id;  // the unfinished release to take over; empty: a new release

  bool refused() const { return !refusal.empty(); }
  bool takes_over() const { return !release_id.empty(); }
};

// `digest` is the configuration's full digest. A lock that expired, or whose holder is a dead
// process on this machine, is stale: the same digest resumes it, `abort` rolls it back; a live
// lock or a different digest is refused, naming the holder and what to run. With no lock,
// `resume`/`abort` are refused, and so is a release while a non-PRIMARY task set of an earlier
// release is left without a lock.
LockDecision DecideLock(const model::Application& app, const LiveService& live, ReleaseMode mode,
                        const std::string& digest, WallTime now);

}  // namespace kanaria::engine
