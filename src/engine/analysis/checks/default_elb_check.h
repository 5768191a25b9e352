// The default analysis of an ELB app (an ANALYSIS stage with no metrics and no https): the
// canary target group against the primary on the load balancer's own CloudWatch metrics, the
// 5xx rate (HTTPCode_Target_5XX_Count / RequestCount, a two-proportion test on the counts) and
// the response time (TargetResponseTime per period, a rank test on the periods). Counts and
// periods are cumulative from the stage's start, up to the last complete period CloudWatch has
// published.
//
// Blue/green: after the switch the primary serves nothing, so the canary is compared with the
// primary's traffic in a window of the same length that ends at the switch.
#pragma once

#include <optional>
#include <string>

#include "aws/cloudwatch/cloudwatch_client.h"
#include "engine/analysis/analysis_check.h"
#include "engine/analysis/judgement.h"

namespace kanaria::engine::analysis {

struct DefaultElbCheckOptions {
  std::string load_balancer_arn;
  std::string canary_target_group_arn;
  std::string primary_target_group_arn;
  Duration interval{60'000};            // between looks, scaled
  Duration period{60'000};              // CloudWatch period (ALB metrics are per minute), scaled
  Duration publication_delay{60'000};   // how long CloudWatch takes to publish a period, scaled
  JudgementSettings settings;           // min_samples, margin and shift (α comes from the schedule)
  // Set when the primary stopped serving before the stage (blue/green): when it stopped.
  std::optional<WallTime> primary_served_until;
};

class DefaultElbCheck final : public AnalysisCheck {
 public:
  DefaultElbCheck(aws::cloudwatch::CloudWatchClient& client, DefaultElbCheckOptions options);

  const std::string& name() const override { return name_; }
  Duration interval() const override { return options_.interval; }
  int tests_per_look() const override { return 2; }  // the 5xx rate and the response time
  LookResult Look(const LookContext& context) override;

 private:
  aws::cloudwatch::CloudWatchClient& client_;
  DefaultElbCheckOptions options_;
  std::string name_ = "load balancer 5xx rate and response time (default analysis)";
};

}  // namespace kanaria::engine::analysis
