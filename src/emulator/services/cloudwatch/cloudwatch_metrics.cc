// CloudWatchState's metric data: the AWS/ApplicationELB metrics derived from TrafficMetrics and
// the values PutMetricData stored, as per-period statistics.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "emulator/services/cloudwatch/cloudwatch_state.h"
#include "emulator/world.h"

namespace kanaria::emulator {
namespace {

constexpr std::string_view kElbNamespace = "AWS/ApplicationELB";

// How an ALB metric is read from one second's bucket.
enum class ElbField { kCount, kLatency };
struct ElbMetric {
  std::string_view name;
  ElbField field;
  int64_t (*count)(const TrafficBucket&);
};

const ElbMetric kElbMetrics[] = {
    {"RequestCount", ElbField::kCount, [](const TrafficBucket& b) { return b.requests; }},
    {"HTTPCode_Target_2XX_Count", ElbField::kCount,
     [](const TrafficBucket& b) { return b.target_codes[0]; }},
    {"HTTPCode_Target_3XX_Count", ElbField::kCount,
     [](const TrafficBucket& b) { return b.target_codes[1]; }},
    {"HTTPCode_Target_4XX_Count", ElbField::kCount,
     [](const TrafficBucket& b) { return b.target_codes[2]; }},
    {"HTTPCode_Target_5XX_Count", ElbField::kCount,
     [](const TrafficBucket& b) { return b.target_codes[3]; }},
    {"HTTPCode_ELB_4XX_Count", ElbField::kCount,
     [](const TrafficBucket& b) { return b.elb_codes[0]; }},
    {"HTTPCode_ELB_5XX_Count", ElbField::kCount,
     [](const TrafficBucket& b) { return b.elb_codes[1]; }},
    {"TargetResponseTime", ElbField::kLatency, nullptr},
};

void AddSample(PeriodStatistics& stats, double value, double weight) {
  if (stats.sample_count == 0) {
    stats.minimum = value;
    stats.maximum = value;
  } else {
    stats.minimum = std::min(stats.minimum, value);
    stats.maximum = std::max(stats.maximum, value);
  }
  stats.sample_count += weight;
  stats.sum += value * weight;
  stats.samples.push_back({static_cast<float>(value), static_cast<float>(weight)});
}

std::optional<double> WeightedPercentile(std::vector<TrafficBucket::Latency> samples,
                                         double percentile) {
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end(),
            [](const auto& a, const auto& b) { return a.ms < b.ms; });
  double total = 0;
  for (const auto& s : samples) total += s.weight;
  const double wanted = percentile / 100.0 * total;
  double running = 0;
  for (const auto& s : samples) {
    running += s.weight;
    if (running >= wanted - 1e-9) return s.ms;
  }
  return samples.back().ms;
}

// "p99" / "p99.9" -> 99 / 99.9; nullopt when not a percentile statistic.
std::optional<double> ParsePercentile(const std::string& stat) {
  if (stat.size() < 2 || stat[0] != 'p') return std::nullopt;
  const std::string digits = stat.substr(1);
  char* end = nullptr;
  const double value = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size() || !(value >= 0 && value <= 100)) return std::nullopt;
  return value;
}

}  // namespace

bool IsKnownStatistic(const std::string& stat) {
  return stat == "Sum" || stat == "Average" || stat == "Minimum" || stat == "Maximum" ||
         stat == "SampleCount" || ParsePercentile(stat).has_value();
}

std::optional<double> StatisticValue(const PeriodStatistics& stats, const std::string& stat) {
  if (stat == "Sum") return stats.sum;
  if (stat == "SampleCount") return stats.sample_count;
  if (stat == "Minimum") return stats.minimum;
  if (stat == "Maximum") return stats.maximum;
  if (stat == "Average") {
    if (stats.sample_count == 0) return std::nullopt;
    return stats.sum / stats.sample_count;
  }
  if (const auto percentile = ParsePercentile(stat)) {
    return WeightedPercentile(stats.samples, *percentile);
  }
  return std::nullopt;
}

std::string MetricKey(const MetricId& metric) {
  MetricDimensions sorted = metric.dimensions;
  std::sort(sorted.begin(), sorted.end());
  std::string key = metric.name_space + '\n' + metric.metric_name;
  for (const auto& [name, value] : sorted) key += '\n' + name + '=' + value;
  return key;
}

WallTime PeriodStart(WallTime t, int64_t period_seconds) {
  const int64_t seconds = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
  int64_t start = seconds - seconds % period_seconds;
  if (seconds < 0 && seconds % period_seconds != 0) start -= period_seconds;
  return WallTime(std::chrono::seconds(start));
}

CloudWatchState::CloudWatchState(World& world) : world_(&world) {}

const SimTime& CloudWatchState::time() const {
  return world_->time;
}

