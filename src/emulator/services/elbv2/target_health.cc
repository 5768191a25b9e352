#include "emulator/services/elbv2/target_health.h"

#include <algorithm>
#include <cmath>

namespace kanaria::emulator::elbv2 {
namespace {

// Counters saturate here: thresholds are at most 10, and a long gap between Advance calls
// must not overflow them.
constexpr int kCounterCap = 1000;

// How many checks of a schedule starting at `epoch` are due by `now`.
int64_t ChecksDue(WallTime epoch, WallTime now, int interval_seconds, const SimTime& time) {
  if (now <= epoch) return 0;
  const double elapsed = time.Simulated(now - epoch).count();
  auto due = static_cast<int64_t>(std::floor(elapsed / interval_seconds));
  // SimTime rounds each instant to microseconds: settle on exactly the instants it computes.
  const auto at = [&](int64_t k) {
    return time.After(epoch, VirtualSeconds(static_cast<double>(k) * interval_seconds));
  };
  while (at(due + 1) <= now) ++due;
  while (due > 0 && at(due) > now) --due;
  return due;
}

}  // namespace

void StartHealthChecks(Target& target, WallTime epoch) {
  target.check_epoch = epoch;
  target.checks_done = 0;
  target.consecutive_passes = 0;
  target.consecutive_failures = 0;
  target.phase = HealthPhase::kInitial;
  target.failure_reason.clear();
}

void RunHealthChecks(TargetGroup& group, WallTime now, const SimTime& time,
                     const TargetBehaviourSource* behaviours) {
  if (group.load_balancer_arns.empty()) return;
  for (auto& [address, target] : group.targets) {
    if (target.drain_until) continue;
    const int64_t due =
        ChecksDue(target.check_epoch, now, group.health_check_interval_seconds, time);
    const int64_t pending = due - target.checks_done;
    if (pending <= 0) continue;
    target.checks_done = due;
    const int runs = static_cast<int>(std::min<int64_t>(pending, kCounterCap));

    std::string failure;
    if (behaviours != nullptr) {
      const std::optional<TargetBehaviour> behaviour = behaviours->BehaviourAt(address);
      if (!behaviour) {
        failure = "Target.Timeout";
      } else if (behaviour->fails_health_checks) {
        failure = "Target.FailedHealthChecks";
      }
    }
    if (failure.empty()) {
      target.consecutive_failures = 0;
      target.consecutive_passes = std::min(kCounterCap, target.consecutive_passes + runs);
      if (target.phase == HealthPhase::kInitial ||
          target.consecutive_passes >= group.healthy_threshold_count) {
        target.phase = HealthPhase::kHealthy;
      }
    } else {
      target.consecutive_passes = 0;
      target.consecutive_failures = std::min(kCounterCap, target.consecutive_failures + runs);
      target.failure_reason = failure;
      if (target.consecutive_failures >= group.unhealthy_threshold_count) {
        target.phase = HealthPhase::kUnhealthy;
      }
    }
  }
}

HealthView ViewOf(const TargetGroup& group, const Target& target) {
  if (target.drain_until) {
    return {TargetHealthState::kDraining, "draining", "Target.DeregistrationInProgress",
            "Target deregistration is in progress"};
  }
  if (group.load_balancer_arns.empty()) {
    return {TargetHealthState::kUnused, "unused", "Target.NotInUse",
            "Target group is not configured to receive traffic from the load balancer"};
  }
  if (!group.health_check_enabled) {
    // Without health checks an ALB routes to every target: for ECS and routing that is healthy.
    return {TargetHealthState::kHealthy, "unavailable", "Target.HealthCheckDisabled",
            "Health checks are disabled"};
  }
  switch (target.phase) {
    case HealthPhase::kHealthy:
      return {TargetHealthState::kHealthy, "healthy", "", ""};
    case HealthPhase::kUnhealthy:
      if (target.failure_reason == "Target.Timeout") {
        return {TargetHealthState::kUnhealthy, "unhealthy", "Target.Timeout", "Request timed out"};
      }
      return {TargetHealthState::kUnhealthy, "unhealthy", "Target.FailedHealthChecks",
              "Health checks failed"};
    case HealthPhase::kInitial:
      break;
  }
  if (target.checks_done == 0) {
    return {TargetHealthState::kInitial, "initial", "Elb.RegistrationInProgress",
            "Target registration is in progress"};
  }
  return {TargetHealthState::kInitial, "initial", "Elb.InitialHealthChecking",
          "Initial health checks in progress"};
}

HealthView NotRegisteredView() {
  return {TargetHealthState::kUnused, "unused", "Target.NotRegistered",
          "Target is not registered to the target group"};
}

}  // namespace kanaria::emulator::elbv2
