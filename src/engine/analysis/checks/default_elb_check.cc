#include "engine/analysis/checks/default_elb_check.h"

#include <fmt/format.h>

#include "engine/analysis/cloudwatch/elb_metrics.h"

namespace kanaria::engine::analysis {

namespace {

struct Totals {
  int64_t requests = 0;
  int64_t errors = 0;
  std::vector<double> period_ms;
};

Totals Sum(const std::vector<ElbPeriod>& periods) {
  Totals totals;
  for (const auto& period : periods) {
    totals.requests += static_cast<int64_t>(period.requests + 0.5);
    totals.errors += static_cast<int64_t>(period.target_5xx + 0.5);
    totals.period_ms.push_back(period.mean_response_seconds * 1000);
  }
  return totals;
}

LookResult NotYet(const LookContext& context, const std::string& why) {
  const bool last = context.look >= context.looks;
  return {.outcome = last ? LookOutcome::kInconclusive : LookOutcome::kWaiting,
          .line = "load balancer metrics: " + why,
          .measurements = nlohmann::json::object()};
}

}  // namespace

DefaultElbCheck::DefaultElbCheck(aws::cloudwatch::CloudWatchClient& client, DefaultElbCheckOptions options)
    : client_(client), options_(std::move(options)) {}

LookResult DefaultElbCheck::Look(const LookContext& context) {
  auto canary_window = CompletePeriods(
      {.start = context.stage_start, .end = context.now - options_.publication_delay, .step = options_.period});
  if (!canary_window.ok()) return NotYet(context, "no complete CloudWatch period published yet");

  auto read = [&](const TimeWindow& window) {
    return FetchElbTargetGroupWindows(client_, options_.load_balancer_arn, options_.canary_target_group_arn,
                                      options_.primary_target_group_arn, window);
  };
  auto windows = read(*canary_window);
  if (!windows.ok()) return {.outcome = LookOutcome::kProviderError, .line = "CloudWatch: " + windows.status().message()};
  if (options_.primary_served_until) {
    // Blue/green: the primary's traffic in a window of the same length that ends at the switch.
    const WallTime until = *options_.primary_served_until;
    auto before_switch = read({.start = until - (canary_window->end - canary_window->start), .end = until,
                               .step = options_.period});
    if (!before_switch.ok()) {
      return {.outcome = LookOutcome::kProviderError, .line = "CloudWatch: " + before_switch.status().message()};
    }
    windows->primary = std::move(before_switch->primary);
  }

  const Totals canary = Sum(windows->canary);
  const Totals primary = Sum(windows->primary);
  const JudgementPlan plan{.settings = options_.settings, .metrics = 2, .looks = context.looks,
                           .test_alpha = context.test_alpha};
  auto errors = JudgeErrorRate(plan, "5xx rate",
                               {.look = context.look, .canary_errors = canary.errors, .canary_requests = canary.requests,
                                .primary_errors = primary.errors, .primary_requests = primary.requests});
  auto latency = JudgeLatency(plan, "response time",
                              {.look = context.look, .canary_requests = canary.requests,
                               .canary_ms = canary.period_ms, .primary_ms = primary.period_ms});
  if (!errors.ok() || !latency.ok()) {
    // Counts CloudWatch gave that the judgement cannot take (more errors than requests).
    const Status& bad = errors.ok() ? latency.status() : errors.status();
    return {.outcome = LookOutcome::kProviderError, .line = "CloudWatch data unusable: " + bad.message()};
  }
  LookResult result;
  result.measurements = {{"canary", {{"requests", canary.requests}, {"errors5xx", canary.errors}, {"periods", canary.period_ms.size()}}},
                         {"primary", {{"requests", primary.requests}, {"errors5xx", primary.errors}, {"periods", primary.period_ms.size()}}},
                         {"errorRate", {{"verdict", VerdictKindName(errors->kind)}, {"p", errors->p_value}, {"test", errors->test}}},
                         {"latency", {{"verdict", VerdictKindName(latency->kind)}, {"p", latency->p_value}, {"test", latency->test}}},
                         {"alpha", context.test_alpha}};
  switch (CombineVerdicts({*errors, *latency})) {
    case VerdictKind::kFail:
      result.outcome = LookOutcome::kFail;
      result.line = errors->kind == VerdictKind::kFail ? errors->line : latency->line;
      return result;
    case VerdictKind::kInconclusive: result.outcome = LookOutcome::kInconclusive; break;
    case VerdictKind::kWaiting: result.outcome = LookOutcome::kWaiting; break;
    case VerdictKind::kPass: result.outcome = LookOutcome::kPass; break;
  }
  result.line = errors->line + "; " + latency->line;
  return result;
}

}  // namespace kanaria::engine::analysis
