// A pipeline stage (ECS_CANARY_ROLLOUT, ECS_TRAFFIC_ROUTING, ...): one implementation per file in
// stages/, listed in one table (stages/stage_table.cc).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/planned_call.h"
#include "engine/routing/traffic_router.h"
#include "model/application.h"

namespace kanaria::engine {

class Release;

// What `plan` expects the world to look like as the stages run, so each stage can list the
// mutating calls it would make.
struct PlanSimulation {
  const model::Application& app;
  const TrafficRouter& router;
  std::string task_definition;  // "web:8", or "(new revision of web)"
  std::vector<Route> routes;    // weights as they will be
  bool canary_exists = false;
  bool primary_created = false;
  bool previous_primary_exists = true;
  std::vector<PlannedCall> calls;
};

class Stage {
 public:
  virtual ~Stage() = default;
  // Appends to `plan.calls` the mutating calls the stage makes when it runs once on the state
  // `plan` describes, and updates that state.
  virtual void Plan(const model::Stage& config, PlanSimulation& plan) const = 0;
  // Runs the stage, or re-runs it from its start after a crash: idempotent.
  virtual Status Run(const model::Stage& config, Release& release) const = 0;
};

// The implementation of `kind`. Never null: every StageKind has a row.
const Stage& StageFor(model::StageKind kind);

// How people see a stage: "ECS_CANARY_ROLLOUT", or "ECS_CANARY_ROLLOUT (canary-10)" when the file
// gave it an id of its own.
std::string StageLabel(const model::Stage& config);

// The step name of a stage in call lists and journals: "canary-rollout", "traffic-routing", ...
std::string StepName(const model::Stage& config);

}  // namespace kanaria::engine
