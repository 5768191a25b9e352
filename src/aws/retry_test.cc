#include "aws/retry.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "aws/aws_error.h"
#include "aws/http.h"

namespace kanaria::aws {
namespace {

Status AwsFailure(std::string code, int http_status) {
  AwsError error;
  error.code = std::move(code);
  error.http_status = http_status;
  return Status(StatusCode::kUnavailable, "x", std::make_shared<AwsError>(error));
}

Status TransportFailure(bool sent) {
  return Status(StatusCode::kUnavailable, "x",
                std::make_shared<TransportError>(TransportError::Kind::kConnectionReset, sent));
}

const OperationInfo& Op(std::string_view service, std::string_view name) {
  const OperationInfo* op = FindOperation(service, name);
  EXPECT_NE(op, nullptr) << name;
  return *op;
}

TEST(RetryTest, ThrottlingIsRetriedForEveryOperationKind) {
  for (const auto& op : AllOperations()) {
    EXPECT_TRUE(IsRetryableFailure(op, AwsFailure("ThrottlingException", 400))) << op.name;
    EXPECT_TRUE(IsRetryableFailure(op, AwsFailure("Throttling", 400))) << op.name;
  }
}

TEST(RetryTest, UnsentRequestsAreAlwaysRetried) {
  EXPECT_TRUE(IsRetryableFailure(Op("ecs", "RegisterTaskDefinition"), TransportFailure(false)));
  EXPECT_FALSE(IsRetryableFailure(Op("ecs", "RegisterTaskDefinition"), TransportFailure(true)));
}

TEST(RetryTest, ServerErrorsAreRetriedOnlyWhereRepeatingIsSafe) {
  for (int status : {500, 502, 503, 504}) {
    EXPECT_TRUE(IsRetryableFailure(Op("ecs", "DescribeServices"), AwsFailure("", status)));
    EXPECT_TRUE(IsRetryableFailure(Op("elasticloadbalancing", "ModifyRule"), AwsFailure("", status)));
    EXPECT_TRUE(IsRetryableFailure(Op("ecs", "CreateTaskSet"), AwsFailure("", status)));  // clientToken
    EXPECT_TRUE(IsRetryableFailure(Op("ecs", "UpdateServicePrimaryTaskSet"), AwsFailure("", status)));
    EXPECT_FALSE(IsRetryableFailure(Op("ecs", "RegisterTaskDefinition"), AwsFailure("", status)));
    EXPECT_FALSE(IsRetryableFailure(Op("ecs", "DeleteTaskSet"), AwsFailure("", status)));
  }
  EXPECT_TRUE(IsRetryableFailure(Op("ecs", "DescribeServices"), TransportFailure(true)));
}

TEST(RetryTest, ClientErrorsAreNotRetried) {
  EXPECT_FALSE(IsRetryableFailure(Op("ecs", "DescribeServices"), AwsFailure("AccessDeniedException", 400)));
  EXPECT_FALSE(IsRetryableFailure(Op("ecs", "DescribeServices"), AwsFailure("ClusterNotFoundException", 400)));
  EXPECT_FALSE(IsRetryableFailure(Op("elasticloadbalancing", "ModifyRule"), AwsFailure("ValidationError", 400)));
}

class FixedRandom : public RandomSource {
 public:
  explicit FixedRandom(double v) : v_(v) {}
  double NextUnit() override { return v_; }

 private:
  double v_;
};

TEST(RetryTest, BackoffIsFullJitterExponentialCappedAt20Seconds) {
  FixedRandom almost_one(0.999999);
  EXPECT_NEAR(BackoffDelay(1, RetryMode::kStandard, almost_one).count(), 1000, 1);
  EXPECT_NEAR(BackoffDelay(2, RetryMode::kStandard, almost_one).count(), 2000, 1);
  EXPECT_NEAR(BackoffDelay(4, RetryMode::kStandard, almost_one).count(), 8000, 1);
  EXPECT_NEAR(BackoffDelay(6, RetryMode::kStandard, almost_one).count(), 20000, 1);
  EXPECT_NEAR(BackoffDelay(30, RetryMode::kStandard, almost_one).count(), 20000, 1);
  FixedRandom zero(0.0);
  EXPECT_EQ(BackoffDelay(3, RetryMode::kStandard, zero).count(), 0);
  SeededRandom random(42);
  for (int retry = 1; retry <= 10; ++retry) {
    const auto d = BackoffDelay(retry, RetryMode::kStandard, random);
    EXPECT_GE(d.count(), 0);
    EXPECT_LT(d.count(), 20000);
  }
}

TEST(RetryTest, QuotaDrainsByFiveOrTenAndRefills) {
  RetryQuota quota;
  int cost = 0;
  EXPECT_TRUE(quota.Acquire(false, &cost));
  EXPECT_EQ(cost, 5);
  EXPECT_TRUE(quota.Acquire(true, &cost));
  EXPECT_EQ(cost, 10);
  EXPECT_EQ(quota.available(), 485);
  quota.Refund(10);
  EXPECT_EQ(quota.available(), 495);
  for (int i = 0; i < 10; ++i) quota.RecordFirstAttemptSuccess();
  EXPECT_EQ(quota.available(), 500);  // capped
  int taken = 0;
  while (quota.Acquire(false, &cost)) ++taken;
  EXPECT_EQ(taken, 100);
  EXPECT_FALSE(quota.Acquire(false, &cost));
}

class ScopedVar {
 public:
  ScopedVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value == nullptr) unsetenv(name); else setenv(name, value, 1);
  }
  ~ScopedVar() {
    if (old_) setenv(name_, old_->c_str(), 1); else unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(RetryTest, ConfigFromEnvironment) {
  {
    ScopedVar mode("AWS_RETRY_MODE", nullptr);
    ScopedVar attempts("AWS_MAX_ATTEMPTS", nullptr);
    auto config = RetryConfig::FromEnvironment();
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->mode, RetryMode::kStandard);
    EXPECT_EQ(config->max_attempts, 3);
  }
  {
    ScopedVar mode("AWS_RETRY_MODE", "legacy");
    ScopedVar attempts("AWS_MAX_ATTEMPTS", "7");
    auto config = RetryConfig::FromEnvironment();
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->mode, RetryMode::kLegacy);
    EXPECT_EQ(config->max_attempts, 7);
  }
  {
    ScopedVar mode("AWS_RETRY_MODE", "adaptive");
    auto config = RetryConfig::FromEnvironment();
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.status().message().find("AWS_RETRY_MODE"), std::string::npos);
  }
  {
    ScopedVar attempts("AWS_MAX_ATTEMPTS", "zero");
    EXPECT_FALSE(RetryConfig::FromEnvironment().ok());
  }
}

}  // namespace
}  // namespace kanaria::aws
