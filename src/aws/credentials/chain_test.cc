#include "aws/credentials/chain.h"

#include <gtest/gtest.h>

#include "aws/credentials/credentials_test_support.h"
#include "aws/curl_transport.h"
#include "fakes/manual_clock.h"
#include "support/stub_http_server.h"

namespace kanaria::aws {
namespace {

using testing::FakeRoleAssumer;
using testing::ScopedEnv;
using testing::TempDir;

class ChainTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::IsolateAwsEnvironment(env_, dir_); }

  StatusOr<std::unique_ptr<ProviderChain>> Build(std::optional<std::string> profile = {}) {
    ChainOptions options;
    options.profile = std::move(profile);
    options.clock = &clock_;
    options.role_assumer = sts_;
    options.transport = std::make_shared<CurlTransport>();
    return BuildCredentialsChain(options);
  }
  StatusOr<Credentials> Resolve(std::optional<std::string> profile = {}) {
    auto chain = Build(std::move(profile));
    if (!chain.ok()) return chain.status();
    return (*chain)->Resolve();
  }
  void SetEnvKeys() {
    env_.Set("AWS_ACCESS_KEY_ID", "AKIAENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  }

  ScopedEnv env_;
  TempDir dir_;
  testing::ManualClock clock_;
  std::shared_ptr<FakeRoleAssumer> sts_ = std::make_shared<FakeRoleAssumer>(clock_);
};

TEST_F(ChainTest, BotocoreOrder) {
  auto chain = Build();
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_EQ((*chain)->ProviderNames(),
            (std::vector<std::string>{"environment", "assume-role", "web-identity", "sso",
                                      "shared-credentials-file", "login", "credential-process",
                                      "config-file", "container", "imds"}));
  dir_.Write("config", "[profile x]\n");
  auto explicit_chain = Build("x");
  ASSERT_TRUE(explicit_chain.ok());
  EXPECT_EQ((*explicit_chain)->ProviderNames().front(), "assume-role");
  EXPECT_EQ((*explicit_chain)->ProviderNames().size(), 9u);
}

TEST_F(ChainTest, NothingConfiguredListsWhatWasTried) {
  const Status status = Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  for (const char* expected :
       {"no AWS credentials found; tried: environment (AWS_ACCESS_KEY_ID is not set)",
        "assume-role (profile default has no role_arn)", "web-identity (", "sso (",
        "shared-credentials-file (", "credential-process (", "config-file (", "container (",
        "imds (disabled by AWS_EC2_METADATA_DISABLED=true)"}) {
    EXPECT_NE(status.message().find(expected), std::string::npos)
        << expected << "\nin: " << status.message();
  }
}

TEST_F(ChainTest, EnvironmentFirstUnlessAProfileIsExplicit) {
  SetEnvKeys();
  dir_.Write("credentials", "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n"
                            "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n");
  EXPECT_EQ(Resolve()->source, "environment");
  env_.Set("AWS_PROFILE", "dev");  // a profile from the environment does not skip env keys
  EXPECT_EQ(Resolve()->source, "environment");
  auto explicit_profile = Resolve("dev");
  ASSERT_TRUE(explicit_profile.ok()) << explicit_profile.status().ToString();
  EXPECT_EQ(explicit_profile->access_key_id, "AKIADEV");
  EXPECT_EQ(explicit_profile->source, "shared-credentials-file (profile dev)");
}

TEST_F(ChainTest, NamedProfileThatDoesNotExistFailsAtBuild) {
  SetEnvKeys();
  env_.Set("AWS_PROFILE", "typo");
  dir_.Write("config", "[profile dev]\n");
  auto chain = Build();
  ASSERT_FALSE(chain.ok());
  EXPECT_EQ(chain.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(chain.status().message().find("profile \"typo\" (from AWS_PROFILE)"),
            std::string::npos);
}

TEST_F(ChainTest, ConfiguredButBrokenSourceStopsTheChain) {
  // credential_process fails: botocore does not fall through to the config-file keys.
  const std::string script = dir_.Write("fail.sh", "#!/bin/sh\nexit 1\n", true);
  dir_.Write("config", "[default]\ncredential_process = " + script +
                           "\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s\n");
  const Status status = Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(status.message().find("credential-process: credential_process of profile default"),
            std::string::npos)
      << status.message();
}

TEST_F(ChainTest, SsoProfilesAreRefusedNamingTheKey) {
  dir_.Write("config",
             "[profile corp]\nsso_session = corp\nsso_account_id = 111122223333\n"
             "sso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://x\n");
  const Status status = Resolve("corp").status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find(dir_.Path("config") + ":3: profile corp sets sso_account_id"),
            std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("SSO profiles are not supported"), std::string::npos);
  EXPECT_NE(status.message().find("aws configure export-credentials --profile corp --format env"),
            std::string::npos);
  // Sources before SSO in botocore's order still win.
  SetEnvKeys();
  env_.Set("AWS_PROFILE", "corp");
  EXPECT_EQ(Resolve()->source, "environment");
}

TEST_F(ChainTest, LoginProfilesAreRefused) {
  dir_.Write("config", "[default]\nlogin_session = arn:aws:iam::1:user/me\n");
  const Status status = Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("sets login_session"), std::string::npos) << status.message();
}

TEST_F(ChainTest, SticksToTheSourceThatWon) {
  SetEnvKeys();
  auto chain = Build();
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ((*chain)->Resolve()->access_key_id, "AKIAENV");
  env_.Unset("AWS_ACCESS_KEY_ID");
  dir_.Write("credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n");
  EXPECT_EQ((*chain)->Resolve()->access_key_id, "AKIAENV");
}

TEST_F(ChainTest, AssumeRoleViaSourceProfile) {
  dir_.Write("config", "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\nsource_profile = base\n");
  dir_.Write("credentials", "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = s\n");
  auto credentials = Resolve("ci");
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->source, "assume-role (profile ci via source_profile base)");
  EXPECT_EQ(credentials->access_key_id, "ASSUMED(arn:aws:iam::1:role/ci)<-AKIABASE");
}

TEST_F(ChainTest, ContainerCredentialsThroughTheChain) {
  testing::StubHttpServer server([](const testing::StubRequest&) {
    testing::StubResponse response;
    response.body = R"({"AccessKeyId": "ASIATASK", "SecretAccessKey": "task-secret",
                        "Token": "task-token", "Expiration": "2031-01-01T00:00:00Z"})";
    return response;
  });
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds");
  auto credentials = Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->source, "container");
  EXPECT_EQ(credentials->access_key_id, "ASIATASK");
}

TEST_F(ChainTest, RefreshesTemporaryCredentialsThroughTheChain) {
  sts_->SetLifetime(std::chrono::seconds(3600));
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", dir_.Write("token", "web-token-0001"))
      .Set("AWS_ROLE_ARN", "arn:role");
  auto chain = Build();
  ASSERT_TRUE(chain.ok());
  ASSERT_TRUE((*chain)->Resolve().ok());
  clock_.Advance(std::chrono::minutes(40));
  ASSERT_TRUE((*chain)->Resolve().ok());
  EXPECT_EQ(sts_->calls().size(), 1u);
  clock_.Advance(std::chrono::minutes(6));  // 14 minutes left
  auto refreshed = (*chain)->Resolve();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(sts_->calls().size(), 2u);
  EXPECT_EQ(*refreshed->expiration, clock_.Now() + std::chrono::hours(1));
}

}  // namespace
}  // namespace kanaria::aws
