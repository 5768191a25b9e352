// Checks that a pipeline can run safely, without AWS: it simulates the canary task set and the
// canary target group's share stage by stage and refuses what would break an invariant
// (ARCHITECTURE.md "Safety invariants") or leave the service half released:
//   - ECS_TRAFFIC_ROUTING giving the canary > 0 needs an earlier ECS_CANARY_ROLLOUT not yet
//     cleaned (weight only goes to a target group with a steady task set, I1);
//   - ECS_CANARY_CLEAN needs a canary task set, and no traffic on it;
//   - one canary task set at a time;
//   - with accessType ELB, canary stages need targetGroups.canary; with SERVICE_DISCOVERY,
//     ECS_TRAFFIC_ROUTING is refused (Cloud Map has no weights: the canary's share is its share
//     of tasks);
//   - ANALYSIS needs a canary task set to analyse (after ECS_CANARY_ROLLOUT, before
//     ECS_CANARY_CLEAN); the default analysis (no metrics, no https) of an ELB app also needs
//     canary traffic, since it reads the canary target group's load balancer metrics;
//   - ECS_SYNC is a whole release by itself: not mixed with canary stages;
//   - at the end: no canary traffic, no canary task set, and the new version rolled out as
//     primary (ECS_PRIMARY_ROLLOUT after a canary, or ECS_SYNC) (I4).
// An empty pipeline is a quick sync and always valid.
#pragma once

#include "model/application.h"
#include "model/diagnostics.h"

namespace kanaria::model {

// `pipeline_where` locates `spec.pipeline.stages` for messages about the pipeline as a whole.
void ValidatePipeline(const Application& app, const SourceLocation& pipeline_where,
                      Diagnostics& diagnostics);

}  // namespace kanaria::model
