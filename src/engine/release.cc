#include "engine/release.h"

#include <fmt/format.h>

#include <algorithm>

#include "aws/ecs/ecs_client.h"
#include "engine/journal.h"
#include "model/duration.h"
#include "engine/polling_scope.h"
#include "engine/release_tags.h"
#include "engine/routing/elb/elb_traffic_router.h"

namespace kanaria::engine {
namespace {

using aws::ecs::TaskSet;

// However high the time scale, a poll waits at least this long in real time: faster polling
// costs CPU and API calls without seeing anything sooner (ECS state changes in steps of 100 ms
// or more even in the emulator at high scales).
constexpr Duration kMinPollInterval{100};
// ECS's stoppedReason for scale-in: "Scaling activity initiated by (deployment ecs-svc/...)".
constexpr std::string_view kScaleInReason = "Scaling activity";

std::string SecondsText(Duration d) {
  return fmt::format("{:.1f}s", std::chrono::duration<double>(d).count());
}

}  // namespace

std::string TaskSetCallTarget(std::string_view role, double scale, const std::string& target_group) {
  return fmt::format("{} task set at {}%{}", role, scale,
                     target_group.empty() ? std::string(" in Cloud Map")
                                          : " on " + ShortTargetGroupName(target_group));
}

std::vector<std::string> TargetGroupsOf(const TaskSet& task_set) {
  std::vector<std::string> groups;
  for (const auto& lb : task_set.load_balancers) {
    if (lb.is_object() && lb.contains("targetGroupArn")) {
      groups.push_back(lb["targetGroupArn"].get<std::string>());
    }
  }
  return groups;
}

Release::Release(const model::Application& app, const ReleaseClients& clients,
                 TrafficRouter& router, LiveService& live, ReleaseState& state,
                 MutationGate& gate, ReleaseLock& lock, Clock& clock, ReleaseEventSink& events,
                 ReleaseSettings settings, Journal* journal)
    : app_(app),
      clients_(clients),
      router_(router),
      live_(live),
      state_(state),
      gate_(gate),
      lock_(lock),
      clock_(clock),
      events_(events),
      settings_(settings),
      journal_(journal) {}

Duration ScaledDuration(Duration d, double time_scale) {
  return std::max(Duration(1), Duration(static_cast<Duration::rep>(d.count() / time_scale)));
}

Duration Release::Scaled(Duration d) const { return ScaledDuration(d, settings_.time_scale); }

void Release::Emit(const std::string& type, const std::string& text, nlohmann::json data) {
  data["releaseId"] = state_.release_id;
  const WallTime now = clock_.Now();
  // Analysis verdicts are kept with the release: why it was rolled back, or what it passed.
  if (journal_ != nullptr && type == "analysis") {
    (void)journal_->AddEvent(state_.release_id, type, {{"text", text}, {"data", data}}, now);
  }
  events_.Emit({.at = now, .type = type, .text = text, .data = std::move(data)});
}

Status Release::SaveState() {
  if (journal_ == nullptr) return Status::Ok();
  auto record = journal_->FindRelease(state_.release_id);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return Status::Ok();
  ReleaseRecord updated = **record;
  updated.state = state_.ToJson();
  updated.task_definition = state_.task_definition;
  return journal_->UpdateRelease(updated);
}

StatusOr<std::vector<TaskSet>> Release::ReadTaskSets() {
  auto result = gate_.RetryTransient(
      [&] { return clients_.ecs->DescribeTaskSets(app_.cluster(), app_.service_name()); });
  if (!result.ok()) return result.status();
  for (const auto& ts : result->task_sets) {
    desired_seen_.emplace(ts.id, ts.computed_desired_count);
    task_set_arns_[ts.id] = ts.task_set_arn;
  }
  return std::move(result->task_sets);
}

std::string Release::RoleOf(const TaskSet& task_set) const {
  if (task_set.id == state_.previous_task_set_id) return "previous";
  const std::string* release = aws::ecs::FindTag(task_set.tags, kReleaseTag);
  const std::string* role = aws::ecs::FindTag(task_set.tags, kRoleTag);
  if (release != nullptr && *release == state_.release_id && role != nullptr) return *role;
  return task_set.IsPrimary() ? "primary" : "other";
}

std::optional<TaskSet> Release::FindOwnTaskSet(const std::vector<TaskSet>& task_sets,
                                               std::string_view role) const {
  for (const auto& task_set : task_sets) {
    if (task_set.status == aws::ecs::kTaskSetDraining) continue;
    if (task_set.external_id != state_.release_id) continue;
    const std::string* tag_role = aws::ecs::FindTag(task_set.tags, kRoleTag);
    if (tag_role != nullptr && *tag_role == role) return task_set;
  }
  return std::nullopt;
}

void Release::EmitTaskSets(const std::vector<TaskSet>& task_sets) {
  nlohmann::json list = nlohmann::json::array();
  std::string text;
  for (const auto& ts : task_sets) {
    if (ts.status == aws::ecs::kTaskSetDraining) continue;
    const std::string role = RoleOf(ts);
    list.push_back({{"id", ts.id},
                    {"role", role},
                    {"status", ts.status},
                    {"taskDefinition", ts.task_definition},
                    {"scale", ts.scale ? ts.scale->value : 0},
                    {"desired", ts.computed_desired_count},
                    {"running", ts.running_count},
                    {"pending", ts.pending_count},
                    {"stability", ts.stability_status}});
    text += fmt::format("{}{} {}/{} running{}", text.empty() ? "" : ", ", role, ts.running_count,
                        ts.computed_desired_count, ts.IsSteady() ? " (steady)" : "");
  }
  Emit("task-sets", text, {{"taskSets", list}});
}

StatusOr<std::string> Release::EnsureTaskSet(const std::string& step, std::string_view role,
                                             TaskSetRole attach_as,
                                             const std::string& task_definition, double scale) {
  if (resumed_) {
    ASSIGN_OR_RETURN(auto task_sets, ReadTaskSets());
    if (auto existing = FindOwnTaskSet(task_sets, role)) return existing->id;
  }

  aws::ecs::CreateTaskSetRequest request;
  request.cluster = app_.cluster();
  request.service = app_.service_name();
  request.task_definition = task_definition;
  request.external_id = state_.release_id;
  request.client_token = ClientToken(state_.release_id, step + "/" + std::string(role));
  request.scale = aws::ecs::Scale{.value = scale, .unit = std::string(aws::ecs::kScaleUnitPercent)};
  request.load_balancers = router_.LoadBalancersFor(attach_as);
  request.service_registries = router_.ServiceRegistriesFor(attach_as);
  const nlohmann::json& settings = live_.task_set_settings;
  if (settings.contains("networkConfiguration")) request.network_configuration = settings["networkConfiguration"];
  if (settings.contains("launchType")) request.launch_type = settings["launchType"].get<std::string>();
  if (settings.contains("capacityProviderStrategy")) request.capacity_provider_strategy = settings["capacityProviderStrategy"];
  if (settings.contains("platformVersion")) request.platform_version = settings["platformVersion"].get<std::string>();
  const std::string digest = task_definition == state_.task_definition && !task_definition_digest_.empty()
                                 ? task_definition_digest_
                                 : TaskDefinitionDigest(nlohmann::json(task_definition));
  request.tags = {{std::string(kReleaseTag), state_.release_id},
                  {std::string(kRoleTag), std::string(role)},
                  {std::string(kTaskDefinitionDigestTag), digest}};

  std::string id;
  const std::string target_group = router_.TargetGroupFor(attach_as);
  PlannedCall call{.step = step,
                   .operation = "ecs:CreateTaskSet",
                   .target = TaskSetCallTarget(role, scale, target_group)};
  RETURN_IF_ERROR(gate_.Run(call, request.client_token, [&]() -> Status {
    auto created = clients_.ecs->CreateTaskSet(request);
    if (!created.ok()) return created.status();
    id = created->id;
    task_set_arns_[id] = created->task_set_arn;
    return Status::Ok();
  }));
  return id;
}

const Release::Deadline* Release::NearestDeadline() const {
  const Deadline* nearest = nullptr;
  for (const auto* d : {&release_deadline_, &stage_deadline_}) {
    if (d->has_value() && (nearest == nullptr || (*d)->at < nearest->at)) nearest = &**d;
  }
  return nearest;
}

Status Release::CheckDeadlines() const {
  const Deadline* nearest = NearestDeadline();
  if (nearest != nullptr && clock_.Now() >= nearest->at) {
    return DeadlineExceededError("timed out: " + nearest->what + " has passed");
  }
  return Status::Ok();
}

Status Release::WaitSteady(const std::string& task_set_id, const std::string& what) {
  PollingScope polling;
  WallTime deadline = clock_.Now() + Scaled(app_.kanaria.stability_timeout);
  const Deadline* limit = NearestDeadline();
  if (limit != nullptr && limit->at < deadline) deadline = limit->at;
  const Duration slowest = Scaled(app_.kanaria.stability_poll_interval);
  std::vector<Duration> backoff = {Scaled(std::chrono::seconds(1)), Scaled(std::chrono::seconds(2)),
                                   Scaled(std::chrono::seconds(4))};
  std::size_t attempt = 0;
  TaskSetStops stops(*clients_.ecs, gate_, app_.cluster(), task_set_id);
  std::vector<std::string> reasons;
  std::optional<int> last_desired;
  while (true) {
    // All task sets in one call, so the view shows the old version beside the new one.
    auto described = gate_.RetryTransient(
        [&] { return clients_.ecs->DescribeTaskSets(app_.cluster(), app_.service_name()); });
    if (!described.ok()) return described.status();
    for (const auto& ts : described->task_sets) {
      desired_seen_.emplace(ts.id, ts.computed_desired_count);
      task_set_arns_[ts.id] = ts.task_set_arn;
    }
    const TaskSet* task_set = described->Find(task_set_id);
    if (task_set == nullptr) {
      return Status(StatusCode::kNotFound, fmt::format("the {} task set {} disappeared", what, task_set_id));
    }
    if (last_desired && *last_desired != task_set->computed_desired_count) {
      Emit("message", fmt::format("the service's desiredCount changed (auto scaling?): the {} task set "
                                  "now wants {} tasks instead of {}; kanaria follows it",
                                  what, task_set->computed_desired_count, *last_desired));
    }
    last_desired = task_set->computed_desired_count;
    if (task_set->IsSteady()) {
      EmitTaskSets(described->task_sets);
      return Status::Ok();
    }
    // Fail fast on tasks that stop: one that failed to start, or two stops of any kind. A stopped
    // task shows as running + pending below the desired count until ECS replaces it.
    if (task_set->running_count + task_set->pending_count < task_set->computed_desired_count) {
      ASSIGN_OR_RETURN(std::vector<aws::ecs::Task> stopped, stops.Poll());
      bool start_failure = false;
      for (const auto& task : stopped) {
        if (task.last_status != "STOPPED" && task.desired_status != "STOPPED") continue;
        reasons.push_back(StopReasonOf(task));
        if (task.stop_code == "TaskFailedToStart") start_failure = true;
      }
      if (start_failure || reasons.size() >= 2) {
        return Status(StatusCode::kUnavailable,
                      fmt::format("{} of the {} task set's tasks stopped{}: {}", reasons.size(), what,
                                  start_failure ? " (failed to start)" : "", reasons.back()));
      }
    }
    if (clock_.Now() >= deadline) {
      RETURN_IF_ERROR(CheckDeadlines());
      return DeadlineExceededError(fmt::format(
          "the {} task set {} did not reach STEADY_STATE within {} ({} of {} tasks running, {} "
          "pending)",
          what, task_set_id, SecondsText(Scaled(app_.kanaria.stability_timeout)),
          task_set->running_count, task_set->computed_desired_count, task_set->pending_count));
    }
    EmitTaskSets(described->task_sets);
    Duration pause = std::max(kMinPollInterval,
                              attempt < backoff.size() ? std::min(backoff[attempt], slowest) : slowest);
    ++attempt;
    RETURN_IF_ERROR(gate_.Sleep(std::min<Duration>(pause, std::chrono::duration_cast<Duration>(deadline - clock_.Now()) + Duration(1))));
  }
}

const TaskSet* Release::UnsteadyBehind(const std::string& target_group_arn,
                                      const std::vector<TaskSet>& task_sets, const std::string& exempt) const {
  for (const auto& ts : task_sets) {
    if (ts.status == aws::ecs::kTaskSetDraining || ts.id == exempt) continue;
    auto groups = TargetGroupsOf(ts);
    bool attached = target_group_arn.empty() ||
                    std::find(groups.begin(), groups.end(), target_group_arn) != groups.end();
    if (attached && !ts.IsSteady()) return &ts;
  }
  return nullptr;
}

Status Release::NotSteadyError(const TaskSet& ts, const std::string& target_group_arn) const {
  return Status(StatusCode::kUnavailable,
                fmt::format("task set {} ({}) behind {} is {} ({} of {} tasks running), not STEADY_STATE",
                            ts.id, RoleOf(ts),
                            target_group_arn.empty() ? "the service registry" : ShortTargetGroupName(target_group_arn),
                            ts.stability_status, ts.running_count, ts.computed_desired_count));
}

Status Release::CheckHeldSteady(const std::string& target_group_arn, const std::vector<TaskSet>& task_sets,
                                const std::map<std::string, int>& desired_before) {
  const bool replacing_tolerated_stop = canary_stops_ && canary_stops_->counted > 0;
  const TaskSet* ts =
      UnsteadyBehind(target_group_arn, task_sets, replacing_tolerated_stop ? canary_stops_->stops.task_set_id() : "");
  if (ts == nullptr) return Status::Ok();
  auto before = desired_before.find(ts->id);
  if (before == desired_before.end() || before->second == ts->computed_desired_count) {
    return NotSteadyError(*ts, target_group_arn);
  }
  Emit("message", fmt::format("the {} task set is scaling from {} to {} tasks (the service's desiredCount "
                              "changed, e.g. by auto scaling); kanaria follows it",
                              RoleOf(*ts), before->second, ts->computed_desired_count));
  RETURN_IF_ERROR(WaitSteady(ts->id, RoleOf(*ts)));
  desired_seen_[ts->id] = ts->computed_desired_count;
  return Status::Ok();
}

Status Release::BeginCanaryStopCount(int tolerated) {
  if (state_.canary_task_set_id.empty()) return InternalError("restartThreshold: there is no canary task set to watch");
  TaskSetStops stops(*clients_.ecs, gate_, app_.cluster(), state_.canary_task_set_id);
  RETURN_IF_ERROR(stops.SkipExisting());
  canary_stops_ = CanaryStopBudget{.stops = std::move(stops), .tolerated = tolerated};
  return Status::Ok();
}

Status Release::CountCanaryStops() {
  ASSIGN_OR_RETURN(std::vector<aws::ecs::Task> stopped, canary_stops_->stops.Poll());
  const int tolerated = canary_stops_->tolerated;
  int& counted = canary_stops_->counted;
  std::string last_reason;
  for (const auto& task : stopped) {
    const std::string reason = StopReasonOf(task);
    if (reason.starts_with(kScaleInReason)) continue;  // ECS following a desiredCount change
    last_reason = reason;
    ++counted;
    const std::string id(aws::ecs::ResourceNameOf(task.task_arn));
    Emit("message", fmt::format("canary task {} stopped: {} (stop {}; restartThreshold tolerates {})", id,
                                last_reason, counted, tolerated),
         {{"task", id}, {"reason", last_reason}, {"stops", counted}, {"tolerated", tolerated}});
  }
  if (counted <= tolerated) return Status::Ok();
  return UnavailableError(
      fmt::format("the canary's tasks stopped {} times during the analysis, more than restartThreshold's {} (last: {})",
                  counted, tolerated, last_reason));
}

Status Release::EndCanaryStopCount() {
  if (!canary_stops_) return Status::Ok();
  const bool stopped = canary_stops_->counted > 0;
  const std::string id = canary_stops_->stops.task_set_id();
  canary_stops_.reset();
  if (!stopped) return Status::Ok();
  ASSIGN_OR_RETURN(auto task_sets, ReadTaskSets());
  for (const auto& ts : task_sets) {
    if (ts.id != id || ts.IsSteady()) continue;
    Emit("message", "waiting for ECS to replace the canary's stopped tasks before the next stage");
    return WaitSteady(id, "canary");
  }
  return Status::Ok();
}

std::pair<int, int> Release::CurrentWeights() const {
  const auto& routes = router_.routes();
  if (routes.empty() || !routes.front().has_canary) return {100, 0};
  return {routes.front().primary_weight, routes.front().canary_weight};
}

Status Release::SetWeights(const std::string& step, int primary, int canary) {
  bool raises_primary = false, raises_canary = false;
  for (const auto& route : router_.routes()) {
    if (primary > 0 && route.primary_weight == 0) raises_primary = true;
    if (canary > 0 && (!route.has_canary || route.canary_weight == 0 ||
                       canary * (route.primary_weight + route.canary_weight) >
                           route.canary_weight * (primary + canary))) {
      raises_canary = true;
    }
  }
  // I1: a weight goes up only when every task set behind it reads STEADY_STATE just before the
  // call; one that is still settling (e.g. scaling after a desiredCount change) is waited for.
  for (auto [raised, role] : {std::pair{raises_primary, TaskSetRole::kPrimary}, std::pair{raises_canary, TaskSetRole::kCanary}}) {
    if (!raised) continue;
    const std::string group = router_.TargetGroupFor(role);
    for (int round = 0;; ++round) {
      PollingScope polling;  // a stability read
      ASSIGN_OR_RETURN(auto task_sets, ReadTaskSets());
      const TaskSet* unsteady = UnsteadyBehind(group, task_sets);
      if (unsteady == nullptr) break;
      if (round == 3) return NotSteadyError(*unsteady, group);
      RETURN_IF_ERROR(WaitSteady(unsteady->id, RoleOf(*unsteady)));
    }
  }
  const bool primary_was_serving = CurrentWeights().first > 0;
  RETURN_IF_ERROR(router_.SetWeights(gate_, step, primary, canary));
  // Blue/green: remember when the primary stopped serving (the default analysis's baseline ends there).
  const bool primary_stopped = primary == 0 && primary_was_serving;
  const bool primary_serves_again = primary > 0 && state_.primary_served_until_ms != 0;
  if (primary_stopped || primary_serves_again) {
    state_.primary_served_until_ms =
        primary_stopped ? std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch()).count() : 0;
    RETURN_IF_ERROR(SaveState());
  }
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& route : router_.routes()) {
    routes.push_back({{"route", route.description}, {"primary", route.primary_weight}, {"canary", route.canary_weight}});
  }
  Emit("weights", fmt::format("weights primary {} / canary {}", primary, canary),
       {{"primary", primary}, {"canary", canary}, {"routes", routes}});
  return Status::Ok();
}

