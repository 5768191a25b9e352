#include "engine/analysis/checks/metric_checks.h"

#include <fmt/format.h>

#include <cmath>

#include "engine/analysis/prometheus/histogram_samples.h"
#include "engine/analysis/statistics.h"
#include "model/query_template.h"

namespace kanaria::engine::analysis {

namespace {

// Every finite point of every series, oldest first within a series.
std::vector<double> Values(const std::vector<MetricSeries>& series) {
  std::vector<double> values;
  for (const auto& one : series) {
    for (const auto& point : one.points) {
      if (std::isfinite(point.value)) values.push_back(point.value);
    }
  }
  return values;
}

// The sub-samples of one side of a CANARY_PRIMARY comparison: every point, or, when the answer
// is a histogram's buckets (series with an `le` label, e.g. sum by (le) (x_bucket{...})), the
// observations the buckets counted, at each bucket's midpoint.
StatusOr<std::vector<double>> Samples(const std::vector<MetricSeries>& series) {
  const bool histogram = !series.empty() && series.front().labels.count("le") > 0;
  if (!histogram) return Values(series);
  ASSIGN_OR_RETURN(std::vector<HistogramSamples> histograms, HistogramSamplesFromBuckets(series));
  std::vector<double> samples;
  for (const auto& one : histograms) samples.insert(samples.end(), one.samples.begin(), one.samples.end());
  return samples;
}

LookResult ProviderError(const std::string& name, const Status& status) {
  return {.outcome = LookOutcome::kProviderError,
          .line = fmt::format("{}: provider error ({}): {}", name,
                              status.code() == StatusCode::kInvalidInput ? "the query was refused" : "no answer",
                              status.message())};
}

StatusOr<std::string> Render(const model::AnalysisMetric& metric, const MetricCheckContext& context,
                             const std::string& variant) {
  return model::RenderQueryTemplate(
      metric.query, {.app_name = context.app_name,
                     .variant = variant,
                     .variant_args = variant == "primary" ? metric.primary_args : metric.canary_args,
                     .window = WindowLiteral(context.interval)});
}

std::string Bounds(const model::AnalysisMetric& metric) {
  if (metric.expected_min && metric.expected_max) return fmt::format("[{}, {}]", *metric.expected_min, *metric.expected_max);
  if (metric.expected_min) return fmt::format("≥ {}", *metric.expected_min);
  return fmt::format("≤ {}", metric.expected_max.value_or(0));
}

}  // namespace

std::string WindowLiteral(Duration d) {
  const auto ms = std::max<int64_t>(1, d.count());
  if (ms % 60'000 == 0) return fmt::format("{}m", ms / 60'000);
  if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
  return fmt::format("{}ms", ms);
}

LookResult ThresholdCheck::Look(const LookContext& look) {
  auto query = Render(metric_, context_, "canary");
  if (!query.ok()) return ProviderError(context_.name, query.status());
  const WallTime end = look.now - context_.publication_delay;
  auto series = provider_.QueryRange(*query, {.start = end - context_.interval, .end = end, .step = context_.step});
  if (!series.ok()) return ProviderError(context_.name, series.status());
  const std::vector<double> values = Values(*series);
  if (values.empty()) return {.outcome = LookOutcome::kNoData, .line = context_.name + ": no data in the last interval"};
  int outside = 0;
  double worst = 0;           // the point farthest outside the bounds
  double worst_distance = 0;
  for (double v : values) {
    const double distance = std::max(metric_.expected_min ? *metric_.expected_min - v : 0.0,
                                      metric_.expected_max ? v - *metric_.expected_max : 0.0);
    if (distance <= 0) continue;
    ++outside;
    if (distance > worst_distance) {
      worst_distance = distance;
      worst = v;
    }
  }
  LookResult result;
  result.measurements = {{"points", values.size()}, {"outside", outside}, {"last", values.back()}};
  if (outside > 0) {
    result.outcome = LookOutcome::kFail;
    result.line = fmt::format("{}: {} of {} points outside {} (worst {}) → fail", context_.name, outside, values.size(),
                              Bounds(metric_), worst);
  } else {
    result.line = fmt::format("{}: {} points within {} (last {}) → pass", context_.name, values.size(), Bounds(metric_),
                              values.back());
  }
  return result;
}

LookResult CanaryPrimaryCheck::Look(const LookContext& look) {
  const TimeWindow window{.start = look.stage_start - context_.publication_delay,
                          .end = look.now - context_.publication_delay,
                          .step = context_.step};
  std::vector<double> sides[2];
  for (int i = 0; i < 2; ++i) {
    auto query = Render(metric_, context_, i == 0 ? "canary" : "primary");
    if (!query.ok()) return ProviderError(context_.name, query.status());
    auto series = provider_.QueryRange(*query, window);
    if (!series.ok()) return ProviderError(context_.name, series.status());
    auto samples = Samples(*series);
    if (!samples.ok()) return ProviderError(context_.name, samples.status());
    sides[i] = std::move(*samples);
  }
  const std::vector<double>& canary = sides[0];
  const std::vector<double>& primary = sides[1];
  if (canary.empty() || primary.empty()) {
    return {.outcome = LookOutcome::kNoData,
            .line = fmt::format("{}: no data for the {}", context_.name, canary.empty() ? "canary" : "primary")};
  }
  const bool last = look.look >= look.looks;
  LookResult result;
  result.measurements = {{"canaryPoints", canary.size()}, {"primaryPoints", primary.size()}, {"alpha", look.test_alpha}};
  if (canary.size() < static_cast<size_t>(kMinRankSamples) || primary.size() < static_cast<size_t>(kMinRankSamples)) {
    result.outcome = last ? LookOutcome::kInconclusive : LookOutcome::kWaiting;
    result.line = fmt::format("{}: {} canary and {} primary points, the rank test needs {} on each side", context_.name,
                              canary.size(), primary.size(), kMinRankSamples);
    return result;
  }
  // HIGH: a canary higher than the primary fails; LOW: lower; EITHER: both, each at half of α'.
  const bool high = metric_.deviation != model::AnalysisDeviation::kLow;
  const bool low = metric_.deviation != model::AnalysisDeviation::kHigh;
  const double alpha = high && low ? look.test_alpha / 2 : look.test_alpha;
  for (const auto& [checked, canary_higher] : {std::pair{high, true}, std::pair{low, false}}) {
    if (!checked) continue;
    const RankTestResult test =
        canary_higher ? MannWhitneyGreater(canary, primary, 0) : MannWhitneyGreater(primary, canary, 0);
    result.measurements[canary_higher ? "pHigher" : "pLower"] = test.p_value;
    if (test.p_value < alpha) {
      result.outcome = LookOutcome::kFail;
      result.line = fmt::format("{}: canary {} than primary ({} vs {} points), {}: U = {}, p = {:.2g} < α' = {:.2g} → fail",
                                context_.name, canary_higher ? "higher" : "lower", canary.size(), primary.size(),
                                test.test, test.u, test.p_value, alpha);
      return result;
    }
  }
  result.outcome = last ? LookOutcome::kPass : LookOutcome::kWaiting;
  result.line = fmt::format("{}: canary not {} than primary ({} vs {} points, {}, α' = {:.2g}) → {}", context_.name,
                            high && low ? "different" : (high ? "higher" : "lower"), canary.size(), primary.size(),
                            kMannWhitneyU, alpha, last ? "pass" : "continue");
  return result;
}

}  // namespace kanaria::engine::analysis
