#include "aws/credentials/assume_role_provider.h"

#include <gtest/gtest.h>

#include "aws/credentials/chain.h"
#include "aws/credentials/credentials_test_support.h"
#include "aws/credentials/environment_provider.h"
#include "aws/credentials/provider_chain.h"
#include "aws/credentials/refreshing_provider.h"
#include "fakes/manual_clock.h"

namespace kanaria::aws {
namespace {

using testing::FakeRoleAssumer;
using testing::ScopedEnv;
using testing::TempDir;

class AssumeRoleProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::IsolateAwsEnvironment(env_, dir_); }

  // The provider for `profile`, drawing sources from the real profile providers (as the chain
  // wires it) and the real environment provider.
  std::unique_ptr<CredentialsProvider> Provider(const std::string& config,
                                                const std::string& credentials,
                                                const std::string& profile) {
    auto files = ProfileFiles::FromText(config, dir_.Path("config"), credentials,
                                        dir_.Path("credentials"));
    EXPECT_TRUE(files.ok()) << files.status().ToString();
    auto shared = std::make_shared<const ProfileFiles>(files.ok() ? *files : ProfileFiles());
    AssumeRoleSources sources;
    sources.profile_chain = [this, shared](const std::string& name) {
      return std::unique_ptr<CredentialsProvider>(std::make_unique<ProviderChain>(
          "source profile " + name, BuildProfileProviders(shared, name, false, sts_, clock_),
          StatusCode::kNotFound));
    };
    sources.named_source = [this](const std::string& name) {
      named_sources_.push_back(name);
      return std::unique_ptr<CredentialsProvider>(std::make_unique<EnvironmentProvider>());
    };
    return std::make_unique<RefreshingProvider>(
        std::make_unique<AssumeRoleProvider>(shared, profile, sts_, std::move(sources), clock_),
        clock_);
  }

  ScopedEnv env_;
  TempDir dir_;
  testing::ManualClock clock_;
  std::shared_ptr<FakeRoleAssumer> sts_ = std::make_shared<FakeRoleAssumer>(clock_);
  std::vector<std::string> named_sources_;
};

constexpr const char* kBaseKeys =
    "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n";

TEST_F(AssumeRoleProviderTest, SourceProfileWithStaticKeysAndAllSettings) {
  auto provider = Provider(
      "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\nsource_profile = base\n"
      "role_session_name = release\nduration_seconds = 900\nexternal_id = ext-123\n",
      kBaseKeys, "ci");
  auto credentials = provider->Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASSUMED(arn:aws:iam::1:role/ci)<-AKIABASE");
  EXPECT_EQ(credentials->source, "assume-role (profile ci via source_profile base)");
  const auto calls = sts_->calls();
  ASSERT_EQ(calls.size(), 1u);
  const auto& call = calls[0];
  EXPECT_EQ(call.source.secret_access_key, "base-secret");
  EXPECT_EQ(call.request.role_arn, "arn:aws:iam::1:role/ci");
  EXPECT_EQ(call.request.role_session_name, "release");
  ASSERT_TRUE(call.request.duration.has_value());
  EXPECT_EQ(call.request.duration->count(), 900);
  EXPECT_EQ(call.request.external_id, "ext-123");
}

TEST_F(AssumeRoleProviderTest, DefaultSessionNameAndNoOptionalSettings) {
  auto provider = Provider("[profile ci]\nrole_arn = arn:r\nsource_profile = base\n", kBaseKeys,
                           "ci");
  ASSERT_TRUE(provider->Resolve().ok());
  const auto calls = sts_->calls();
  ASSERT_EQ(calls.size(), 1u);
  const auto& request = calls[0].request;
  EXPECT_EQ(request.role_session_name, "kanaria-session-1700000000");
  EXPECT_FALSE(request.duration.has_value());
  EXPECT_EQ(request.external_id, "");
}

TEST_F(AssumeRoleProviderTest, RoleChainsThroughSourceProfilesWithRoles) {
  auto provider = Provider(
      "[profile ci]\nrole_arn = arn:ci\nsource_profile = mid\n"
      "[profile mid]\nrole_arn = arn:mid\nsource_profile = base\n",
      kBaseKeys, "ci");
  auto credentials = provider->Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASSUMED(arn:ci)<-ASSUMED(arn:mid)<-AKIABASE");
  EXPECT_EQ(credentials->source, "assume-role (profile ci via source_profile mid)");
}

TEST_F(AssumeRoleProviderTest, SourceProfileMayUseCredentialProcess) {
  const std::string script = dir_.Write(
      "creds.sh",
      "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": "
      "\"S\"}'\n",
      true);
  auto provider = Provider("[profile ci]\nrole_arn = arn:ci\nsource_profile = tool\n"
                           "[profile tool]\ncredential_process = " + script + "\n",
                           "", "ci");
  auto credentials = provider->Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASSUMED(arn:ci)<-AKIAPROC");
}

