#include "engine/analysis/cloudwatch/elb_metrics.h"

#include <fmt/format.h>

#include <map>

#include "engine/analysis/cloudwatch/cloudwatch_provider.h"

namespace kanaria::engine::analysis {

namespace cw = aws::cloudwatch;

namespace {

// What follows `marker` in `arn`, or the ARN itself when it has no such part.
std::string After(std::string_view arn, std::string_view marker) {
  const auto at = arn.find(marker);
  if (at == std::string_view::npos) return std::string(arn);
  return std::string(arn.substr(at + marker.size()));
}

cw::MetricDataQuery ElbMetricQuery(std::string id, const std::string& metric_name,
                                   const std::string& stat, const std::string& load_balancer,
                                   const std::string& target_group, int period) {
  cw::MetricDataQuery query;
  query.id = std::move(id);
  query.metric_stat = cw::MetricStat{
      .metric = {.metric_namespace = "AWS/ApplicationELB",
                 .metric_name = metric_name,
                 .dimensions = {{"LoadBalancer", load_balancer}, {"TargetGroup", target_group}}},
      .period_seconds = period,
      .stat = stat,
      .unit = ""};
  return query;
}

// The periods of one target group, by start time, from the results whose ids start with `prefix`.
std::vector<ElbPeriod> Periods(const cw::GetMetricDataResponse& response, const std::string& prefix) {
  std::map<WallTime, ElbPeriod> by_start;
  std::map<WallTime, double> errors;
  std::map<WallTime, double> latency;
  for (const auto& result : response.results) {
    for (std::size_t i = 0; i < result.values.size() && i < result.timestamps.size(); ++i) {
      const WallTime at = result.timestamps[i];
      if (result.id == prefix + "requests") {
        by_start[at].start = at;
        by_start[at].requests = result.values[i];
      } else if (result.id == prefix + "errors") {
        errors[at] = result.values[i];
      } else if (result.id == prefix + "latency") {
        latency[at] = result.values[i];
      }
    }
  }
  std::vector<ElbPeriod> periods;
  for (auto& [at, period] : by_start) {
    if (period.requests <= 0) continue;
    if (auto e = errors.find(at); e != errors.end()) period.target_5xx = e->second;
    if (auto l = latency.find(at); l != latency.end()) period.mean_response_seconds = l->second;
    periods.push_back(period);
  }
  return periods;
}

}  // namespace

std::string LoadBalancerDimension(std::string_view arn) { return After(arn, ":loadbalancer/"); }

std::string TargetGroupDimension(std::string_view arn) {
  const std::string rest = After(arn, ":targetgroup/");
  return rest.size() == arn.size() ? rest : "targetgroup/" + rest;
}

StatusOr<TimeWindow> CompletePeriods(const TimeWindow& window) {
  const Duration step = std::max<Duration>(window.step, std::chrono::seconds(1));
  const auto since_start = std::chrono::duration_cast<Duration>(window.end - window.start);
  const auto whole = since_start.count() / step.count();
  if (whole <= 0) {
    return InvalidInputError(fmt::format("no complete period of {} ms yet in the window", step.count()));
  }
  return TimeWindow{.start = window.start, .end = window.start + step * whole, .step = step};
}

StatusOr<ElbTargetGroupWindows> FetchElbTargetGroupWindows(cw::CloudWatchClient& client,
                                                           const std::string& load_balancer_arn,
                                                           const std::string& canary_target_group_arn,
                                                           const std::string& primary_target_group_arn,
                                                           const TimeWindow& window) {
  const int period = PeriodSeconds(window.step);
  const std::string load_balancer = LoadBalancerDimension(load_balancer_arn);
  cw::GetMetricDataRequest request;
  for (const auto& [prefix, arn] : {std::pair{std::string("c"), canary_target_group_arn},
                                    std::pair{std::string("p"), primary_target_group_arn}}) {
    const std::string group = TargetGroupDimension(arn);
    request.queries.push_back(ElbMetricQuery(prefix + "requests", "RequestCount", "Sum", load_balancer, group, period));
    request.queries.push_back(ElbMetricQuery(prefix + "errors", "HTTPCode_Target_5XX_Count", "Sum", load_balancer, group, period));
    request.queries.push_back(ElbMetricQuery(prefix + "latency", "TargetResponseTime", "Average", load_balancer, group, period));
  }
  request.start_time = window.start;
  request.end_time = window.end;
  request.scan_by = "TimestampAscending";
  ASSIGN_OR_RETURN(cw::GetMetricDataResponse response, client.GetMetricData(request));
  for (const auto& result : response.results) {
    if (result.status_code == "Forbidden") return UnauthenticatedError("CloudWatch: Forbidden reading " + result.id);
    if (result.status_code == "InternalError") return UnavailableError("CloudWatch: InternalError reading " + result.id);
  }
  return ElbTargetGroupWindows{.canary = Periods(response, "c"), .primary = Periods(response, "p")};
}

}  // namespace kanaria::engine::analysis
