// CloudWatch state: metric alarms and the data PutMetricData stored; the AWS/ApplicationELB
// metrics come from the data plane's TrafficMetrics (world.traffic), computed when asked.
//
// Emulated facts (ARCHITECTURE.md "Wire facts", "Time in rehearsals"):
//  - AWS/ApplicationELB data of wall-clock second t is visible from t + publication delay
//    (60 s virtual by default, divided by the time scale); PutMetricData is visible at once.
//  - Periods are wall-clock seconds, any period >= 1 s is accepted (time-scaled clients ask for
//    max(1, P/N)); the period grid is aligned to multiples of the period since the epoch.
//  - The ALB publishes only non-zero metrics: a period without requests has no datapoint, nor
//    has a Count metric that is 0 in a period with requests.
//  - Alarms are evaluated once per alarm period (real seconds): whenever another period is
//    complete and published, over the last EvaluationPeriods such periods.
// Every method REQUIRES the World's mutex held.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "emulator/dataplane/traffic_metrics.h"
#include "emulator/sim_time.h"

namespace kanaria::emulator {

class World;

using MetricDimensions = std::vector<std::pair<std::string, std::string>>;  // as given

struct MetricId {
  std::string name_space;
  std::string metric_name;
  MetricDimensions dimensions;
};

// The statistics of one period: enough for every statistic CloudWatch offers here.
struct PeriodStatistics {
  WallTime timestamp;  // the period's start
  double sample_count = 0;
  double sum = 0;
  double minimum = 0;
  double maximum = 0;
  std::vector<TrafficBucket::Latency> samples;  // weighted values, for percentiles
  std::string unit;
};

// "Sum", "Average", "Minimum", "Maximum", "SampleCount" or "pNN" / "pNN.N"; nullopt for a
// statistic this emulator does not know (the caller reports InvalidParameterValue).
std::optional<double> StatisticValue(const PeriodStatistics& stats, const std::string& stat);
bool IsKnownStatistic(const std::string& stat);

struct MetricAlarm {
  std::string name;
  std::string arn;
  std::string description;
  bool actions_enabled = true;
  std::vector<std::string> ok_actions, alarm_actions, insufficient_data_actions;
  MetricId metric;
  std::string statistic;           // or
  std::string extended_statistic;  // "p99"
  std::string unit;
  int64_t period = 60;
  int64_t evaluation_periods = 1;
  int64_t datapoints_to_alarm = 1;
  double threshold = 0;
  std::string comparison_operator;
  std::string treat_missing_data = "missing";
  std::string state = "INSUFFICIENT_DATA";
  std::string state_reason = "Unchecked: Initial alarm creation";
  std::string state_reason_data;
  WallTime state_updated;
  WallTime configuration_updated;
  std::optional<WallTime> last_evaluated;  // the end of the last window evaluated
};

class CloudWatchState {
 public:
  // The most alarms an account holds here (PutMetricAlarm beyond it: LimitExceeded).
  static constexpr size_t kMaxAlarms = 5000;
  // Stored PutMetricData values per metric (the oldest are dropped beyond it).
  static constexpr size_t kMaxStoredValuesPerMetric = 100000;

  explicit CloudWatchState(World& world);

  // Evaluates the alarms that are due at `now`.
  void Advance(WallTime now);

  // The virtual delay before ALB data is visible (default 60 s; scaled by the world's time).
  void set_publication_delay(VirtualSeconds delay) { publication_delay_ = delay; }
  VirtualSeconds publication_delay() const { return publication_delay_; }

  // The statistics of every period of `metric` in [from, to) that has data visible at `now`,
  // oldest first. REQUIRES: period_seconds >= 1.
  std::vector<PeriodStatistics> Statistics(const MetricId& metric, WallTime from, WallTime to,
                                           int64_t period_seconds, WallTime now) const;
  // Every metric with data: those put with PutMetricData and the AWS/ApplicationELB metrics of
  // each load balancer and target group that served traffic (ListMetrics).
  std::vector<MetricId> ListedMetrics() const;
  // Stores one PutMetricData value (`values` with `counts`, or one value).
  void PutValue(const MetricId& metric, WallTime timestamp, double value, double count,
                const std::string& unit);

  // Alarms by name (ordered as DescribeAlarms lists them).
  std::map<std::string, MetricAlarm>& alarms() { return alarms_; }
  const std::map<std::string, MetricAlarm>& alarms() const { return alarms_; }
  // Sets the state of `alarm` now, as an evaluation or SetAlarmState does.
  void SetState(MetricAlarm& alarm, const std::string& state, const std::string& reason,
                const std::string& reason_data, WallTime now);
  // Evaluates `alarm` at `now` (Advance calls it when a new period is complete and published).
  void Evaluate(MetricAlarm& alarm, WallTime now);
  // The end of the window an evaluation at `now` looks at.
  WallTime EvaluationEnd(const MetricAlarm& alarm, WallTime now) const;

  const SimTime& time() const;

 private:
  struct StoredValue {
    WallTime timestamp;
    double value;
    double count;
  };
  struct StoredMetric {
    MetricId id;
    std::string unit;
    std::vector<StoredValue> values;  // in arrival order
  };

  void CollectApplicationElb(const MetricId& metric, WallTime from, WallTime to,
                             int64_t period_seconds, WallTime now,
                             std::map<WallTime, PeriodStatistics>& periods) const;

  World* world_;
  VirtualSeconds publication_delay_{60};
  std::map<std::string, MetricAlarm> alarms_;
  std::map<std::string, StoredMetric> stored_;  // by a canonical key of the MetricId
};

// A canonical key for a metric: namespace, name and the dimensions sorted by name.
std::string MetricKey(const MetricId& metric);
// The start of the period (multiple of `period_seconds` since the epoch) that holds `t`.
WallTime PeriodStart(WallTime t, int64_t period_seconds);

}  // namespace kanaria::emulator
