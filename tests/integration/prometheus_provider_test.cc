// PrometheusProvider against a real Prometheus server (Debian's `prometheus` package) scraping
// the in-process emulator's /_emulator/metrics every second: what kanaria will ask in an
// ANALYSIS stage (error ratios, request rates, latency histograms) and the server's own
// errors. A missing server is a failure naming `apt-get install prometheus`, never a skip.
#include "engine/analysis/prometheus/prometheus_provider.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <numeric>
#include <thread>

#include "aws/curl_transport.h"
#include "engine/analysis/checks/metric_checks.h"
#include "engine/analysis/prometheus/histogram_samples.h"
#include "model/query_template.h"
#include "support/emulator_fixture.h"
#include "support/external_tools.h"
#include "support/prometheus_server.h"

namespace kanaria::testing {
namespace {

using engine::analysis::BucketValues;
using engine::analysis::HistogramSampleOptions;
using engine::analysis::HistogramSamples;
using engine::analysis::HistogramSamplesFromBuckets;
using engine::analysis::MetricSeries;
using engine::analysis::PrometheusOptions;
using engine::analysis::PrometheusProvider;
using engine::analysis::TimeWindow;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Emulated time runs 20x faster: a task starts in 0.75 s, and the analysis window of 100
// virtual seconds is 5 s of real time.
constexpr double kTimeScale = 20;
constexpr Duration kWindow = std::chrono::duration_cast<Duration>(seconds(100)) / 20;

std::unique_ptr<PrometheusProvider> Provider(const std::string& address) {
  auto provider = PrometheusProvider::Create({.address = address, .timeout = seconds(10)},
                                             std::make_shared<aws::CurlTransport>());
  if (!provider.ok()) throw std::runtime_error(provider.status().ToString());
  return std::move(provider).value();
}

std::string Expand(const std::string& query) {
  auto expanded = model::RenderQueryTemplate(query, {.app_name = "web", .variant = "canary", .variant_args = {},
                                                     .window = engine::analysis::WindowLiteral(kWindow)});
  if (!expanded.ok()) throw std::runtime_error(expanded.status().ToString());
  return *expanded;
}

// The series whose target_group label starts with "targetgroup/<name>/", or nullptr.
const MetricSeries* SeriesOf(const std::vector<MetricSeries>& series, const std::string& name) {
  for (const MetricSeries& s : series) {
    const auto it = s.labels.find("target_group");
    if (it != s.labels.end() && it->second.rfind("targetgroup/" + name + "/", 0) == 0) return &s;
  }
  return nullptr;
}

const HistogramSamples* HistogramOf(const std::vector<HistogramSamples>& histograms,
                                    const std::string& name) {
  for (const HistogramSamples& h : histograms) {
    const auto it = h.labels.find("target_group");
    if (it != h.labels.end() && it->second.rfind("targetgroup/" + name + "/", 0) == 0) return &h;
  }
  return nullptr;
}

double Mean(const MetricSeries& series) {
  double sum = 0;
  for (const auto& p : series.points) sum += p.value;
  return series.points.empty() ? NAN : sum / static_cast<double>(series.points.size());
}

std::string Dump(const std::vector<MetricSeries>& series) {
  std::string out;
  for (const MetricSeries& s : series) {
    out += nlohmann::json(s.labels).dump() + ":";
    for (const auto& p : s.points) out += " " + std::to_string(p.value);
    out += "\n";
  }
  return out;
}

TEST(PrometheusProviderIntegrationTest, ErrorRatioRateAndLatencyOfEmulatorTraffic) {
  const auto began = std::chrono::steady_clock::now();
  EmulatorFixture f({.time_scale = kTimeScale, .seed = 7});
  PrometheusServer prometheus(
      {.scrape_targets = {"127.0.0.1:" + std::to_string(f.emulator().port())},
       .metrics_path = "/_emulator/metrics"});
  ASSERT_TRUE(prometheus.ok()) << prometheus.error();
  std::cout << "[ prometheus ] " << prometheus.version() << " at " << prometheus.address() << "\n";

  // blue: v1, healthy and fast (5 ms). green: v2 answers half its requests with 500 and adds
  // 40 ms. 50/50 weights, load generator on.
  const ReleaseTopology t = f.CreateReleaseTopology(2);
  const std::string v1 = f.RegisterVersion();
  const std::string v2 = f.RegisterVersion(
      {{"KANARIA_EMULATOR_ERROR_RATE", "0.5"}, {"KANARIA_EMULATOR_LATENCY_MS", "40"}});
  const std::string blue = f.CreateTaskSet(v1, t.blue_target_group_arn, 100);
  const std::string green = f.CreateTaskSet(v2, t.green_target_group_arn, 100);
  ASSERT_TRUE(EmulatorFixture::WaitUntil(
      [&] {
        return StabilityOf(f, t, blue) == "STEADY_STATE" &&
               StabilityOf(f, t, green) == "STEADY_STATE";
      },
      seconds(30)));
  f.SetWeights(50, 50);
  ASSERT_TRUE(f.Admin("POST", "traffic", {{"rps", 5}}).ok());

  auto provider = Provider(prometheus.address());
  // Wait until Prometheus holds more than a window of green's errors (one scrape a second).
  const bool enough = EmulatorFixture::WaitUntil(
      [&] {
        auto scrapes = provider->QueryInstant(
            "count_over_time(kanaria_emulator_target_requests_total{code=\"500\"}[30s])");
        return scrapes.ok() && !scrapes->empty() && (*scrapes)[0].points[0].value >= 7;
      },
      seconds(40));
  ASSERT_TRUE(enough) << "Prometheus did not collect 7 scrapes of the emulator; its log:\n"
                      << prometheus.Log();

  const WallTime now = std::chrono::system_clock::now();
  const TimeWindow window{now - kWindow, now, seconds(1)};

  // Error ratio per target group, as an ANALYSIS query with {{ .Window }} would ask it.
  const std::string ratio_query = Expand(
      "sum by (target_group) (rate(kanaria_emulator_target_requests_total{code=~\"5..\"}[{{ "
      ".Window }}]))"
      " / sum by (target_group) (rate(kanaria_emulator_target_requests_total[{{ .Window }}]))");
  EXPECT_NE(ratio_query.find("[5s]"), std::string::npos) << ratio_query;
  auto ratio = provider->QueryRange(ratio_query, window);
  ASSERT_TRUE(ratio.ok()) << ratio.status().ToString();
  const MetricSeries* green_ratio = SeriesOf(*ratio, "green");
  ASSERT_NE(green_ratio, nullptr) << Dump(*ratio);
  EXPECT_EQ(SeriesOf(*ratio, "blue"), nullptr) << "blue served no 5xx:\n" << Dump(*ratio);
  // Evaluated at window.start + 1 s ... window.end: five points.
  EXPECT_EQ(green_ratio->points.size(), 5u) << Dump(*ratio);
  // ~250 green requests per 5 s window: a binomial standard deviation of 0.03.
  EXPECT_NEAR(Mean(*green_ratio), 0.5, 0.1) << Dump(*ratio);
  for (const auto& p : green_ratio->points) EXPECT_NEAR(p.value, 0.5, 0.2) << Dump(*ratio);

  // Request rate per target group: 5 rps x 20 = 100 real requests a second, split 50/50.
  auto rate = provider->QueryRange(
      Expand("sum by (target_group) (rate(kanaria_emulator_target_requests_total[{{ .Window }}]))"),
      window);
  ASSERT_TRUE(rate.ok()) << rate.status().ToString();
  ASSERT_TRUE(SeriesOf(*rate, "blue") != nullptr && SeriesOf(*rate, "green") != nullptr)
      << Dump(*rate);
  const double blue_rate = Mean(*SeriesOf(*rate, "blue"));
  const double green_rate = Mean(*SeriesOf(*rate, "green"));
  EXPECT_GT(blue_rate + green_rate, 20)
      << Dump(*rate);  // the load generator may lag on a busy host
  EXPECT_LT(blue_rate + green_rate, 150) << Dump(*rate);
  EXPECT_NEAR(green_rate / (blue_rate + green_rate), 0.5, 0.15) << Dump(*rate);

  // No data is an empty answer, not an error.
  auto blue_errors = provider->QueryRange(
      "sum(rate(kanaria_emulator_target_requests_total{target_group=~\"targetgroup/blue/"
      ".*\",code=~\"5..\"}[5s]))",
      window);
  ASSERT_TRUE(blue_errors.ok()) << blue_errors.status().ToString();
  EXPECT_TRUE(blue_errors->empty()) << Dump(*blue_errors);

  // Latency histograms as rank-test samples: raw counters over the window...
  auto counters = provider->QueryRange(
      "sum by (target_group, le) (kanaria_emulator_target_response_seconds_bucket)", window);
  ASSERT_TRUE(counters.ok()) << counters.status().ToString();
  auto from_counters = HistogramSamplesFromBuckets(*counters);
  ASSERT_TRUE(from_counters.ok()) << from_counters.status().ToString();
  ASSERT_EQ(from_counters->size(), 2u) << Dump(*counters);
  const HistogramSamples* blue_latency = HistogramOf(*from_counters, "blue");
  const HistogramSamples* green_latency = HistogramOf(*from_counters, "green");
  ASSERT_TRUE(blue_latency != nullptr && green_latency != nullptr);
  EXPECT_EQ(blue_latency->steps.size(), 4u);  // five evaluations
  EXPECT_GT(blue_latency->count, 50);
  EXPECT_GT(green_latency->count, 50);
  EXPECT_EQ(blue_latency->samples.size(), static_cast<size_t>(std::llround(blue_latency->count)));
  // 5 ms lands in le="0.005" (midpoint 2.5 ms); 45 ms in (0.025, 0.05] (midpoint 37.5 ms).
  for (double s : blue_latency->samples) ASSERT_DOUBLE_EQ(s, 0.0025);
  for (double s : green_latency->samples) ASSERT_DOUBLE_EQ(s, 0.0375);
  EXPECT_EQ(green_latency->beyond_last_bound, 0);

  // ... or increase() over {{ .Window }} evaluated once at the window's end.
  HistogramSampleOptions increases;
  increases.values = BucketValues::kIncreases;
  auto increased = provider->QueryRange(
      Expand("sum by (target_group, le) "
             "(increase(kanaria_emulator_target_response_seconds_bucket[{{ .Window }}]))"),
      TimeWindow{now - kWindow, now, kWindow});
  ASSERT_TRUE(increased.ok()) << increased.status().ToString();
  auto from_increases = HistogramSamplesFromBuckets(*increased, increases);
  ASSERT_TRUE(from_increases.ok()) << from_increases.status().ToString();
  const HistogramSamples* green_once = HistogramOf(*from_increases, "green");
  ASSERT_NE(green_once, nullptr);
  ASSERT_EQ(green_once->steps.size(), 1u);
  EXPECT_GT(green_once->count, 50);
  EXPECT_FALSE(green_once->samples.empty());
  for (double s : green_once->samples) ASSERT_DOUBLE_EQ(s, 0.0375);

  std::cout
      << "[ prometheus ] test took "
      << std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - began).count()
      << " ms\n";
}

TEST(PrometheusProviderIntegrationTest, ResultTypesAndErrorsOfARealServer) {
  PrometheusServer prometheus({.route_prefix = "/prom"});
  ASSERT_TRUE(prometheus.ok()) << prometheus.error();
  auto provider = Provider(prometheus.address());

  // Scalars, vectors and the special values, as the server writes them.
  auto scalar = provider->QueryInstant("1 + 1");
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  ASSERT_EQ(scalar->size(), 1u);
  EXPECT_TRUE((*scalar)[0].labels.empty());
  EXPECT_EQ((*scalar)[0].points[0].value, 2);
  auto vector = provider->QueryInstant("label_replace(vector(3), \"tg\", \"green\", \"\", \"\")");
  ASSERT_TRUE(vector.ok()) << vector.status().ToString();
  ASSERT_EQ(vector->size(), 1u);
  EXPECT_EQ((*vector)[0].labels.at("tg"), "green");
  EXPECT_EQ((*vector)[0].points[0].value, 3);
  auto inf = provider->QueryInstant("1/0");
  ASSERT_TRUE(inf.ok()) << inf.status().ToString();
  EXPECT_EQ((*inf)[0].points[0].value, INFINITY);
  auto nan = provider->QueryInstant("0/0");
  ASSERT_TRUE(nan.ok()) << nan.status().ToString();
  EXPECT_TRUE(std::isnan((*nan)[0].points[0].value));
  const WallTime at = WallTime(seconds(1700000000)) + milliseconds(250);
  auto timed = provider->QueryInstant("time()", at);
  ASSERT_TRUE(timed.ok()) << timed.status().ToString();
  EXPECT_EQ((*timed)[0].points[0].at, at);
  EXPECT_DOUBLE_EQ((*timed)[0].points[0].value, 1700000000.25);

  // The window is evaluated at start + step ... end, with sub-second steps kept.
  const WallTime now = std::chrono::floor<seconds>(std::chrono::system_clock::now());
  auto range = provider->QueryRange("vector(1)", {now - seconds(10), now, seconds(1)});
  ASSERT_TRUE(range.ok()) << range.status().ToString();
  ASSERT_EQ(range->size(), 1u);
  ASSERT_EQ((*range)[0].points.size(), 10u);
  EXPECT_EQ((*range)[0].points.front().at, now - seconds(9));
  EXPECT_EQ((*range)[0].points.back().at, now);
  auto fine = provider->QueryRange("vector(1)", {now - seconds(3), now, milliseconds(500)});
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  ASSERT_EQ((*fine)[0].points.size(), 6u);
  EXPECT_EQ((*fine)[0].points.front().at, now - milliseconds(2500));

  // No data.
  auto none =
      provider->QueryRange("nonexistent_metric_total", {now - seconds(10), now, seconds(1)});
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());

