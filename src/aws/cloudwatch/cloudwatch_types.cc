#include "aws/cloudwatch/cloudwatch_types.h"

#include <fmt/format.h>

#include <algorithm>

#include "aws/query_fields.h"

namespace kanaria::aws::cloudwatch {
namespace {

StatusOr<std::vector<Dimension>> ParseDimensions(const nlohmann::json& tree) {
  ASSIGN_OR_RETURN(std::vector<nlohmann::json> items, ListField(tree, "Dimensions"));
  std::vector<Dimension> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    out.push_back({StringField(item, "Name"), StringField(item, "Value")});
  }
  return out;
}

}  // namespace

nlohmann::json MetricDataQueryTree(const MetricDataQuery& query) {
  nlohmann::json tree{{"Id", query.id}};
  if (query.metric_stat) {
    const MetricStat& stat = *query.metric_stat;
    nlohmann::json metric{{"Namespace", stat.metric.metric_namespace},
                          {"MetricName", stat.metric.metric_name}};
    if (!stat.metric.dimensions.empty()) {
      nlohmann::json dimensions = nlohmann::json::array();
      for (const auto& d : stat.metric.dimensions) {
        dimensions.push_back({{"Name", d.name}, {"Value", d.value}});
      }
      metric["Dimensions"] = std::move(dimensions);
    }
    tree["MetricStat"] = {{"Metric", std::move(metric)},
                          {"Period", std::to_string(stat.period_seconds)},
                          {"Stat", stat.stat}};
    if (!stat.unit.empty()) tree["MetricStat"]["Unit"] = stat.unit;
  }
  if (!query.expression.empty()) tree["Expression"] = query.expression;
  if (!query.label.empty()) tree["Label"] = query.label;
  if (query.return_data) tree["ReturnData"] = *query.return_data ? "true" : "false";
  if (query.period_seconds) tree["Period"] = std::to_string(*query.period_seconds);
  return tree;
}

StatusOr<std::vector<MessageData>> ParseMessages(const nlohmann::json& tree,
                                                 std::string_view member) {
  ASSIGN_OR_RETURN(std::vector<nlohmann::json> items, ListField(tree, member));
  std::vector<MessageData> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    out.push_back({StringField(item, "Code"), StringField(item, "Value")});
  }
  return out;
}

StatusOr<MetricDataResult> ParseMetricDataResult(const nlohmann::json& tree) {
  MetricDataResult result;
  result.id = StringField(tree, "Id");
  result.label = StringField(tree, "Label");
  result.status_code = StringField(tree, "StatusCode");
  ASSIGN_OR_RETURN(std::vector<nlohmann::json> timestamps, ListField(tree, "Timestamps"));
  ASSIGN_OR_RETURN(std::vector<nlohmann::json> values, ListField(tree, "Values"));
  if (timestamps.size() != values.size()) {
    return InternalError(fmt::format("metric data result {} has {} timestamps but {} values",
                                     result.id, timestamps.size(), values.size()));
  }
  for (const auto& timestamp : timestamps) {
    ASSIGN_OR_RETURN(WallTime time, ParseQueryTimestamp(timestamp, "Timestamps"));
    result.timestamps.push_back(time);
  }
  for (const auto& value : values) {
    ASSIGN_OR_RETURN(double number, ParseQueryDouble(value, "Values"));
    result.values.push_back(number);
  }
  ASSIGN_OR_RETURN(result.messages, ParseMessages(tree, "Messages"));
  return result;
}

StatusOr<Alarm> ParseMetricAlarm(const nlohmann::json& tree) {
  Alarm alarm;
  alarm.alarm_name = StringField(tree, "AlarmName");
  alarm.alarm_arn = StringField(tree, "AlarmArn");
  alarm.state_value = StringField(tree, "StateValue");
  alarm.state_reason = StringField(tree, "StateReason");
  ASSIGN_OR_RETURN(alarm.state_updated_timestamp, TimestampField(tree, "StateUpdatedTimestamp"));
  alarm.metric_namespace = StringField(tree, "Namespace");
  alarm.metric_name = StringField(tree, "MetricName");
  ASSIGN_OR_RETURN(alarm.dimensions, ParseDimensions(tree));
  ASSIGN_OR_RETURN(alarm.threshold, DoubleField(tree, "Threshold"));
  alarm.comparison_operator = StringField(tree, "ComparisonOperator");
  return alarm;
}

StatusOr<Alarm> ParseCompositeAlarm(const nlohmann::json& tree) {
  Alarm alarm;
  alarm.composite = true;
  alarm.alarm_name = StringField(tree, "AlarmName");
  alarm.alarm_arn = StringField(tree, "AlarmArn");
  alarm.state_value = StringField(tree, "StateValue");
  alarm.state_reason = StringField(tree, "StateReason");
  ASSIGN_OR_RETURN(alarm.state_updated_timestamp, TimestampField(tree, "StateUpdatedTimestamp"));
  alarm.alarm_rule = StringField(tree, "AlarmRule");
  return alarm;
}

void MergeMetricDataPage(GetMetricDataResponse& into, GetMetricDataResponse page) {
  for (auto& result : page.results) {
    auto existing = std::find_if(into.results.begin(), into.results.end(),
                                 [&](const MetricDataResult& r) { return r.id == result.id; });
    if (existing == into.results.end()) {
      into.results.push_back(std::move(result));
      continue;
    }
    existing->timestamps.insert(existing->timestamps.end(), result.timestamps.begin(),
                                result.timestamps.end());
    existing->values.insert(existing->values.end(), result.values.begin(), result.values.end());
    existing->messages.insert(existing->messages.end(), result.messages.begin(),
                              result.messages.end());
    existing->status_code = std::move(result.status_code);
    if (existing->label.empty()) existing->label = std::move(result.label);
  }
  into.messages.insert(into.messages.end(), page.messages.begin(), page.messages.end());
}

}  // namespace kanaria::aws::cloudwatch
