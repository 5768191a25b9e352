// The CloudWatch metric provider: a query is a list of GetMetricData MetricDataQueries in AWS's
// own shape (JSON, or YAML of the same shape), as `aws cloudwatch get-metric-data
// --metric-data-queries` takes them, so any namespace, dimensions, statistic and metric math
// work:
//
//   [{"Id": "errors", "ReturnData": false,
//     "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
//                               "Dimensions": [{"Name": "TargetGroup", "Value": "{{ .VariantArgs.targetGroup }}"}]},
//                    "Stat": "Sum"}},
//    {"Id": "requests", "ReturnData": false, "MetricStat": {...RequestCount...}},
//    {"Id": "rate", "Expression": "FILL(errors, 0) / requests"}]
//
// Every query's Period is the analysis's resolution (the window's step, already divided by the
// time scale); a Period written in the query is refused, since a fixed period would not follow
// --time-scale and would make the judgement see a different number of points.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "aws/cloudwatch/cloudwatch_client.h"
#include "engine/analysis/metric_provider.h"

namespace kanaria::engine::analysis {

// kInvalidInput naming the query member that is wrong and what AWS's shape allows.
StatusOr<std::vector<aws::cloudwatch::MetricDataQuery>> ParseCloudWatchQuery(std::string_view text,
                                                                              int period_seconds);

class CloudWatchProvider final : public MetricProvider {
 public:
  explicit CloudWatchProvider(aws::cloudwatch::CloudWatchClient& client) : client_(client) {}
  // With a client of its own (a provider declared with its own region or endpoint).
  explicit CloudWatchProvider(std::unique_ptr<aws::cloudwatch::CloudWatchClient> client)
      : owned_(std::move(client)), client_(*owned_) {}

  std::string_view type() const override { return "cloudwatch"; }

  // One series per query that returns data, labelled {"id", "label"}. A query whose StatusCode
  // is InternalError or Forbidden fails the whole call (kUnavailable / kUnauthenticated).
  StatusOr<std::vector<MetricSeries>> QueryRange(const std::string& query, const TimeWindow& window) override;

 private:
  std::unique_ptr<aws::cloudwatch::CloudWatchClient> owned_;
  aws::cloudwatch::CloudWatchClient& client_;
};

// How long CloudWatch takes to publish a period of ALB metrics (virtual time: divide it by the
// time scale). Analysis windows end this long before now.
inline constexpr Duration kCloudWatchPublicationDelay = std::chrono::seconds(60);

// Seconds of `step`, at least 1 (CloudWatch's finest period; the emulator takes any period of
// 1 s or more).
int PeriodSeconds(Duration step);

}  // namespace kanaria::engine::analysis
