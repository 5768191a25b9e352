// botocore is the reference for which source the chain picks: every scenario here is set up once
// (environment, config and credentials files, scripts) and resolved twice — by kanaria's chain
// and by botocore (Session(profile=...).get_credentials()) — and the two must agree on the
// source, the keys, and every STS call they would make. STS is faked on both sides the same way
// (access key "ASSUMED(<role>)<-<source key>" / "WEBID(<role>)"), so no scenario touches the
// network; IMDS is disabled and container variables are unset.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/credentials/chain.h"
#include "aws/credentials/credentials_test_support.h"
#include "fakes/manual_clock.h"
#include "support/external_tools.h"

namespace kanaria::aws {
namespace {

using nlohmann::json;
using testing::FakeRoleAssumer;
using testing::ScopedEnv;
using testing::TempDir;

struct Scenario {
  std::string name;
  std::vector<std::pair<std::string, std::string>> env;  // "{dir}" is replaced by the temp dir
  std::string config;                                    // "" = no file
  std::string credentials;                               // "" = no file
  std::optional<std::string> profile;                    // --profile / Session(profile=...)
  std::vector<std::pair<std::string, std::string>> files;  // extra files (scripts are 0755)
};

constexpr const char* kBotocoreScript = R"PY(
import datetime, json, sys
try:
    import botocore.session
    import botocore.credentials as bc
except ImportError:
    print('NO-BOTOCORE')
    sys.exit(3)

calls = []

# The same answers as tests' FakeRoleAssumer gives kanaria.
def _answer(key):
    expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    return {'Credentials': {'AccessKeyId': key,
                            'SecretAccessKey': 'assumed-secret-%d' % len(calls),
                            'SessionToken': 'assumed-token-%d' % len(calls),
                            'Expiration': expires}}

def fake_assume_role(self):
    kwargs = self._assume_role_kwargs()
    source = self._source_credentials.get_frozen_credentials()
    calls.append(dict(kwargs))
    return _answer('ASSUMED(%s)<-%s' % (kwargs['RoleArn'], source.access_key))

def fake_web_identity(self):
    kwargs = self._assume_role_kwargs()
    calls.append(dict(kwargs))
    return _answer('WEBID(%s)' % kwargs['RoleArn'])

bc.AssumeRoleCredentialFetcher._get_credentials = fake_assume_role
bc.AssumeRoleWithWebIdentityCredentialFetcher._get_credentials = fake_web_identity

out = {'method': None, 'error': False, 'access_key': None, 'token': None, 'calls': calls}
try:
    session = botocore.session.Session(profile=(sys.argv[1] or None))
    creds = session.get_credentials()
    if creds is None:
        out['method'] = 'none'
    else:
        out['method'] = creds.method
        frozen = creds.get_frozen_credentials()
        out['access_key'] = frozen.access_key
        out['token'] = frozen.token or ''
except Exception as e:
    out['error'] = True
    out['why'] = repr(e)
print(json.dumps(out))
)PY";

// kanaria's provider names and Credentials::source prefixes, as botocore's METHOD strings.
std::string BotocoreMethod(const std::string& source) {
  static const std::vector<std::pair<std::string, std::string>> kMap = {
      {"environment", "env"},
      {"assume-role", "assume-role"},
      {"web-identity", "assume-role-with-web-identity"},
      {"sso", "sso"},
      {"shared-credentials-file", "shared-credentials-file"},
      {"login", "login"},
      {"credential-process", "custom-process"},
      {"config-file", "config-file"},
      {"container", "container-role"},
      {"imds", "iam-role"},
  };
  for (const auto& [prefix, method] : kMap) {
    if (source.rfind(prefix, 0) == 0) return method;
  }
  return "unknown(" + source + ")";
}

// The STS request fields both sides send, with generated session names made comparable.
json NormalizeCall(const json& kwargs) {
  json call = kwargs;
  if (call.contains("RoleSessionName") &&
      call["RoleSessionName"].get<std::string>().rfind("botocore-session-", 0) == 0) {
    call["RoleSessionName"] = "<generated>";
  }
  return call;
}

json KanariaCall(const FakeRoleAssumer::Call& call) {
  json kwargs = {{"RoleArn", call.request.role_arn}};
  kwargs["RoleSessionName"] = call.request.role_session_name.rfind("kanaria-session-", 0) == 0
                                  ? std::string("<generated>")
                                  : call.request.role_session_name;
  if (call.request.duration) kwargs["DurationSeconds"] = call.request.duration->count();
  if (!call.request.external_id.empty()) kwargs["ExternalId"] = call.request.external_id;
  if (!call.web_identity_token.empty()) kwargs["WebIdentityToken"] = call.web_identity_token;
  return kwargs;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size()) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

void PrintTo(const Scenario& scenario, std::ostream* out) { *out << scenario.name; }

class BotocoreOracleTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(BotocoreOracleTest, ChainPicksWhatBotocorePicks) {
  KANARIA_REQUIRE_TOOL("python3");
  const Scenario& scenario = GetParam();
  ScopedEnv env;
  TempDir dir;
  testing::IsolateAwsEnvironment(env, dir);
  // botocore's legacy sources (boto2 config, EC2 CLI file) and anything under $HOME stay out.
  env.Set("HOME", dir.path()).Set("BOTO_CONFIG", dir.Path("no-boto-config"));
  env.Unset("AWS_PROFILE").Unset("AWS_DEFAULT_PROFILE");
  for (const auto& [name, value] : scenario.env) env.Set(name, Replace(value, "{dir}", dir.path()));
  if (!scenario.config.empty()) dir.Write("config", Replace(scenario.config, "{dir}", dir.path()));
  if (!scenario.credentials.empty()) {
    dir.Write("credentials", Replace(scenario.credentials, "{dir}", dir.path()));
  }
  for (const auto& [name, contents] : scenario.files) {
    dir.Write(name, Replace(contents, "{dir}", dir.path()), name.ends_with(".sh"));
  }