Status Release::Promote(const std::string& step, const std::string& task_set_id) {
  PlannedCall call{.step = step, .operation = "ecs:UpdateServicePrimaryTaskSet",
                   .target = "make the new task set PRIMARY"};
  RETURN_IF_ERROR(gate_.Run(call, "", [&]() -> Status {
    auto arn = task_set_arns_.find(task_set_id);
    auto result = clients_.ecs->UpdateServicePrimaryTaskSet(
        app_.cluster(), app_.service_name(), arn != task_set_arns_.end() ? arn->second : task_set_id);
    return result.ok() ? Status::Ok() : result.status();
  }));
  state_.promoted = true;
  return SaveState();
}

Status Release::DeleteTaskSet(const std::string& step, const std::string& task_set_id,
                              const std::string& what) {
  if (task_set_id.empty()) return Status::Ok();
  PlannedCall call{.step = step, .operation = "ecs:DeleteTaskSet", .target = what + " task set"};
  return gate_.Run(call, "", [&]() -> Status {
    auto result = clients_.ecs->DeleteTaskSet(app_.cluster(), app_.service_name(), task_set_id, true);
    if (result.ok() || result.status().code() == StatusCode::kNotFound) return Status::Ok();
    // DeleteTaskSet is not retried by the client; when its answer was lost (or the task set is
    // already draining from an earlier run), AWS shows whether it happened.
    {
      auto after = ReadTaskSets();
      if (after.ok() && std::none_of(after->begin(), after->end(), [&](const TaskSet& ts) {
            return ts.id == task_set_id && ts.status != aws::ecs::kTaskSetDraining;
          })) {
        return Status::Ok();
      }
    }
    return result.status();
  });
}

