// PutMetricAlarm, DescribeAlarms, DeleteAlarms and SetAlarmState (metric alarms on one metric;
// metric-math and anomaly-detection alarms are refused as not supported).
#include <fmt/format.h>

#include "emulator/api_error.h"
#include "emulator/services/cloudwatch/cloudwatch_handlers.h"
#include "emulator/world.h"

namespace kanaria::emulator::cloudwatch {
namespace {

constexpr const char* kCombination = "InvalidParameterCombination";

bool IsOneOf(const std::string& value, std::initializer_list<const char*> allowed) {
  for (const char* candidate : allowed) {
    if (value == candidate) return true;
  }
  return false;
}

int64_t RequiredInteger(const InputFields& fields, const char* name) {
  const std::optional<int64_t> value = fields.Integer(name);
  if (!value) Fail("MissingParameter", fmt::format("The parameter {} is required.", name));
  return *value;
}

nlohmann::json AlarmTree(const CallContext& context, const MetricAlarm& alarm) {
  nlohmann::json tree = {
      {"AlarmName", alarm.name},
      {"AlarmArn", alarm.arn},
      {"AlarmConfigurationUpdatedTimestamp", TimestampValue(context, alarm.configuration_updated)},
      {"ActionsEnabled", alarm.actions_enabled},
      {"OKActions", alarm.ok_actions},
      {"AlarmActions", alarm.alarm_actions},
      {"InsufficientDataActions", alarm.insufficient_data_actions},
      {"StateValue", alarm.state},
      {"StateReason", alarm.state_reason},
      {"StateUpdatedTimestamp", TimestampValue(context, alarm.state_updated)},
      {"StateTransitionedTimestamp", TimestampValue(context, alarm.state_updated)},
      {"MetricName", alarm.metric.metric_name},
      {"Namespace", alarm.metric.name_space},
      {"Dimensions", DimensionsTree(alarm.metric.dimensions)},
      {"Period", alarm.period},
      {"EvaluationPeriods", alarm.evaluation_periods},
      {"DatapointsToAlarm", alarm.datapoints_to_alarm},
      {"Threshold", alarm.threshold},
      {"ComparisonOperator", alarm.comparison_operator},
      {"TreatMissingData", alarm.treat_missing_data},
  };
  if (!alarm.description.empty()) tree["AlarmDescription"] = alarm.description;
  if (!alarm.state_reason_data.empty()) tree["StateReasonData"] = alarm.state_reason_data;
  if (!alarm.statistic.empty()) tree["Statistic"] = alarm.statistic;
  if (!alarm.extended_statistic.empty()) tree["ExtendedStatistic"] = alarm.extended_statistic;
  if (!alarm.unit.empty()) tree["Unit"] = alarm.unit;
  return tree;
}

}  // namespace

nlohmann::json PutMetricAlarm(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, kInvalidValue);
  CloudWatchState& state = context.world.cloudwatch;
  MetricAlarm alarm;
  if (!fields.Has("AlarmName")) Fail("MissingParameter", "The parameter AlarmName is required.");
  alarm.name = *fields.String("AlarmName");
  if (alarm.name.empty() || alarm.name.size() > 255) {
    Fail(kInvalidValue, "The parameter AlarmName must be 1 to 255 characters long.");
  }
  if (fields.Has("Metrics") || fields.Has("ThresholdMetricId")) {
    Fail(kCombination,
         "Metric math and anomaly detection alarms are not supported by kanaria's emulator; use "
         "MetricName, Namespace and Statistic.");
  }
  if (!fields.Has("Namespace")) Fail("MissingParameter", "The parameter Namespace is required.");
  if (!fields.Has("MetricName")) Fail("MissingParameter", "The parameter MetricName is required.");
  alarm.metric = ReadMetric(fields);
  alarm.statistic = fields.String("Statistic").value_or("");
  alarm.extended_statistic = fields.String("ExtendedStatistic").value_or("");
  if (alarm.statistic.empty() == alarm.extended_statistic.empty()) {
    Fail(kCombination, "Exactly one of Statistic and ExtendedStatistic must be specified.");
  }
  if (!alarm.statistic.empty() &&
      !IsOneOf(alarm.statistic, {"SampleCount", "Average", "Sum", "Minimum", "Maximum"})) {
    Fail(kInvalidValue, "The value " + alarm.statistic + " for parameter Statistic is invalid.");
  }
  if (!alarm.extended_statistic.empty() &&
      (alarm.extended_statistic[0] != 'p' || !IsKnownStatistic(alarm.extended_statistic))) {
    Fail(kInvalidValue,
         "The value " + alarm.extended_statistic + " for parameter ExtendedStatistic is invalid.");
  }
  // Any period >= 1 s: time-scaled clients shorten AWS's 10/30/60n-second periods.
  alarm.period = RequiredInteger(fields, "Period");
  if (alarm.period < 1) Fail(kInvalidValue, "The parameter Period must be greater than 0.");
  alarm.evaluation_periods = RequiredInteger(fields, "EvaluationPeriods");
  if (alarm.evaluation_periods < 1) {
    Fail(kInvalidValue, "The parameter EvaluationPeriods must be greater than or equal to 1.");
  }
  alarm.datapoints_to_alarm =
      fields.Integer("DatapointsToAlarm").value_or(alarm.evaluation_periods);
  if (alarm.datapoints_to_alarm < 1 || alarm.datapoints_to_alarm > alarm.evaluation_periods) {
    Fail(kInvalidValue, "DatapointsToAlarm must be between 1 and the number of EvaluationPeriods.");
  }
  const std::optional<double> threshold = fields.Double("Threshold");
  if (!threshold) Fail("MissingParameter", "The parameter Threshold is required.");
  alarm.threshold = *threshold;
  alarm.comparison_operator = fields.String("ComparisonOperator").value_or("");
  if (alarm.comparison_operator.empty()) {
    Fail("MissingParameter", "The parameter ComparisonOperator is required.");
  }
  if (!IsOneOf(alarm.comparison_operator, {"GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
                                           "LessThanThreshold", "LessThanOrEqualToThreshold"})) {
    Fail(kInvalidValue, "The value " + alarm.comparison_operator +
                            " for parameter ComparisonOperator is invalid.");
  }
  alarm.treat_missing_data = fields.String("TreatMissingData").value_or("missing");
  if (!IsOneOf(alarm.treat_missing_data, {"breaching", "notBreaching", "ignore", "missing"})) {
    Fail(kInvalidValue,
         "The value " + alarm.treat_missing_data + " for parameter TreatMissingData is invalid.");
  }
  alarm.unit = fields.String("Unit").value_or("");
  alarm.description = fields.String("AlarmDescription").value_or("");
  alarm.actions_enabled = fields.Bool("ActionsEnabled").value_or(true);
  alarm.ok_actions = fields.StringList("OKActions");
  alarm.alarm_actions = fields.StringList("AlarmActions");
  alarm.insufficient_data_actions = fields.StringList("InsufficientDataActions");
  alarm.arn = context.world.Arn("cloudwatch", "alarm:" + alarm.name);
  alarm.configuration_updated = context.now;