  // botocore's answer.
  const auto run =
      testing::RunCommand({"python3", "-c", kBotocoreScript, scenario.profile.value_or("")});
  if (run.exit_code == 3) {
    if (testing::RunningInCi()) FAIL() << "python3 has no botocore (run scripts/setup)";
    GTEST_SKIP() << "SKIPPED LOUDLY: python3 has no botocore";
  }
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // The JSON is the last line; a credential_process may have written to stderr before it.
  std::string last_line = run.output.substr(0, run.output.find_last_not_of('\n') + 1);
  last_line = last_line.substr(last_line.find_last_of('\n') + 1);
  const json botocore = json::parse(last_line);

  // kanaria's answer.
  testing::ManualClock clock(std::chrono::system_clock::now());
  auto sts = std::make_shared<FakeRoleAssumer>(clock);
  ChainOptions options;
  options.profile = scenario.profile;
  options.clock = &clock;
  options.role_assumer = sts;
  json kanaria = {{"method", nullptr}, {"error", false}, {"access_key", nullptr},
                  {"token", nullptr}};
  std::string why;
  auto chain = BuildCredentialsChain(options);
  if (!chain.ok()) {
    kanaria["error"] = true;
    why = chain.status().ToString();
  } else {
    auto credentials = (*chain)->Resolve();
    if (credentials.ok()) {
      kanaria["method"] = BotocoreMethod(credentials->source);
      kanaria["access_key"] = credentials->access_key_id;
      kanaria["token"] = credentials->session_token;
    } else if (credentials.status().code() == StatusCode::kUnauthenticated &&
               credentials.status().message().rfind("no AWS credentials found", 0) == 0) {
      kanaria["method"] = "none";
    } else {
      kanaria["error"] = true;
      // The chain prefixes a failing source's error with its name.
      kanaria["method"] = BotocoreMethod(credentials.status().message());
      why = credentials.status().ToString();
    }
  }
  json kanaria_calls = json::array();
  for (const auto& call : sts->calls()) kanaria_calls.push_back(KanariaCall(call));
  json botocore_calls = json::array();
  for (const auto& call : botocore["calls"]) botocore_calls.push_back(NormalizeCall(call));

