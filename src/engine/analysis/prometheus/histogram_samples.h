// Prometheus histogram buckets -> latency sub-samples, so a CANARY_PRIMARY judgement can run
// its rank test on latencies that only exist as a histogram.
//
// Input: the answer of a range query over the window for a histogram's `_bucket` series, e.g.
//   sum by (le) (http_request_duration_seconds_bucket{target_group="..."})
// Each series carries an `le` label (its upper bound, "+Inf" for the last); series that agree
// on every other label form one histogram. Values are either
//   - kCounters: the raw cumulative counters (needs >= 2 evaluations; each pair of consecutive
//     evaluations is one step, its increase taken as Prometheus's increase() would without
//     extrapolation: a drop is a counter reset and the new value is the increase), or
//   - kIncreases: already increases per evaluation, e.g. `increase(x_bucket[{{ .Window }}])`
//     (one evaluation is enough; fractional extrapolated values are rounded).
// Buckets are cumulative (`le` = "at most"), so a step's count in (previous bound, bound] is
// the difference of neighbouring cumulative increases (clamped at 0 against scrape skew).
//
// Expansion. A bucket's count becomes that many samples at one representative value:
//   - a finite bucket (lo, hi]: its midpoint (lo + hi) / 2, with lo = 0 for the first bucket
//     (latencies are not negative; a first bound <= 0 is represented by the bound itself);
//   - the +Inf bucket: the highest finite bound (all that is known is "more than that").
// Any strictly increasing choice gives the same ranks, which is all a rank test looks at: the
// midpoint is chosen because it also makes the samples' median and mean a fair estimate (the
// upper bound would bias every latency upwards by up to a bucket's width). Within a bucket
// every sample ties, so the test must correct for ties (Mann-Whitney's tie correction does).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "engine/analysis/metric_provider.h"

namespace kanaria::engine::analysis {

enum class BucketValues { kCounters, kIncreases };

struct HistogramSampleOptions {
  BucketValues values = BucketValues::kCounters;
  // When a histogram holds more observations than this, every bucket's count is scaled down
  // in proportion (rounded), keeping the distribution's shape and bounding memory and the rank
  // test's cost. `count` still reports every observation. 0 = never thin.
  size_t max_samples = 10'000;
};

// Observations in (previous bound, upper_bound].
struct HistogramBucketCount {
  double upper_bound = 0;  // +infinity for the last bucket
  double count = 0;
};

struct HistogramStep {
  WallTime at;  // the later evaluation of the pair (kCounters) or the evaluation (kIncreases)
  std::vector<HistogramBucketCount> buckets;  // ascending bounds
  double count = 0;                           // every observation of the step
};

struct HistogramSamples {
  std::map<std::string, std::string> labels;  // the series' labels without "le"
  std::vector<HistogramStep> steps;           // oldest first
  std::vector<double> samples;                // ascending (see "Expansion")
  double count = 0;                           // observations in the window (before thinning)
  double beyond_last_bound = 0;               // of which in the +Inf bucket
  bool thinned = false;                       // samples were scaled down to max_samples
};

// One HistogramSamples per histogram (ordered by labels). A histogram with too few evaluations
// has no steps, count 0 and no samples ("no data", not an error). kInvalidInput when a series
// has no `le` label or an unreadable one, two series of one histogram share a bound, or a
// histogram has only the +Inf bucket (no finite bound: no latency information).
StatusOr<std::vector<HistogramSamples>> HistogramSamplesFromBuckets(
    const std::vector<MetricSeries>& bucket_series, const HistogramSampleOptions& options = {});

}  // namespace kanaria::engine::analysis