  auto existing = state.alarms().find(alarm.name);
  if (existing == state.alarms().end()) {
    if (state.alarms().size() >= CloudWatchState::kMaxAlarms) {
      Fail("LimitExceeded",
           fmt::format("The maximum of {} alarms has been reached.", CloudWatchState::kMaxAlarms));
    }
    alarm.state_updated = context.now;
    state.alarms().emplace(alarm.name, std::move(alarm));
  } else {
    // An update overwrites the configuration and keeps the state (as CloudWatch does); the
    // alarm is evaluated again at the next Advance.
    MetricAlarm& current = existing->second;
    alarm.state = current.state;
    alarm.state_reason = current.state_reason;
    alarm.state_reason_data = current.state_reason_data;
    alarm.state_updated = current.state_updated;
    current = std::move(alarm);
  }
  return nlohmann::json::object();
}

nlohmann::json DescribeAlarms(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, kInvalidValue);
  const std::vector<std::string> names = fields.StringList("AlarmNames");
  const std::string prefix = fields.String("AlarmNamePrefix").value_or("");
  if (!names.empty() && !prefix.empty()) {
    Fail(kCombination, "AlarmNames and AlarmNamePrefix cannot be specified together.");
  }
  const std::string state_value = fields.String("StateValue").value_or("");
  if (!state_value.empty() && !IsOneOf(state_value, {"OK", "ALARM", "INSUFFICIENT_DATA"})) {
    Fail(kInvalidValue, "The value " + state_value + " for parameter StateValue is invalid.");
  }
  const std::string action_prefix = fields.String("ActionPrefix").value_or("");
  const std::vector<std::string> types = fields.StringList("AlarmTypes");
  const bool want_metric_alarms =
      types.empty() || std::find(types.begin(), types.end(), "MetricAlarm") != types.end();
  const int64_t max_records = fields.Integer("MaxRecords").value_or(50);
  if (max_records < 1 || max_records > 100) {
    Fail(kInvalidValue, "The parameter MaxRecords must be between 1 and 100.");
  }
  // NextToken: "alarm:" and the name of the last alarm returned (alarms are listed by name).
  constexpr std::string_view kTokenPrefix = "alarm:";
  std::string after = fields.String("NextToken").value_or("");
  if (!after.empty()) {
    if (after.rfind(kTokenPrefix, 0) != 0) {
      Fail("InvalidNextToken", "The service returned an invalid NextToken.");
    }
    after.erase(0, kTokenPrefix.size());
  }

  nlohmann::json alarms = nlohmann::json::array();
  std::string next_token;
  for (const auto& [name, alarm] : context.world.cloudwatch.alarms()) {
    if (!want_metric_alarms) break;
    if (!after.empty() && name <= after) continue;
    if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
    if (!prefix.empty() && name.rfind(prefix, 0) != 0) continue;
    if (!state_value.empty() && alarm.state != state_value) continue;
    if (!action_prefix.empty()) {
      bool matches = false;
      for (const auto* list :
           {&alarm.ok_actions, &alarm.alarm_actions, &alarm.insufficient_data_actions}) {
        for (const std::string& action : *list) matches |= action.rfind(action_prefix, 0) == 0;
      }
      if (!matches) continue;
    }
    if (static_cast<int64_t>(alarms.size()) == max_records) {
      next_token = std::string(kTokenPrefix) + alarms.back()["AlarmName"].get<std::string>();
      break;
    }
    alarms.push_back(AlarmTree(context, alarm));
  }
  nlohmann::json out = {{"MetricAlarms", alarms}, {"CompositeAlarms", nlohmann::json::array()}};
  if (!next_token.empty()) out["NextToken"] = next_token;
  return out;
}

