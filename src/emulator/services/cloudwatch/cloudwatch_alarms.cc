// CloudWatchState's alarm evaluation: M out of N over the last N complete, published periods,
// with TreatMissingData as CloudWatch documents it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "aws/iso8601.h"
#include "emulator/services/cloudwatch/cloudwatch_state.h"
#include "emulator/world.h"

namespace kanaria::emulator {
namespace {

bool Breaches(const std::string& comparison, double value, double threshold) {
  if (comparison == "GreaterThanOrEqualToThreshold") return value >= threshold;
  if (comparison == "GreaterThanThreshold") return value > threshold;
  if (comparison == "LessThanThreshold") return value < threshold;
  if (comparison == "LessThanOrEqualToThreshold") return value <= threshold;
  return false;
}

std::string ComparisonWords(const std::string& comparison) {
  if (comparison == "GreaterThanOrEqualToThreshold") return "greater than or equal to";
  if (comparison == "GreaterThanThreshold") return "greater than";
  if (comparison == "LessThanThreshold") return "less than";
  return "less than or equal to";
}

}  // namespace

void CloudWatchState::SetState(MetricAlarm& alarm, const std::string& state,
                               const std::string& reason, const std::string& reason_data,
                               WallTime now) {
  alarm.state_reason = reason;
  alarm.state_reason_data = reason_data;
  // StateUpdatedTimestamp moves on a change of state only: pollers compare it.
  if (alarm.state != state) {
    alarm.state = state;
    alarm.state_updated = now;
  }
}

WallTime CloudWatchState::EvaluationEnd(const MetricAlarm& alarm, WallTime now) const {
  // The newest period evaluated is the last one complete and published at `now`.
  return PeriodStart(now - world_->time.Real(publication_delay_), alarm.period);
}

void CloudWatchState::Advance(WallTime now) {
  for (auto& [name, alarm] : alarms_) {
    // Once per period: when another period has become complete and published (periods are
    // wall-clock seconds; time-scaled clients already ask for short ones).
    if (alarm.last_evaluated && *alarm.last_evaluated == EvaluationEnd(alarm, now)) continue;
    Evaluate(alarm, now);
  }
}

void CloudWatchState::Evaluate(MetricAlarm& alarm, WallTime now) {
  const WallTime end = EvaluationEnd(alarm, now);
  alarm.last_evaluated = end;
  const WallTime start = end - std::chrono::seconds(alarm.period * alarm.evaluation_periods);
  const std::string& stat =
      alarm.extended_statistic.empty() ? alarm.statistic : alarm.extended_statistic;

  std::map<WallTime, double> values;
  for (const PeriodStatistics& stats : Statistics(alarm.metric, start, end, alarm.period, now)) {
    if (!alarm.unit.empty() && stats.unit != alarm.unit) continue;
    if (const auto value = StatisticValue(stats, stat)) values[stats.timestamp] = *value;
  }

  int breaching = 0;
  int present = 0;
  std::vector<std::string> shown;
  for (int64_t i = alarm.evaluation_periods - 1; i >= 0; --i) {
    const WallTime period = end - std::chrono::seconds(alarm.period * (i + 1));
    const auto it = values.find(period);
    if (it == values.end()) {
      if (alarm.treat_missing_data == "breaching") ++breaching;
      if (alarm.treat_missing_data == "breaching" || alarm.treat_missing_data == "notBreaching") {
        ++present;
      }
      continue;
    }
    ++present;
    if (Breaches(alarm.comparison_operator, it->second, alarm.threshold)) ++breaching;
    shown.push_back(fmt::format("{} ({})", it->second, aws::FormatIso8601(period)));
  }

  nlohmann::json data = {{"version", "1.0"},
                         {"queryDate", aws::FormatIso8601(now)},
                         {"statistic", stat},
                         {"period", alarm.period},
                         {"threshold", alarm.threshold}};
  if (present == 0) {
    // "ignore" keeps the current state; "missing" has nothing to judge.
    if (alarm.treat_missing_data == "ignore") return;
    SetState(alarm, "INSUFFICIENT_DATA",
             fmt::format("Insufficient Data: {} datapoint{} {} unknown.", alarm.evaluation_periods,
                         alarm.evaluation_periods == 1 ? "" : "s",
                         alarm.evaluation_periods == 1 ? "was" : "were"),
             data.dump(), now);
    return;
  }
  const bool alarming = breaching >= alarm.datapoints_to_alarm;
  const std::string reason = fmt::format(
      "Threshold Crossed: {} out of the last {} datapoints [{}] {} {} the threshold ({}) "
      "(minimum {} datapoint{} for {} transition).",
      alarming ? breaching : present - breaching, alarm.evaluation_periods, fmt::join(shown, ", "),
      alarming ? "were" : "were not", ComparisonWords(alarm.comparison_operator), alarm.threshold,
      alarm.datapoints_to_alarm, alarm.datapoints_to_alarm == 1 ? "" : "s",
      alarming ? "OK -> ALARM" : "ALARM -> OK");
  SetState(alarm, alarming ? "ALARM" : "OK", reason, data.dump(), now);
}

}  // namespace kanaria::emulator
