#include "engine/release_runner.h"

#include <fmt/format.h>
#include <unistd.h>

#include <random>

#include "aws/ecs/ecs_client.h"
#include "engine/journal.h"
#include "engine/lock_decision.h"
#include "engine/recovery.h"
#include "engine/release_lock.h"
#include "model/digest.h"
#include "model/duration.h"
#include "engine/release_tags.h"
#include "engine/rollback.h"
#include "engine/routing/traffic_routers.h"
#include "engine/stage.h"

namespace kanaria::engine {
namespace {

constexpr const char* kLockStep = "lock";
constexpr const char* kPrepareStep = "prepare";
constexpr const char* kRegisterStep = "register";
constexpr const char* kFinishStep = "finish";


// The digest a release is known by: the app's, or for a rollback the app's plus its target.
std::string EffectiveDigest(const model::Application& app, const std::string& override_td) {
  return override_td.empty() ? app.digest : model::Sha256Hex(app.digest + "/rollback/" + override_td);
}

// The PRIMARY already runs what would be released and neither the service nor the routes need
// a change.
bool NothingToRelease(const LiveService& live, const TrafficRouter& router, const std::string& override_td) {
  if (!live.primary) return false;
  const std::string& wanted = override_td.empty() ? live.identical_task_definition : override_td;
  return live.primary->task_definition == wanted && live.service_updates.empty() &&
         live.missing_service_tags.empty() && router.PlanPrepare().empty();
}

std::string NewReleaseId(WallTime now) {
  std::random_device device;
  auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(now);
  std::time_t t = std::chrono::system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  return fmt::format("kr-{:04}{:02}{:02}-{:02}{:02}{:02}-{:04x}", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, device() & 0xffff);
}

PlannedCall LockCall() {
  return {.step = kLockStep, .operation = "ecs:TagResource", .target = "service: release lock and previous state"};
}
PlannedCall FinishCall() {
  return {.step = kFinishStep, .operation = "ecs:UntagResource", .target = "service: release lock and release tags"};
}
PlannedCall UpdateServiceCall(const nlohmann::json& updates) {
  return {.step = kPrepareStep, .operation = "ecs:UpdateService", .target = updates.dump()};
}
PlannedCall RegisterCall(const model::Application& app) {
  return {.step = kRegisterStep, .operation = "ecs:RegisterTaskDefinition",
          .target = "new revision of " + app.task_definition.json.value("family", "")};
}

std::vector<std::string> ReleaseTagKeys() {
  return {std::string(kPhaseTag), std::string(kPreviousTaskSetTag),
          std::string(kPreviousTaskDefinitionTag), std::string(kPreviousServiceTag),
          std::string(kApproveRequestTag), std::string(kAbortRequestTag)};
}

bool NeedsNewTaskDefinition(const LiveService& live, const std::string& override_td) {
  return override_td.empty() && live.identical_task_definition.empty();
}

std::string TargetTaskDefinition(const LiveService& live, const std::string& override_td) {
  if (!override_td.empty()) return override_td;
  return live.identical_task_definition;
}

// The app's stages; an app without a pipeline runs one ECS_SYNC (quick sync).
std::vector<model::Stage> PipelineOf(const model::Application& app) {
  if (!app.stages.empty()) return app.stages;
  model::Stage sync;
  sync.kind = model::StageKind::kSync;
  sync.id = "stage-0";
  sync.recreate = app.quick_sync_recreate;
  return {sync};
}

std::vector<PlannedCall> SimulatePipeline(const model::Application& app, const TrafficRouter& router,
                                          const LiveService& live, const std::string& override_td) {
  PlanSimulation plan{.app = app, .router = router, .task_definition = TargetTaskDefinition(live, override_td),
                      .routes = router.routes(), .canary_exists = false, .primary_created = false,
                      .previous_primary_exists = live.primary.has_value(), .calls = {}};
  plan.calls.push_back(LockCall());
  if (!live.service_updates.empty()) plan.calls.push_back(UpdateServiceCall(live.service_updates));
  for (auto& call : router.PlanPrepare()) {
    plan.calls.push_back(call);
    for (auto& route : plan.routes) route.has_canary = true;
  }
  if (NeedsNewTaskDefinition(live, override_td)) plan.calls.push_back(RegisterCall(app));
  for (const auto& stage : PipelineOf(app)) {
    StageFor(stage.kind).Plan(stage, plan);
  }
  plan.calls.push_back(FinishCall());
  return plan.calls;
}

// Everything one run needs, alive for its duration.
class Runner {
 public:
  Runner(const model::Application& app, const ReleaseClients& clients, Clock& clock,
         ReleaseEventSink& events, Journal* journal, const ReleaseRequest& request)
      : app_(app), clients_(clients), clock_(clock), events_(events), journal_(journal),
        request_(request), gate_(clock, events, request.hooks) {}

