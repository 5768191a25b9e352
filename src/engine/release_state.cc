#include "engine/release_state.h"

namespace kanaria::engine {

std::string_view ReleasePhaseName(ReleasePhase phase) {
  return phase == ReleasePhase::kRollback ? "rollback" : "forward";
}

nlohmann::json ReleaseState::ToJson() const {
  return {{"releaseId", release_id},
          {"configDigest", config_digest},
          {"phase", ReleasePhaseName(phase)},
          {"nextStage", next_stage},
          {"previousTaskSetId", previous_task_set_id},
          {"previousTaskDefinition", previous_task_definition},
          {"previousScale", previous_scale},
          {"previousServiceAttributes", previous_service_attributes},
          {"taskDefinition", task_definition},
          {"registeredTaskDefinition", registered_task_definition},
          {"canaryTaskSetId", canary_task_set_id},
          {"primaryTaskSetId", primary_task_set_id},
          {"promoted", promoted},
          {"primaryServedUntilMs", primary_served_until_ms},
          {"failure", failure}};
}

StatusOr<ReleaseState> ReleaseState::FromJson(const nlohmann::json& json) {
  if (!json.is_object()) return InternalError("journal: release state is not an object");
  try {
    ReleaseState state;
    state.release_id = json.at("releaseId").get<std::string>();
    state.config_digest = json.value("configDigest", "");
    state.phase = json.value("phase", "forward") == "rollback" ? ReleasePhase::kRollback
                                                                : ReleasePhase::kForward;
    state.next_stage = json.value("nextStage", 0);
    state.previous_task_set_id = json.value("previousTaskSetId", "");
    state.previous_task_definition = json.value("previousTaskDefinition", "");
    state.previous_scale = json.value("previousScale", 100.0);
    state.previous_service_attributes =
        json.value("previousServiceAttributes", nlohmann::json::object());
    state.task_definition = json.value("taskDefinition", "");
    state.registered_task_definition = json.value("registeredTaskDefinition", false);
    state.canary_task_set_id = json.value("canaryTaskSetId", "");
    state.primary_task_set_id = json.value("primaryTaskSetId", "");
    state.promoted = json.value("promoted", false);
    state.primary_served_until_ms = json.value("primaryServedUntilMs", int64_t{0});
    state.failure = json.value("failure", "");
    return state;
  } catch (const nlohmann::json::exception& e) {
    return InternalError(std::string("journal: release state is malformed: ") + e.what());
  }
}

}  // namespace kanaria::engine
