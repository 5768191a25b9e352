#include "aws/credentials/process_provider.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "aws/credentials/credentials_test_support.h"
#include "core/redact.h"

namespace kanaria::aws {
namespace {

using testing::TempDir;

class ProcessProviderTest : public ::testing::Test {
 protected:
  // A profile "tool" whose credential_process is `command`.
  ProcessProvider Provider(const std::string& command) {
    auto files = ProfileFiles::FromText("[profile tool]\ncredential_process = " + command + "\n",
                                        dir_.Path("config"), "", dir_.Path("credentials"));
    EXPECT_TRUE(files.ok()) << files.status().ToString();
    return ProcessProvider(std::make_shared<const ProfileFiles>(*files), "tool");
  }
  std::string Script(const std::string& name, const std::string& body) {
    return dir_.Write(name, "#!/bin/sh\n" + body, /*executable=*/true);
  }
  TempDir dir_;
};

TEST_F(ProcessProviderTest, LongTermCredentials) {
  const std::string script = Script(
      "creds.sh",
      "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", "
      "\"SecretAccessKey\": \"process-secret-1234\"}'\n");
  auto credentials = Provider(script).Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "AKIAPROC");
  EXPECT_EQ(credentials->secret_access_key, "process-secret-1234");
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_FALSE(credentials->expiration.has_value());
  EXPECT_EQ(credentials->source, "credential-process (profile tool)");
  EXPECT_EQ(Scrub("x process-secret-1234 y"), "x [REDACTED] y");
}

TEST_F(ProcessProviderTest, TemporaryCredentials) {
  const std::string script = Script(
      "creds.sh",
      "cat <<'EOF'\n"
      "{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", \"SecretAccessKey\": \"s\",\n"
      " \"SessionToken\": \"process-token-5678\", \"Expiration\": \"2031-05-06T07:08:09Z\"}\n"
      "EOF\n");
  auto credentials = Provider(script).Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->session_token, "process-token-5678");
  ASSERT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(
                credentials->expiration->time_since_epoch())
                .count(),
            1935817689);
}

TEST_F(ProcessProviderTest, SplitsWithShlexAndRunsWithoutAShell) {
  // The script records its arguments, one per line; a shell would expand $HOME and `x`.
  const std::string script = Script(
      "my tool.sh",
      "for a in \"$@\"; do echo \"$a\"; done > \"$(dirname \"$0\")/args\"\n"
      "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}'\n");
  auto credentials =
      Provider("'" + script + "' \"first arg\" $HOME `x` semi;colon").Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  std::ifstream in(dir_.Path("args"));
  std::stringstream args;
  args << in.rdbuf();
  EXPECT_EQ(args.str(), "first arg\n$HOME\n`x`\nsemi;colon\n");
}

TEST_F(ProcessProviderTest, NonZeroExitNamesTheProfileAndPassesStderrThrough) {
  const std::string script = Script(
      "fail.sh",
      "echo 'token expired, run login' >&2\n"
      "echo '{\"SecretAccessKey\": \"must-not-appear-in-errors\"}'\n"
      "exit 3\n");
  // Capture this process's stderr while the child runs: the child inherits it.
  const std::string captured_path = dir_.Path("stderr");
  fflush(stderr);
  const int saved = dup(STDERR_FILENO);
  const int fd = open(captured_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  dup2(fd, STDERR_FILENO);
  close(fd);
  const Status status = Provider(script).Resolve().status();
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);

  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(status.message().find("profile tool"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("exited with status 3"), std::string::npos);
  EXPECT_NE(status.message().find(dir_.Path("config") + ":2"), std::string::npos);
  EXPECT_EQ(status.message().find("must-not-appear"), std::string::npos);
  std::ifstream in(captured_path);
  std::stringstream err;
  err << in.rdbuf();
  EXPECT_EQ(err.str(), "token expired, run login\n");
}

TEST_F(ProcessProviderTest, BadOutputIsAnErrorWithoutEchoingIt) {
  const std::string script = Script("bad.sh", "echo 'SecretAccessKey=leaky-value not json'\n");
  const Status status = Provider(script).Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(status.message().find("not a JSON object"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find("leaky-value"), std::string::npos);
}

TEST_F(ProcessProviderTest, VersionAndRequiredKeys) {
  EXPECT_NE(ParseCredentialProcessOutput(R"({"Version": 2, "AccessKeyId": "A",
      "SecretAccessKey": "S"})", "profile p")
                .status()
                .message()
                .find("Version 2; the only supported version is 1"),
            std::string::npos);
  EXPECT_NE(ParseCredentialProcessOutput(R"({"AccessKeyId": "A", "SecretAccessKey": "S"})",
                                         "profile p")
                .status()
                .message()
                .find("<not provided>"),
            std::string::npos);
  EXPECT_NE(ParseCredentialProcessOutput(R"({"Version": 1, "AccessKeyId": "A"})", "profile p")
                .status()
                .message()
                .find("no \"SecretAccessKey\""),
            std::string::npos);
  EXPECT_TRUE(ParseCredentialProcessOutput(
                  R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S"})", "p")
                  .ok());
}

TEST_F(ProcessProviderTest, MissingCommandAndUnbalancedQuotes) {
  const Status missing = Provider(dir_.Path("does-not-exist")).Resolve().status();
  EXPECT_EQ(missing.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(missing.message().find("cannot run"), std::string::npos) << missing.message();
  const Status quotes = Provider("tool 'unbalanced").Resolve().status();
  EXPECT_EQ(quotes.code(), StatusCode::kInvalidInput);
  EXPECT_NE(quotes.message().find("No closing quotation"), std::string::npos);
}

TEST_F(ProcessProviderTest, NoCredentialProcessIsNotConfigured) {
  auto files = ProfileFiles::FromText("[profile tool]\nregion = x\n", "c", "", "k");
  ProcessProvider provider(std::make_shared<const ProfileFiles>(*files), "tool");
  EXPECT_EQ(provider.Resolve().status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kanaria::aws
