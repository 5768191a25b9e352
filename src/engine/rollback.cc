#include "engine/rollback.h"

#include <fmt/format.h>

#include "aws/ecs/ecs_client.h"
#include "engine/release.h"
#include "engine/release_tags.h"

namespace kanaria::engine {
namespace {

constexpr const char* kStep = "rollback";

const aws::ecs::TaskSet* FindById(const std::vector<aws::ecs::TaskSet>& task_sets,
                                  const std::string& id) {
  for (const auto& ts : task_sets) {
    if (ts.id == id && ts.status != aws::ecs::kTaskSetDraining) return &ts;
  }
  return nullptr;
}

Status MarkRollingBack(Release& release, const std::string& reason) {
  ReleaseState& state = release.state();
  const bool already = state.phase == ReleasePhase::kRollback;
  state.phase = ReleasePhase::kRollback;
  if (state.failure.empty()) state.failure = reason;
  RETURN_IF_ERROR(release.SaveState());
  release.Emit("rollback.started", "rolling back: " + state.failure, {{"reason", state.failure}});
  if (already) return Status::Ok();
  // Recovery from AWS alone reads the phase from this tag.
  return release.gate().Run({.step = kStep, .operation = "ecs:TagResource", .target = "service phase=rollback"},
                            "", [&]() {
                              return release.clients().ecs->TagResource(
                                  release.live().service.service_arn,
                                  {{std::string(kPhaseTag), "rollback"}});
                            });
}

// The previous version's task set, recreated when the release already deleted it.
StatusOr<std::string> EnsurePrevious(Release& release) {
  ReleaseState& state = release.state();
  ASSIGN_OR_RETURN(auto task_sets, release.ReadTaskSets());
  if (FindById(task_sets, state.previous_task_set_id) != nullptr) return state.previous_task_set_id;
  if (auto restored = release.FindOwnTaskSet(task_sets, kRoleRestored)) return restored->id;
  if (state.previous_task_definition.empty()) return std::string();  // the service had none
  ASSIGN_OR_RETURN(std::string id,
                   release.EnsureTaskSet(kStep, kRoleRestored, TaskSetRole::kPrimary,
                                         state.previous_task_definition, state.previous_scale));
  return id;
}

}  // namespace

Status RunRollback(Release& release, const std::string& reason) {
  ReleaseState& state = release.state();
  TrafficRouter& router = release.router();
  RETURN_IF_ERROR(MarkRollingBack(release, reason));

  // Cloud Map splits traffic by task count: removing the canary is what takes its traffic away.
  if (!router.SupportsWeights()) {
    ASSIGN_OR_RETURN(auto task_sets, release.ReadTaskSets());
    if (auto canary = release.FindOwnTaskSet(task_sets, kRoleCanary)) {
      RETURN_IF_ERROR(release.DeleteTaskSet(kStep, canary->id, "canary"));
    }
  }

  ASSIGN_OR_RETURN(std::string previous, EnsurePrevious(release));
  if (!previous.empty()) {
    {
      // ECS_SYNC with recreate scaled it to 0 %.
      ASSIGN_OR_RETURN(auto task_sets, release.ReadTaskSets());
      const aws::ecs::TaskSet* ts = FindById(task_sets, previous);
      if (ts != nullptr && ts->scale && ts->scale->value != state.previous_scale) {
        RETURN_IF_ERROR(release.gate().Run(
            {.step = kStep, .operation = "ecs:UpdateTaskSet", .target = "previous primary task set back to its scale"},
            "", [&]() -> Status {
              auto updated = release.clients().ecs->UpdateTaskSet(
                  release.app().cluster(), release.app().service_name(), previous,
                  aws::ecs::Scale{.value = state.previous_scale, .unit = std::string(aws::ecs::kScaleUnitPercent)});
              return updated.ok() ? Status::Ok() : updated.status();
            }));
      }
    }
    RETURN_IF_ERROR(release.WaitSteady(previous, "previous primary"));
    ASSIGN_OR_RETURN(auto task_sets, release.ReadTaskSets());
    const aws::ecs::TaskSet* ts = FindById(task_sets, previous);
    if (ts != nullptr && !ts->IsPrimary()) {
      RETURN_IF_ERROR(release.gate().Run(
          {.step = kStep, .operation = "ecs:UpdateServicePrimaryTaskSet", .target = "make the previous task set PRIMARY again"},
          "", [&]() -> Status {
            auto result = release.clients().ecs->UpdateServicePrimaryTaskSet(
                release.app().cluster(), release.app().service_name(), ts->task_set_arn);
            return result.ok() ? Status::Ok() : result.status();
          }));
    }
  }

  if (router.SupportsWeights()) {
    RETURN_IF_ERROR(release.gate().RetryTransient([&] { return router.ReadRoutes(); }));
    bool primary_without_traffic = false;
    for (const auto& route : router.routes()) primary_without_traffic |= route.primary_weight == 0;
    ASSIGN_OR_RETURN(auto task_sets, release.ReadTaskSets());
    auto own_primary = release.FindOwnTaskSet(task_sets, kRolePrimary);
    // Behind a target group without traffic, the new primary can go before the weight rises
    // (I1 then only needs the previous version steady).
    if (own_primary && primary_without_traffic) {
      RETURN_IF_ERROR(release.DeleteTaskSet(kStep, own_primary->id, "new primary"));
    }
    RETURN_IF_ERROR(release.SetWeights(kStep, 100, 0));
  }

  ASSIGN_OR_RETURN(auto task_sets, release.ReadTaskSets());
  for (std::string_view role : {kRoleCanary, kRolePrimary}) {
    if (auto own = release.FindOwnTaskSet(task_sets, role)) {
      RETURN_IF_ERROR(release.DeleteTaskSet(kStep, own->id, role == kRoleCanary ? "canary" : "new primary"));
    }
  }

  if (!state.previous_service_attributes.empty()) {
    aws::ecs::UpdateServiceRequest request;
    request.cluster = release.app().cluster();
    request.service = release.app().service_name();
    request.additional_members = nlohmann::json::object();
    for (auto it = state.previous_service_attributes.begin(); it != state.previous_service_attributes.end(); ++it) {
      if (!it.value().is_null()) request.additional_members[it.key()] = it.value();  // "unset" cannot be sent
    }
    RETURN_IF_ERROR(release.gate().Run(
        {.step = kStep, .operation = "ecs:UpdateService", .target = "restore " + state.previous_service_attributes.dump()},
        "", [&]() -> Status {
          auto result = release.clients().ecs->UpdateService(request);
          return result.ok() ? Status::Ok() : result.status();
        }));
  }
  return Status::Ok();
}

}  // namespace kanaria::engine
