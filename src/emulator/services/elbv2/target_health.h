// Target health as an ALB reports it, computed from timestamps so a manual clock gives exact
// answers: checks run at check_epoch + k × HealthCheckIntervalSeconds (virtual seconds, scaled by
// SimTime). A new target is `initial` until its first check passes (then `healthy`) or
// UnhealthyThresholdCount checks fail in a row (then `unhealthy`); an unhealthy target recovers
// after HealthyThresholdCount passes in a row. Every check due since the last Advance takes the
// behaviour the target shows now (the emulator knows no behaviour history).
#pragma once

#include <string>

#include "emulator/services/elbv2/elbv2_model.h"
#include "emulator/services/links.h"
#include "emulator/sim_time.h"

namespace kanaria::emulator::elbv2 {

struct HealthView {
  TargetHealthState state = TargetHealthState::kUnused;
  std::string state_name;   // "initial", "healthy", ...
  std::string reason;       // "" when healthy
  std::string description;  // "" when healthy
};

// (Re)starts health checking of `target` from `epoch`: state initial, no checks done.
void StartHealthChecks(Target& target, WallTime epoch);

// Runs the checks of `group`'s registered targets that are due by `now`. A null `behaviours`
// passes every check; a target without a live task fails with Target.Timeout, one whose task
// fails health checks with Target.FailedHealthChecks. Only groups in use are checked.
void RunHealthChecks(TargetGroup& group, WallTime now, const SimTime& time,
                     const TargetBehaviourSource* behaviours);

// What DescribeTargetHealth shows for a registered target.
HealthView ViewOf(const TargetGroup& group, const Target& target);
// What it shows for a target that is not registered.
HealthView NotRegisteredView();

}  // namespace kanaria::emulator::elbv2
