#include "emulator/dataplane/traffic_metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace kanaria::emulator {
namespace {

// Histogram bounds (seconds) for the Prometheus latency histogram: Prometheus' defaults, which
// cover the emulated containers' 5 ms base latency up to multi-second faults.
constexpr double kLatencyBoundsSeconds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                            0.5,   1,    2.5,   5,    10};
constexpr size_t kLatencyBoundCount = std::size(kLatencyBoundsSeconds);

std::string SuffixAfter(std::string_view arn, std::string_view marker) {
  const size_t at = arn.find(marker);
  if (at == std::string_view::npos) return std::string(arn);
  return std::string(arn.substr(at + marker.size()));
}

WallTime FloorToSecond(WallTime t) {
  return std::chrono::floor<std::chrono::seconds>(t);
}

// Label values escape backslash, quote and newline (exposition format 0.0.4).
std::string EscapeLabel(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string FormatDouble(double value) {
  return fmt::format("{}", value);
}

}  // namespace

std::string LoadBalancerArnSuffix(std::string_view arn) {
  return SuffixAfter(arn, ":loadbalancer/");
}

std::string TargetGroupArnSuffix(std::string_view arn) {
  // The resource part after the last ':' ("targetgroup/name/id").
  const size_t at = arn.rfind(':');
  return std::string(at == std::string_view::npos ? arn : arn.substr(at + 1));
}

void MergeBucket(TrafficBucket& into, const TrafficBucket& from) {
  const bool into_had_latency = into.target_responses > 0;
  into.requests += from.requests;
  for (size_t i = 0; i < into.target_codes.size(); ++i)
    into.target_codes[i] += from.target_codes[i];
  for (size_t i = 0; i < into.elb_codes.size(); ++i) into.elb_codes[i] += from.elb_codes[i];
  if (from.target_responses > 0) {
    into.latency_min_ms =
        into_had_latency ? std::min(into.latency_min_ms, from.latency_min_ms) : from.latency_min_ms;
    into.latency_max_ms =
        into_had_latency ? std::max(into.latency_max_ms, from.latency_max_ms) : from.latency_max_ms;
  }
  into.target_responses += from.target_responses;
  into.latency_sum_ms += from.latency_sum_ms;
  into.latency_sample.insert(into.latency_sample.end(), from.latency_sample.begin(),
                             from.latency_sample.end());
}

std::optional<double> LatencyPercentileMs(const std::vector<TrafficBucket>& buckets,
                                          double percentile) {
  std::vector<TrafficBucket::Latency> all;
  for (const TrafficBucket& bucket : buckets) {
    all.insert(all.end(), bucket.latency_sample.begin(), bucket.latency_sample.end());
  }
  if (all.empty()) return std::nullopt;
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.ms < b.ms; });
  double total = 0;
  for (const auto& sample : all) total += sample.weight;
  // The smallest value whose cumulative weight reaches the percentile (nearest rank).
  const double wanted = std::clamp(percentile, 0.0, 100.0) / 100.0 * total;
  double running = 0;
  for (const auto& sample : all) {
    running += sample.weight;
    if (running >= wanted - 1e-9) return sample.ms;
  }
  return all.back().ms;
}

TrafficBucket& TrafficMetrics::BucketFor(Series& series, WallTime second) {
  auto& buckets = series.buckets;
  // Requests arrive nearly in order (threads race by microseconds): search from the back.
  auto it = buckets.end();
  while (it != buckets.begin() && std::prev(it)->second > second) --it;
  if (it != buckets.begin() && std::prev(it)->second == second) return *std::prev(it);
  TrafficBucket fresh;
  fresh.second = second;
  it = buckets.insert(it, std::move(fresh));
  TrafficBucket& result = *it;
  // Retention: drop what is older than kRetention behind the newest bucket.
  const WallTime horizon = buckets.back().second - kRetention;
  const auto keep_from = std::find_if(buckets.begin(), buckets.end(),
                                      [&](const TrafficBucket& b) { return b.second >= horizon; });
  if (keep_from != buckets.begin()) {
    const WallTime wanted = result.second;
    buckets.erase(buckets.begin(), keep_from);
    for (TrafficBucket& b : buckets) {
      if (b.second == wanted) return b;
    }
    // The request itself was older than the retention: count it in the oldest bucket kept.
    return buckets.front();
  }
  return result;
}

void TrafficMetrics::AddLatency(TrafficBucket& bucket, double ms) {
  const bool first = bucket.target_responses == 0;
  bucket.target_responses += 1;
  bucket.latency_sum_ms += ms;
  bucket.latency_min_ms = first ? ms : std::min(bucket.latency_min_ms, ms);
  bucket.latency_max_ms = first ? ms : std::max(bucket.latency_max_ms, ms);
  // Reservoir sampling (algorithm R) with a private xorshift: cheap and needs no seeding, the
  // sample only has to be fair, not replayable.
  if (bucket.latency_sample.size() < kLatencySampleSize) {
    bucket.latency_sample.push_back({static_cast<float>(ms), 1});
    return;
  }
  reservoir_state_ ^= reservoir_state_ << 13;
  reservoir_state_ ^= reservoir_state_ >> 7;
  reservoir_state_ ^= reservoir_state_ << 17;
  const uint64_t slot = reservoir_state_ % static_cast<uint64_t>(bucket.target_responses);
  if (slot < kLatencySampleSize) bucket.latency_sample[slot].ms = static_cast<float>(ms);
}

