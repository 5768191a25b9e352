#include "aws/credentials/shared_credentials_provider.h"

#include <gtest/gtest.h>

namespace kanaria::aws {
namespace {

std::shared_ptr<const ProfileFiles> SharedProfileFiles(const std::string& config,
                                                       const std::string& credentials) {
  auto files = ProfileFiles::FromText(config, "/c/config", credentials, "/c/credentials");
  EXPECT_TRUE(files.ok()) << files.status().ToString();
  return std::make_shared<const ProfileFiles>(files.ok() ? *files : ProfileFiles());
}

TEST(SharedCredentialsProviderTest, ReadsOnlyTheCredentialsFileSection) {
  auto files = SharedProfileFiles(
      "[profile dev]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = c\n",
      "[dev]\naws_access_key_id = FROMCREDS\naws_secret_access_key = s1\n"
      "aws_session_token = tok\n");
  SharedCredentialsProvider provider(files, "dev");
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "FROMCREDS");
  EXPECT_EQ(credentials->secret_access_key, "s1");
  EXPECT_EQ(credentials->session_token, "tok");
  EXPECT_EQ(credentials->source, "shared-credentials-file (profile dev)");

  SharedCredentialsProvider other(files, "prod");
  EXPECT_EQ(other.Resolve().status().code(), StatusCode::kNotFound);
}

TEST(SharedCredentialsProviderTest, SectionWithoutKeysIsNotConfigured) {
  auto files = SharedProfileFiles("", "[dev]\nregion = x\n");
  EXPECT_EQ(SharedCredentialsProvider(files, "dev").Resolve().status().code(),
            StatusCode::kNotFound);
}

TEST(SharedCredentialsProviderTest, KeyWithoutSecretNamesFileAndLine) {
  auto files = SharedProfileFiles("", "[dev]\n\naws_access_key_id = A\n");
  const Status status = SharedCredentialsProvider(files, "dev").Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("/c/credentials:3"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("aws_secret_access_key"), std::string::npos);
}

TEST(SharedCredentialsProviderTest, SecurityTokenBeforeSessionToken) {
  auto files = SharedProfileFiles("",
                                  "[default]\naws_access_key_id = A\naws_secret_access_key = S\n"
                                  "aws_session_token = new\naws_security_token = old\n");
  EXPECT_EQ(SharedCredentialsProvider(files, "default").Resolve()->session_token, "old");
}

}  // namespace
}  // namespace kanaria::aws
