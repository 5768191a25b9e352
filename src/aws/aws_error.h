// The typed error every AWS call returns on failure, attached to a Status as its detail.
#pragma once

#include <string>

#include "core/status.h"

namespace kanaria::aws {

class AwsError final : public StatusDetail {
 public:
  std::string service;    // "ecs", "elasticloadbalancing", "servicediscovery", "monitoring", "sts"
  std::string operation;  // "DescribeServices"
  std::string code;       // "ServiceNotFoundException", "Throttling", ... ("" for transport failures)
  std::string message;    // the service's message, verbatim (scrubbed when printed)
  int http_status = 0;    // 0 when no HTTP response was received
  std::string request_id; // x-amzn-RequestId / <RequestId>, when present
  bool retryable = false; // what the retry policy decided for this failure

  // "ecs DescribeServices: ServiceNotFoundException: Service not found. (HTTP 400, request id ...)"
  std::string Describe() const;
};

// The AwsError of a Status, or nullptr.
inline const AwsError* AsAwsError(const Status& status) { return status.detail_as<AwsError>(); }

// Maps an AWS error code + HTTP status onto a StatusCode the engine can branch on.
StatusCode StatusCodeForAwsError(std::string_view code, int http_status);

// Builds the Status for a failed call. The Status message is error.Describe().
Status MakeAwsStatus(AwsError error);

}  // namespace kanaria::aws
