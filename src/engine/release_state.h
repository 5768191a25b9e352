// The resumable state of one release: what ran before it (for rollback), what it created, and
// how far it got. The journal stores it after every step (I7); when the journal is gone,
// recovery.h rebuilds it from the service's tags and the task sets' externalId and role tags.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace kanaria::engine {

enum class ReleasePhase {
  kForward,   // running the pipeline
  kRollback,  // undoing it: traffic back first, then remove what the release created
};
std::string_view ReleasePhaseName(ReleasePhase phase);  // "forward" | "rollback"

struct ReleaseState {
  std::string release_id;     // also every task set's externalId and the lock's owner
  std::string config_digest;  // model::Application::digest
  ReleasePhase phase = ReleasePhase::kForward;
  int next_stage = 0;  // the stage to run next; an interrupted stage re-runs from its start

  // What was live when the release started.
  std::string previous_task_set_id;      // the PRIMARY task set; "" when the service had none
  std::string previous_task_definition;  // its task definition ARN
  double previous_scale = 100;
  // UpdateService members the release changed, with their values before it (restored by
  // rollback), e.g. {"desiredCount": 4}.
  nlohmann::json previous_service_attributes = nlohmann::json::object();

  // What the release made.
  std::string task_definition;           // the new task definition ARN
  bool registered_task_definition = false;  // this release registered it (kept on rollback)
  std::string canary_task_set_id;
  std::string primary_task_set_id;       // the new primary's task set
  bool promoted = false;                 // UpdateServicePrimaryTaskSet made the new one PRIMARY
  // When the primary target group's weight went to 0 (blue/green), in ms since the epoch; 0 while
  // it serves. The default analysis compares the canary with the primary's traffic before then.
  int64_t primary_served_until_ms = 0;

  std::string failure;  // why the release is rolling back ("" while it goes forward)

  nlohmann::json ToJson() const;
  static StatusOr<ReleaseState> FromJson(const nlohmann::json& json);
};

}  // namespace kanaria::engine
