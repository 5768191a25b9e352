// Runs a release end to end: pre-flight (I6), the lock (I3), resume or start (I7), the prepare
// step, the task definition, the pipeline's stages, and on failure the rollback (I5); on success
// the lock and release tags are removed (I4). Also computes `plan`'s call list, which a
// successful `deploy` makes exactly.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "engine/lock_decision.h"
#include "engine/mutation_gate.h"
#include "engine/planned_call.h"
#include "engine/preflight.h"
#include "engine/release.h"
#include "engine/release_clients.h"
#include "engine/release_events.h"
#include "model/application.h"

namespace kanaria::engine {

class Journal;

enum class ReleaseOutcome {
  kReleased,        // exit 0
  kUnchanged,       // exit 0: the task definition and service already match
  kRolledBack,      // exit 1
  kRefused,         // exit 2: nothing was changed
  kNeedsAttention,  // exit 3
  kInterrupted,     // exit 130
};

struct ReleaseRequest {
  ReleaseMode mode = ReleaseMode::kDeploy;
  ReleaseSettings settings;
  MutationGate::Hooks hooks;
  // kRollback: the task definition ARN to go back to; replaces the file's.
  std::string task_definition_override;
};

struct ReleaseResult {
  ReleaseOutcome outcome = ReleaseOutcome::kRefused;
  std::string release_id;
  std::string summary;             // one paragraph for people: what happened, what to run next
  std::vector<PlannedCall> calls;  // mutating calls made
};

// What `plan` prints: the live state and the mutating calls a new release would make.
struct ReleasePlan {
  LiveService live;
  std::vector<Route> routes;     // as read
  std::vector<PlannedCall> calls;
  bool unchanged = false;        // nothing to release
  // Not empty: an unfinished release of the same configuration whose lock has expired; deploy
  // resumes it rather than starting a new one.
  std::string resumes;
};

// Pre-flight, the lock decision deploy would take (a refusal is kConflict with its
// message) and a simulation of the pipeline. Read-only.
StatusOr<ReleasePlan> PlanRelease(const model::Application& app, const ReleaseClients& clients, WallTime now,
                                  const std::string& task_definition_override = "");

ReleaseResult RunRelease(const model::Application& app, const ReleaseClients& clients,
                         Clock& clock, ReleaseEventSink& events, Journal* journal,
                         const ReleaseRequest& request);

}  // namespace kanaria::engine