  // Prometheus refuses the query: kInvalidInput in its own words.
  auto bad = provider->QueryRange("sum(rate(x[5m])", {now - seconds(10), now, seconds(1)});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput) << bad.status().ToString();
  EXPECT_NE(bad.status().message().find("parse error"), std::string::npos)
      << bad.status().message();
  auto too_fine =
      provider->QueryRange("vector(1)", {now - std::chrono::hours(1), now, milliseconds(100)});
  EXPECT_EQ(too_fine.status().code(), StatusCode::kInvalidInput) << too_fine.status().ToString();
  EXPECT_NE(too_fine.status().message().find("11,000"), std::string::npos)
      << too_fine.status().message();

  // The address without the server's path prefix: no API there.
  auto unprefixed =
      Provider("http://127.0.0.1:" + std::to_string(prometheus.port()))->QueryInstant("1");
  EXPECT_EQ(unprefixed.status().code(), StatusCode::kInvalidInput)
      << unprefixed.status().ToString();
  EXPECT_NE(unprefixed.status().message().find("path prefix"), std::string::npos)
      << unprefixed.status().message();

  // Nothing listening: kUnavailable.
  auto refused =
      Provider("http://127.0.0.1:" + std::to_string(FreeLoopbackPort()))->QueryInstant("1");
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable) << refused.status().ToString();
}

}  // namespace
}  // namespace kanaria::testing
