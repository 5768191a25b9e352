#include "emulator/dataplane/traffic_metrics.h"

#include <gtest/gtest.h>

#include <thread>

namespace kanaria::emulator {
namespace {

const std::string kMetricsLoadBalancer =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/abc";
const std::string kTgA = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/111";
const std::string kTgB =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/222";
const WallTime kT0 = WallTime(std::chrono::seconds(1700000000));

ServedRequest Served(const std::string& tg, int status, double latency_ms, WallTime at) {
  ServedRequest request;
  request.load_balancer_arn = kMetricsLoadBalancer;
  request.target_group_arn = tg;
  request.status = status;
  request.latency_ms = latency_ms;
  request.at = at;
  return request;
}

TEST(TrafficMetricsTest, ArnSuffixesAreCloudWatchDimensionValues) {
  EXPECT_EQ(LoadBalancerArnSuffix(kMetricsLoadBalancer), "app/web/abc");
  EXPECT_EQ(TargetGroupArnSuffix(kTgA), "targetgroup/blue/111");
  EXPECT_EQ(LoadBalancerArnSuffix("app/x/y"), "app/x/y");
}

TEST(TrafficMetricsTest, BucketsPerSecondAndCodeClass) {
  TrafficMetrics metrics;
  metrics.Record(Served(kTgA, 200, 10, kT0 + std::chrono::milliseconds(100)));
  metrics.Record(Served(kTgA, 500, 30, kT0 + std::chrono::milliseconds(900)));
  metrics.Record(Served(kTgA, 404, 20, kT0 + std::chrono::seconds(2)));
  metrics.Record(Served(kTgB, 302, 5, kT0));

  const auto a =
      metrics.Buckets("app/web/abc", "targetgroup/blue/111", kT0, kT0 + std::chrono::seconds(10));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].second, kT0);
  EXPECT_EQ(a[0].requests, 2);
  EXPECT_EQ(a[0].target_codes[0], 1);  // 2XX
  EXPECT_EQ(a[0].target_codes[3], 1);  // 5XX
  EXPECT_DOUBLE_EQ(a[0].latency_sum_ms, 40);
  EXPECT_DOUBLE_EQ(a[0].latency_min_ms, 10);
  EXPECT_DOUBLE_EQ(a[0].latency_max_ms, 30);
  EXPECT_EQ(a[1].second, kT0 + std::chrono::seconds(2));
  EXPECT_EQ(a[1].target_codes[2], 1);  // 4XX

  // The load balancer alone merges its groups' buckets of the same second.
  const auto all = metrics.Buckets("app/web/abc", "", kT0, kT0 + std::chrono::seconds(10));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].requests, 3);
  EXPECT_EQ(all[0].target_codes[1], 1);  // 3XX from the other group

  // [from, to): the second at `to` is excluded.
  EXPECT_EQ(metrics.Buckets("app/web/abc", "", kT0, kT0 + std::chrono::seconds(2)).size(), 1u);
  EXPECT_TRUE(metrics.Buckets("app/other/1", "", kT0, kT0 + std::chrono::hours(1)).empty());
}

TEST(TrafficMetricsTest, ElbAnswersCountRequestsButNoTargetCodes) {
  TrafficMetrics metrics;
  metrics.Record(Served("", 503, 0, kT0));
  ServedRequest gone = Served(kTgA, 502, 0, kT0);
  gone.target_answered = false;
  metrics.Record(gone);
  const auto all = metrics.Buckets("app/web/abc", "", kT0, kT0 + std::chrono::seconds(1));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].requests, 2);
  EXPECT_EQ(all[0].elb_codes[1], 2);
  EXPECT_EQ(all[0].target_codes[3], 0);
  EXPECT_EQ(all[0].target_responses, 0);
  const auto tg =
      metrics.Buckets("app/web/abc", "targetgroup/blue/111", kT0, kT0 + std::chrono::seconds(1));
  ASSERT_EQ(tg.size(), 1u);
  EXPECT_EQ(tg[0].requests, 1);
}

TEST(TrafficMetricsTest, LatencySampleIsBoundedAndPercentilesStayClose) {
  TrafficMetrics metrics;
  // 10,000 requests in one second, latencies 1..100 ms uniformly.
  for (int i = 0; i < 10000; ++i) metrics.Record(Served(kTgA, 200, 1 + i % 100, kT0));
  const auto buckets = metrics.Buckets("app/web/abc", "", kT0, kT0 + std::chrono::seconds(1));
  ASSERT_EQ(buckets.size(), 1u);
  EXPECT_EQ(buckets[0].target_responses, 10000);
  EXPECT_EQ(buckets[0].latency_sample.size(), TrafficMetrics::kLatencySampleSize);
  const auto p50 = LatencyPercentileMs(buckets, 50);
  ASSERT_TRUE(p50.has_value());
  EXPECT_GT(*p50, 25);
  EXPECT_LT(*p50, 75);
}

