#include "aws/credentials/web_identity_provider.h"

#include <gtest/gtest.h>

#include "aws/credentials/credentials_test_support.h"
#include "aws/credentials/refreshing_provider.h"
#include "core/redact.h"
#include "fakes/manual_clock.h"

namespace kanaria::aws {
namespace {

using testing::FakeRoleAssumer;
using testing::ScopedEnv;
using testing::TempDir;

class WebIdentityProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::IsolateAwsEnvironment(env_, dir_); }
  std::shared_ptr<const ProfileFiles> Files(const std::string& config) {
    auto files = ProfileFiles::FromText(config, dir_.Path("config"), "", dir_.Path("credentials"));
    EXPECT_TRUE(files.ok()) << files.status().ToString();
    return std::make_shared<const ProfileFiles>(*files);
  }
  ScopedEnv env_;
  TempDir dir_;
  testing::ManualClock clock_;
  std::shared_ptr<FakeRoleAssumer> sts_ = std::make_shared<FakeRoleAssumer>(clock_);
};

TEST_F(WebIdentityProviderTest, FromEnvironment) {
  const std::string token_file = dir_.Write("token", "oidc-token-number-one");
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", token_file)
      .Set("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/deploy")
      .Set("AWS_ROLE_SESSION_NAME", "gha-run-42");
  WebIdentityProvider provider(Files(""), "default", true, sts_, clock_);
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "WEBID(arn:aws:iam::111122223333:role/deploy)");
  EXPECT_EQ(credentials->source, "web-identity");
  const auto calls = sts_->calls();
  ASSERT_EQ(calls.size(), 1u);
  const auto& call = calls[0];
  EXPECT_EQ(call.request.role_arn, "arn:aws:iam::111122223333:role/deploy");
  EXPECT_EQ(call.request.role_session_name, "gha-run-42");
  EXPECT_EQ(call.web_identity_token, "oidc-token-number-one");
  EXPECT_EQ(Scrub("t=oidc-token-number-one"), "t=[REDACTED]");
}

TEST_F(WebIdentityProviderTest, RereadsTheTokenFileAtEveryRefresh) {
  const std::string token_file = dir_.Write("token", "token-generation-1");
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", token_file).Set("AWS_ROLE_ARN", "arn:role");
  RefreshingProvider provider(
      std::make_unique<WebIdentityProvider>(Files(""), "default", true, sts_, clock_), clock_);
  ASSERT_TRUE(provider.Resolve().ok());
  dir_.Write("token", "token-generation-2");  // GitHub Actions / EKS rotate it
  clock_.Advance(std::chrono::minutes(50));   // inside the advisory window of the 1 h session
  ASSERT_TRUE(provider.Resolve().ok());
  const auto calls = sts_->calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].web_identity_token, "token-generation-1");
  EXPECT_EQ(calls[1].web_identity_token, "token-generation-2");
  // The generated session name is kept across refreshes.
  EXPECT_EQ(calls[0].request.role_session_name, "kanaria-session-1700000000");
  EXPECT_EQ(calls[1].request.role_session_name, "kanaria-session-1700000000");
}

TEST_F(WebIdentityProviderTest, FromProfileKeys) {
  const std::string token_file = dir_.Write("token", "profile-token-value");
  auto files = Files("[profile eks]\nweb_identity_token_file = " + token_file +
                     "\nrole_arn = arn:aws:iam::1:role/eks\nrole_session_name = pod\n");
  WebIdentityProvider provider(files, "eks", true, sts_, clock_);
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->source, "web-identity (profile eks)");
  EXPECT_EQ(sts_->calls()[0].request.role_arn, "arn:aws:iam::1:role/eks");
  EXPECT_EQ(sts_->calls()[0].request.role_session_name, "pod");
}

TEST_F(WebIdentityProviderTest, EnvironmentAndProfileMixPerSettingUnlessDisabled) {
  const std::string env_token = dir_.Write("env-token", "env-token-value");
  const std::string profile_token = dir_.Write("profile-token", "profile-token-value");
  auto files = Files("[default]\nweb_identity_token_file = " + profile_token +
                     "\nrole_arn = arn:profile-role\n");
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", env_token);
  ASSERT_TRUE(WebIdentityProvider(files, "default", true, sts_, clock_).Resolve().ok());
  EXPECT_EQ(sts_->calls()[0].web_identity_token, "env-token-value");
  EXPECT_EQ(sts_->calls()[0].request.role_arn, "arn:profile-role");
  // With --profile, the variables are ignored.
  env_.Set("AWS_ROLE_ARN", "arn:env-role");
  auto credentials = WebIdentityProvider(files, "default", false, sts_, clock_).Resolve();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->source, "web-identity (profile default)");
  EXPECT_EQ(sts_->calls()[1].web_identity_token, "profile-token-value");
  EXPECT_EQ(sts_->calls()[1].request.role_arn, "arn:profile-role");
}

TEST_F(WebIdentityProviderTest, NotConfiguredWithoutTokenFile) {
  env_.Set("AWS_ROLE_ARN", "arn:role");
  EXPECT_EQ(WebIdentityProvider(Files(""), "default", true, sts_, clock_).Resolve().status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(sts_->calls().empty());
}

TEST_F(WebIdentityProviderTest, TokenFileWithoutRoleIsAnError) {
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", dir_.Write("token", "t0123456789"));
  const Status status =
      WebIdentityProvider(Files(""), "default", true, sts_, clock_).Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("AWS_ROLE_ARN"), std::string::npos) << status.message();
}

TEST_F(WebIdentityProviderTest, UnreadableTokenFileIsAnErrorNamingIt) {
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", dir_.Path("missing-token"))
      .Set("AWS_ROLE_ARN", "arn:role");
  const Status status =
      WebIdentityProvider(Files(""), "default", true, sts_, clock_).Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find(dir_.Path("missing-token")), std::string::npos);
}

TEST_F(WebIdentityProviderTest, StsFailurePropagates) {
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", dir_.Write("token", "t0123456789"))
      .Set("AWS_ROLE_ARN", "arn:role");
  sts_->FailWith(Status(StatusCode::kPermissionDenied, "InvalidIdentityToken"));
  const Status status =
      WebIdentityProvider(Files(""), "default", true, sts_, clock_).Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(status.message().find("AssumeRoleWithWebIdentity for arn:role"), std::string::npos);
}

}  // namespace
}  // namespace kanaria::aws
