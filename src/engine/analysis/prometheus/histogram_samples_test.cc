#include "engine/analysis/prometheus/histogram_samples.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace kanaria::engine::analysis {
namespace {

using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pointwise;

WallTime SecondsAfterStart(int seconds) {
  return WallTime(std::chrono::seconds(1700000000 + seconds));
}

// A bucket series with `values` at 0, 10, 20, ... seconds.
MetricSeries BucketSeries(const std::string& le, std::vector<double> values,
                          std::map<std::string, std::string> labels = {{"tg", "blue"}}) {
  MetricSeries series;
  series.labels = std::move(labels);
  series.labels["le"] = le;
  for (size_t i = 0; i < values.size(); ++i) {
    series.points.push_back({SecondsAfterStart(static_cast<int>(10 * i)), values[i]});
  }
  return series;
}

std::vector<double> Repeat(double value, size_t n) { return std::vector<double>(n, value); }

std::vector<double> Concat(std::initializer_list<std::vector<double>> parts) {
  std::vector<double> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(HistogramSamplesTest, CounterIncreasesBecomeMidpointSamples) {
  // Cumulative counters at t0, t10, t20; buckets 0.1, 0.5, 1, +Inf.
  auto result = HistogramSamplesFromBuckets({
      BucketSeries("0.1", {100, 103, 105}),
      BucketSeries("0.5", {150, 155, 158}),
      BucketSeries("1", {160, 166, 170}),
      BucketSeries("+Inf", {161, 168, 173}),
  });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->size(), 1u);
  const HistogramSamples& h = (*result)[0];
  EXPECT_EQ(h.labels, (std::map<std::string, std::string>{{"tg", "blue"}}));
  ASSERT_EQ(h.steps.size(), 2u);
  EXPECT_EQ(h.steps[0].at, SecondsAfterStart(10));
  // Step 1 cumulative increases 3, 5, 6, 7 -> per bucket 3, 2, 1, 1.
  ASSERT_EQ(h.steps[0].buckets.size(), 4u);
  EXPECT_EQ(h.steps[0].buckets[0].count, 3);
  EXPECT_EQ(h.steps[0].buckets[1].count, 2);
  EXPECT_EQ(h.steps[0].buckets[2].count, 1);
  EXPECT_EQ(h.steps[0].buckets[3].count, 1);
  EXPECT_TRUE(std::isinf(h.steps[0].buckets[3].upper_bound));
  EXPECT_EQ(h.steps[0].count, 7);
  // Step 2 cumulative increases 2, 3, 4, 5 -> 2, 1, 1, 1.
  EXPECT_EQ(h.steps[1].count, 5);
  EXPECT_EQ(h.count, 12);
  EXPECT_EQ(h.beyond_last_bound, 2);
  EXPECT_FALSE(h.thinned);
  // Window totals 5, 3, 2, 2 at midpoints 0.05, 0.3, 0.75 and the highest bound 1.
  EXPECT_THAT(h.samples, Pointwise(DoubleEq(), Concat({Repeat(0.05, 5), Repeat(0.3, 3),
                                                       Repeat(0.75, 2), Repeat(1.0, 2)})));
}

TEST(HistogramSamplesTest, BucketsAreSortedByBoundWhateverTheSeriesOrder) {
  auto result = HistogramSamplesFromBuckets({
      BucketSeries("+Inf", {0, 4}),
      BucketSeries("0.25", {0, 2}),
      BucketSeries("1e-1", {0, 1}),
  });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_THAT((*result)[0].samples,
              Pointwise(DoubleEq(), (std::vector<double>{0.05, 0.175, 0.25, 0.25})));
}

TEST(HistogramSamplesTest, ACounterResetCountsTheNewValue) {
  // The task restarted between t10 and t20: counters restart from 0.
  auto result = HistogramSamplesFromBuckets({
      BucketSeries("0.1", {50, 60, 4}),
      BucketSeries("+Inf", {80, 95, 6}),
  });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const HistogramSamples& h = (*result)[0];
  ASSERT_EQ(h.steps.size(), 2u);
  EXPECT_EQ(h.steps[1].buckets[0].count, 4);
  EXPECT_EQ(h.steps[1].buckets[1].count, 2);
  EXPECT_EQ(h.count, 15 + 6);
}

TEST(HistogramSamplesTest, IncreasesNeedOnlyOneEvaluation) {
  HistogramSampleOptions options;
  options.values = BucketValues::kIncreases;
  auto result = HistogramSamplesFromBuckets(
      {BucketSeries("0.1", {2.4}), BucketSeries("1", {5.6}), BucketSeries("+Inf", {6.0})}, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const HistogramSamples& h = (*result)[0];
  ASSERT_EQ(h.steps.size(), 1u);
  EXPECT_EQ(h.steps[0].at, SecondsAfterStart(0));
  EXPECT_DOUBLE_EQ(h.count, 6.0);
  // 2.4 -> 2 samples, 3.2 -> 3, 0.4 -> 0 (rounded).
  EXPECT_THAT(h.samples, Pointwise(DoubleEq(), Concat({Repeat(0.05, 2), Repeat(0.55, 3)})));
}

TEST(HistogramSamplesTest, OneEvaluationOfCountersIsNoData) {
  auto result = HistogramSamplesFromBuckets({BucketSeries("0.1", {5}), BucketSeries("+Inf", {9})});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->size(), 1u);
  EXPECT_TRUE((*result)[0].steps.empty());
  EXPECT_TRUE((*result)[0].samples.empty());
  EXPECT_EQ((*result)[0].count, 0);
  auto none = HistogramSamplesFromBuckets({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(HistogramSamplesTest, SeriesAreGroupedByTheirOtherLabels) {
  auto result = HistogramSamplesFromBuckets({
      BucketSeries("0.1", {0, 3}, {{"tg", "blue"}}),
      BucketSeries("+Inf", {0, 3}, {{"tg", "blue"}}),
      BucketSeries("0.1", {0, 1}, {{"tg", "green"}}),
      BucketSeries("+Inf", {0, 5}, {{"tg", "green"}}),
  });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].labels.at("tg"), "blue");
  EXPECT_THAT((*result)[0].samples, Pointwise(DoubleEq(), Repeat(0.05, 3)));
  EXPECT_EQ((*result)[1].labels.at("tg"), "green");
  EXPECT_THAT((*result)[1].samples,
              Pointwise(DoubleEq(), Concat({Repeat(0.05, 1), Repeat(0.1, 4)})));
  EXPECT_EQ((*result)[1].beyond_last_bound, 4);
}

TEST(HistogramSamplesTest, MissingAndNaNPointsAreSkippedAcrossBuckets) {
  MetricSeries low = BucketSeries("0.1", {0, NAN, 2, 4});
  MetricSeries all = BucketSeries("+Inf", {0, 1, 3});  // no point at t30
  auto result = HistogramSamplesFromBuckets({low, all});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  // Common times: t0, t20 -> one step of 2 (le 0.1) and 1 (+Inf).
  ASSERT_EQ((*result)[0].steps.size(), 1u);
  EXPECT_EQ((*result)[0].steps[0].at, SecondsAfterStart(20));
  EXPECT_EQ((*result)[0].count, 3);
}

TEST(HistogramSamplesTest, SkewedBucketsNeverCountNegatively) {
  // The 0.5 bucket's increase (2) is below the 0.1 bucket's (3): scrape skew.
  auto result = HistogramSamplesFromBuckets(
      {BucketSeries("0.1", {0, 3}), BucketSeries("0.5", {0, 2}), BucketSeries("+Inf", {0, 4})});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  std::vector<double> counts;
  for (const HistogramBucketCount& b : (*result)[0].steps[0].buckets) counts.push_back(b.count);
  EXPECT_EQ(counts, (std::vector<double>{3, 0, 1}));
}

TEST(HistogramSamplesTest, LargeHistogramsAreThinnedKeepingTheirShape) {
  HistogramSampleOptions options;
  options.max_samples = 100;
  auto result =
      HistogramSamplesFromBuckets({BucketSeries("0.1", {0, 9000}), BucketSeries("1", {0, 9900}),
                                   BucketSeries("+Inf", {0, 10000})},
                                  options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const HistogramSamples& h = (*result)[0];
  EXPECT_TRUE(h.thinned);
  EXPECT_EQ(h.count, 10000);
  EXPECT_EQ(h.beyond_last_bound, 100);
  EXPECT_THAT(h.samples,
              Pointwise(DoubleEq(), Concat({Repeat(0.05, 90), Repeat(0.55, 9), Repeat(1.0, 1)})));
}

TEST(HistogramSamplesTest, RepresentativesKeepTheBucketOrder) {
  auto result =
      HistogramSamplesFromBuckets({BucketSeries("0.005", {0, 1}), BucketSeries("0.01", {0, 2}),
                                   BucketSeries("0.025", {0, 3}), BucketSeries("+Inf", {0, 4})});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_THAT((*result)[0].samples,
              ElementsAre(DoubleEq(0.0025), DoubleEq(0.0075), DoubleEq(0.0175), DoubleEq(0.025)));
}

TEST(HistogramSamplesTest, ErrorsNameTheSeries) {
  MetricSeries no_le;
  no_le.labels = {{"__name__", "http_requests_total"}};
  auto missing = HistogramSamplesFromBuckets({no_le});
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(missing.status().message(), HasSubstr("http_requests_total"));
  EXPECT_THAT(missing.status().message(), HasSubstr("sum by (le)"));

  auto bad_le = HistogramSamplesFromBuckets({BucketSeries("fast", {1, 2})});
  EXPECT_THAT(bad_le.status().message(), HasSubstr("le=\"fast\""));

  auto duplicate =
      HistogramSamplesFromBuckets({BucketSeries("0.1", {1, 2}), BucketSeries("0.10", {1, 2})});
  EXPECT_EQ(duplicate.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(duplicate.status().message(), HasSubstr("two series"));

  auto only_inf = HistogramSamplesFromBuckets({BucketSeries("+Inf", {1, 2})});
  EXPECT_EQ(only_inf.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(only_inf.status().message(), HasSubstr("+Inf"));
}

}  // namespace
}  // namespace kanaria::engine::analysis
