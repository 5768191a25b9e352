// CloudWatch request and result shapes for the two calls kanaria makes: GetMetricData (canary
// analysis) and DescribeAlarms (alarm-gated analysis). Member names follow botocore's
// cloudwatch/2010-08-01 model.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::aws::cloudwatch {

struct Dimension {
  std::string name;
  std::string value;
  bool operator==(const Dimension&) const = default;
};

struct Metric {
  std::string metric_namespace;  // "AWS/ApplicationELB"
  std::string metric_name;       // "HTTPCode_Target_5XX_Count"
  std::vector<Dimension> dimensions;
};

struct MetricStat {
  Metric metric;
  int period_seconds = 60;
  std::string stat;  // "Sum", "Average", "p99", ...
  std::string unit;  // "" = any unit
};

// One query: either a metric_stat or an expression (CloudWatch rejects both or neither).
struct MetricDataQuery {
  std::string id;  // starts with a lowercase letter
  std::optional<MetricStat> metric_stat;
  std::string expression;  // "m1 / m2 * 100"
  std::string label;
  std::optional<bool> return_data;
  std::optional<int> period_seconds;  // for expressions that need one
};

struct GetMetricDataRequest {
  std::vector<MetricDataQuery> queries;
  WallTime start_time;
  WallTime end_time;
  std::string scan_by;  // "TimestampDescending" (AWS's default) | "TimestampAscending" | ""
  std::optional<int> max_datapoints;
};

struct MessageData {
  std::string code;
  std::string value;
};

struct MetricDataResult {
  std::string id;
  std::string label;
  std::vector<WallTime> timestamps;  // timestamps[i] belongs to values[i]
  std::vector<double> values;
  std::string status_code;  // "Complete" | "PartialData" | "InternalError" | "Forbidden"
  std::vector<MessageData> messages;
};

struct GetMetricDataResponse {
  // One result per returned query, in the order of the first page; pages are merged by Id.
  std::vector<MetricDataResult> results;
  std::vector<MessageData> messages;
};

struct DescribeAlarmsRequest {
  std::vector<std::string> alarm_names;  // up to 100; empty = all
  std::string alarm_name_prefix;
  std::string state_value;  // "OK" | "ALARM" | "INSUFFICIENT_DATA" | "" (any)
  // AWS returns only metric alarms when AlarmTypes is omitted; kanaria gates on either kind.
  std::vector<std::string> alarm_types = {"CompositeAlarm", "MetricAlarm"};
  std::optional<int> max_records;  // page size, 1..100
};

struct Alarm {
  std::string alarm_name;
  std::string alarm_arn;
  bool composite = false;
  std::string state_value;  // "OK" | "ALARM" | "INSUFFICIENT_DATA"
  std::string state_reason;
  std::optional<WallTime> state_updated_timestamp;
  // Metric alarms only.
  std::string metric_namespace;
  std::string metric_name;
  std::vector<Dimension> dimensions;
  std::optional<double> threshold;
  std::string comparison_operator;
  // Composite alarms only.
  std::string alarm_rule;
};

// Request encoding and result decoding (exposed for tests).
nlohmann::json MetricDataQueryTree(const MetricDataQuery& query);
StatusOr<MetricDataResult> ParseMetricDataResult(const nlohmann::json& tree);
StatusOr<std::vector<MessageData>> ParseMessages(const nlohmann::json& tree,
                                                 std::string_view member);
StatusOr<Alarm> ParseMetricAlarm(const nlohmann::json& tree);
StatusOr<Alarm> ParseCompositeAlarm(const nlohmann::json& tree);

// Appends `page` to `into`: results with the same Id are concatenated (a query's datapoints may
// span pages), the last page's StatusCode wins, new Ids are appended.
void MergeMetricDataPage(GetMetricDataResponse& into, GetMetricDataResponse page);

}  // namespace kanaria::aws::cloudwatch
