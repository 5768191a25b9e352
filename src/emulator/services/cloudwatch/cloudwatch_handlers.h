// The CloudWatch operation handlers (cloudwatch_operations.cc lists them in its table) and the
// input readers they share. Inputs arrive as query-protocol trees (every scalar a string) or as
// JSON 1.0 (typed); InputFields reads both.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/emulated_service.h"
#include "emulator/input_fields.h"
#include "emulator/services/cloudwatch/cloudwatch_state.h"

namespace kanaria::emulator::cloudwatch {

inline constexpr const char* kInvalidValue = "InvalidParameterValue";

nlohmann::json GetMetricData(CallContext& context, const nlohmann::json& input);
nlohmann::json GetMetricStatistics(CallContext& context, const nlohmann::json& input);
nlohmann::json PutMetricData(CallContext& context, const nlohmann::json& input);
nlohmann::json ListMetrics(CallContext& context, const nlohmann::json& input);
nlohmann::json PutMetricAlarm(CallContext& context, const nlohmann::json& input);
nlohmann::json DescribeAlarms(CallContext& context, const nlohmann::json& input);
nlohmann::json DeleteAlarms(CallContext& context, const nlohmann::json& input);
nlohmann::json SetAlarmState(CallContext& context, const nlohmann::json& input);

// {Namespace, MetricName, Dimensions[{Name, Value}]} from `fields`; errors use its code.
MetricId ReadMetric(const InputFields& fields);
// [{Name, Value}] as the output shape has it.
nlohmann::json DimensionsTree(const MetricDimensions& dimensions);

}  // namespace kanaria::emulator::cloudwatch