  ReleaseResult Run();

 private:
  ReleaseResult Refuse(const std::string& why) {
    return {.outcome = ReleaseOutcome::kRefused, .release_id = "", .summary = why, .calls = {}};
  }
  ReleaseResult Finish(ReleaseOutcome outcome, const std::string& summary);
  Status Forward(Release& release);
  Status Prepare(Release& release);
  Status EnsureTaskDefinition(Release& release);
  Status BeginJournal(bool resumed);
  ReleaseResult AfterFailure(Release& release, const Status& failure);
  Duration Scaled(Duration d) const { return ScaledDuration(d, request_.settings.time_scale); }

  const model::Application& app_;
  const ReleaseClients& clients_;
  Clock& clock_;
  ReleaseEventSink& events_;
  Journal* journal_;
  const ReleaseRequest& request_;
  MutationGate gate_;
  std::unique_ptr<TrafficRouter> router_;
  LiveService live_;
  ReleaseState state_;
  std::unique_ptr<ReleaseLock> lock_;
  std::string digest_;
  WallTime started_;
  bool release_resumed_ = false;
};

ReleaseResult Runner::Finish(ReleaseOutcome outcome, const std::string& summary) {
  static constexpr std::pair<ReleaseOutcome, const char*> kNames[] = {
      {ReleaseOutcome::kReleased, kOutcomeReleased}, {ReleaseOutcome::kUnchanged, kOutcomeUnchanged},
      {ReleaseOutcome::kRolledBack, kOutcomeRolledBack}, {ReleaseOutcome::kRefused, kOutcomeRefused},
      {ReleaseOutcome::kNeedsAttention, kOutcomeNeedsAttention}, {ReleaseOutcome::kInterrupted, kOutcomeInterrupted}};
  std::string name;
  for (const auto& [o, n] : kNames) {
    if (o == outcome) name = n;
  }
  if (journal_ != nullptr && !state_.release_id.empty()) {
    auto record = journal_->FindRelease(state_.release_id);
    if (record.ok() && record->has_value()) {
      ReleaseRecord updated = **record;
      updated.outcome = name;
      updated.summary = summary;
      updated.state = state_.ToJson();
      updated.task_definition = state_.task_definition;
      if (outcome != ReleaseOutcome::kInterrupted) updated.finished_at = clock_.Now();
      (void)journal_->UpdateRelease(updated);
      (void)journal_->AddEvent(state_.release_id, "release.finished", {{"outcome", name}, {"summary", summary}}, clock_.Now());
    }
  }
  events_.Emit({.at = clock_.Now(), .type = "release.finished", .text = summary,
                .data = {{"outcome", name}, {"releaseId", state_.release_id}, {"summary", summary},
                         {"mutatingCalls", gate_.calls_made().size()},
                         {"elapsedSeconds", std::chrono::duration<double>(clock_.Now() - started_).count()}}});
  return {.outcome = outcome, .release_id = state_.release_id, .summary = summary, .calls = gate_.calls_made()};
}

Status Runner::BeginJournal(bool resumed) {
  if (journal_ == nullptr) return Status::Ok();
  auto existing = journal_->FindRelease(state_.release_id);
  if (!existing.ok()) return existing.status();
  ReleaseRecord record;
  if (existing->has_value()) {
    record = **existing;
  } else {
    record.release_id = state_.release_id;
    record.app_name = app_.name;
    record.cluster = app_.cluster();
    record.service = app_.service_name();
    record.config_digest = digest_;
    record.previous_task_definition = state_.previous_task_definition;
    record.started_at = clock_.Now();
  }
  record.outcome = kOutcomeRunning;
  record.summary = resumed ? "resumed" : "";
  record.state = state_.ToJson();
  record.task_definition = state_.task_definition;
  if (existing->has_value()) return journal_->UpdateRelease(record);
  return journal_->BeginRelease(record);
}

Status Runner::Prepare(Release& release) {
  if (!live_.service_updates.empty()) {
    aws::ecs::UpdateServiceRequest update;
    update.cluster = app_.cluster();
    update.service = app_.service_name();
    update.additional_members = live_.service_updates;
    RETURN_IF_ERROR(gate_.Run(UpdateServiceCall(live_.service_updates), "", [&]() -> Status {
      auto result = clients_.ecs->UpdateService(update);
      return result.ok() ? Status::Ok() : result.status();
    }));
  }
  return release.router().Prepare(gate_);
}

Status Runner::EnsureTaskDefinition(Release& release) {
  if (!state_.task_definition.empty()) return Status::Ok();
  std::string arn = TargetTaskDefinition(live_, request_.task_definition_override);
  if (arn.empty() && release_resumed_) {
    // Crashed between RegisterTaskDefinition and the first task set, journal gone: the family's
    // latest revision may already be this release's.
    const std::string family = app_.task_definition.json.value("family", "");
    auto latest = clients_.ecs->DescribeTaskDefinition(family);
    if (latest.ok() && SameTaskDefinition(app_.task_definition.json, latest->task_definition.raw)) {
      arn = latest->task_definition.task_definition_arn;
    }
  }
  if (arn.empty()) {
    RETURN_IF_ERROR(gate_.Run(RegisterCall(app_), "", [&]() -> Status {
      auto registered = clients_.ecs->RegisterTaskDefinition(app_.task_definition.json);
      if (!registered.ok()) return registered.status();
      arn = registered->task_definition.task_definition_arn;
      return Status::Ok();
    }));
    state_.registered_task_definition = true;
    release.Emit("message", "registered " + std::string(aws::ecs::ResourceNameOf(arn)));
  } else {
    release.Emit("message", "using " + std::string(aws::ecs::ResourceNameOf(arn)) +
                                (request_.task_definition_override.empty() ? " (identical revision, not registered again)" : ""));
  }
  state_.task_definition = arn;
  return release.SaveState();
}

Status Runner::Forward(Release& release) {
  if (state_.next_stage == 0 && !state_.promoted) RETURN_IF_ERROR(Prepare(release));
  RETURN_IF_ERROR(EnsureTaskDefinition(release));
  const auto stages = PipelineOf(app_);
  for (std::size_t i = static_cast<std::size_t>(state_.next_stage); i < stages.size(); ++i) {
    const model::Stage& stage = stages[i];
    const WallTime stage_start = clock_.Now();
    RETURN_IF_ERROR(release.CheckDeadlines());
    if (stage.timeout) {
      release.set_stage_deadline(Release::Deadline{
          stage_start + Scaled(*stage.timeout),
          fmt::format("the stage's timeout ({})", model::FormatDuration(*stage.timeout))});
    } else {
      release.set_stage_deadline(std::nullopt);
    }
    const std::string label = StageLabel(stage);
    release.Emit("stage.started", label + " started",
                 {{"index", i}, {"id", stage.id}, {"name", model::StageKindName(stage.kind)}, {"label", label}});
    Status status = StageFor(stage.kind).Run(stage, release);
    const double elapsed = std::chrono::duration<double>(clock_.Now() - stage_start).count();
    if (!status.ok()) {
      release.Emit("stage.finished", fmt::format("{} failed after {:.1f}s: {}", label, elapsed, status.message()),
                   {{"index", i}, {"id", stage.id}, {"ok", false}, {"elapsedSeconds", elapsed}, {"error", status.message()}});
      return status.WithContext(label);
    }
    state_.next_stage = static_cast<int>(i) + 1;
    RETURN_IF_ERROR(release.SaveState());
    release.Emit("stage.finished", fmt::format("{} done in {:.1f}s", label, elapsed),
                 {{"index", i}, {"id", stage.id}, {"ok", true}, {"elapsedSeconds", elapsed}});
  }
  return Status::Ok();
}

ReleaseResult Runner::AfterFailure(Release& release, const Status& failure) {
  if (failure.code() == StatusCode::kCancelled) {
    return Finish(ReleaseOutcome::kInterrupted,
                  fmt::format("interrupted; the journal is written and the lock will expire. Run `kanaria "
                              "deploy {}` (or `kanaria resume {}`) to finish release {}",
                              app_.directory, app_.directory, state_.release_id));
  }
  if (IsLockLost(failure)) {
    return Finish(ReleaseOutcome::kNeedsAttention,
                  fmt::format("stopped: {}. This release changed nothing since; the new holder owns "
                              "the service. Check it with `kanaria status {}`",
                              failure.message(), app_.directory));
  }
  if (!app_.auto_rollback && state_.phase == ReleasePhase::kForward &&
      request_.mode != ReleaseMode::kAbort) {
    return Finish(ReleaseOutcome::kNeedsAttention,
                  fmt::format("failed: {}. planner.autoRollback is off, so release {} stopped where it "
                              "was; run `kanaria abort {}` to roll it back or `kanaria resume {}` to retry",
                              failure.message(), state_.release_id, app_.directory, app_.directory));
  }
  release.set_release_deadline(std::nullopt);
  release.set_stage_deadline(std::nullopt);
  Status rolled = RunRollback(release, failure.message());
  if (rolled.ok()) rolled = lock_->Release(ReleaseTagKeys());
  if (!rolled.ok()) {
    if (rolled.code() == StatusCode::kCancelled) return AfterFailure(release, rolled);
    return Finish(ReleaseOutcome::kNeedsAttention,
                  fmt::format("failed: {}; the rollback then failed too: {}. AWS is part-way: the "
                              "previous version {} may not have all traffic. Run `kanaria abort {}` once "
                              "the cause is fixed (it finishes the rollback), or `kanaria status {}` to see "
                              "the task sets and weights",
                              state_.failure, rolled.message(),
                              aws::ecs::ResourceNameOf(state_.previous_task_definition), app_.directory,
                              app_.directory));
  }
  std::string kept = state_.registered_task_definition
                         ? fmt::format(" Task definition {} stays registered.", aws::ecs::ResourceNameOf(state_.task_definition))
                         : "";
  return Finish(ReleaseOutcome::kRolledBack,
                fmt::format("rolled back: {}. {} serves all traffic again.{}", state_.failure,
                            aws::ecs::ResourceNameOf(state_.previous_task_definition), kept));
}

ReleaseResult Runner::Run() {
  started_ = clock_.Now();
  router_ = MakeTrafficRouter(app_, {.elbv2 = clients_.elbv2, .cloudmap = clients_.cloudmap});
  auto live = RunPreflight(app_, clients_, *router_);
  if (!live.ok()) return Refuse(live.status().message());
  live_ = std::move(*live);
  digest_ = EffectiveDigest(app_, request_.task_definition_override);
  const WallTime now = clock_.Now();

  const LockDecision lock = DecideLock(app_, live_, request_.mode, digest_, now);
  if (lock.refused()) return Refuse(lock.refusal);
  const bool resume = lock.takes_over();
  std::string release_id = lock.release_id;
  if (!resume) {
    if (NothingToRelease(live_, *router_, request_.task_definition_override)) {
      state_.release_id = "";
      return Finish(ReleaseOutcome::kUnchanged,
                    fmt::format("nothing to release: {} already runs {} and the service matches its definition",
                                app_.service_name(), aws::ecs::ResourceNameOf(live_.primary->task_definition)));
    }
    release_id = NewReleaseId(now);
  }

  const Duration pause = std::max(Duration(50), Scaled(std::chrono::seconds(2)));
  lock_ = std::make_unique<ReleaseLock>(*clients_.ecs, clock_, live_.service.service_arn,
                                        Scaled(app_.kanaria.lock_expiry), pause);
  gate_.set_release(release_id);

  aws::ecs::Tags extra;
  if (resume) {
    auto recovered = RecoverState(app_, live_, journal_, release_id, digest_);
    if (!recovered.ok()) return Refuse(recovered.status().message());
    state_ = *recovered;
  } else {
    state_.release_id = release_id;
    state_.config_digest = digest_;
    if (live_.primary) {
      state_.previous_task_set_id = live_.primary->id;
      state_.previous_task_definition = live_.primary->task_definition;
      state_.previous_scale = live_.primary->scale ? live_.primary->scale->value : 100;
      extra.push_back({std::string(kPreviousTaskSetTag), EncodePreviousTaskSet(state_.previous_task_set_id, state_.previous_scale)});
      extra.push_back({std::string(kPreviousTaskDefinitionTag), state_.previous_task_definition});
    }
    state_.previous_service_attributes = live_.service_previous;
    if (!live_.service_previous.empty()) {
      if (auto encoded = EncodeServiceAttributes(live_.service_previous)) {
        extra.push_back({std::string(kPreviousServiceTag), *encoded});
      }
    }
    extra.push_back({std::string(kPhaseTag), "forward"});
    for (const auto& tag : live_.missing_service_tags) extra.push_back(tag);
  }

  Status locked = gate_.RunWithoutLockCheck(LockCall(), "", [&] {
    return lock_->Acquire(release_id, digest_, LocalHolder(live_.caller_arn), extra);
  });
  if (!locked.ok()) {
    if (locked.code() == StatusCode::kConflict) return Refuse(locked.message());
    if (locked.code() == StatusCode::kCancelled) return Refuse("interrupted before the release started");
    return Refuse("could not take the release lock: " + locked.message());
  }
  gate_.set_lock(lock_.get());
  if (Status begun = BeginJournal(resume); !begun.ok()) {
    return Finish(ReleaseOutcome::kNeedsAttention, "the journal could not be written: " + begun.message());
  }
  // From here on every mutating call is journaled before and after (the lock's own write above
  // precedes the release's record and is harmless to repeat).
  gate_.set_journal(journal_);

  Release release(app_, clients_, *router_, live_, state_, gate_, *lock_, clock_, events_,
                  request_.settings, journal_);
  release.set_resumed(resume);
  // spec.timeout counts from this run's start (a resumed release gets the whole time again).
  release.set_release_deadline(Release::Deadline{
      started_ + Scaled(app_.timeout),
      "spec.timeout (" + model::FormatDuration(app_.timeout) + ")"});
  release_resumed_ = resume;
  release.set_task_definition_digest(request_.task_definition_override.empty()
                                         ? live_.task_definition_digest
                                         : TaskDefinitionDigest(nlohmann::json(request_.task_definition_override)));
  nlohmann::json stage_list = nlohmann::json::array();
  for (const auto& stage : PipelineOf(app_)) {
    stage_list.push_back({{"id", stage.id}, {"name", model::StageKindName(stage.kind)}, {"label", StageLabel(stage)}});
  }
  release.Emit("release.started",
               fmt::format("{} release {} of {}/{}{}", resume ? "resuming" : "starting", release_id,
                           app_.cluster(), app_.service_name(),
                           resume ? fmt::format(" at stage {}", state_.next_stage + 1) : ""),
               {{"app", app_.name}, {"cluster", app_.cluster()}, {"service", app_.service_name()},
                {"resumed", resume}, {"stages", stage_list}, {"nextStage", state_.next_stage},
                {"previousTaskDefinition", state_.previous_task_definition},
                {"phase", ReleasePhaseName(state_.phase)}});
  {
    auto [primary, canary] = release.CurrentWeights();
    if (router_->SupportsWeights()) {
      release.Emit("weights", fmt::format("weights primary {} / canary {}", primary, canary),
                   {{"primary", primary}, {"canary", canary}});
    }
  }

  if (request_.mode == ReleaseMode::kAbort || state_.phase == ReleasePhase::kRollback) {
    const std::string reason = state_.failure.empty() ? "aborted on request" : state_.failure;
    return AfterFailure(release, ConflictError(reason));
  }
  Status forward = Forward(release);
  if (!forward.ok()) return AfterFailure(release, forward);

  Status released = gate_.Run(FinishCall(), "", [&] { return lock_->Release(ReleaseTagKeys()); });
  if (!released.ok()) {
    if (released.code() == StatusCode::kCancelled) return AfterFailure(release, released);
    return Finish(ReleaseOutcome::kNeedsAttention,
                  fmt::format("released {}, but the lock tag could not be removed: {}. Remove tag "
                              "kanaria:lock from the service, or let it expire",
                              aws::ecs::ResourceNameOf(state_.task_definition), released.message()));
  }
  return Finish(ReleaseOutcome::kReleased,
                fmt::format("released {} to {}/{}", aws::ecs::ResourceNameOf(state_.task_definition),
                            app_.cluster(), app_.service_name()));
}

}  // namespace

StatusOr<ReleasePlan> PlanRelease(const model::Application& app, const ReleaseClients& clients, WallTime now,
                                  const std::string& task_definition_override) {
  auto router = MakeTrafficRouter(app, {.elbv2 = clients.elbv2, .cloudmap = clients.cloudmap});
  ASSIGN_OR_RETURN(LiveService live, RunPreflight(app, clients, *router, PreflightPurpose::kPlan));
  const ReleaseMode mode = task_definition_override.empty() ? ReleaseMode::kDeploy : ReleaseMode::kRollback;
  const LockDecision lock = DecideLock(app, live, mode, EffectiveDigest(app, task_definition_override), now);
  if (lock.refused()) return ConflictError(lock.refusal);
  ReleasePlan plan;
  plan.routes = router->routes();
  plan.calls = SimulatePipeline(app, *router, live, task_definition_override);
  plan.resumes = lock.release_id;
  plan.unchanged = !lock.takes_over() && NothingToRelease(live, *router, task_definition_override);
  plan.live = std::move(live);
  return plan;
}

ReleaseResult RunRelease(const model::Application& app, const ReleaseClients& clients, Clock& clock,
                         ReleaseEventSink& events, Journal* journal, const ReleaseRequest& request) {
  Runner runner(app, clients, clock, events, journal, request);
  return runner.Run();
}

}  // namespace kanaria::engine
