#include <fmt/format.h>

#include "engine/analysis/analysis_schedule.h"
#include "aws/service_client.h"
#include "engine/analysis/checks/default_elb_check.h"
#include "engine/analysis/checks/http_check.h"
#include "engine/analysis/checks/metric_checks.h"
#include "engine/analysis/cloudwatch/alarm_gate.h"
#include "engine/analysis/cloudwatch/cloudwatch_provider.h"
#include "engine/analysis/metric_providers.h"
#include "engine/release.h"
#include "engine/stages/stages.h"
#include "model/duration.h"

namespace kanaria::engine {

namespace an = analysis;

namespace {

// The default analysis looks every minute (ALB metrics are per minute).
constexpr Duration kDefaultAnalysisInterval = std::chrono::minutes(1);

Duration AtLeastOneSecond(Duration d) { return std::max<Duration>(d, std::chrono::seconds(1)); }

StatusOr<std::vector<std::unique_ptr<an::AnalysisCheck>>> MakeChecks(const model::Stage& config, Release& release,
                                                                     an::MetricProviders& providers) {
  const model::Application& app = release.app();
  const model::AnalysisStage& analysis = config.analysis;
  std::vector<std::unique_ptr<an::AnalysisCheck>> checks;
  const Duration cloudwatch_delay = release.Scaled(an::kCloudWatchPublicationDelay);
  if (analysis.default_elb_analysis) {
    const std::string load_balancer = release.router().LoadBalancerArn();
    if (load_balancer.empty() || release.clients().cloudwatch == nullptr) {
      return InvalidInputError("the default analysis needs a load balancer and CloudWatch");
    }
    an::JudgementSettings settings;
    settings.min_samples = app.kanaria.min_samples;
    std::optional<WallTime> primary_until;
    if (release.state().primary_served_until_ms != 0) {
      primary_until = WallTime(std::chrono::milliseconds(release.state().primary_served_until_ms));
    }
    checks.push_back(std::make_unique<an::DefaultElbCheck>(
        *release.clients().cloudwatch,
        an::DefaultElbCheckOptions{.load_balancer_arn = load_balancer,
                                   .canary_target_group_arn = release.router().TargetGroupFor(TaskSetRole::kCanary),
                                   .primary_target_group_arn = release.router().TargetGroupFor(TaskSetRole::kPrimary),
                                   .interval = release.Scaled(kDefaultAnalysisInterval),
                                   .period = AtLeastOneSecond(release.Scaled(std::chrono::minutes(1))),
                                   .publication_delay = cloudwatch_delay,
                                   .settings = settings,
                                   .primary_served_until = primary_until}));
  }
  for (std::size_t i = 0; i < analysis.metrics.size(); ++i) {
    const model::AnalysisMetric& metric = analysis.metrics[i];
    auto declaration = app.kanaria.analysis_providers.find(metric.provider);
    if (declaration == app.kanaria.analysis_providers.end()) {
      return InvalidInputError(metric.path + ": provider " + metric.provider + " is not declared");
    }
    ASSIGN_OR_RETURN(an::MetricProvider * provider, providers.Get(declaration->second));
    const Duration interval = release.Scaled(metric.interval);
    const bool cloudwatch = declaration->second.type == model::AnalysisProviderType::kCloudWatch;
    an::MetricCheckContext context{
        .name = fmt::format("metrics[{}] ({} {})", i, provider->type(), metric.provider),
        .app_name = app.name,
        .interval = interval,
        // CloudWatch's finest period for most metrics is a minute; Prometheus answers at any step.
        .step = std::min(interval, AtLeastOneSecond(release.Scaled(cloudwatch ? std::chrono::minutes(1)
                                                                               : std::chrono::seconds(15)))),
        .publication_delay = cloudwatch ? cloudwatch_delay : Duration::zero()};
    if (metric.strategy == model::AnalysisStrategy::kCanaryPrimary) {
      checks.push_back(std::make_unique<an::CanaryPrimaryCheck>(*provider, metric, std::move(context)));
    } else {
      checks.push_back(std::make_unique<an::ThresholdCheck>(*provider, metric, std::move(context)));
    }
  }
  for (std::size_t i = 0; i < analysis.https.size(); ++i) {
    const model::AnalysisHttpCheck& https = analysis.https[i];
    if (release.clients().context == nullptr || release.clients().context->transport == nullptr) {
      return InternalError("no HTTP transport for the release's HTTP checks");
    }
    checks.push_back(std::make_unique<an::HttpCheck>(release.clients().context->transport, release.clock(), https,
                                                     // The query string is left out: it may carry a token.
                                                     fmt::format("https[{}] {} {}", i, https.method,
                                                                 https.url.substr(0, https.url.find('?'))),
                                                     release.Scaled(https.interval)));
  }
  return checks;
}

// The canary stop count ends with the stage however it ends (a failed stage rolls back).
class CanaryStopCountScope {
 public:
  explicit CanaryStopCountScope(Release& release) : release_(release) {}
  ~CanaryStopCountScope() { release_.DropCanaryStopCount(); }
  CanaryStopCountScope(const CanaryStopCountScope&) = delete;
  CanaryStopCountScope& operator=(const CanaryStopCountScope&) = delete;