Status Release::Hold(Duration d, const std::function<bool(const aws::ecs::Tags&)>& done) {
  ASSIGN_OR_RETURN(const bool ended_by_done, HoldUntil(clock_.Now() + Scaled(d), done));
  if (done && !ended_by_done) return DeadlineExceededError("no approval within " + model::FormatDuration(d));
  return Status::Ok();
}

StatusOr<bool> Release::HoldUntil(WallTime end, const std::function<bool(const aws::ecs::Tags&)>& done) {
  PollingScope polling;
  const Deadline* limit = NearestDeadline();
  const bool limited = limit != nullptr && limit->at < end;
  if (limited) end = limit->at;
  const Duration poll = std::max(kMinPollInterval, Scaled(app_.kanaria.stability_poll_interval));
  while (true) {
    RETURN_IF_ERROR(gate_.RetryTransient([&] { return lock_.Verify(); }));
    if (const std::string* abort = aws::ecs::FindTag(lock_.last_tags(), kAbortRequestTag)) {
      if (abort->starts_with(state_.release_id)) {
        return ConflictError("aborted on request (" + *abort + ")");
      }
    }
    if (done && done(lock_.last_tags())) return true;
    if (canary_stops_) RETURN_IF_ERROR(CountCanaryStops());
    ASSIGN_OR_RETURN(auto task_sets, ReadTaskSets());
    const std::map<std::string, int> desired_before = desired_seen_;
    if (router_.SupportsWeights()) {
      auto [primary, canary] = CurrentWeights();
      if (primary > 0) RETURN_IF_ERROR(CheckHeldSteady(router_.TargetGroupFor(TaskSetRole::kPrimary), task_sets, desired_before));
      if (canary > 0) RETURN_IF_ERROR(CheckHeldSteady(router_.TargetGroupFor(TaskSetRole::kCanary), task_sets, desired_before));
    } else {
      RETURN_IF_ERROR(CheckHeldSteady("", task_sets, desired_before));
    }
    const WallTime now = clock_.Now();
    if (now >= end) {
      if (limited) RETURN_IF_ERROR(CheckDeadlines());
      return false;
    }
    RETURN_IF_ERROR(gate_.Sleep(std::min<Duration>(poll, std::chrono::duration_cast<Duration>(end - now))));
  }
}

}  // namespace kanaria::engine
