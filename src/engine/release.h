// One release in flight: the app, the live service as pre-flight read it, the resumable state,
// and the building blocks every stage shares — each an idempotent reconcile step (STYLE.md 10):
// re-run after a crash, it finds its work done or does it.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/ecs/ecs_types.h"
#include "core/clock.h"
#include "core/status.h"
#include "engine/mutation_gate.h"
#include "engine/preflight.h"
#include "engine/release_clients.h"
#include "engine/release_events.h"
#include "engine/release_lock.h"
#include "engine/release_state.h"
#include "engine/task_set_stops.h"
#include "engine/routing/traffic_router.h"
#include "model/application.h"

namespace kanaria::engine {

class Journal;

struct ReleaseSettings {
  double time_scale = 1;     // --time-scale: every wait, timeout and poll is divided by it
  bool approve_all = false;  // --approve
};

class Release {
 public:
  Release(const model::Application& app, const ReleaseClients& clients, TrafficRouter& router,
          LiveService& live, ReleaseState& state, MutationGate& gate, ReleaseLock& lock,
          Clock& clock, ReleaseEventSink& events, ReleaseSettings settings, Journal* journal);

  const model::Application& app() const { return app_; }
  const ReleaseClients& clients() const { return clients_; }
  TrafficRouter& router() { return router_; }
  LiveService& live() { return live_; }
  ReleaseState& state() { return state_; }
  MutationGate& gate() { return gate_; }
  ReleaseLock& lock() { return lock_; }
  Clock& clock() { return clock_; }
  const ReleaseSettings& settings() const { return settings_; }
  // A resumed release looks for what it already created before creating anything.
  void set_resumed(bool resumed) { resumed_ = resumed; }
  // The kanaria:taskdef-digest of the release's new task definition.
  void set_task_definition_digest(std::string digest) { task_definition_digest_ = std::move(digest); }

  // `d` divided by the time scale, at least 1 ms.
  Duration Scaled(Duration d) const;
  void Emit(const std::string& type, const std::string& text, nlohmann::json data = nlohmann::json::object());
  // Writes the state to the journal (no-op without one).
  Status SaveState();

  // The service's task sets now (one DescribeTaskSets).
  StatusOr<std::vector<aws::ecs::TaskSet>> ReadTaskSets();
  // The live (not DRAINING) task set this release created with `role`, if any.
  std::optional<aws::ecs::TaskSet> FindOwnTaskSet(const std::vector<aws::ecs::TaskSet>& task_sets,
                                                  std::string_view role) const;

  // Creates the task set of `role` unless this release already did (a resumed release looks for
  // it by externalId and role tag); the clientToken is derived from (release id, `step`), so a retried or resumed
  // call returns the same task set. Returns its id.
  StatusOr<std::string> EnsureTaskSet(const std::string& step, std::string_view role,
                                      TaskSetRole attach_as, const std::string& task_definition,
                                      double scale);
  // Polls the task set until STEADY_STATE with backoff (1, 2, 4 s, then the configured interval,
  // all scaled), failing fast when its tasks fail to start or two of them stop, and at the
  // stability timeout.
  Status WaitSteady(const std::string& task_set_id, const std::string& what);
  // Sets every route to (primary, canary). I1: a target group whose weight goes up is raised
  // only when every task set attached to it reads STEADY_STATE just before the call.
  Status SetWeights(const std::string& step, int primary, int canary);
  Status Promote(const std::string& step, const std::string& task_set_id);
  // DeleteTaskSet with force: true; a task set already gone counts as deleted.
  Status DeleteTaskSet(const std::string& step, const std::string& task_set_id,
                       const std::string& what);
  // Holds for `d` (scaled), every poll re-reading the lock (abort requests travel with it) and
  // the task sets behind weighted target groups, which must stay STEADY_STATE (I1). `done`, when
  // given, ends the hold early when it returns true (an approval).
  Status Hold(Duration d, const std::function<bool(const aws::ecs::Tags&)>& done = nullptr);
  // The same until `end` (real time): true when `done` ended it, false when `end` came.
  StatusOr<bool> HoldUntil(WallTime end, const std::function<bool(const aws::ecs::Tags&)>& done = nullptr);

