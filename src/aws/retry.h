// Retries as botocore's standard mode: up to max_attempts (default 3) attempts, full-jitter
// exponential backoff capped at 20 s, and a retry quota of 500 tokens shared by the clients of
// one ClientContext (5 per retry, 10 per retry after a timeout, refunded when the retry succeeds,
// +1 for every first-attempt success up to the cap). AWS_RETRY_MODE=legacy keeps botocore's
// legacy behaviour (5 attempts, no quota).
#pragma once

#include <mutex>

#include "aws/operations.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"

namespace kanaria::aws {

enum class RetryMode { kStandard, kLegacy };

struct RetryConfig {
  RetryMode mode = RetryMode::kStandard;
  int max_attempts = 3;  // including the first
  // Reads AWS_RETRY_MODE (standard | legacy; adaptive is refused naming the variable) and
  // AWS_MAX_ATTEMPTS (a positive integer).
  static StatusOr<RetryConfig> FromEnvironment();
};

// The token bucket of standard mode. Thread-safe.
class RetryQuota {
 public:
  static constexpr int kInitialTokens = 500;
  static constexpr int kRetryCost = 5;
  static constexpr int kTimeoutRetryCost = 10;
  static constexpr int kNoRetryIncrement = 1;

  // Takes the cost of a retry; false when the bucket cannot pay (do not retry).
  bool Acquire(bool after_timeout, int* cost_taken);
  // A call that needed retries succeeded: give back what it took.
  void Refund(int cost);
  // A call succeeded at its first attempt.
  void RecordFirstAttemptSuccess();
  int available() const;

 private:
  mutable std::mutex mu_;
  int tokens_ = kInitialTokens;
};

// Whether a failed attempt of `op` may be retried (ignores the attempt count and quota).
// Throttling codes of every service and failures before the request was sent: always.
// 5xx, timeouts, connection resets: only for kRead, kSetToValue and kClientToken operations.
bool IsRetryableFailure(const OperationInfo& op, const Status& failure);

// True for ThrottlingException, Throttling, ThrottledException, RequestLimitExceeded,
// TooManyRequestsException, ProvisionedThroughputExceededException, RequestThrottled,
// SlowDown, PriorRequestNotComplete, RequestThrottledException, EC2ThrottledException,
// BandwidthLimitExceeded, TransactionInProgressException.
bool IsThrottlingCode(std::string_view code);

// Delay before retry number `retry` (1 = the first retry): rand[0,1) * min(2^(retry-1), 20) s
// in standard mode; legacy: rand[0,1) * 2^(retry-1) s without cap beyond 20 s.
Duration BackoffDelay(int retry, RetryMode mode, RandomSource& random);

}  // namespace kanaria::aws
