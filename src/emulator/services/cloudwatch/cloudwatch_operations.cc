#include "emulator/services/cloudwatch/cloudwatch_operations.h"

#include "emulator/services/cloudwatch/cloudwatch_handlers.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> CloudWatchOperations() {
  static const EmulatedOperation kOperations[] = {
      {"GetMetricData", &cloudwatch::GetMetricData},
      {"GetMetricStatistics", &cloudwatch::GetMetricStatistics},
      {"PutMetricData", &cloudwatch::PutMetricData},
      {"ListMetrics", &cloudwatch::ListMetrics},
      {"PutMetricAlarm", &cloudwatch::PutMetricAlarm},
      {"DescribeAlarms", &cloudwatch::DescribeAlarms},
      {"DeleteAlarms", &cloudwatch::DeleteAlarms},
      {"SetAlarmState", &cloudwatch::SetAlarmState},
  };
  return kOperations;
}

}  // namespace kanaria::emulator
