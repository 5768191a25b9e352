#include "engine/analysis/prometheus/histogram_samples.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/analysis/prometheus/prometheus_response.h"

namespace kanaria::engine::analysis {
namespace {

using Labels = std::map<std::string, std::string>;

struct Bucket {
  double bound = 0;
  std::map<WallTime, double> values;  // finite values only
};

// {a="b", c="d"} for messages.
std::string Describe(const Labels& labels) {
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) out.append(", ");
    out.append(fmt::format("{}=\"{}\"", name, value));
  }
  out.push_back('}');
  return out;
}

// The evaluation times every bucket has a value for, ascending.
std::vector<WallTime> CommonTimes(const std::vector<Bucket>& buckets) {
  std::vector<WallTime> times;
  for (const auto& [at, value] : buckets.front().values) {
    const bool everywhere = std::all_of(buckets.begin(), buckets.end(),
                                        [&](const Bucket& b) { return b.values.contains(at); });
    if (everywhere) times.push_back(at);
  }
  return times;
}

// Cumulative increases (one per bucket) -> a step with per-bucket counts.
HistogramStep StepOf(WallTime at, const std::vector<Bucket>& buckets,
                     const std::vector<double>& cumulative) {
  HistogramStep step;
  step.at = at;
  double below = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    const double count = std::max(0.0, cumulative[i] - below);
    below = std::max(below, cumulative[i]);
    step.buckets.push_back({buckets[i].bound, count});
    step.count += count;
  }
  return step;
}

std::vector<HistogramStep> Steps(const std::vector<Bucket>& buckets, BucketValues kind) {
  const std::vector<WallTime> times = CommonTimes(buckets);
  std::vector<HistogramStep> steps;
  std::vector<double> cumulative(buckets.size());
  if (kind == BucketValues::kIncreases) {
    for (const WallTime at : times) {
      for (size_t i = 0; i < buckets.size(); ++i) {
        cumulative[i] = std::max(0.0, buckets[i].values.at(at));
      }
      steps.push_back(StepOf(at, buckets, cumulative));
    }
    return steps;
  }
  for (size_t t = 1; t < times.size(); ++t) {
    for (size_t i = 0; i < buckets.size(); ++i) {
      const double before = buckets[i].values.at(times[t - 1]);
      const double now = buckets[i].values.at(times[t]);
      // A counter that went down was reset (the task restarted): it counted `now` since.
      cumulative[i] = now >= before ? now - before : std::max(0.0, now);
    }
    steps.push_back(StepOf(times[t], buckets, cumulative));
  }
  return steps;
}

StatusOr<HistogramSamples> Expand(const Labels& labels, std::vector<Bucket> buckets,
                                  const HistogramSampleOptions& options) {
  std::sort(buckets.begin(), buckets.end(),
            [](const Bucket& a, const Bucket& b) { return a.bound < b.bound; });
  if (!std::isfinite(buckets.front().bound)) {
    return InvalidInputError(
        fmt::format("histogram {} has only the le=\"+Inf\" bucket: no latency can be read from it",
                    Describe(labels)));
  }
  HistogramSamples out;
  out.labels = labels;
  out.steps = Steps(buckets, options.values);

  std::vector<double> totals(buckets.size(), 0.0);
  for (const HistogramStep& step : out.steps) {
    for (size_t i = 0; i < step.buckets.size(); ++i) totals[i] += step.buckets[i].count;
    out.count += step.count;
  }
  if (std::isinf(buckets.back().bound)) out.beyond_last_bound = totals.back();

  // Representative value of each bucket (header: "Expansion").
  std::vector<double> representative(buckets.size());
  double highest_finite = buckets.front().bound;
  for (size_t i = 0; i < buckets.size(); ++i) {
    const double hi = buckets[i].bound;
    if (std::isinf(hi)) {
      representative[i] = highest_finite;
      continue;
    }
    highest_finite = hi;
    if (i == 0) {
      representative[i] = hi > 0 ? hi / 2 : hi;
    } else {
      representative[i] = (buckets[i - 1].bound + hi) / 2;
    }
  }

  double factor = 1;
  if (options.max_samples > 0 && out.count > static_cast<double>(options.max_samples)) {
    factor = static_cast<double>(options.max_samples) / out.count;
    out.thinned = true;
  }
  for (size_t i = 0; i < buckets.size(); ++i) {
    const auto n = static_cast<size_t>(std::llround(totals[i] * factor));
    out.samples.insert(out.samples.end(), n, representative[i]);
  }
  return out;
}

}  // namespace

StatusOr<std::vector<HistogramSamples>> HistogramSamplesFromBuckets(
    const std::vector<MetricSeries>& bucket_series, const HistogramSampleOptions& options) {
  std::map<Labels, std::vector<Bucket>> histograms;
  for (const MetricSeries& series : bucket_series) {
    const auto le = series.labels.find("le");
    if (le == series.labels.end()) {
      return InvalidInputError(fmt::format(
          "series {} has no \"le\" label: a histogram query must return the _bucket series "
          "(keep \"le\" when aggregating: sum by (le) (...))",
          Describe(series.labels)));
    }
    const auto bound = ParsePrometheusValue(le->second);
    if (!bound || std::isnan(*bound)) {
      return InvalidInputError(fmt::format("series {}: le=\"{}\" is not a bucket bound",
                                           Describe(series.labels), le->second));
    }
    Labels key = series.labels;
    key.erase("le");
    std::vector<Bucket>& buckets = histograms[key];
    for (const Bucket& existing : buckets) {
      if (existing.bound == *bound) {
        return InvalidInputError(fmt::format(
            "histogram {} has two series with le=\"{}\": aggregate the other labels away",
            Describe(key), le->second));
      }
    }
    Bucket bucket;
    bucket.bound = *bound;
    for (const MetricPoint& point : series.points) {
      if (std::isfinite(point.value)) bucket.values[point.at] = point.value;
    }
    buckets.push_back(std::move(bucket));
  }
  std::vector<HistogramSamples> out;
  out.reserve(histograms.size());
  for (auto& [labels, buckets] : histograms) {
    ASSIGN_OR_RETURN(HistogramSamples samples, Expand(labels, std::move(buckets), options));
    out.push_back(std::move(samples));
  }
  return out;
}

}  // namespace kanaria::engine::analysis
