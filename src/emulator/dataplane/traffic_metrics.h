// What the data plane served, per load balancer and target group: the source of CloudWatch's
// AWS/ApplicationELB metrics and of the admin API's Prometheus text. (Being built.)
#pragma once

#include <string>

#include "core/clock.h"

namespace kanaria::emulator {

struct ServedRequest {
  std::string load_balancer_arn;
  std::string target_group_arn;
  int status = 0;
  double latency_ms = 0;  // simulated latency as recorded (the full value, not scaled)
  WallTime at;
};

class TrafficMetrics {
 public:
  void Record(const ServedRequest& request) { (void)request; }
  // Prometheus text exposition of the counters and the latency histogram.
  std::string PrometheusText() const { return ""; }
};

}  // namespace kanaria::emulator