nlohmann::json DeleteAlarms(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, kInvalidValue);
  const std::vector<std::string> names = fields.StringList("AlarmNames");
  if (names.empty()) Fail("MissingParameter", "The parameter AlarmNames is required.");
  auto& alarms = context.world.cloudwatch.alarms();
  // All or nothing: a name that does not exist deletes none.
  for (const std::string& name : names) {
    if (alarms.count(name) == 0) {
      Fail("ResourceNotFound", "An alarm named " + name + " does not exist.", 404);
    }
  }
  for (const std::string& name : names) alarms.erase(name);
  return nlohmann::json::object();
}

nlohmann::json SetAlarmState(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, kInvalidValue);
  if (!fields.Has("AlarmName")) Fail("MissingParameter", "The parameter AlarmName is required.");
  const std::string name = *fields.String("AlarmName");
  const std::string state_value = fields.String("StateValue").value_or("");
  if (state_value.empty()) Fail("MissingParameter", "The parameter StateValue is required.");
  if (!IsOneOf(state_value, {"OK", "ALARM", "INSUFFICIENT_DATA"})) {
    Fail(kInvalidValue, "The value " + state_value + " for parameter StateValue is invalid.");
  }
  if (!fields.Has("StateReason"))
    Fail("MissingParameter", "The parameter StateReason is required.");
  const std::string reason = *fields.String("StateReason");
  const std::string reason_data = fields.String("StateReasonData").value_or("");
  if (!reason_data.empty() && !nlohmann::json::accept(reason_data)) {
    Fail("InvalidFormat", "The parameter StateReasonData is not valid JSON.");
  }
  auto& alarms = context.world.cloudwatch.alarms();
  const auto alarm = alarms.find(name);
  if (alarm == alarms.end()) {
    Fail("ResourceNotFound", "An alarm named " + name + " does not exist.", 404);
  }
  // The next evaluation may set it back, as on AWS.
  context.world.cloudwatch.SetState(alarm->second, state_value, reason, reason_data, context.now);
  return nlohmann::json::object();
}

}  // namespace kanaria::emulator::cloudwatch
