// The generic client over real HTTP against a scripted stub: signing, protocols, and every
// error path (throttling, 5xx, timeouts, resets, malformed bodies) with the retry rules.
#include "aws/service_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/curl_transport.h"
#include "core/log.h"
#include "core/redact.h"
#include "fakes/manual_clock.h"
#include "support/static_credentials.h"
#include "support/stub_http_server.h"

namespace kanaria::aws {
namespace {

using testing::StubHttpServer;
using testing::StubRequest;
using testing::StubResponse;

constexpr char kSecretKey[] = "sEcReTkEy/ThatMustNeverBePrinted0123456789";
constexpr char kSessionToken[] = "SeSsIoNtOkEn-ThatMustNeverBePrinted-0123456789";

class ServiceClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<ClientContext> Context(const std::string& url) {
    auto ctx = std::make_shared<ClientContext>();
    ctx->region = "us-east-1";
    ctx->endpoint_url = url;
    ctx->credentials = std::make_shared<testing::StaticCredentialsProvider>("AKIDTEST", kSecretKey, kSessionToken);
    ctx->transport = std::make_shared<CurlTransport>();
    ctx->clock = &clock_;
    ctx->random = std::make_shared<SeededRandom>(7);
    ctx->request_timeout = std::chrono::milliseconds(2000);
    ctx->on_attempt = [this](const AttemptRecord& r) { attempts_.push_back(r.error_code); };
    return ctx;
  }

  std::unique_ptr<ServiceClient> Client(const ServiceDescriptor& service, const std::string& url) {
    auto client = ServiceClient::Create(service, Context(url));
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return std::move(client).value();
  }

  testing::ManualClock clock_;
  std::vector<std::string> attempts_;
};

StubResponse JsonError(int status, const std::string& type, const std::string& message) {
  StubResponse r;
  r.status = status;
  r.content_type = "application/x-amz-json-1.1";
  r.headers = {{"x-amzn-RequestId", "req-123"}};
  r.body = nlohmann::json{{"__type", type}, {"message", message}}.dump();
  return r;
}

TEST_F(ServiceClientTest, JsonCallIsSignedTargetedAndDecoded) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse r;
    r.content_type = "application/x-amz-json-1.1";
    r.body = R"({"services":[{"serviceName":"web","desiredCount":3}],"failures":[]})";
    return r;
  });
  auto client = Client(kEcsService, server.url());
  auto result = client->CallJson("DescribeServices", {{"cluster", "c"}, {"services", {"web"}}});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ((*result)["services"][0]["desiredCount"], 3);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const StubRequest& req = requests[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.Header("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.DescribeServices");
  EXPECT_EQ(req.Header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(req.Header("X-Amz-Security-Token"), kSessionToken);
  EXPECT_NE(req.Header("Authorization").find("Credential=AKIDTEST/"), std::string::npos);
  EXPECT_NE(req.Header("Authorization").find("/us-east-1/ecs/aws4_request"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(req.body)["services"][0], "web");
}

TEST_F(ServiceClientTest, QueryCallIsFormEncodedAndResultExtracted) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse r;
    r.content_type = "text/xml";
    r.body = R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDA1</UserId>
  <Account>123456789012</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>)";
    return r;
  });
  auto client = Client(kStsService, server.url());
  auto result = client->CallQuery("GetCallerIdentity", {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ((*result)["Account"], "123456789012");
  const auto req = server.requests().at(0);
  EXPECT_EQ(req.body, "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_NE(req.Header("Content-Type").find("application/x-www-form-urlencoded"), std::string::npos);
}

TEST_F(ServiceClientTest, ThrottlingIsRetriedWithJitteredBackoffThenSucceeds) {
  std::atomic<int> calls{0};
  StubHttpServer server([&](const StubRequest&) {
    if (calls++ < 2) return JsonError(400, "ThrottlingException", "Rate exceeded");
    StubResponse r;
    r.body = "{}";
    return r;
  });
  auto client = Client(kEcsService, server.url());
  auto result = client->CallJson("DeleteTaskSet", {{"taskSet", "ts"}});  // non-idempotent: throttles still retry
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(server.request_count(), 3u);
  const auto sleeps = clock_.sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_LT(sleeps[0].count(), 1000);
  EXPECT_LT(sleeps[1].count(), 2000);
  // Every retry carries a fresh signature but the same invocation id.
  const auto requests = server.requests();
  EXPECT_EQ(requests[0].Header("amz-sdk-invocation-id"), requests[2].Header("amz-sdk-invocation-id"));
  EXPECT_EQ(requests[2].Header("amz-sdk-request"), "attempt=3; max=3");
}

TEST_F(ServiceClientTest, PersistentThrottlingEndsAfterThreeAttemptsWithTypedError) {
  StubHttpServer server([](const StubRequest&) { return JsonError(400, "ThrottlingException", "Rate exceeded"); });
  auto client = Client(kEcsService, server.url());
  auto result = client->CallJson("DescribeServices", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(result.status().code(), StatusCode::kThrottled);
  const AwsError* error = AsAwsError(result.status());
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->service, "ecs");
  EXPECT_EQ(error->operation, "DescribeServices");
  EXPECT_EQ(error->code, "ThrottlingException");
  EXPECT_EQ(error->http_status, 400);
  EXPECT_EQ(error->request_id, "req-123");
  EXPECT_TRUE(error->retryable);
}

TEST_F(ServiceClientTest, QueryThrottlingCodeIsRecognised) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse r;
    r.status = 400;
    r.content_type = "text/xml";
    r.body = R"(<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>e-1</RequestId></ErrorResponse>)";
    return r;
  });
  auto client = Client(kElbv2Service, server.url());
  auto result = client->CallQuery("ModifyRule", {{"RuleArn", "arn"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(AsAwsError(result.status())->code, "Throttling");
}

TEST_F(ServiceClientTest, ServerErrorsRetryReadsButNotNonIdempotentWrites) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse r;
    r.status = 503;
    r.content_type = "text/html";
    r.body = "<html><body><h1>503 Service Unavailable</h1></body></html>";
    return r;
  });
  auto client = Client(kEcsService, server.url());
  auto read = client->CallJson("DescribeServices", {});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(read.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(AsAwsError(read.status())->http_status, 503);

  auto write = client->CallJson("RegisterTaskDefinition", {{"family", "web"}});
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(server.request_count(), 4u);  // exactly one more attempt
  EXPECT_FALSE(AsAwsError(write.status())->retryable);
}

