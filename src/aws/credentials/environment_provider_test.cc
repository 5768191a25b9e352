#include "aws/credentials/environment_provider.h"

#include <gtest/gtest.h>

#include "aws/credentials/credentials_test_support.h"
#include "core/redact.h"

namespace kanaria::aws {
namespace {

using testing::ScopedEnv;

class EnvironmentProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { env_.UnsetPrefix("AWS_"); }
  ScopedEnv env_;
  EnvironmentProvider provider_;
};

TEST_F(EnvironmentProviderTest, NotConfiguredWithoutAccessKey) {
  EXPECT_EQ(provider_.Resolve().status().code(), StatusCode::kNotFound);
  env_.Set("AWS_ACCESS_KEY_ID", "");
  env_.Set("AWS_SECRET_ACCESS_KEY", "secret-but-no-key");
  EXPECT_EQ(provider_.Resolve().status().code(), StatusCode::kNotFound);
}

TEST_F(EnvironmentProviderTest, LongTermKeys) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIAENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret-value-1");
  auto credentials = provider_.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "AKIAENV");
  EXPECT_EQ(credentials->secret_access_key, "env-secret-value-1");
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_FALSE(credentials->expiration.has_value());
  EXPECT_EQ(credentials->source, "environment");
  EXPECT_EQ(Scrub("secret=env-secret-value-1"), "secret=[REDACTED]");
}

TEST_F(EnvironmentProviderTest, SecurityTokenWinsOverSessionTokenAsInBotocore) {
  env_.Set("AWS_ACCESS_KEY_ID", "ASIAENV").Set("AWS_SECRET_ACCESS_KEY", "s");
  env_.Set("AWS_SESSION_TOKEN", "session-token-value");
  EXPECT_EQ(provider_.Resolve()->session_token, "session-token-value");
  env_.Set("AWS_SECURITY_TOKEN", "legacy-token-value");
  EXPECT_EQ(provider_.Resolve()->session_token, "legacy-token-value");
}

TEST_F(EnvironmentProviderTest, ExpirationMakesThemTemporary) {
  env_.Set("AWS_ACCESS_KEY_ID", "ASIAENV").Set("AWS_SECRET_ACCESS_KEY", "s");
  env_.Set("AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z");
  auto credentials = provider_.Resolve();
  ASSERT_TRUE(credentials.ok());
  ASSERT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(
                credentials->expiration->time_since_epoch())
                .count(),
            1893553445);
  env_.Set("AWS_CREDENTIAL_EXPIRATION", "next tuesday");
  const Status bad = provider_.Resolve().status();
  EXPECT_EQ(bad.code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.message().find("AWS_CREDENTIAL_EXPIRATION"), std::string::npos);
}

TEST_F(EnvironmentProviderTest, KeyWithoutSecretIsAnError) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIAENV");
  const Status status = provider_.Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

}  // namespace
}  // namespace kanaria::aws
