// Alarm gates (spec.kanaria.alarms): CloudWatch alarms that fail an ANALYSIS stage whenever one
// of them is in ALARM, as ECS's and CodeDeploy's deployment alarms do.
#pragma once

#include <string>
#include <vector>

#include "aws/cloudwatch/cloudwatch_client.h"

namespace kanaria::engine::analysis {

struct AlarmReading {
  std::vector<std::string> in_alarm;  // "name (state reason)", in the order configured
  std::vector<std::string> missing;   // configured names CloudWatch does not know
};

// One DescribeAlarms call per 100 names. Metric and composite alarms both count.
StatusOr<AlarmReading> ReadAlarms(aws::cloudwatch::CloudWatchClient& client, const std::vector<std::string>& names);

}  // namespace kanaria::engine::analysis