TEST_F(ServiceClientTest, TimeoutsAreRetriedForReadsAndReportedAsDeadlineExceeded) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse r;
    r.delay = std::chrono::milliseconds(600);
    r.body = "{}";
    return r;
  });
  auto ctx = Context(server.url());
  ctx->request_timeout = std::chrono::milliseconds(150);
  auto client = std::move(ServiceClient::Create(kEcsService, ctx)).value();
  auto result = client->CallJson("DescribeTaskSets", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(server.request_count(), 3u);
  // Timeout retries cost 10 tokens each.
  EXPECT_EQ(ctx->retry_quota->available(), 500 - 20);
}

TEST_F(ServiceClientTest, DroppedConnectionsAreRetriedOnlyWhenSafe) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse r;
    r.drop_connection = true;
    return r;
  });
  auto client = Client(kElbv2Service, server.url());
  auto modify = client->CallQuery("ModifyRule", {{"RuleArn", "arn"}});  // set-to-value: retried
  ASSERT_FALSE(modify.ok());
  EXPECT_EQ(server.request_count(), 3u);
  auto ecs = Client(kEcsService, server.url());
  auto reg = ecs->CallJson("RegisterTaskDefinition", {});
  ASSERT_FALSE(reg.ok());
  EXPECT_EQ(server.request_count(), 4u);
}