  const std::string context = "scenario " + scenario.name + "\nkanaria: " + kanaria.dump() +
                              " " + why + "\nbotocore: " + botocore.dump();
  EXPECT_EQ(kanaria["error"], botocore["error"]) << context;
  if (botocore["error"].get<bool>()) {
    // botocore raises some errors before it knows a source (then method is null) and others
    // from a source it chose (deferred credentials): compare the source only in that case.
    if (!botocore["method"].is_null()) {
      EXPECT_EQ(kanaria["method"], botocore["method"]) << context;
    }
  } else {
    EXPECT_EQ(kanaria["method"], botocore["method"]) << context;
    EXPECT_EQ(kanaria["access_key"], botocore["access_key"]) << context;
    EXPECT_EQ(kanaria["token"], botocore["token"]) << context;
    EXPECT_EQ(kanaria_calls, botocore_calls) << context;
  }
}

const char* kEnvKeys[][2] = {{"AWS_ACCESS_KEY_ID", "AKIAENV"}, {"AWS_SECRET_ACCESS_KEY", "env-s"}};
std::vector<std::pair<std::string, std::string>> EnvKeys(
    std::vector<std::pair<std::string, std::string>> more = {}) {
  std::vector<std::pair<std::string, std::string>> env;
  for (const auto& kv : kEnvKeys) env.emplace_back(kv[0], kv[1]);
  for (auto& kv : more) env.push_back(std::move(kv));
  return env;
}

const std::string kDefaultKeys =
    "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n";
const std::string kDevKeys = "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n";
const std::string kBaseProfileKeys =
    "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = s\n";
const std::string kProcessScript =
    "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": "
    "\"p\", \"SessionToken\": \"proc-token\"}'\n";

const Scenario kScenarios[] = {
    {"nothing_configured", {}, "", "", {}, {}},
    {"env_only", EnvKeys(), "", "", {}, {}},
    {"env_with_session_and_security_tokens",
     EnvKeys({{"AWS_SESSION_TOKEN", "session"}, {"AWS_SECURITY_TOKEN", "security"}}), "", "", {},
     {}},
    {"env_with_expiration", EnvKeys({{"AWS_CREDENTIAL_EXPIRATION", "2099-01-01T00:00:00Z"}}), "",
     "", {}, {}},
    {"env_access_key_without_secret", {{"AWS_ACCESS_KEY_ID", "AKIAENV"}}, "", kDefaultKeys, {},
     {}},
    {"env_beats_files", EnvKeys(), kDefaultKeys, kDefaultKeys, {}, {}},
    {"env_beats_aws_profile", EnvKeys({{"AWS_PROFILE", "dev"}}), "", kDevKeys, {}, {}},
    {"explicit_profile_skips_env", EnvKeys(), "", kDevKeys, "dev", {}},
    {"aws_default_profile_beats_aws_profile",
     {{"AWS_DEFAULT_PROFILE", "dev"}, {"AWS_PROFILE", "default"}}, "", kDefaultKeys + kDevKeys,
     {}, {}},
    {"empty_aws_profile_is_an_error", EnvKeys({{"AWS_PROFILE", ""}}), "", kDefaultKeys, {}, {}},
    {"named_profile_missing", EnvKeys({{"AWS_PROFILE", "typo"}}), "", kDevKeys, {}, {}},
    {"credentials_file_beats_config_file", {}, kDefaultKeys + "region = x\n",
     "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = c\n", {}, {}},
    {"config_file_keys_only", {}, "[profile dev]\naws_access_key_id = AKIACFG\n"
                                  "aws_secret_access_key = c\naws_session_token = cfg-token\n",
     "", "dev", {}},
    {"credentials_file_profile_prefix_is_literal", {}, "", "[profile dev]\naws_access_key_id = A\n"
                                                           "aws_secret_access_key = s\n",
     "dev", {}},
    {"credentials_file_default_section_inherited", {}, "",
     "[DEFAULT]\naws_access_key_id = AKIAINHERITED\naws_secret_access_key = s\n[dev]\n", "dev",
     {}},
    {"missing_credentials_file_falls_to_config",
     {{"AWS_SHARED_CREDENTIALS_FILE", "{dir}/nowhere"}}, kDefaultKeys, "", {}, {}},
    {"process_beats_config_keys", {},
     "[default]\ncredential_process = {dir}/creds.sh\naws_access_key_id = AKIACFG\n"
     "aws_secret_access_key = c\n",
     "", {}, {{"creds.sh", kProcessScript}}},
    {"credentials_file_beats_process", {}, "[default]\ncredential_process = {dir}/creds.sh\n",
     kDefaultKeys, {}, {{"creds.sh", kProcessScript}}},
    {"process_in_credentials_file", {}, "", "[dev]\ncredential_process = {dir}/creds.sh\n", "dev",
     {{"creds.sh", kProcessScript}}},
    {"process_failure_stops_the_chain", {},
     "[default]\ncredential_process = {dir}/fail.sh\naws_access_key_id = AKIACFG\n"
     "aws_secret_access_key = c\n",
     "", {}, {{"fail.sh", "#!/bin/sh\necho nope >&2\nexit 2\n"}}},
    {"assume_role_source_profile_static_keys", {},
     "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\nsource_profile = base\n"
     "role_session_name = rel\nduration_seconds = 1800\nexternal_id = ext\n",
     kBaseProfileKeys, "ci", {}},
    {"assume_role_generated_session_name", {},
     "[profile ci]\nrole_arn = arn:ci\nsource_profile = base\n", kBaseProfileKeys, "ci", {}},
    {"assume_role_chain_of_two_roles", {},
     "[profile ci]\nrole_arn = arn:ci\nsource_profile = mid\n"
     "[profile mid]\nrole_arn = arn:mid\nsource_profile = base\n",
     kBaseProfileKeys, "ci", {}},
    {"assume_role_source_with_keys_and_role_uses_keys", {},
     "[profile ci]\nrole_arn = arn:ci\nsource_profile = both\n"
     "[profile both]\nrole_arn = arn:both\nsource_profile = base\n",
     "[both]\naws_access_key_id = AKIABOTH\naws_secret_access_key = s\n" + kBaseProfileKeys,
     "ci", {}},
    {"assume_role_self_source_with_keys", {}, "",
     "[self]\nrole_arn = arn:self\nsource_profile = self\naws_access_key_id = AKIASELF\n"
     "aws_secret_access_key = s\n",
     "self", {}},
    {"assume_role_source_profile_process", {},
     "[profile ci]\nrole_arn = arn:ci\nsource_profile = tool\n"
     "[profile tool]\ncredential_process = {dir}/creds.sh\n",
     "", "ci", {{"creds.sh", kProcessScript}}},
    {"assume_role_source_ignores_env", EnvKeys(),
     "[profile ci]\nrole_arn = arn:ci\nsource_profile = empty\n[profile empty]\nregion = x\n", "",
     "ci", {}},
    {"assume_role_cycle", {},
     "[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
     "[profile b]\nrole_arn = arn:b\nsource_profile = a\n",
     "", "a", {}},
    {"assume_role_without_source", {}, "[default]\nrole_arn = arn:x\n", kDefaultKeys, {}, {}},
    {"assume_role_credential_source_environment_with_explicit_profile", EnvKeys(),
     "[profile ci]\nrole_arn = arn:ci\ncredential_source = Environment\n", "", "ci", {}},
    {"assume_role_beats_static_keys_in_same_profile", {},
     "[default]\nrole_arn = arn:x\nsource_profile = base\n", kDefaultKeys + kBaseProfileKeys, {},
     {}},
    {"web_identity_env_beats_credentials_file",
     {{"AWS_WEB_IDENTITY_TOKEN_FILE", "{dir}/token"}, {"AWS_ROLE_ARN", "arn:gha"},
      {"AWS_ROLE_SESSION_NAME", "run-1"}},
     "", kDefaultKeys, {}, {{"token", "oidc-token"}}},
    {"web_identity_env_ignored_with_explicit_profile",
     {{"AWS_WEB_IDENTITY_TOKEN_FILE", "{dir}/token"}, {"AWS_ROLE_ARN", "arn:gha"}}, "", kDevKeys,
     "dev", {{"token", "oidc-token"}}},
    {"web_identity_profile_keys_beat_assume_role", {},
     "[profile eks]\nrole_arn = arn:eks\nweb_identity_token_file = {dir}/token\n"
     "source_profile = base\n",
     kBaseProfileKeys, "eks", {{"token", "irsa-token"}}},
    {"web_identity_env_token_with_profile_role_arn_is_assume_role", {{"AWS_WEB_IDENTITY_TOKEN_FILE", "{dir}/token"}},
     "[default]\nrole_arn = arn:from-profile\n", "", {}, {{"token", "mixed-token"}}},
    {"web_identity_env_role_overrides_profile_role",
     {{"AWS_PROFILE", "eks"}, {"AWS_ROLE_ARN", "arn:from-env"}},
     "[profile eks]\nrole_arn = arn:from-profile\nweb_identity_token_file = {dir}/token\n", "", {},
     {{"token", "eks-token"}}},
    {"assume_role_beats_web_identity_env",
     {{"AWS_WEB_IDENTITY_TOKEN_FILE", "{dir}/token"}, {"AWS_ROLE_ARN", "arn:gha"}},
     "[default]\nrole_arn = arn:ci\nsource_profile = base\n", kBaseProfileKeys, {},
     {{"token", "oidc-token"}}},
    {"sso_profile_is_used_before_credentials_file", {},
     "[profile corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n"
     "sso_account_id = 111122223333\nsso_role_name = Admin\n",
     "[corp]\naws_access_key_id = AKIACORP\naws_secret_access_key = s\n", "corp", {}},
    {"sso_session_only_is_not_sso", {},
     "[profile corp]\nsso_session = x\n", "[corp]\naws_access_key_id = AKIACORP\n"
                                          "aws_secret_access_key = s\n",
     "corp", {}},
};

INSTANTIATE_TEST_SUITE_P(Scenarios, BotocoreOracleTest, ::testing::ValuesIn(kScenarios),
                         [](const ::testing::TestParamInfo<Scenario>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace kanaria::aws