  // ANALYSIS with restartThreshold: until EndCanaryStopCount, every hold counts the canary's task
  // stops, fails past `tolerated`, and tolerates the canary task set leaving STEADY_STATE while
  // ECS replaces the tasks that stopped (an exception to I1 the user asked for).
  Status BeginCanaryStopCount(int tolerated);
  // Ends the count; when a stop was tolerated, first waits until ECS has replaced the task, so the
  // next stage starts from a steady canary.
  Status EndCanaryStopCount();
  void DropCanaryStopCount() { canary_stops_.reset(); }

  // Time limits beyond a step's own: spec.timeout for the whole release and a stage's `timeout`.
  // Waits end at the nearest; reaching one fails the step with a message naming it. Rollback
  // clears them (a timed-out release must still be able to roll back).
  struct Deadline {
    WallTime at;
    std::string what;  // "spec.timeout (6h)"
  };
  void set_release_deadline(std::optional<Deadline> deadline) { release_deadline_ = std::move(deadline); }
  void set_stage_deadline(std::optional<Deadline> deadline) { stage_deadline_ = std::move(deadline); }
  // kDeadlineExceeded naming the limit when one has passed.
  Status CheckDeadlines() const;

  // The current weights of the routes (primary, canary) as last read; {100, 0} when none.
  std::pair<int, int> CurrentWeights() const;
  void EmitTaskSets(const std::vector<aws::ecs::TaskSet>& task_sets);

 private:
  // The first live task set behind `target_group_arn` ("" = any) that is not STEADY_STATE, but
  // `exempt` (a task set id, "" = none).
  const aws::ecs::TaskSet* UnsteadyBehind(const std::string& target_group_arn,
                                          const std::vector<aws::ecs::TaskSet>& task_sets,
                                          const std::string& exempt = "") const;
  // One poll of the canary stop count: a message per new stop, an error past the threshold.
  Status CountCanaryStops();
  Status NotSteadyError(const aws::ecs::TaskSet& task_set, const std::string& target_group_arn) const;
  // I1 while holding: a task set that left STEADY_STATE fails the release, unless it is only
  // following a desiredCount change (auto scaling), which kanaria waits out, or is the canary
  // replacing a stop restartThreshold tolerates.
  Status CheckHeldSteady(const std::string& target_group_arn,
                         const std::vector<aws::ecs::TaskSet>& task_sets,
                         const std::map<std::string, int>& desired_before);
  std::string RoleOf(const aws::ecs::TaskSet& task_set) const;

  const model::Application& app_;
  const ReleaseClients& clients_;
  TrafficRouter& router_;
  LiveService& live_;
  ReleaseState& state_;
  MutationGate& gate_;
  ReleaseLock& lock_;
  Clock& clock_;
  ReleaseEventSink& events_;
  ReleaseSettings settings_;
  Journal* journal_;
  // The nearest of the release and stage deadlines, if any.
  const Deadline* NearestDeadline() const;

  std::optional<Deadline> release_deadline_;
  std::optional<Deadline> stage_deadline_;
  bool resumed_ = false;
  // Task set id -> ARN, as CreateTaskSet or DescribeTaskSets gave them (UpdateServicePrimaryTaskSet
  // is sent the ARN, which every implementation accepts).
  std::map<std::string, std::string> task_set_arns_;
  std::string task_definition_digest_;
  // computedDesiredCount of each task set when the release first read it, updated once a scaling
  // was waited out (auto scaling shows as a change).
  std::map<std::string, int> desired_seen_;
  // restartThreshold's count while an ANALYSIS runs.
  struct CanaryStopBudget {
    TaskSetStops stops;
    int tolerated = 0;
    int counted = 0;  // stops since the stage began, scale-in left out
  };
  std::optional<CanaryStopBudget> canary_stops_;
};

// `d` divided by the time scale (--time-scale), at least 1 ms.
Duration ScaledDuration(Duration d, double time_scale);

// The target of a CreateTaskSet in call lists: "canary task set at 10% on green".
std::string TaskSetCallTarget(std::string_view role, double scale, const std::string& target_group);

// A task set's target groups (its loadBalancers' targetGroupArn).
std::vector<std::string> TargetGroupsOf(const aws::ecs::TaskSet& task_set);

}  // namespace kanaria::engine
