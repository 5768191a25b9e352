// The typed STS client and StsRoleAssumer against moto_server over real HTTP, including the
// credential chain's assume-role and web-identity paths end to end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "aws/aws_error.h"
#include "aws/credentials/chain.h"
#include "aws/curl_transport.h"
#include "aws/sts/sts_client.h"
#include "aws/sts/sts_role_assumer.h"
#include "core/redact.h"
#include "support/external_tools.h"
#include "support/scoped_env.h"
#include "support/static_credentials.h"

namespace kanaria::aws::sts {
namespace {

using testing::MotoServer;

constexpr char kRoleArn[] = "arn:aws:iam::123456789012:role/deploy";

class StsMotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    KANARIA_REQUIRE_TOOL("moto_server");
    if (!moto_->ok()) {
      if (testing::RunningInCi()) FAIL() << "moto_server did not start: " << moto_->error();
      GTEST_SKIP() << "SKIPPED LOUDLY: moto_server did not start: " << moto_->error();
    }
  }

  static std::shared_ptr<ClientContext> Context(std::shared_ptr<CredentialsProvider> credentials) {
    auto context = std::make_shared<ClientContext>();
    context->region = "us-east-1";
    context->endpoint_url = moto_->url();
    context->credentials = std::move(credentials);
    context->transport = std::make_shared<CurlTransport>();
    return context;
  }

  static std::unique_ptr<StsClient> Client(std::shared_ptr<CredentialsProvider> credentials) {
    auto client = StsClient::Create(Context(std::move(credentials)));
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  static std::shared_ptr<CredentialsProvider> Static(const Credentials& c) {
    return std::make_shared<testing::StaticCredentialsProvider>(
        c.access_key_id, c.secret_access_key, c.session_token);
  }

  static MotoServer* moto_;
};

MotoServer* StsMotoTest::moto_ = nullptr;

TEST_F(StsMotoTest, GetCallerIdentity) {
  auto client = Client(std::make_shared<testing::StaticCredentialsProvider>());
  ASSERT_NE(client, nullptr);
  StatusOr<CallerIdentity> identity = client->GetCallerIdentity();
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->account, "123456789012");
  EXPECT_EQ(identity->arn.rfind("arn:aws:", 0), 0u) << identity->arn;
  EXPECT_FALSE(identity->user_id.empty());
}

TEST_F(StsMotoTest, AssumeRoleCredentialsWorkForTheNextCall) {
  auto client = Client(std::make_shared<testing::StaticCredentialsProvider>());
  ASSERT_NE(client, nullptr);
  AssumeRoleRequest request{kRoleArn, "kanaria-it", std::chrono::seconds(900), "ext-1"};
  const auto before = std::chrono::system_clock::now();
  StatusOr<AssumedRole> role = client->AssumeRole(request);
  ASSERT_TRUE(role.ok()) << role.status().ToString();
  EXPECT_EQ(role->assumed_role_arn, "arn:aws:sts::123456789012:assumed-role/deploy/kanaria-it");
  EXPECT_FALSE(role->credentials.session_token.empty());
  ASSERT_TRUE(role->credentials.expiration.has_value());
  EXPECT_GT(*role->credentials.expiration, before);
  EXPECT_EQ(Scrub(role->credentials.secret_access_key), std::string(kRedacted));

  auto as_role = Client(Static(role->credentials));
  ASSERT_NE(as_role, nullptr);
  StatusOr<CallerIdentity> identity = as_role->GetCallerIdentity();
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->arn, "arn:aws:sts::123456789012:assumed-role/deploy/kanaria-it");
}

TEST_F(StsMotoTest, AssumeRoleWithWebIdentityIsUnsigned) {
  // No credentials at all in the context: the call must not need any.
  auto client = Client(nullptr);
  ASSERT_NE(client, nullptr);
  AssumeRoleRequest request{kRoleArn, "kanaria-web", {}, ""};
  StatusOr<AssumedRole> role =
      client->AssumeRoleWithWebIdentity(request, "eyJhbGciOiJSUzI1NiJ9.moto.token");
  ASSERT_TRUE(role.ok()) << role.status().ToString();
  EXPECT_NE(role->assumed_role_arn.find("assumed-role/deploy/kanaria-web"), std::string::npos)
      << role->assumed_role_arn;
  EXPECT_TRUE(role->credentials.expiration.has_value());
  EXPECT_EQ(role->credentials.source, "assume-role-with-web-identity");
}

