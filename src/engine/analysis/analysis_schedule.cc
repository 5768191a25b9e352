#include "engine/analysis/analysis_schedule.h"

#include <fmt/format.h>


namespace kanaria::engine::analysis {

std::string_view LookOutcomeName(LookOutcome outcome) {
  switch (outcome) {
    case LookOutcome::kPass: return "pass";
    case LookOutcome::kWaiting: return "waiting";
    case LookOutcome::kFail: return "fail";
    case LookOutcome::kInconclusive: return "inconclusive";
    case LookOutcome::kNoData: return "no data";
    case LookOutcome::kProviderError: return "provider error";
  }
  return "?";
}

namespace {

struct Track {
  AnalysisCheck* check = nullptr;
  int looks = 0;
  int done = 0;
  int failures = 0;  // failed, unanswered or empty looks so far
  WallTime next;
  bool inconclusive = false;
  std::string last_line;
};

ScheduleResult FailedSchedule(std::string summary) { return {.passed = false, .inconclusive = false, .summary = std::move(summary)}; }

}  // namespace

StatusOr<ScheduleResult> RunAnalysisSchedule(const ScheduleSettings& settings,
                                             std::vector<std::unique_ptr<AnalysisCheck>>& checks, Clock& clock,
                                             const ScheduleHooks& hooks) {
  if (checks.empty()) return InvalidInputError("an ANALYSIS stage needs at least one check");
  const WallTime start = clock.Now();
  std::vector<Track> tracks;
  int tests = 0;
  for (auto& check : checks) {
    const Duration interval = check->interval();
    if (interval <= Duration::zero() || interval > settings.duration) {
      return InvalidInputError(fmt::format("{}: the interval must be above 0 and at most the stage's duration",
                                           check->name()));
    }
    Track track;
    track.check = check.get();
    track.looks = static_cast<int>(settings.duration / interval);
    track.next = start + interval;
    tests += check->tests_per_look() * track.looks;
    tracks.push_back(std::move(track));
  }
  const double test_alpha = tests > 0 ? settings.significance / tests : 0;

  while (true) {
    Track* earliest = nullptr;
    for (auto& track : tracks) {
      if (track.done < track.looks && (earliest == nullptr || track.next < earliest->next)) earliest = &track;
    }
    if (earliest == nullptr) break;
    RETURN_IF_ERROR(hooks.wait_until(earliest->next));
    const WallTime now = clock.Now();

    auto alarms = hooks.alarms_in_alarm();
    if (!alarms.ok()) {
      return FailedSchedule("the alarms could not be read: " + alarms.status().message());
    }
    if (!alarms->empty()) {
      std::string names;
      for (const auto& alarm : *alarms) names += (names.empty() ? "" : ", ") + alarm;
      return FailedSchedule(
          fmt::format("alarm{} in ALARM: {}", alarms->size() > 1 ? "s" : "", names));
    }

    for (auto& track : tracks) {
      if (track.done >= track.looks || track.next > now) continue;
      AnalysisCheck& check = *track.check;
      ++track.done;
      const LookContext context{.look = track.done, .looks = track.looks, .stage_start = start, .now = now,
                                .test_alpha = test_alpha};
      LookResult result = check.Look(context);
      track.next = start + check.interval() * (track.done + 1);
      track.last_line = result.line;
      if (hooks.on_look) hooks.on_look(check, context, result);

      bool counts_as_failure = false;
      switch (result.outcome) {
        case LookOutcome::kFail:
          if (check.tests_per_look() > 0) {
            return FailedSchedule(
                fmt::format("{} (look {} of {})", result.line, track.done, track.looks));
          }
          counts_as_failure = true;
          break;
        case LookOutcome::kProviderError:
          counts_as_failure = true;
          break;
        case LookOutcome::kNoData:
          counts_as_failure = !check.skip_on_no_data();
          break;
        case LookOutcome::kInconclusive:
          track.inconclusive = true;
          break;
        case LookOutcome::kPass:
        case LookOutcome::kWaiting:
          break;
      }
      if (counts_as_failure && ++track.failures > check.failure_limit()) {
        return FailedSchedule(fmt::format("{} ({} failed look{} of {}, failureLimit {})", result.line, track.failures,
                                  track.failures > 1 ? "s" : "", track.looks, check.failure_limit()));
      }
    }
  }

  std::string inconclusive;
  for (const auto& track : tracks) {
    if (track.inconclusive) inconclusive += (inconclusive.empty() ? "" : "; ") + track.last_line;
  }
  if (!inconclusive.empty()) {
    return ScheduleResult{.passed = settings.pass_inconclusive,
                          .inconclusive = true,
                          .summary = fmt::format("inconclusive ({}): {}",
                                                 settings.pass_inconclusive ? "onInconclusive: PASS" : "onInconclusive: FAIL",
                                                 inconclusive)};
  }
  return ScheduleResult{.passed = true,
                        .inconclusive = false,
                        .summary = tracks.size() == 1 ? "the check passed at every look"
                                                      : fmt::format("all {} checks passed at every look", tracks.size())};
}

}  // namespace kanaria::engine::analysis