void TrafficMetrics::Record(const ServedRequest& request) {
  const std::string lb = LoadBalancerArnSuffix(request.load_balancer_arn);
  const std::string tg =
      request.target_group_arn.empty() ? "" : TargetGroupArnSuffix(request.target_group_arn);
  const bool from_target = !tg.empty() && request.target_answered;
  const int code_class = request.status / 100;

  std::lock_guard<std::mutex> lock(mu_);
  TrafficBucket& bucket = BucketFor(series_[{lb, tg}], FloorToSecond(request.at));
  bucket.requests += 1;
  if (from_target) {
    if (code_class >= 2 && code_class <= 5) bucket.target_codes[code_class - 2] += 1;
    AddLatency(bucket, request.latency_ms);
  } else if (code_class == 4 || code_class == 5) {
    bucket.elb_codes[code_class - 4] += 1;
  }

  Cumulative& totals = cumulative_[{lb, tg}];
  totals.by_code[request.status] += 1;
  if (from_target) {
    if (totals.latency_buckets.empty()) totals.latency_buckets.assign(kLatencyBoundCount + 1, 0);
    const double seconds = request.latency_ms / 1000.0;
    size_t index = 0;
    while (index < kLatencyBoundCount && seconds > kLatencyBoundsSeconds[index]) ++index;
    totals.latency_buckets[index] += 1;
    totals.latency_sum_seconds += seconds;
    totals.latency_count += 1;
  }
}

std::vector<TrafficBucket> TrafficMetrics::Buckets(std::string_view load_balancer,
                                                   std::string_view target_group, WallTime from,
                                                   WallTime to) const {
  std::map<WallTime, TrafficBucket> merged;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, series] : series_) {
    if (key.first != load_balancer) continue;
    if (!target_group.empty() && key.second != target_group) continue;
    for (const TrafficBucket& bucket : series.buckets) {
      if (bucket.second < from || bucket.second >= to) continue;
      TrafficBucket copy = bucket;
      const float weight = copy.latency_sample.empty() ? 1.0f
                                                       : static_cast<float>(copy.target_responses) /
                                                             copy.latency_sample.size();
      for (auto& sample : copy.latency_sample) sample.weight = weight;
      auto [it, inserted] = merged.try_emplace(bucket.second);
      if (inserted) {
        it->second = std::move(copy);
      } else {
        MergeBucket(it->second, copy);
      }
    }
  }
  std::vector<TrafficBucket> out;
  out.reserve(merged.size());
  for (auto& [second, bucket] : merged) out.push_back(std::move(bucket));
  return out;
}

std::string TrafficMetrics::PrometheusText() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out +=
      "# HELP kanaria_emulator_target_requests_total Requests the emulated targets answered, "
      "by HTTP status.\n"
      "# TYPE kanaria_emulator_target_requests_total counter\n";
  for (const auto& [key, totals] : cumulative_) {
    if (key.second.empty()) continue;
    for (const auto& [code, count] : totals.by_code) {
      out += fmt::format(
          "kanaria_emulator_target_requests_total{{load_balancer=\"{}\",target_group=\"{}\","
          "code=\"{}\"}} {}\n",
          EscapeLabel(key.first), EscapeLabel(key.second), code, count);
    }
  }
  // Answers the load balancer generated itself (fixed responses, 503 without targets, 404).
  out +=
      "# HELP kanaria_emulator_elb_requests_total Requests the emulated load balancer answered "
      "without a target, by HTTP status.\n"
      "# TYPE kanaria_emulator_elb_requests_total counter\n";
  for (const auto& [key, totals] : cumulative_) {
    if (!key.second.empty()) continue;
    for (const auto& [code, count] : totals.by_code) {
      out += fmt::format(
          "kanaria_emulator_elb_requests_total{{load_balancer=\"{}\",code=\"{}\"}} {}\n",
          EscapeLabel(key.first), code, count);
    }
  }
  out +=
      "# HELP kanaria_emulator_target_response_seconds Simulated target response time.\n"
      "# TYPE kanaria_emulator_target_response_seconds histogram\n";
  for (const auto& [key, totals] : cumulative_) {
    if (key.second.empty() || totals.latency_count == 0) continue;
    const std::string labels = fmt::format("load_balancer=\"{}\",target_group=\"{}\"",
                                           EscapeLabel(key.first), EscapeLabel(key.second));
    uint64_t running = 0;
    for (size_t i = 0; i <= kLatencyBoundCount; ++i) {
      running += totals.latency_buckets[i];
      const std::string le =
          i < kLatencyBoundCount ? FormatDouble(kLatencyBoundsSeconds[i]) : "+Inf";
      out += fmt::format("kanaria_emulator_target_response_seconds_bucket{{{},le=\"{}\"}} {}\n",
                         labels, le, running);
    }
    out += fmt::format("kanaria_emulator_target_response_seconds_sum{{{}}} {}\n", labels,
                       FormatDouble(totals.latency_sum_seconds));
    out += fmt::format("kanaria_emulator_target_response_seconds_count{{{}}} {}\n", labels,
                       totals.latency_count);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> TrafficMetrics::SeriesWithTraffic() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, series] : series_) {
    if (!series.buckets.empty()) out.push_back(key);
  }
  return out;
}

}  // namespace kanaria::emulator
