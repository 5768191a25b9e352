// The ANALYSIS stage's clock: every check looks every `interval` until `duration` has passed;
// alarms are read at every look. The stage fails at the first statistical rejection, when a
// check's failed or unanswered looks exceed its failureLimit, or when an alarm is in ALARM; it
// ends inconclusive when a statistical check never had enough data (then `on_inconclusive`
// decides), and passes otherwise.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "engine/analysis/analysis_check.h"

namespace kanaria::engine::analysis {

struct ScheduleSettings {
  Duration duration{0};        // scaled
  double significance = 0.05;  // the stage's α
  bool pass_inconclusive = false;  // onInconclusive: PASS
};

struct ScheduleHooks {
  // Waits until `until` (real time) while watching the release (lock, abort requests, task set
  // health); an error ends the stage with it.
  std::function<Status(WallTime until)> wait_until;
  // The alarms in ALARM now ("name (reason)"); empty when there are none or none configured.
  std::function<StatusOr<std::vector<std::string>>()> alarms_in_alarm;
  // Every look's result, for the live view, the JSON events and the journal.
  std::function<void(const AnalysisCheck&, const LookContext&, const LookResult&)> on_look;
};

struct ScheduleResult {
  bool passed = false;
  bool inconclusive = false;  // passed only because onInconclusive is PASS, or failed because it is FAIL
  std::string summary;        // why: the failing check's line, or what passed
};

// kInvalidInput when a check's interval is not positive or longer than the duration, or when no
// check is given. A failing stage is an ok ScheduleResult with passed = false; errors are the
// hooks' (an interrupted wait, a lost lock).
StatusOr<ScheduleResult> RunAnalysisSchedule(const ScheduleSettings& settings,
                                             std::vector<std::unique_ptr<AnalysisCheck>>& checks, Clock& clock,
                                             const ScheduleHooks& hooks);

}  // namespace kanaria::engine::analysis