TEST_F(StsMotoTest, RoleAssumerSignsWithTheSourceCredentials) {
  // The assumer's context has no credentials; the source passed in signs the call.
  auto assumer = StsRoleAssumer::Create(*Context(nullptr));
  ASSERT_TRUE(assumer.ok()) << assumer.status().ToString();
  Credentials source{"AKIASOURCEEXAMPLE001", "sourceSecretKeyForMoto0123456789", "", {}, "static"};
  StatusOr<Credentials> assumed = (*assumer)->AssumeRole(source, {kRoleArn, "assumer-it", {}, ""});
  ASSERT_TRUE(assumed.ok()) << assumed.status().ToString();
  EXPECT_FALSE(assumed->empty());
  EXPECT_TRUE(assumed->expiration.has_value());
  auto as_role = Client(Static(*assumed));
  ASSERT_NE(as_role, nullptr);
  StatusOr<CallerIdentity> identity = as_role->GetCallerIdentity();
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->arn, "arn:aws:sts::123456789012:assumed-role/deploy/assumer-it");
}

// The whole path a user configures: a profile with role_arn + source_profile, resolved by the
// default chain, whose assume-role provider calls StsRoleAssumer against moto.
TEST_F(StsMotoTest, CredentialChainAssumesTheProfilesRole) {
  testing::ScopedEnv env;
  env.UnsetPrefix("AWS_").Set("AWS_EC2_METADATA_DISABLED", "true");
  const std::string config =
      "[profile ci]\n"
      "role_arn = arn:aws:iam::123456789012:role/deploy\n"
      "source_profile = base\n"
      "role_session_name = chain-it\n"
      "duration_seconds = 900\n";
  const std::string credentials =
      "[base]\n"
      "aws_access_key_id = AKIABASEEXAMPLE00001\n"
      "aws_secret_access_key = baseSecretKeyForMotoChain0123456789\n";
  auto files =
      ProfileFiles::FromText(config, "/virtual/config", credentials, "/virtual/credentials");
  ASSERT_TRUE(files.ok()) << files.status().ToString();

  auto assumer = StsRoleAssumer::Create(*Context(nullptr));
  ASSERT_TRUE(assumer.ok()) << assumer.status().ToString();
  ChainOptions options;
  options.profile = "ci";
  options.role_assumer = std::shared_ptr<RoleAssumer>(std::move(assumer).value());
  options.profile_files = std::make_shared<const ProfileFiles>(std::move(files).value());
  auto chain = BuildCredentialsChain(options);
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  StatusOr<Credentials> resolved = (*chain)->Resolve();
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_NE(resolved->source.find("assume-role"), std::string::npos) << resolved->source;
  EXPECT_TRUE(resolved->expiration.has_value());

  // The chain itself as a client's credentials provider: calls run as the assumed role.
  auto client = Client(std::shared_ptr<CredentialsProvider>(std::move(chain).value()));
  ASSERT_NE(client, nullptr);
  StatusOr<CallerIdentity> identity = client->GetCallerIdentity();
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->arn, "arn:aws:sts::123456789012:assumed-role/deploy/chain-it");
}

TEST_F(StsMotoTest, CredentialChainUsesTheWebIdentityTokenFile) {
  char path[] = "/tmp/kanaria-web-token-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "eyJhbGciOiJSUzI1NiJ9.chain.web.token";

  testing::ScopedEnv env;
  env.UnsetPrefix("AWS_")
      .Set("AWS_EC2_METADATA_DISABLED", "true")
      .Set("AWS_CONFIG_FILE", "/nonexistent/config")
      .Set("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
      .Set("AWS_WEB_IDENTITY_TOKEN_FILE", path)
      .Set("AWS_ROLE_ARN", kRoleArn)
      .Set("AWS_ROLE_SESSION_NAME", "web-chain-it");
  auto assumer = StsRoleAssumer::Create(*Context(nullptr));
  ASSERT_TRUE(assumer.ok()) << assumer.status().ToString();
  ChainOptions options;
  options.role_assumer = std::shared_ptr<RoleAssumer>(std::move(assumer).value());
  auto chain = BuildCredentialsChain(options);
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  StatusOr<Credentials> resolved = (*chain)->Resolve();
  std::remove(path);
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_NE(resolved->source.find("web-identity"), std::string::npos) << resolved->source;

  auto client = Client(Static(*resolved));
  ASSERT_NE(client, nullptr);
  StatusOr<CallerIdentity> identity = client->GetCallerIdentity();
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->arn, "arn:aws:sts::123456789012:assumed-role/deploy/web-chain-it");
}

}  // namespace
}  // namespace kanaria::aws::sts
