#include "engine/analysis/cloudwatch/alarm_gate.h"

#include <algorithm>
#include <map>

namespace kanaria::engine::analysis {

StatusOr<AlarmReading> ReadAlarms(aws::cloudwatch::CloudWatchClient& client, const std::vector<std::string>& names) {
  constexpr std::size_t kNamesPerCall = 100;  // DescribeAlarms' AlarmNames limit
  std::map<std::string, aws::cloudwatch::Alarm> found;
  for (std::size_t first = 0; first < names.size(); first += kNamesPerCall) {
    aws::cloudwatch::DescribeAlarmsRequest request;
    const std::size_t last = std::min(names.size(), first + kNamesPerCall);
    request.alarm_names.assign(names.begin() + static_cast<std::ptrdiff_t>(first),
                               names.begin() + static_cast<std::ptrdiff_t>(last));
    ASSIGN_OR_RETURN(std::vector<aws::cloudwatch::Alarm> alarms, client.DescribeAlarms(request));
    for (auto& alarm : alarms) found.emplace(alarm.alarm_name, std::move(alarm));
  }
  AlarmReading reading;
  for (const auto& name : names) {
    auto it = found.find(name);
    if (it == found.end()) {
      reading.missing.push_back(name);
    } else if (it->second.state_value == "ALARM") {
      reading.in_alarm.push_back(it->second.state_reason.empty() ? name : name + " (" + it->second.state_reason + ")");
    }
  }
  return reading;
}

}  // namespace kanaria::engine::analysis
