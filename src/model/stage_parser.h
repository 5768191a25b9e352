// spec.pipeline.stages as PipeCD writes them, read into Stage values (application.h). One static
// table names every stage kanaria runs; PipeCD stages it does not run get a message that says
// why (ECS_ROLLBACK, SCRIPT_RUN, ...) or the nearest ECS stage (K8S_CANARY_ROLLOUT). ANALYSIS
// options are read by analysis_options.
//
// Stage ids follow PipeCD's planner (pkg/app/piped/planner/ecs/pipeline.go): `id` when given,
// else "stage-<index>" with the index from 0. kanaria also requires them to be unique, since the
// journal records progress by stage id.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "model/application.h"
#include "model/value_reader.h"

namespace kanaria::model {

// The stage kind named `name` exactly as PipeCD spells it ("ECS_CANARY_ROLLOUT"); nullopt for
// any other name, including PipeCD stages kanaria does not run.
std::optional<StageKind> ParseStageKind(std::string_view name);

// Every stage name kanaria runs, in pipeline order (for suggestions and messages).
std::vector<std::string_view> StageNames();

struct StageDefaults {
  bool recreate = false;  // spec.quickSync.recreate, for ECS_SYNC without `with.recreate`
};

// Reads the `stages` list at `path` (`stages` may be nullptr: no pipeline). Problems go to
// `reader`; stages with problems are left out of the result.
std::vector<Stage> ParseStages(const nlohmann::json* stages, const JsonPath& path,
                               const StageDefaults& defaults, ValueReader& reader);

}  // namespace kanaria::model
