#include "aws/credentials/container_provider.h"

#include <gtest/gtest.h>

#include "aws/credentials/credentials_test_support.h"
#include "aws/curl_transport.h"
#include "core/redact.h"
#include "fakes/manual_clock.h"
#include "support/stub_http_server.h"

namespace kanaria::aws {
namespace {

using testing::ScopedEnv;
using testing::StubHttpServer;
using testing::StubRequest;
using testing::StubResponse;
using testing::TempDir;

constexpr const char* kCredentialsJson = R"({
  "AccessKeyId": "ASIACONTAINER",
  "SecretAccessKey": "container-secret-value",
  "Token": "container-session-token",
  "Expiration": "2031-01-01T00:00:00Z",
  "RoleArn": "arn:aws:iam::1:role/task"
})";

StubResponse Json(int status, std::string body) {
  StubResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// Records requests and answers from a list, without any network (for the link-local URL).
class RecordingTransport final : public HttpTransport {
 public:
  StatusOr<HttpResponse> Send(const HttpRequest& request) override {
    requests.push_back(request);
    HttpResponse response;
    response.status = 200;
    response.body = kCredentialsJson;
    return response;
  }
  std::vector<StatusOr<HttpResponse>> SendAll(const std::vector<HttpRequest>& all) override {
    std::vector<StatusOr<HttpResponse>> out;
    for (const auto& r : all) out.push_back(Send(r));
    return out;
  }
  std::vector<HttpRequest> requests;
};

class ContainerProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::IsolateAwsEnvironment(env_, dir_); }
  ScopedEnv env_;
  TempDir dir_;
  testing::ManualClock clock_;
  std::shared_ptr<HttpTransport> curl_ = std::make_shared<CurlTransport>();
};

TEST_F(ContainerProviderTest, FullUriWithAuthorizationToken) {
  StubHttpServer server([](const StubRequest&) { return Json(200, kCredentialsJson); });
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/v1/credentials?id=7")
      .Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-auth-token-value");
  ContainerProvider provider(curl_, clock_);
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIACONTAINER");
  EXPECT_EQ(credentials->secret_access_key, "container-secret-value");
  EXPECT_EQ(credentials->session_token, "container-session-token");
  EXPECT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(credentials->source, "container");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/v1/credentials");
  EXPECT_EQ(requests[0].query, "id=7");
  EXPECT_EQ(requests[0].Header("Authorization"), "env-auth-token-value");
  EXPECT_EQ(requests[0].Header("Accept"), "application/json");
  EXPECT_EQ(Scrub("a env-auth-token-value b container-secret-value"),
            "a [REDACTED] b [REDACTED]");
}

TEST_F(ContainerProviderTest, TokenFileWinsAndIsReadAtEveryFetch) {
  StubHttpServer server([](const StubRequest&) { return Json(200, kCredentialsJson); });
  const std::string token_file = dir_.Write("token", "file-token-generation-1");
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds")
      .Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token-loses")
      .Set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file);
  ContainerProvider provider(curl_, clock_);
  ASSERT_TRUE(provider.Resolve().ok());
  dir_.Write("token", "file-token-generation-2");
  ASSERT_TRUE(provider.Resolve().ok());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Header("Authorization"), "file-token-generation-1");
  EXPECT_EQ(requests[1].Header("Authorization"), "file-token-generation-2");
}

TEST_F(ContainerProviderTest, TokenWithLineBreakIsRefused) {
  StubHttpServer server([](const StubRequest&) { return Json(200, kCredentialsJson); });
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds")
      .Set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", dir_.Write("token", "abcdefgh\n"));
  const Status status = ContainerProvider(curl_, clock_).Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("line break"), std::string::npos);
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(ContainerProviderTest, RetriesTwiceOneSecondApart) {
  int calls = 0;
  StubHttpServer server([&calls](const StubRequest&) {
    return ++calls < 3 ? Json(500, "agent busy") : Json(200, kCredentialsJson);
  });
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds");
  auto credentials = ContainerProvider(curl_, clock_).Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(clock_.sleeps(), (std::vector<Duration>{std::chrono::seconds(1),
                                                     std::chrono::seconds(1)}));
}

TEST_F(ContainerProviderTest, GivesUpAfterThreeAttempts) {
  StubHttpServer server([](const StubRequest&) { return Json(200, "{\"not\": \"credentials\"}"); });
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds");
  const Status status = ContainerProvider(curl_, clock_).Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("failed after 3 attempts"), std::string::npos);
  EXPECT_NE(status.message().find("AccessKeyId"), std::string::npos) << status.message();
  EXPECT_EQ(server.request_count(), 3u);
}

TEST_F(ContainerProviderTest, RelativeUriGoesToTheEcsAgent) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc")
      .Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/ignored");
  auto transport = std::make_shared<RecordingTransport>();
  ASSERT_TRUE(ContainerProvider(transport, clock_).Resolve().ok());
  ASSERT_EQ(transport->requests.size(), 1u);
  EXPECT_EQ(transport->requests[0].url, "http://169.254.170.2/v2/credentials/abc");
  EXPECT_EQ(transport->requests[0].total_timeout, std::chrono::seconds(2));
}

TEST_F(ContainerProviderTest, FullUriHostMustBeAllowed) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://metadata.example.com/creds");
  auto transport = std::make_shared<RecordingTransport>();
  const Status status = ContainerProvider(transport, clock_).Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("AWS_CONTAINER_CREDENTIALS_FULL_URI"), std::string::npos);
  EXPECT_TRUE(transport->requests.empty());

  for (const char* allowed :
       {"https://anything.example.com/x", "http://127.0.0.1:8080/x", "http://127.1.2.3/x",
        "http://[::1]:9/x", "http://localhost/x", "http://169.254.170.2/x",
        "http://169.254.170.23/v1/credentials", "http://[fd00:ec2::23]/v1/credentials",
        "HTTP://LOCALHOST/x"}) {
    EXPECT_TRUE(IsAllowedContainerCredentialsUrl(allowed)) << allowed;
  }
  for (const char* refused : {"http://169.254.169.254/x", "http://10.0.0.1/x",
                              "http://localhost.example.com/x",
                              "http://[fd00:ec2::254]/x"}) {
    EXPECT_FALSE(IsAllowedContainerCredentialsUrl(refused)) << refused;
  }
}

TEST_F(ContainerProviderTest, NotConfiguredWithoutTheVariables) {
  EXPECT_EQ(ContainerProvider(curl_, clock_).Resolve().status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kanaria::aws