TEST(TrafficMetricsTest, PercentileWeighsBucketsByTraffic) {
  TrafficMetrics metrics;
  // Second 0: 1,000 fast requests; second 1: 10 slow ones. p50 must be fast although the slow
  // second's sample is as large as it can be relative to its traffic.
  for (int i = 0; i < 1000; ++i) metrics.Record(Served(kTgA, 200, 10, kT0));
  for (int i = 0; i < 10; ++i)
    metrics.Record(Served(kTgA, 200, 900, kT0 + std::chrono::seconds(1)));
  const auto buckets = metrics.Buckets("app/web/abc", "", kT0, kT0 + std::chrono::seconds(2));
  EXPECT_FLOAT_EQ(*LatencyPercentileMs(buckets, 50), 10);
  EXPECT_FLOAT_EQ(*LatencyPercentileMs(buckets, 99.5), 900);
  EXPECT_FALSE(LatencyPercentileMs({}, 50).has_value());
}

TEST(TrafficMetricsTest, RetentionDropsOldBuckets) {
  TrafficMetrics metrics;
  metrics.Record(Served(kTgA, 200, 1, kT0));
  metrics.Record(Served(kTgA, 200, 1, kT0 + TrafficMetrics::kRetention + std::chrono::seconds(5)));
  const auto all =
      metrics.Buckets("app/web/abc", "", kT0 - std::chrono::hours(1), kT0 + std::chrono::hours(24));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].second, kT0 + TrafficMetrics::kRetention + std::chrono::seconds(5));
}

TEST(TrafficMetricsTest, PrometheusTextHasCountersAndHistogram) {
  TrafficMetrics metrics;
  metrics.Record(Served(kTgA, 200, 3, kT0));
  metrics.Record(Served(kTgA, 200, 40, kT0));
  metrics.Record(Served(kTgA, 503, 2000, kT0));
  metrics.Record(Served("", 404, 0, kT0));
  const std::string text = metrics.PrometheusText();
  EXPECT_NE(text.find("# TYPE kanaria_emulator_target_requests_total counter\n"),
            std::string::npos);
  EXPECT_NE(text.find("kanaria_emulator_target_requests_total{load_balancer=\"app/web/abc\","
                      "target_group=\"targetgroup/blue/111\",code=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("code=\"503\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("kanaria_emulator_elb_requests_total{load_balancer=\"app/web/abc\","
                      "code=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE kanaria_emulator_target_response_seconds histogram\n"),
            std::string::npos);
  const std::string labels = "load_balancer=\"app/web/abc\",target_group=\"targetgroup/blue/111\"";
  // Cumulative buckets: 3 ms <= 0.005, 40 ms <= 0.05, 2 s <= 2.5.
  EXPECT_NE(
      text.find("kanaria_emulator_target_response_seconds_bucket{" + labels + ",le=\"0.005\"} 1\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("_bucket{" + labels + ",le=\"0.05\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{" + labels + ",le=\"2.5\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{" + labels + ",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("kanaria_emulator_target_response_seconds_sum{" + labels + "} 2.04"),
            std::string::npos);
  EXPECT_NE(text.find("kanaria_emulator_target_response_seconds_count{" + labels + "} 3\n"),
            std::string::npos);
  // Every non-comment line is "name{labels} value".
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    ASSERT_NE(end, std::string::npos) << "text must end with a newline";
    const std::string line = text.substr(start, end - start);
    if (line[0] != '#') {
      EXPECT_NE(line.find("} "), std::string::npos) << line;
    }
    start = end + 1;
  }
}

TEST(TrafficMetricsTest, RecordIsThreadSafe) {
  TrafficMetrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics] {
      for (int i = 0; i < 2000; ++i)
        metrics.Record(Served(kTgA, 200, 1, kT0 + std::chrono::seconds(i % 3)));
    });
  }
  for (auto& thread : threads) thread.join();
  int64_t total = 0;
  for (const auto& bucket :
       metrics.Buckets("app/web/abc", "", kT0, kT0 + std::chrono::seconds(3))) {
    total += bucket.requests;
  }
  EXPECT_EQ(total, 8000);
}

}  // namespace
}  // namespace kanaria::emulator
