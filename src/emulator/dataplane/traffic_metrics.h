// What the data plane served, per load balancer and target group: the source of CloudWatch's
// AWS/ApplicationELB metrics (per wall-clock-second buckets) and of the admin API's Prometheus
// text (cumulative counters and a latency histogram).
//
// Memory is bounded: a series keeps the buckets of the last kRetention (6 h) behind its newest
// bucket, and each bucket keeps at most kLatencySampleSize latencies (a reservoir sample, so
// percentiles over many requests stay unbiased). Worst case per (load balancer, target group)
// pair with traffic in every second: 21,600 buckets of ~300 bytes, about 7 MB.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace kanaria::emulator {

struct ServedRequest {
  std::string load_balancer_arn;
  std::string target_group_arn;  // empty when the load balancer answered without forwarding
  int status = 0;
  double latency_ms = 0;  // simulated latency as recorded (the full value, not scaled)
  WallTime at;
  // False when a forwarded request got no answer from the target (502: the task is gone): it
  // counts for the target group's RequestCount but as an ELB code, not a target code.
  bool target_answered = true;
};

// "app/name/id" from a load balancer ARN, "targetgroup/name/id" from a target group ARN: the
// dimension values CloudWatch uses. Text that is not such an ARN is returned unchanged.
std::string LoadBalancerArnSuffix(std::string_view arn);
std::string TargetGroupArnSuffix(std::string_view arn);

// One wall-clock second of one series.
struct TrafficBucket {
  WallTime second;                        // the start of the second
  int64_t requests = 0;                   // RequestCount: every request, forwarded or not
  std::array<int64_t, 4> target_codes{};  // 2XX, 3XX, 4XX, 5XX answered by targets
  std::array<int64_t, 2> elb_codes{};     // 4XX, 5XX the load balancer generated
  int64_t target_responses = 0;           // requests a target answered (latency samples)
  double latency_sum_ms = 0;
  double latency_min_ms = 0;
  double latency_max_ms = 0;
  // Up to kLatencySampleSize latencies per stored bucket (a merged bucket holds its parts').
  // A sample's weight is the number of requests it stands for, so percentiles over buckets of
  // different traffic stay fair.
  struct Latency {
    float ms = 0;
    float weight = 1;
  };
  std::vector<Latency> latency_sample;
};

class TrafficMetrics {
 public:
  static constexpr std::chrono::hours kRetention{6};
  static constexpr size_t kLatencySampleSize = 64;

  TrafficMetrics() = default;
  TrafficMetrics(const TrafficMetrics&) = delete;
  TrafficMetrics& operator=(const TrafficMetrics&) = delete;

  // Thread-safe; called by the listener servers without the World's mutex.
  void Record(const ServedRequest& request);

  // The buckets in [from, to) of the series of `load_balancer` (ARN suffix "app/name/id"),
  // oldest first. With a `target_group` suffix only that group's forwarded requests; with an
  // empty one every request of the load balancer, buckets of the same second merged.
  std::vector<TrafficBucket> Buckets(std::string_view load_balancer, std::string_view target_group,
                                     WallTime from, WallTime to) const;

  // Prometheus text exposition (format 0.0.4) of the counters and the latency histogram.
  std::string PrometheusText() const;

  // Every (load balancer suffix, target group suffix) with retained traffic; the target group
  // is "" for a load balancer's own series.
  std::vector<std::pair<std::string, std::string>> SeriesWithTraffic() const;

 private:
  using SeriesKey = std::pair<std::string, std::string>;  // (lb suffix, tg suffix or "")
  struct Series {
    std::vector<TrafficBucket> buckets;  // ascending by second
  };
  struct Cumulative {
    std::map<int, uint64_t> by_code;
    std::vector<uint64_t> latency_buckets;  // one per kLatencyBoundsSeconds entry, plus +Inf
    double latency_sum_seconds = 0;
    uint64_t latency_count = 0;
  };

  TrafficBucket& BucketFor(Series& series, WallTime second);
  void AddLatency(TrafficBucket& bucket, double ms);

  mutable std::mutex mu_;
  std::map<SeriesKey, Series> series_;
  std::map<SeriesKey, Cumulative> cumulative_;
  uint64_t reservoir_state_ = 0x9e3779b97f4a7c15ULL;
};

// Adds `from` to `into` (same second, or a query period): counts add, samples concatenate.
void MergeBucket(TrafficBucket& into, const TrafficBucket& from);
// The weighted `percentile` (0..100) of the buckets' latency samples; nullopt without samples.
std::optional<double> LatencyPercentileMs(const std::vector<TrafficBucket>& buckets,
                                          double percentile);

}  // namespace kanaria::emulator