TEST_F(AssumeRoleProviderTest, SourceProfileIgnoresEnvironmentCredentials) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIAENV").Set("AWS_SECRET_ACCESS_KEY", "env");
  auto provider = Provider("[profile ci]\nrole_arn = arn:ci\nsource_profile = base\n"
                           "[profile base]\nregion = x\n",
                           "", "ci");
  const Status status = provider->Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("the source profile \"base\" of profile ci must have "
                                   "credentials"),
            std::string::npos)
      << status.message();
}

TEST_F(AssumeRoleProviderTest, ProfileMayBeItsOwnSourceWhenItHasKeys) {
  auto provider = Provider("", "[self]\nrole_arn = arn:self\nsource_profile = self\n"
                               "aws_access_key_id = AKIASELF\naws_secret_access_key = s\n",
                           "self");
  auto credentials = provider->Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASSUMED(arn:self)<-AKIASELF");
}

TEST_F(AssumeRoleProviderTest, CyclesAreErrorsListingTheProfiles) {
  auto loop = Provider("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                       "[profile b]\nrole_arn = arn:b\nsource_profile = a\n",
                       "", "a");
  const Status status = loop->Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("cycle: a -> b -> a"), std::string::npos) << status.message();
  auto self = Provider("[profile s]\nrole_arn = arn:s\nsource_profile = s\n", "", "s");
  EXPECT_NE(self->Resolve().status().message().find("cycle: s -> s"), std::string::npos);
  EXPECT_TRUE(sts_->calls().empty());
}

TEST_F(AssumeRoleProviderTest, CredentialSource) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIAENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  auto provider =
      Provider("[profile ci]\nrole_arn = arn:ci\ncredential_source = Environment\n", "", "ci");
  auto credentials = provider->Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASSUMED(arn:ci)<-AKIAENV");
  EXPECT_EQ(credentials->source, "assume-role (profile ci via credential_source Environment)");
  EXPECT_EQ(named_sources_, std::vector<std::string>{"Environment"});

  env_.Unset("AWS_ACCESS_KEY_ID");
  auto empty =
      Provider("[profile ci]\nrole_arn = arn:ci\ncredential_source = Environment\n", "", "ci");
  EXPECT_NE(empty->Resolve().status().message().find(
                "no credentials found in credential_source Environment referenced in profile ci"),
            std::string::npos);
}

TEST_F(AssumeRoleProviderTest, InvalidRoleSettings) {
  struct Case {
    std::string config;
    std::string expected;
  } cases[] = {
      {"[default]\nrole_arn = arn:x\n", "neither source_profile nor credential_source"},
      {"[default]\nrole_arn = arn:x\nsource_profile = base\ncredential_source = Environment\n",
       "sets both source_profile"},
      {"[default]\nrole_arn = arn:x\ncredential_source = environment\n",
       "the credential_source \"environment\" of profile default is not valid"},
      {"[default]\nrole_arn = arn:x\nsource_profile = nowhere\n",
       "the source_profile \"nowhere\" of profile default does not exist"},
      {"[default]\nrole_arn = arn:x\nsource_profile = base\nduration_seconds = 1h\n",
       "duration_seconds of profile default is \"1h\""},
      {"[default]\nrole_arn = arn:x\nsource_profile = base\nmfa_serial = arn:mfa\n",
       ":4: profile default sets mfa_serial, which kanaria does not support"},
  };
  for (const auto& c : cases) {
    const Status status = Provider(c.config, kBaseKeys, "default")->Resolve().status();
    EXPECT_EQ(status.code(), StatusCode::kInvalidInput) << c.config;
    EXPECT_NE(status.message().find(c.expected), std::string::npos)
        << "config:\n" << c.config << "message: " << status.message();
  }
  EXPECT_TRUE(sts_->calls().empty());
}

TEST_F(AssumeRoleProviderTest, NotConfiguredWithoutRoleArnOrWithWebIdentity) {
  EXPECT_EQ(Provider("[default]\nregion = x\n", "", "default")->Resolve().status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Provider("[default]\nrole_arn = arn:x\nweb_identity_token_file = /t\n", "",
                     "default")
                ->Resolve()
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_F(AssumeRoleProviderTest, RefreshesBeforeExpiryReusingTheSourceCredentials) {
  const std::string counter = dir_.Path("runs");
  const std::string script = dir_.Write(
      "creds.sh",
      "#!/bin/sh\necho run >> '" + counter +
          "'\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": \"S\"}'\n",
      true);
  auto provider = Provider("[profile ci]\nrole_arn = arn:ci\nsource_profile = tool\n"
                           "[profile tool]\ncredential_process = " + script + "\n",
                           "", "ci");
  ASSERT_TRUE(provider->Resolve().ok());
  clock_.Advance(std::chrono::minutes(30));
  ASSERT_TRUE(provider->Resolve().ok());
  EXPECT_EQ(sts_->calls().size(), 1u);  // cached: 30 min left
  clock_.Advance(std::chrono::minutes(20));
  ASSERT_TRUE(provider->Resolve().ok());
  EXPECT_EQ(sts_->calls().size(), 2u);  // 10 min left: refreshed
  // The long-term source keys were fetched once and reused.
  std::ifstream in(counter);
  std::string line;
  int runs = 0;
  while (std::getline(in, line)) ++runs;
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace kanaria::aws
