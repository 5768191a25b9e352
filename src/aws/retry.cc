#include "aws/retry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <string>

#include "aws/aws_error.h"
#include "aws/http.h"

namespace kanaria::aws {

StatusOr<RetryConfig> RetryConfig::FromEnvironment() {
  RetryConfig config;
  if (const char* mode = std::getenv("AWS_RETRY_MODE"); mode != nullptr && *mode != '\0') {
    const std::string m(mode);
    if (m == "standard") {
      config.mode = RetryMode::kStandard;
    } else if (m == "legacy") {
      config.mode = RetryMode::kLegacy;
      config.max_attempts = 5;
    } else if (m == "adaptive") {
      return InvalidInputError(
          "AWS_RETRY_MODE=adaptive is not supported by kanaria (its client-side rate limiter is "
          "not implemented); use standard or legacy");
    } else {
      return InvalidInputError("AWS_RETRY_MODE=" + m + " is not a retry mode; use standard or legacy");
    }
  }
  if (const char* attempts = std::getenv("AWS_MAX_ATTEMPTS"); attempts != nullptr && *attempts != '\0') {
    char* end = nullptr;
    const long n = std::strtol(attempts, &end, 10);
    if (end == attempts || *end != '\0' || n < 1 || n > 100) {
      return InvalidInputError(std::string("AWS_MAX_ATTEMPTS=") + attempts +
                               " is not valid; use a whole number from 1 to 100");
    }
    config.max_attempts = static_cast<int>(n);
  }
  return config;
}

bool RetryQuota::Acquire(bool after_timeout, int* cost_taken) {
  const int cost = after_timeout ? kTimeoutRetryCost : kRetryCost;
  std::lock_guard<std::mutex> lock(mu_);
  if (tokens_ < cost) return false;
  tokens_ -= cost;
  *cost_taken = cost;
  return true;
}

void RetryQuota::Refund(int cost) {
  std::lock_guard<std::mutex> lock(mu_);
  tokens_ = std::min(kInitialTokens, tokens_ + cost);
}

void RetryQuota::RecordFirstAttemptSuccess() { Refund(kNoRetryIncrement); }

int RetryQuota::available() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tokens_;
}

bool IsThrottlingCode(std::string_view code) {
  static constexpr std::array<std::string_view, 14> kCodes = {
      "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
      "TooManyRequestsException", "ProvisionedThroughputExceededException",
      "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
      "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
      "EC2ThrottledException"};
  return std::find(kCodes.begin(), kCodes.end(), code) != kCodes.end();
}

bool IsRetryableFailure(const OperationInfo& op, const Status& failure) {
  const bool repeatable = op.retry_class != RetryClass::kNonIdempotent;
  if (const auto* transport = failure.detail_as<TransportError>()) {
    // Nothing reached the server: the call did not happen, so repeating it is always safe.
    if (!transport->request_sent()) return true;
    return repeatable;
  }
  if (const AwsError* error = AsAwsError(failure)) {
    // A throttled call was never executed.
    if (IsThrottlingCode(error->code)) return true;
    if (error->code == "RequestTimeout" || error->code == "RequestTimeoutException") return repeatable;
    if (error->http_status == 500 || error->http_status == 502 || error->http_status == 503 ||
        error->http_status == 504) {
      return repeatable;
    }
    // A 2xx whose body could not be read: the call ran; repeat only what is safe to repeat.
    if (error->code == "MalformedResponse") return repeatable;
    return false;
  }
  return false;
}

Duration BackoffDelay(int retry, RetryMode mode, RandomSource& random) {
  const double exponent = std::pow(2.0, std::max(0, retry - 1));
  const double ceiling_s = mode == RetryMode::kStandard ? std::min(exponent, 20.0) : exponent;
  const double seconds = random.NextUnit() * ceiling_s;
  return Duration(static_cast<long long>(seconds * 1000.0));
}

}  // namespace kanaria::aws