 private:
  Release& release_;
};

}  // namespace

void AnalysisStage::Plan(const model::Stage&, PlanSimulation&) const {}

Status AnalysisStage::Run(const model::Stage& config, Release& release) const {
  const model::Application& app = release.app();
  an::MetricProviders providers(release.clients());
  ASSIGN_OR_RETURN(auto checks, MakeChecks(config, release, providers));
  release.Emit("message", fmt::format("analysing the canary for {} ({} check{}{})",
                                      model::FormatDuration(config.analysis.duration), checks.size(),
                                      checks.size() == 1 ? "" : "s",
                                      app.kanaria.alarms.empty() ? "" : fmt::format(", {} alarm gate{}", app.kanaria.alarms.size(),
                                                                                    app.kanaria.alarms.size() == 1 ? "" : "s")));
  const std::optional<int> restart_threshold = config.analysis.restart_threshold;
  CanaryStopCountScope stop_count_scope(release);
  if (restart_threshold) RETURN_IF_ERROR(release.BeginCanaryStopCount(*restart_threshold));
  an::ScheduleHooks hooks;
  hooks.wait_until = [&](WallTime until) -> Status { return release.HoldUntil(until).status(); };
  hooks.alarms_in_alarm = [&]() -> StatusOr<std::vector<std::string>> {
    if (app.kanaria.alarms.empty()) return std::vector<std::string>{};
    ASSIGN_OR_RETURN(an::AlarmReading reading, an::ReadAlarms(*release.clients().cloudwatch, app.kanaria.alarms));
    if (!reading.missing.empty()) {
      return NotFoundError(fmt::format("spec.kanaria.alarms names alarms CloudWatch does not have: {}",
                                       fmt::join(reading.missing, ", ")));
    }
    return reading.in_alarm;
  };
  hooks.on_look = [&](const an::AnalysisCheck& check, const an::LookContext& look, const an::LookResult& result) {
    release.Emit("analysis", result.line,
                 {{"check", check.name()},
                  {"look", look.look},
                  {"looks", look.looks},
                  {"outcome", an::LookOutcomeName(result.outcome)},
                  {"measurements", result.measurements}});
  };
  ASSIGN_OR_RETURN(an::ScheduleResult result,
                   an::RunAnalysisSchedule({.duration = release.Scaled(config.analysis.duration),
                                            .significance = app.kanaria.significance,
                                            .pass_inconclusive = app.kanaria.on_inconclusive ==
                                                                 model::KanariaOptions::Inconclusive::kPass},
                                           checks, release.clock(), hooks));
  if (!result.passed) return ConflictError("analysis failed: " + result.summary);
  RETURN_IF_ERROR(release.EndCanaryStopCount());
  release.Emit("message", "analysis passed: " + result.summary);
  return Status::Ok();
}

}  // namespace kanaria::engine