void CloudWatchState::CollectApplicationElb(const MetricId& metric, WallTime from, WallTime to,
                                            int64_t period_seconds, WallTime now,
                                            std::map<WallTime, PeriodStatistics>& periods) const {
  const ElbMetric* definition = nullptr;
  for (const ElbMetric& candidate : kElbMetrics) {
    if (candidate.name == metric.metric_name) definition = &candidate;
  }
  if (definition == nullptr) return;
  std::string load_balancer, target_group;
  for (const auto& [name, value] : metric.dimensions) {
    if (name == "LoadBalancer" && load_balancer.empty()) {
      load_balancer = value;
    } else if (name == "TargetGroup" && target_group.empty()) {
      target_group = value;
    } else {
      return;  // CloudWatch matches the exact dimension set: other sets have no data here
    }
  }
  if (load_balancer.empty()) return;
  // Data of second t is published at t + delay: later seconds are not visible yet.
  const WallTime visible_end =
      std::min(to, now - world_->time.Real(publication_delay_) + std::chrono::nanoseconds(1));
  if (visible_end <= from) return;
  for (const TrafficBucket& bucket :
       world_->traffic.Buckets(load_balancer, target_group, from, visible_end)) {
    const WallTime start = PeriodStart(bucket.second, period_seconds);
    if (definition->field == ElbField::kCount) {
      const int64_t count = definition->count(bucket);
      if (count == 0) continue;  // the ALB publishes no zero
      PeriodStatistics& stats = periods[start];
      stats.unit = "Count";
      AddSample(stats, static_cast<double>(count), 1);
      continue;
    }
    if (bucket.target_responses == 0) continue;
    PeriodStatistics& stats = periods[start];
    stats.unit = "Seconds";
    const double first_min = bucket.latency_min_ms / 1000.0;
    const double first_max = bucket.latency_max_ms / 1000.0;
    stats.minimum = stats.sample_count == 0 ? first_min : std::min(stats.minimum, first_min);
    stats.maximum = stats.sample_count == 0 ? first_max : std::max(stats.maximum, first_max);
    stats.sample_count += static_cast<double>(bucket.target_responses);
    stats.sum += bucket.latency_sum_ms / 1000.0;
    for (const auto& sample : bucket.latency_sample) {
      stats.samples.push_back({sample.ms / 1000.0f, sample.weight});
    }
  }
}

std::vector<PeriodStatistics> CloudWatchState::Statistics(const MetricId& metric, WallTime from,
                                                          WallTime to, int64_t period_seconds,
                                                          WallTime now) const {
  std::map<WallTime, PeriodStatistics> periods;
  // The first period is the one holding `from`, as CloudWatch rounds StartTime down.
  const WallTime aligned_from = PeriodStart(from, period_seconds);
  if (metric.name_space == kElbNamespace) {
    CollectApplicationElb(metric, aligned_from, to, period_seconds, now, periods);
  }
  if (const auto stored = stored_.find(MetricKey(metric)); stored != stored_.end()) {
    for (const StoredValue& value : stored->second.values) {
      if (value.timestamp < aligned_from || value.timestamp >= to || value.timestamp > now) {
        continue;
      }
      PeriodStatistics& stats = periods[PeriodStart(value.timestamp, period_seconds)];
      stats.unit = stored->second.unit.empty() ? "None" : stored->second.unit;
      AddSample(stats, value.value, value.count);
    }
  }
  std::vector<PeriodStatistics> out;
  for (auto& [start, stats] : periods) {
    stats.timestamp = start;
    out.push_back(std::move(stats));
  }
  return out;
}

void CloudWatchState::PutValue(const MetricId& metric, WallTime timestamp, double value,
                               double count, const std::string& unit) {
  StoredMetric& stored = stored_[MetricKey(metric)];
  if (stored.values.empty()) stored.id = metric;
  if (!unit.empty()) stored.unit = unit;
  stored.values.push_back({timestamp, value, count});
  if (stored.values.size() > kMaxStoredValuesPerMetric) {
    stored.values.erase(stored.values.begin(),
                        stored.values.begin() + (stored.values.size() - kMaxStoredValuesPerMetric));
  }
}

std::vector<MetricId> CloudWatchState::ListedMetrics() const {
  std::vector<MetricId> out;
  for (const auto& [key, stored] : stored_) out.push_back(stored.id);
  for (const auto& [load_balancer, target_group] : world_->traffic.SeriesWithTraffic()) {
    MetricDimensions dimensions = {{"LoadBalancer", load_balancer}};
    if (!target_group.empty()) dimensions.emplace_back("TargetGroup", target_group);
    for (const ElbMetric& metric : kElbMetrics) {
      out.push_back({std::string(kElbNamespace), std::string(metric.name), dimensions});
    }
  }
  return out;
}

}  // namespace kanaria::emulator
