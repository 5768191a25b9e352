// The user config loader (user_config.h) and the provider declarations it shares with
// spec.kanaria.analysisProviders (analysis_providers.h).
#include "model/user_config.h"

#include <gtest/gtest.h>

#include "model/test_app_dir.h"

namespace kanaria::model {
namespace {

using Lines = std::vector<std::string>;
using test_app::AppDirTest;

class UserConfigTest : public AppDirTest {
 protected:
  StatusOr<UserConfig> LoadFile(const std::string& text) {
    Write("config.yaml", text);
    return LoadUserConfig(Path("config.yaml"));
  }
  std::string Error(const std::string& text) {
    StatusOr<UserConfig> config = LoadFile(text);
    EXPECT_FALSE(config.ok());
    if (config.ok()) return "";
    EXPECT_EQ(config.status().code(), StatusCode::kInvalidInput);
    return config.status().message();
  }
  std::string F() const { return Path("config.yaml"); }
};

TEST_F(UserConfigTest, ReadsEveryKindOfProvider) {
  Write("secrets/token", "t0ken\n");
  Write("secrets/password", "pw\n");
  StatusOr<UserConfig> config = LoadFile(R"(analysisProviders:
  prom:
    type: prometheus
    address: https://prometheus.example:9090
    auth:
      bearerTokenFile: secrets/token
  prom-basic:
    type: prometheus
    address: http://127.0.0.1:9090
    auth: {username: kanaria, passwordFile: secrets/password}
  prom-inline:
    type: prometheus
    address: http://127.0.0.1:9090
    auth: {bearerToken: abc}
  prom-open:
    type: prometheus
    address: http://127.0.0.1:9090
  cw:
    type: cloudwatch
    region: us-gov-west-1
  cw-local:
    type: cloudwatch
    address: http://127.0.0.1:4566
)");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_TRUE(config->exists);
  EXPECT_EQ(config->file, F());
  const auto& p = config->analysis_providers;
  ASSERT_EQ(p.size(), 6u);
  const AnalysisProvider& prom = p.at("prom");
  EXPECT_EQ(prom.name, "prom");
  EXPECT_EQ(prom.type, AnalysisProviderType::kPrometheus);
  EXPECT_EQ(prom.address, "https://prometheus.example:9090");
  EXPECT_EQ(prom.auth.kind, ProviderAuth::Kind::kBearerTokenFile);
  EXPECT_EQ(prom.auth.bearer_token_file, Path("secrets/token"));  // relative to the file
  EXPECT_EQ(prom.where.ToString(), F() + ":2");
  EXPECT_EQ(prom.declaration["auth"]["bearerTokenFile"], "secrets/token");  // as written
  const AnalysisProvider& basic = p.at("prom-basic");
  EXPECT_EQ(basic.auth.kind, ProviderAuth::Kind::kBasic);
  EXPECT_EQ(basic.auth.username, "kanaria");
  EXPECT_EQ(basic.auth.password_file, Path("secrets/password"));
  EXPECT_EQ(p.at("prom-inline").auth.kind, ProviderAuth::Kind::kBearerToken);
  EXPECT_EQ(p.at("prom-inline").auth.bearer_token, "abc");
  EXPECT_EQ(p.at("prom-open").auth.kind, ProviderAuth::Kind::kNone);
  const AnalysisProvider& cw = p.at("cw");
  EXPECT_EQ(cw.type, AnalysisProviderType::kCloudWatch);
  EXPECT_EQ(cw.region, "us-gov-west-1");
  EXPECT_EQ(cw.address, "");
  EXPECT_EQ(p.at("cw-local").address, "http://127.0.0.1:4566");
  EXPECT_EQ(AnalysisProviderTypeName(cw.type), "cloudwatch");
}

TEST_F(UserConfigTest, MissingOrEmptyFileIsAnEmptyConfig) {
  StatusOr<UserConfig> missing = LoadUserConfig(Path("nope/config.yaml"));
  ASSERT_TRUE(missing.ok()) << missing.status().message();
  EXPECT_FALSE(missing->exists);
  EXPECT_EQ(missing->file, Path("nope/config.yaml"));
  EXPECT_TRUE(missing->analysis_providers.empty());
  StatusOr<UserConfig> empty = LoadFile("# nothing yet\n");
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_TRUE(empty->exists);
  EXPECT_TRUE(empty->analysis_providers.empty());
  StatusOr<UserConfig> none = LoadUserConfig("");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->file, "");
}

TEST_F(UserConfigTest, FileProblems) {
  EXPECT_EQ(Error("- a\n"), F() +
                                ":1: the file is not a map; kanaria's user configuration is a "
                                "map with analysisProviders");
  EXPECT_EQ(Error("analysisProviders: [\n"),
            F() + ":2: syntax error: end of sequence flow not found");
  std::filesystem::create_directories(dir_ / "dir.yaml");
  StatusOr<UserConfig> dir = LoadUserConfig(Path("dir.yaml"));
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.status().message(),
            Path("dir.yaml") + ": not a file; kanaria's user configuration is a YAML file");
}

