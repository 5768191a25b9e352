// `kanaria whoami` as a user runs it: the real binary against moto_server over loopback.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/external_tools.h"

namespace kanaria {
namespace {

using testing::MotoServer;
using testing::RunCommand;

class WhoamiMotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }
  void SetUp() override {
    KANARIA_REQUIRE_TOOL("moto_server");
    ASSERT_TRUE(moto_->ok()) << moto_->error();
    binary_ = KANARIA_BINARY_PATH;
  }
  std::vector<std::string> Env() const {
    return {"AWS_ACCESS_KEY_ID=AKIAWHOAMITEST0001", "AWS_SECRET_ACCESS_KEY=whoamiSecretValueNeverPrinted123",
            "AWS_SESSION_TOKEN=whoamiSessionTokenNeverPrinted456", "AWS_EC2_METADATA_DISABLED=true",
            "AWS_CONFIG_FILE=/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/credentials",
            "!AWS_PROFILE", "!AWS_DEFAULT_PROFILE", "!AWS_REGION", "!AWS_DEFAULT_REGION",
            "!AWS_ENDPOINT_URL", "!AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "!AWS_CONTAINER_CREDENTIALS_FULL_URI", "!AWS_WEB_IDENTITY_TOKEN_FILE"};
  }

  static MotoServer* moto_;
  std::string binary_;
};

MotoServer* WhoamiMotoTest::moto_ = nullptr;

TEST_F(WhoamiMotoTest, PrintsTheCallerIdentityAndCredentialSource) {
  auto result = RunCommand({binary_, "whoami", "--endpoint-url", moto_->url(), "--region", "eu-west-1"}, Env());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("Account:      123456789012"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("arn:aws:"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("Region:       eu-west-1"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("Credentials:  environment"), std::string::npos) << result.output;
}

TEST_F(WhoamiMotoTest, JsonOutputAndVerboseLogsCarryNoSecrets) {
  auto result = RunCommand(
      {binary_, "whoami", "-v", "--output", "json", "--endpoint-url", moto_->url(), "--region", "us-east-1"}, Env());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output.find("whoamiSecretValueNeverPrinted123"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("whoamiSessionTokenNeverPrinted456"), std::string::npos) << result.output;
  const auto line = result.output.substr(result.output.rfind('{'));
  const auto json = nlohmann::json::parse(line, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << result.output;
  EXPECT_EQ(json["account"], "123456789012");
  EXPECT_EQ(json["region"], "us-east-1");
  EXPECT_EQ(json["credentialSource"], "environment");
}

TEST_F(WhoamiMotoTest, MissingRegionIsRefusedWithAHint) {
  auto result = RunCommand({binary_, "whoami", "--endpoint-url", moto_->url()}, Env());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("AWS_REGION"), std::string::npos) << result.output;
}

TEST_F(WhoamiMotoTest, MissingCredentialsAreRefusedListingTheSourcesTried) {
  auto env = Env();
  env[0] = "!AWS_ACCESS_KEY_ID";
  env[1] = "!AWS_SECRET_ACCESS_KEY";
  env[2] = "!AWS_SESSION_TOKEN";
  auto result = RunCommand({binary_, "whoami", "--endpoint-url", moto_->url(), "--region", "us-east-1"}, env);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("environment"), std::string::npos) << result.output;
}

TEST_F(WhoamiMotoTest, UnreachableEndpointFailsWithExitOne) {
  const int port = testing::FreeLoopbackPort();
  auto result = RunCommand({binary_, "whoami", "--endpoint-url", "http://127.0.0.1:" + std::to_string(port),
                            "--region", "us-east-1"}, Env());
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("GetCallerIdentity"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace kanaria
