#include "aws/credentials/imds_provider.h"

#include <mutex>

#include <gtest/gtest.h>

#include "aws/credentials/credentials_test_support.h"
#include "aws/curl_transport.h"
#include "support/stub_http_server.h"

namespace kanaria::aws {
namespace {

using testing::ScopedEnv;
using testing::StubHttpServer;
using testing::StubRequest;
using testing::StubResponse;
using testing::TempDir;

constexpr const char* kRolePath = "/latest/meta-data/iam/security-credentials/";
constexpr const char* kImdsCredentialsJson = R"({
  "Code": "Success",
  "LastUpdated": "2024-01-01T00:00:00Z",
  "Type": "AWS-HMAC",
  "AccessKeyId": "ASIAIMDS",
  "SecretAccessKey": "imds-secret-value",
  "Token": "imds-session-token",
  "Expiration": "2031-01-01T06:00:00Z"
})";

StubResponse TextAnswer(int status, std::string body = "") {
  StubResponse response;
  response.status = status;
  response.body = std::move(body);
  response.content_type = "text/plain";
  return response;
}

// A small IMDSv2: hands out token-1, token-2, ...; `valid_token` is the one it accepts
// (answering 401 otherwise, as IMDS does for an expired token); `token_status` overrides the
// token endpoint's answer.
struct FakeImds {
  std::mutex mu;
  int tokens_issued = 0;
  std::string valid_token = "token-1";
  int token_status = 200;
  bool require_token = true;

  StubResponse Handle(const StubRequest& request) {
    std::lock_guard<std::mutex> lock(mu);
    if (request.method == "PUT" && request.path == "/latest/api/token") {
      if (token_status != 200) return TextAnswer(token_status);
      if (request.Header("x-aws-ec2-metadata-token-ttl-seconds") != "21600") return TextAnswer(400);
      return TextAnswer(200, "token-" + std::to_string(++tokens_issued));
    }
    if (require_token && request.Header("x-aws-ec2-metadata-token") != valid_token) {
      return TextAnswer(401);
    }
    if (request.path == kRolePath) return TextAnswer(200, "ecs-instance-role");
    if (request.path == std::string(kRolePath) + "ecs-instance-role") {
      return TextAnswer(200, kImdsCredentialsJson);
    }
    return TextAnswer(404);
  }
};

class ImdsProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::IsolateAwsEnvironment(env_, dir_);
    env_.Unset("AWS_EC2_METADATA_DISABLED");
    env_.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server_.url());
  }
  ImdsProvider Provider(const std::string& config = "") {
    auto files = ProfileFiles::FromText(config, "c", "", "k");
    EXPECT_TRUE(files.ok());
    return ImdsProvider(curl_, std::make_shared<const ProfileFiles>(*files), "default");
  }
  std::vector<std::string> Trace() {
    std::vector<std::string> trace;
    for (const auto& r : server_.requests()) {
      trace.push_back(r.method + " " + r.path + " [" + r.Header("x-aws-ec2-metadata-token") +
                      "]");
    }
    return trace;
  }

  ScopedEnv env_;
  TempDir dir_;
  FakeImds imds_;
  StubHttpServer server_{[this](const StubRequest& r) { return imds_.Handle(r); }};
  std::shared_ptr<HttpTransport> curl_ = std::make_shared<CurlTransport>();
};

TEST_F(ImdsProviderTest, ImdsV2Flow) {
  auto credentials = Provider().Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIAIMDS");
  EXPECT_EQ(credentials->secret_access_key, "imds-secret-value");
  EXPECT_EQ(credentials->session_token, "imds-session-token");
  EXPECT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(credentials->source, "imds");
  EXPECT_EQ(Trace(), (std::vector<std::string>{
                         "PUT /latest/api/token []",
                         "GET /latest/meta-data/iam/security-credentials/ [token-1]",
                         "GET /latest/meta-data/iam/security-credentials/ecs-instance-role "
                         "[token-1]",
                     }));
}

TEST_F(ImdsProviderTest, RefetchesTheTokenOnceOn401) {
  imds_.valid_token = "token-2";  // token-1 is rejected as expired
  auto credentials = Provider().Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(Trace(), (std::vector<std::string>{
                         "PUT /latest/api/token []",
                         "GET /latest/meta-data/iam/security-credentials/ [token-1]",
                         "PUT /latest/api/token []",
                         "GET /latest/meta-data/iam/security-credentials/ [token-2]",
                         "GET /latest/meta-data/iam/security-credentials/ecs-instance-role "
                         "[token-2]",
                     }));
}

