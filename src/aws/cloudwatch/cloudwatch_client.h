// The CloudWatch operations kanaria calls, typed, over the query protocol. Both follow NextToken
// to the end. Failures carry an AwsError ("InvalidParameterValue", "InvalidNextToken", ...).
#pragma once

#include <memory>
#include <vector>

#include "aws/cloudwatch/cloudwatch_types.h"
#include "aws/service_client.h"

namespace kanaria::aws::cloudwatch {

class CloudWatchClient {
 public:
  static StatusOr<std::unique_ptr<CloudWatchClient>> Create(std::shared_ptr<ClientContext> context);
  explicit CloudWatchClient(std::unique_ptr<ServiceClient> client);

  // REQUIRES: at least one query; start_time < end_time (else kInvalidInput, no call).
  StatusOr<GetMetricDataResponse> GetMetricData(const GetMetricDataRequest& request);

  // Metric and composite alarms, metric alarms first, each in AWS's order.
  StatusOr<std::vector<Alarm>> DescribeAlarms(const DescribeAlarmsRequest& request);

  ServiceClient& service_client() { return *client_; }

 private:
  std::unique_ptr<ServiceClient> client_;
};

}  // namespace kanaria::aws::cloudwatch
