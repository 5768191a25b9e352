#include "aws/credentials/config_file_provider.h"

#include <gtest/gtest.h>

namespace kanaria::aws {
namespace {

std::shared_ptr<const ProfileFiles> Files(const std::string& config,
                                          const std::string& credentials) {
  auto files = ProfileFiles::FromText(config, "/c/config", credentials, "/c/credentials");
  EXPECT_TRUE(files.ok()) << files.status().ToString();
  return std::make_shared<const ProfileFiles>(files.ok() ? *files : ProfileFiles());
}

TEST(ConfigFileProviderTest, ReadsOnlyTheConfigFileProfile) {
  auto files = Files("[profile dev]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = c\n"
                     "[default]\nregion = r\n",
                     "[default]\naws_access_key_id = FROMCREDS\naws_secret_access_key = s\n");
  auto credentials = ConfigFileProvider(files, "dev").Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "FROMCONFIG");
  EXPECT_EQ(credentials->source, "config-file (profile dev)");
  // Keys in the credentials file are not the config file's, even in the merged profile.
  EXPECT_EQ(ConfigFileProvider(files, "default").Resolve().status().code(), StatusCode::kNotFound);
}

TEST(ConfigFileProviderTest, MissingSecretNamesTheConfigFile) {
  auto files = Files("[default]\naws_access_key_id = A\n", "");
  const Status status = ConfigFileProvider(files, "default").Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("/c/config:2"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace kanaria::aws
