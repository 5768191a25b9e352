// The default analysis's data: an ALB target group's own CloudWatch metrics per period, read in
// one GetMetricData call for both target groups (canary and primary).
//
// ALB metrics are published only when non-zero, so a period with requests and no 5xx datapoint
// had 0 errors, while a period with no RequestCount had no traffic at all (it is dropped, not
// counted as 0 of 0). The window ends at the last complete period: a period still being
// filled would read as fewer requests than it will have.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aws/cloudwatch/cloudwatch_client.h"
#include "engine/analysis/metric_provider.h"

namespace kanaria::engine::analysis {

// "app/web/0f3c..." of a load balancer ARN, "targetgroup/blue/77aa..." of a target group ARN:
// the values of CloudWatch's LoadBalancer and TargetGroup dimensions. The ARN itself when it
// has no such part.
std::string LoadBalancerDimension(std::string_view load_balancer_arn);
std::string TargetGroupDimension(std::string_view target_group_arn);

// One period of one target group's traffic.
struct ElbPeriod {
  WallTime start;
  double requests = 0;
  double target_5xx = 0;
  double mean_response_seconds = 0;  // TargetResponseTime Average over the period's requests
};

struct ElbTargetGroupWindows {
  std::vector<ElbPeriod> canary;   // oldest first; periods with requests only
  std::vector<ElbPeriod> primary;
};

// [window.start, window.end) truncated to whole periods of window.step (end rounded down).
// kInvalidInput when the window holds no complete period.
StatusOr<TimeWindow> CompletePeriods(const TimeWindow& window);

// REQUIRES: `window` is made of complete periods (CompletePeriods).
StatusOr<ElbTargetGroupWindows> FetchElbTargetGroupWindows(aws::cloudwatch::CloudWatchClient& client,
                                                           const std::string& load_balancer_arn,
                                                           const std::string& canary_target_group_arn,
                                                           const std::string& primary_target_group_arn,
                                                           const TimeWindow& window);

}  // namespace kanaria::engine::analysis