TEST_F(ServiceClientTest, ConnectFailuresAreRetriedEvenForNonIdempotentCalls) {
  int closed_port;
  {
    StubHttpServer doomed([](const StubRequest&) { return StubResponse{}; });
    closed_port = doomed.port();
  }
  auto client = Client(kEcsService, "http://127.0.0.1:" + std::to_string(closed_port));
  auto result = client->CallJson("RegisterTaskDefinition", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(attempts_.size(), 3u);
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
}

TEST_F(ServiceClientTest, MalformedSuccessBodiesBecomeTypedErrorsNotCrashes) {
  for (const std::string& body : {std::string("{\"services\": [1, 2"), std::string("<html>oops</html>"),
                                 std::string("\x01\x02\xff", 3)}) {
    StubHttpServer server([body](const StubRequest&) {
      StubResponse r;
      r.body = body;
      return r;
    });
    auto client = Client(kEcsService, server.url());
    auto result = client->CallJson("DescribeServices", {});
    ASSERT_FALSE(result.ok()) << body;
    const AwsError* error = AsAwsError(result.status());
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->code, "MalformedResponse");
  }
  StubHttpServer xml_server([](const StubRequest&) {
    StubResponse r;
    r.content_type = "text/xml";
    r.body = "<DescribeRulesResponse><DescribeRulesResult><Rules><member>";
    return r;
  });
  auto elb = Client(kElbv2Service, xml_server.url());
  auto result = elb->CallQuery("DescribeRules", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(AsAwsError(result.status())->code, "MalformedResponse");
}

TEST_F(ServiceClientTest, ErrorBodiesOfEveryShapeStillGiveAnError) {
  for (const std::string& body : {std::string(""), std::string("{\"__type\":"), std::string("<html>502</html>"),
                                 std::string("null"), std::string("[]")}) {
    StubHttpServer server([body](const StubRequest&) {
      StubResponse r;
      r.status = 400;
      r.body = body;
      return r;
    });
    auto client = Client(kEcsService, server.url());
    auto result = client->CallJson("DescribeServices", {});
    ASSERT_FALSE(result.ok()) << body;
    ASSERT_NE(AsAwsError(result.status()), nullptr);
    EXPECT_EQ(AsAwsError(result.status())->http_status, 400);
  }
}

TEST_F(ServiceClientTest, AccessDeniedNamesTheAction) {
  StubHttpServer server([](const StubRequest&) {
    return JsonError(400, "AccessDeniedException",
                     "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: "
                     "ecs:CreateTaskSet on resource: arn:aws:ecs:us-east-1:123456789012:service/c/web");
  });
  auto client = Client(kEcsService, server.url());
  auto result = client->CallJson("CreateTaskSet", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(result.status().message().find("ecs:CreateTaskSet"), std::string::npos);
  EXPECT_NE(result.status().message().find("service/c/web"), std::string::npos);
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(ServiceClientTest, SecretsNeverAppearInLogsOrErrors) {
  StubHttpServer server([](const StubRequest& req) {
    // A hostile server that echoes the request headers into its error message.
    std::string echoed;
    for (const auto& [k, v] : req.headers) echoed += k + ": " + v + "\n";
    return JsonError(400, "ValidationException", echoed);
  });
  RegisterSecret(kSecretKey);
  RegisterSecret(kSessionToken);
  std::string captured;
  log::CaptureForTest(&captured);
  log::SetLevel(log::Level::kDebug);
  auto client = Client(kEcsService, server.url());
  auto result = client->CallJson("DescribeServices", {});
  log::SetLevel(log::Level::kWarn);
  log::CaptureForTest(nullptr);
  ASSERT_FALSE(result.ok());
  const std::string shown = Scrub(result.status().ToString());
  const std::string signature = server.requests().at(0).Header("Authorization").substr(
      server.requests().at(0).Header("Authorization").find("Signature=") + 10);
  for (const std::string& text : {shown, captured}) {
    EXPECT_EQ(text.find(kSecretKey), std::string::npos);
    EXPECT_EQ(text.find(kSessionToken), std::string::npos);
    EXPECT_EQ(text.find(signature), std::string::npos);
  }
  EXPECT_NE(shown.find("ValidationException"), std::string::npos);
}

TEST_F(ServiceClientTest, HostPrefixOnlyOnAwsHosts) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse r;
    r.body = R"({"Instances":[]})";
    return r;
  });
  auto client = Client(kServiceDiscoveryService, server.url());
  auto result = client->CallJson("DiscoverInstances", {}, CallOptions{.host_prefix = "data-"});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(server.requests().at(0).Header("Host"), "127.0.0.1:" + std::to_string(server.port()));
}

}  // namespace
}  // namespace kanaria::aws