TEST_F(UserConfigTest, UnknownKeysGetTheNearestName) {
  EXPECT_EQ(Error(R"(analysisProvider:
  prom: {type: prometheus, address: "http://p"}
analysisProviders:
  prom:
    type: prometheus
    adress: http://p
    auth: {bearerTokn: x}
)"),
            F() + ":1: analysisProvider: unknown key; did you mean `analysisProviders`?\n" + F() +
                ":4: analysisProviders.prom: address is missing; the Prometheus server's URL, "
                "such as http://prometheus:9090\n" +
                F() + ":6: analysisProviders.prom.adress: unknown key; did you mean `address`?\n" +
                F() +
                ":7: analysisProviders.prom.auth.bearerTokn: unknown key; did you mean "
                "`bearerToken`?");
}

TEST_F(UserConfigTest, ProviderValueProblems) {
  EXPECT_EQ(Error(R"(analysisProviders:
  a: {type: PROMETHEUS, address: "http://p"}
  b: {address: "http://p"}
  c: {type: prometheus, address: prometheus:9090, region: us-east-1}
  d: {type: cloudwatch, region: tokyo, auth: {bearerToken: x}}
  e: {type: prometheus, address: "http://p", auth: {bearerToken: x, username: u, password: p}}
  f: {type: prometheus, address: "http://p", auth: {username: u}}
  g: {type: prometheus, address: "http://p", auth: {password: p}}
  h: {type: prometheus, address: "http://p", auth: {}}
  i: {type: prometheus, address: "http://p", auth: {username: u, passwordFile: missing}}
  j: {type: prometheus, address: "http://p", auth: {username: u, password: p, passwordFile: x}}
  k: cloudwatch
)"),
            F() +
                ":2: analysisProviders.a.type: PROMETHEUS is not an analysis provider type; "
                "did you mean `prometheus`?\n" +
                F() + ":3: analysisProviders.b: type is missing; cloudwatch or prometheus\n" + F() +
                ":4: analysisProviders.c.address: \"prometheus:9090\" is not an http:// or "
                "https:// URL; the Prometheus server's URL, such as http://prometheus:9090\n" +
                F() +
                ":4: analysisProviders.c.region: only a cloudwatch provider has a region; remove "
                "it\n" +
                F() +
                ":5: analysisProviders.d.region: \"tokyo\" is not an AWS region; a region such "
                "as us-east-1\n" +
                F() +
                ":5: analysisProviders.d.auth: a cloudwatch provider signs its requests with the "
                "release's AWS credentials; remove auth\n" +
                F() +
                ":6: analysisProviders.e.auth: gives more than one way to authenticate; one of "
                "bearerToken, bearerTokenFile, or username with password or passwordFile\n" +
                F() +
                ":7: analysisProviders.f.auth: username needs password or passwordFile; one of "
                "bearerToken, bearerTokenFile, or username with password or passwordFile\n" +
                F() +
                ":8: analysisProviders.g.auth: password needs username; one of bearerToken, "
                "bearerTokenFile, or username with password or passwordFile\n" +
                F() +
                ":9: analysisProviders.h.auth: names no way to authenticate; one of "
                "bearerToken, bearerTokenFile, or username with password or passwordFile\n" +
                F() + ":10: analysisProviders.i.auth.passwordFile: " + Path("missing") +
                " does not exist; a readable file (a relative path is read from the directory "
                "of " +
                F() + ")\n" + F() +
                ":11: analysisProviders.j.auth: gives more than one way to authenticate; one of "
                "bearerToken, bearerTokenFile, or username with password or passwordFile\n" +
                F() +
                ":12: analysisProviders.k: \"cloudwatch\" is a string; a provider declaration: a "
                "map with type (cloudwatch or prometheus), address, ...");
}

TEST(DefaultUserConfigPathTest, XdgThenHome) {
  std::map<std::string, std::string> env;
  const EnvLookup lookup = [&env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  EXPECT_EQ(DefaultUserConfigPath(lookup), "");
  env["HOME"] = "/home/u";
  EXPECT_EQ(DefaultUserConfigPath(lookup), "/home/u/.config/kanaria/config.yaml");
  env["XDG_CONFIG_HOME"] = "relative/dir";  // ignored, as the XDG spec says
  EXPECT_EQ(DefaultUserConfigPath(lookup), "/home/u/.config/kanaria/config.yaml");
  env["XDG_CONFIG_HOME"] = "/xdg";
  EXPECT_EQ(DefaultUserConfigPath(lookup), "/xdg/kanaria/config.yaml");
}

}  // namespace
}  // namespace kanaria::model
