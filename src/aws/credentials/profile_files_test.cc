#include "aws/credentials/profile_files.h"

#include <gtest/gtest.h>

#include "aws/credentials/credentials_test_support.h"

namespace kanaria::aws {
namespace {

using testing::ScopedEnv;
using testing::TempDir;

ProfileFiles ParsedProfileFiles(const std::string& config, const std::string& credentials) {
  auto files = ProfileFiles::FromText(config, "/home/u/.aws/config", credentials,
                                      "/home/u/.aws/credentials");
  EXPECT_TRUE(files.ok()) << files.status().ToString();
  return files.ok() ? *files : ProfileFiles();
}

TEST(ProfileFilesTest, ConfigSectionsNeedTheProfilePrefixExceptDefault) {
  const ProfileFiles files = ParsedProfileFiles(
      "[default]\nregion = r0\n"
      "[profile dev]\nregion = r1\n"
      "[profile \"with space\"]\nregion = r2\n"
      "[plain]\nregion = r3\n"
      "[sso-session corp]\nsso_region = r4\n"
      "[profile]\nregion = r5\n",
      "");
  EXPECT_EQ(files.Find("default")->Get("region"), "r0");
  EXPECT_EQ(files.Find("dev")->Get("region"), "r1");
  EXPECT_EQ(files.Find("with space")->Get("region"), "r2");
  EXPECT_EQ(files.Find("plain"), nullptr);
  EXPECT_EQ(files.FindSsoSession("corp")->Get("sso_region"), "r4");
  EXPECT_EQ(files.ProfileNames(), (std::vector<std::string>{"default", "dev", "with space"}));
}

TEST(ProfileFilesTest, CredentialsSectionsAreTakenLiterally) {
  const ProfileFiles files =
      ParsedProfileFiles("", "[dev]\naws_access_key_id = A\n[profile x]\nk = v\n");
  EXPECT_NE(files.FindInCredentialsFile("dev"), nullptr);
  EXPECT_NE(files.Find("profile x"), nullptr);  // botocore does not strip the prefix here
  EXPECT_EQ(files.Find("x"), nullptr);
  EXPECT_EQ(files.FindInConfigFile("dev"), nullptr);
}

TEST(ProfileFilesTest, CredentialsFileKeysOverrideConfigKeysOneByOne) {
  const ProfileFiles files = ParsedProfileFiles(
      "[profile dev]\nregion = r1\nrole_arn = config-arn\n", "[dev]\nrole_arn = creds-arn\n");
  const Profile* dev = files.Find("dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->Get("region"), "r1");
  EXPECT_EQ(dev->Get("role_arn"), "creds-arn");
  EXPECT_EQ(dev->Where("role_arn"), "/home/u/.aws/credentials:2");
  EXPECT_EQ(dev->Where("region"), "/home/u/.aws/config:2");
  // The config-file view is untouched.
  EXPECT_EQ(files.FindInConfigFile("dev")->Get("role_arn"), "config-arn");
}

TEST(ProfileFilesTest, LaterDefaultSectionWins) {
  const ProfileFiles files =
      ParsedProfileFiles("[default]\nregion = a\n[profile default]\nregion = b\n", "");
  EXPECT_EQ(files.Find("default")->Get("region"), "b");
}

TEST(ProfileFilesTest, LoadReadsTheFilesNamedByTheEnvironment) {
  ScopedEnv env;
  TempDir dir;
  testing::IsolateAwsEnvironment(env, dir);
  dir.Write("config", "[profile ci]\nregion = eu-north-1\n");
  dir.Write("credentials", "[ci]\naws_access_key_id = AKID\n");
  auto files = ProfileFiles::Load();
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(files->config_path(), dir.Path("config"));
  EXPECT_EQ(files->Find("ci")->Get("region"), "eu-north-1");
  EXPECT_EQ(files->Find("ci")->Get("aws_access_key_id"), "AKID");
}

TEST(ProfileFilesTest, PathsExpandVariablesAndHome) {
  ScopedEnv env;
  TempDir dir;
  testing::IsolateAwsEnvironment(env, dir);
  env.Set("HOME", dir.path());
  env.Set("KANARIA_TEST_SUBDIR", "sub");
  std::filesystem::create_directories(dir.Path("sub"));
  dir.Write("sub/cfg", "[default]\nregion = from-expanded-path\n");
  env.Set("AWS_CONFIG_FILE", "~/${KANARIA_TEST_SUBDIR}/cfg");
  env.Unset("AWS_SHARED_CREDENTIALS_FILE");  // default ~/.aws/credentials: absent, fine
  auto files = ProfileFiles::Load();
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(files->config_path(), dir.Path("sub/cfg"));
  EXPECT_EQ(files->credentials_path(), dir.Path(".aws/credentials"));
  EXPECT_EQ(files->Find("default")->Get("region"), "from-expanded-path");
}

TEST(ProfileFilesTest, MalformedFileIsAnErrorNamingFileAndLine) {
  ScopedEnv env;
  TempDir dir;
  testing::IsolateAwsEnvironment(env, dir);
  dir.Write("credentials", "[dev]\naws_access_key_id = A\naws_access_key_id = B\n");
  auto files = ProfileFiles::Load();
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(files.status().message().find(dir.Path("credentials") + ":3:"), std::string::npos)
      << files.status().message();
}

TEST(ProfileFilesTest, SelectProfileOrder) {
  ScopedEnv env;
  env.Unset("AWS_PROFILE").Unset("AWS_DEFAULT_PROFILE");
  EXPECT_EQ(SelectProfile(std::nullopt).name, "default");
  EXPECT_FALSE(SelectProfile(std::nullopt).named);
  env.Set("AWS_PROFILE", "from-env");
  EXPECT_EQ(SelectProfile(std::nullopt).name, "from-env");
  EXPECT_FALSE(SelectProfile(std::nullopt).explicitly_set);
  env.Set("AWS_DEFAULT_PROFILE", "legacy");
  EXPECT_EQ(SelectProfile(std::nullopt).name, "legacy");  // botocore reads it first
  const ActiveProfile cli = SelectProfile(std::string("cli"));
  EXPECT_EQ(cli.name, "cli");
  EXPECT_TRUE(cli.explicitly_set);
  EXPECT_EQ(cli.chosen_by, "--profile");
}

TEST(ProfileFilesTest, EmptyProfileVariableIsRefusedAsInBotocore) {
  ScopedEnv env;
  env.Unset("AWS_DEFAULT_PROFILE").Set("AWS_PROFILE", "");
  const ActiveProfile active = SelectProfile(std::nullopt);
  EXPECT_TRUE(active.named);
  EXPECT_EQ(active.name, "");
  auto files = ProfileFiles::FromText("[default]\n", "/c", "", "/k");
  const Status status = CheckProfileExists(*files, active);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.message(), "AWS_PROFILE is set to an empty profile name; unset it or name a "
                              "profile");
}

TEST(ProfileFilesTest, NamedProfileMustExist) {
  const ProfileFiles files = ParsedProfileFiles("[profile dev]\n", "[prod]\n");
  ActiveProfile implicit;
  EXPECT_TRUE(CheckProfileExists(files, implicit).ok());  // "default" may be absent
  ActiveProfile named{"staging", false, true, "AWS_PROFILE"};
  const Status status = CheckProfileExists(files, named);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("profile \"staging\" (from AWS_PROFILE)"), std::string::npos);
  EXPECT_NE(status.message().find("defined profiles: dev, prod"), std::string::npos)
      << status.message();
  EXPECT_TRUE(CheckProfileExists(files, ActiveProfile{"prod", true, true, "--profile"}).ok());
}

}  // namespace
}  // namespace kanaria::aws
