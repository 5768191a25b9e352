#include "engine/recovery.h"

#include "engine/journal.h"
#include "engine/release_tags.h"

namespace kanaria::engine {

int PromotingStageIndex(const model::Application& app) {
  for (const auto& stage : app.stages) {
    if (stage.kind == model::StageKind::kPrimaryRollout || stage.kind == model::StageKind::kSync) {
      return stage.index;
    }
  }
  return static_cast<int>(app.stages.size());
}

StatusOr<ReleaseState> RecoverState(const model::Application& app, const LiveService& live,
                                    Journal* journal, const std::string& release_id,
                                    const std::string& digest) {
  ReleaseState state;
  bool from_journal = false;
  if (journal != nullptr) {
    auto record = journal->FindRelease(release_id);
    if (record.ok() && record->has_value()) {
      auto parsed = ReleaseState::FromJson((*record)->state);
      if (parsed.ok()) {
        state = *parsed;
        from_journal = true;
      }
    }
  }
  const aws::ecs::Tags& tags = live.service.tags;
  if (!from_journal) {
    state.release_id = release_id;
    state.config_digest = digest;
    if (const std::string* previous = aws::ecs::FindTag(tags, kPreviousTaskSetTag)) {
      if (auto decoded = DecodePreviousTaskSet(*previous)) {
        state.previous_task_set_id = decoded->id;
        state.previous_scale = decoded->scale;
      }
    }
    if (const std::string* td = aws::ecs::FindTag(tags, kPreviousTaskDefinitionTag)) {
      state.previous_task_definition = *td;
    }
    if (const std::string* attributes = aws::ecs::FindTag(tags, kPreviousServiceTag)) {
      state.previous_service_attributes = DecodeServiceAttributes(*attributes);
    }
  }
  if (const std::string* phase = aws::ecs::FindTag(tags, kPhaseTag); phase && *phase == "rollback") {
    state.phase = ReleasePhase::kRollback;
  }
  // What AWS shows wins.
  state.promoted = false;
  for (const auto& ts : live.service.task_sets) {
    if (ts.external_id != release_id || ts.status == aws::ecs::kTaskSetDraining) continue;
    const std::string* role = aws::ecs::FindTag(ts.tags, kRoleTag);
    if (role == nullptr) continue;
    if (*role == kRoleCanary) state.canary_task_set_id = ts.id;
    if (*role == kRolePrimary) state.primary_task_set_id = ts.id;
    if ((*role == kRoleCanary || *role == kRolePrimary) && state.task_definition.empty()) {
      state.task_definition = ts.task_definition;
    }
    if (*role == kRolePrimary && ts.IsPrimary()) state.promoted = true;
  }
  // After UpdateServicePrimaryTaskSet the release only goes forward.
  if (state.promoted && state.phase == ReleasePhase::kForward) {
    state.next_stage = std::max(state.next_stage, PromotingStageIndex(app));
  }
  return state;
}

}  // namespace kanaria::engine