TEST_F(ImdsProviderTest, PersistentUnauthorizedIsNotFoundAfterOneRetoken) {
  imds_.valid_token = "never";
  const Status status = Provider().Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("HTTP 401"), std::string::npos) << status.message();
  EXPECT_EQ(server_.request_count(), 4u);  // PUT, GET, PUT, GET
}

TEST_F(ImdsProviderTest, FallsBackToImdsV1WhenTokensAreNotOffered) {
  imds_.token_status = 403;
  imds_.require_token = false;
  auto credentials = Provider().Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(Trace(), (std::vector<std::string>{
                         "PUT /latest/api/token []",
                         "GET /latest/meta-data/iam/security-credentials/ []",
                         "GET /latest/meta-data/iam/security-credentials/ecs-instance-role []",
                     }));
}

TEST_F(ImdsProviderTest, NoFallbackWhenImdsV1IsDisabled) {
  imds_.token_status = 404;
  env_.Set("AWS_EC2_METADATA_V1_DISABLED", "true");
  const Status status = Provider().Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("IMDSv1 is disabled"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(ImdsProviderTest, DisabledSendsNothing) {
  env_.Set("AWS_EC2_METADATA_DISABLED", "TRUE");
  const Status status = Provider().Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(ImdsProviderTest, ServerErrorsAreNotFoundAndRetriedPerAttemptsSetting) {
  int role_requests = 0;
  server_.set_handler([&role_requests, this](const StubRequest& r) {
    if (r.method == "GET" && r.path == kRolePath && ++role_requests < 3) return TextAnswer(500);
    return imds_.Handle(r);
  });
  const Status once = Provider().Resolve().status();
  EXPECT_EQ(once.code(), StatusCode::kNotFound);
  EXPECT_NE(once.message().find("HTTP 500"), std::string::npos) << once.message();
  // Profile setting: three attempts get through.
  role_requests = 0;
  imds_.tokens_issued = 0;  // the new Resolve() starts with token-1 again
  auto credentials = Provider("[default]\nmetadata_service_num_attempts = 3\n").Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(role_requests, 3);
}

TEST_F(ImdsProviderTest, SettingsFromEnvironmentAndProfile) {
  auto defaults = ImdsSettings::Resolve(nullptr);
  ASSERT_TRUE(defaults.ok());
  env_.Unset("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  defaults = ImdsSettings::Resolve(nullptr);
  EXPECT_EQ(defaults->endpoint, "http://169.254.169.254");
  EXPECT_EQ(defaults->timeout, std::chrono::seconds(1));
  EXPECT_EQ(defaults->attempts, 1);

  env_.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6");
  EXPECT_EQ(ImdsSettings::Resolve(nullptr)->endpoint, "http://[fd00:ec2::254]");
  env_.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9");  // wins over the mode
  EXPECT_EQ(ImdsSettings::Resolve(nullptr)->endpoint, "http://127.0.0.1:9");
  env_.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5");
  const Status bad = ImdsSettings::Resolve(nullptr).status();
  EXPECT_EQ(bad.code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.message().find("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"), std::string::npos);
  env_.Unset("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");

  auto files = ProfileFiles::FromText("[default]\nmetadata_service_timeout = 5\n", "/cfg", "", "k");
  EXPECT_EQ(ImdsSettings::Resolve(files->Find("default"))->timeout, std::chrono::seconds(5));
  env_.Set("AWS_METADATA_SERVICE_TIMEOUT", "2");
  EXPECT_EQ(ImdsSettings::Resolve(files->Find("default"))->timeout, std::chrono::seconds(2));
  env_.Set("AWS_METADATA_SERVICE_TIMEOUT", "soon");
  EXPECT_EQ(ImdsSettings::Resolve(nullptr).status().code(), StatusCode::kInvalidInput);
}

TEST_F(ImdsProviderTest, RequestsUseTheConfiguredTimeout) {
  // A token endpoint slower than the 1 s timeout: botocore treats the timeout as "no IMDSv2"
  // and tries IMDSv1, which this fake refuses.
  server_.set_handler([this](const StubRequest& r) {
    if (r.method == "PUT") {
      StubResponse slow = TextAnswer(200, "late-token");
      slow.delay = std::chrono::milliseconds(2500);
      return slow;
    }
    return imds_.Handle(r);
  });
  const auto start = std::chrono::steady_clock::now();
  const Status status = Provider().Resolve().status();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_LT(elapsed, std::chrono::milliseconds(2400));
  EXPECT_NE(status.message().find("HTTP 401"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace kanaria::aws
