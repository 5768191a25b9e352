// PrometheusProvider over an in-memory transport: what it sends (endpoint, parameters, auth,
// timeouts) and how transport failures and answers become Status codes. Decoding details are
// prometheus_response_test.cc's.
#include "engine/analysis/prometheus/prometheus_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/url.h"
#include "core/redact.h"
#include "fakes/scripted_http_transport.h"

namespace kanaria::engine::analysis {
namespace {

using kanaria::testing::ScriptedHttpTransport;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kMatrix[] = R"({"status":"success","data":{"resultType":"matrix","result":[
    {"metric":{"code":"500"},"values":[[1700000030,"0.5"]]}]}})";

WallTime At(long long seconds) { return WallTime(std::chrono::seconds(seconds)); }

// The query parameters of a recorded request, decoded.
std::map<std::string, std::string> Params(const aws::HttpRequest& request) {
  std::string raw =
      request.method == "GET" ? request.url.substr(request.url.find('?') + 1) : request.body;
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= raw.size()) {
    size_t amp = raw.find('&', pos);
    if (amp == std::string::npos) amp = raw.size();
    const std::string pair = raw.substr(pos, amp - pos);
    const size_t eq = pair.find('=');
    out[pair.substr(0, eq)] = aws::UriDecode(pair.substr(eq + 1));
    pos = amp + 1;
  }
  return out;
}

class PrometheusProviderTest : public ::testing::Test {
 protected:
  std::unique_ptr<PrometheusProvider> Provider(PrometheusOptions options = {}) {
    if (options.address.empty()) options.address = "http://prometheus.test:9090/";
    auto provider = PrometheusProvider::Create(options, transport_);
    EXPECT_TRUE(provider.ok()) << provider.status().ToString();
    return provider.ok() ? std::move(provider).value() : nullptr;
  }
  void AnswerAlways(int status, std::string body) {
    transport_->set_handler([status, body](const aws::HttpRequest&) -> StatusOr<aws::HttpResponse> {
      return ScriptedHttpTransport::Answer(status, body);
    });
  }

  std::shared_ptr<ScriptedHttpTransport> transport_ = std::make_shared<ScriptedHttpTransport>(
      [](const aws::HttpRequest&) -> StatusOr<aws::HttpResponse> {
        return ScriptedHttpTransport::Answer(200, kMatrix);
      });
};

TEST_F(PrometheusProviderTest, QueryRangeSendsAFormEncodedGet) {
  PrometheusOptions options;
  options.timeout = std::chrono::milliseconds(2500);
  auto provider = Provider(options);
  const std::string query = "sum(rate(x{code=~\"5..\"}[30s])) / sum(rate(x[30s]))";
  auto series =
      provider->QueryRange(query, {At(1700000000), At(1700000030), std::chrono::seconds(30)});
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  ASSERT_EQ(series->size(), 1u);
  EXPECT_EQ((*series)[0].points[0].value, 0.5);

  ASSERT_EQ(transport_->requests().size(), 1u);
  const aws::HttpRequest request = transport_->requests()[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_TRUE(request.url.starts_with("http://prometheus.test:9090/api/v1/query_range?query="))
      << request.url;
  // Nothing outside RFC 3986's unreserved set travels raw.
  const size_t from = request.url.find("query=") + 6;
  const std::string encoded = request.url.substr(from, request.url.find('&', from) - from);
  EXPECT_EQ(encoded.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~%"),
            std::string::npos)
      << encoded;
  const auto params = Params(request);
  EXPECT_EQ(params.at("query"), query);
  EXPECT_EQ(params.at("end"), "1700000030");
  EXPECT_EQ(params.at("step"), "30");
  EXPECT_EQ(params.at("timeout"), "2.5");
  EXPECT_EQ(request.total_timeout, std::chrono::milliseconds(2500));
  EXPECT_LE(request.connect_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(aws::FindHeader(request.headers, "Authorization"), "");
}

TEST_F(PrometheusProviderTest, WindowIsEvaluatedAtTheEndOfEachStep) {
  auto provider = Provider();
  // One step per window: one evaluation, at the end.
  ASSERT_TRUE(
      provider->QueryRange("up", {At(1700000000), At(1700000030), std::chrono::seconds(30)}).ok());
  // Three steps: evaluations at +10, +20, +30.
  ASSERT_TRUE(
      provider->QueryRange("up", {At(1700000000), At(1700000030), std::chrono::seconds(10)}).ok());
  // A step longer than the window: the single evaluation is still at the end.
  ASSERT_TRUE(
      provider->QueryRange("up", {At(1700000000), At(1700000030), std::chrono::seconds(60)}).ok());
  const auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(Params(requests[0]).at("start"), "1700000030");
  EXPECT_EQ(Params(requests[1]).at("start"), "1700000010");
  EXPECT_EQ(Params(requests[1]).at("end"), "1700000030");
  EXPECT_EQ(Params(requests[2]).at("start"), "1700000030");
}

TEST_F(PrometheusProviderTest, ScaledWindowsKeepSubSecondResolution) {
  auto provider = Provider();
  const WallTime start = At(1700000000) + std::chrono::milliseconds(250);
  ASSERT_TRUE(provider
                  ->QueryRange("up", {start, start + std::chrono::seconds(3),
                                      std::chrono::milliseconds(500)})
                  .ok());
  const auto params = Params(transport_->requests()[0]);
  EXPECT_EQ(params.at("start"), "1700000000.75");
  EXPECT_EQ(params.at("end"), "1700000003.25");
  EXPECT_EQ(params.at("step"), "0.5");
}

TEST_F(PrometheusProviderTest, APathPrefixIsKept) {
  PrometheusOptions options;
  options.address = "https://metrics.example.org/prometheus//";
  ASSERT_TRUE(Provider(options)->QueryInstant("up").ok());
  EXPECT_TRUE(transport_->requests()[0].url.starts_with(
      "https://metrics.example.org/prometheus/api/v1/query?query=up"))
      << transport_->requests()[0].url;
}

TEST_F(PrometheusProviderTest, QueryInstantSendsTheTimeWhenGiven) {
  AnswerAlways(200, R"({"status":"success","data":{"resultType":"vector","result":[
      {"metric":{"job":"a"},"value":[1700000000.5,"3"]}]}})");
  auto provider = Provider();
  auto series =
      provider->QueryInstant("count(up)", At(1700000000) + std::chrono::milliseconds(500));
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  EXPECT_EQ((*series)[0].points[0].value, 3);
  EXPECT_EQ((*series)[0].labels.at("job"), "a");
  ASSERT_TRUE(provider->QueryInstant("count(up)").ok());
  const auto requests = transport_->requests();
  EXPECT_TRUE(requests[0].url.starts_with("http://prometheus.test:9090/api/v1/query?"))
      << requests[0].url;
  EXPECT_EQ(Params(requests[0]).at("time"), "1700000000.5");
  EXPECT_EQ(Params(requests[1]).count("time"), 0u);
}

TEST_F(PrometheusProviderTest, BearerTokenIsSentAndScrubbed) {
  PrometheusOptions options;
  options.bearer_token = "prom-bearer-0123456789";
  ASSERT_TRUE(Provider(options)->QueryInstant("up").ok());
  EXPECT_EQ(aws::FindHeader(transport_->requests()[0].headers, "Authorization"),
            "Bearer prom-bearer-0123456789");
  EXPECT_THAT(Scrub("token prom-bearer-0123456789"), Not(HasSubstr("prom-bearer-0123456789")));
}

TEST_F(PrometheusProviderTest, BasicAuthIsSentAndScrubbed) {
  PrometheusOptions options;
  options.username = "kanaria";
  options.password = "basic-password-42";
  ASSERT_TRUE(Provider(options)->QueryInstant("up").ok());
  // base64("kanaria:basic-password-42")
  const std::string expected = "Basic a2FuYXJpYTpiYXNpYy1wYXNzd29yZC00Mg==";
  EXPECT_EQ(aws::FindHeader(transport_->requests()[0].headers, "Authorization"), expected);
  EXPECT_THAT(Scrub(expected), Not(HasSubstr("a2FuYXJpYTpiYXNpYy1wYXNzd29yZC00Mg==")));
  EXPECT_THAT(Scrub("basic-password-42"), Not(HasSubstr("basic-password-42")));
}

TEST_F(PrometheusProviderTest, LongQueriesArePosted) {
  auto provider = Provider();
  std::string query = "up{instance=~\"";
  for (int i = 0; i < 1000; ++i) query += "host-" + std::to_string(i) + "|";
  query += "x\"}";
  ASSERT_TRUE(
      provider->QueryRange(query, {At(1700000000), At(1700000060), std::chrono::seconds(60)}).ok());
  const aws::HttpRequest request = transport_->requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://prometheus.test:9090/api/v1/query_range");
  EXPECT_EQ(aws::FindHeader(request.headers, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(Params(request).at("query"), query);
  EXPECT_EQ(Params(request).at("step"), "60");
}

TEST_F(PrometheusProviderTest, ConnectionRefusedIsUnavailable) {
  transport_->set_handler([](const aws::HttpRequest&) -> StatusOr<aws::HttpResponse> {
    return ScriptedHttpTransport::Failure(
        aws::TransportError::Kind::kConnectFailed,
        "GET prometheus.test:9090: could not connect (Connection refused)");
  });
  auto series =
      Provider()->QueryRange("up", {At(1700000000), At(1700000060), std::chrono::seconds(60)});
  EXPECT_EQ(series.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(series.status().message(), HasSubstr("Connection refused"));
  ASSERT_NE(series.status().detail_as<aws::TransportError>(), nullptr);
}

TEST_F(PrometheusProviderTest, TimeoutIsUnavailable) {
  transport_->set_handler([](const aws::HttpRequest&) -> StatusOr<aws::HttpResponse> {
    return ScriptedHttpTransport::Failure(
        aws::TransportError::Kind::kTimeout,
        "GET prometheus.test:9090: no complete response before the timeout");
  });
  auto series =
      Provider()->QueryRange("up", {At(1700000000), At(1700000060), std::chrono::seconds(60)});
  EXPECT_EQ(series.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(series.status().message(), HasSubstr("prometheus query_range: "));
}

TEST_F(PrometheusProviderTest, AnswersMapToTheInterfaceCodes) {
  auto provider = Provider();
  const TimeWindow window{At(1700000000), At(1700000060), std::chrono::seconds(60)};
  AnswerAlways(
      400,
      R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:4: parse error: unclosed left parenthesis"})");
  auto bad = provider->QueryRange("sum(", window);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(bad.status().message(), HasSubstr("1:4: parse error: unclosed left parenthesis"));
  AnswerAlways(401, "");
  EXPECT_EQ(provider->QueryRange("up", window).status().code(), StatusCode::kUnauthenticated);
  AnswerAlways(403, "forbidden");
  EXPECT_EQ(provider->QueryRange("up", window).status().code(), StatusCode::kUnauthenticated);
  AnswerAlways(503, R"({"status":"error","errorType":"unavailable","error":"TSDB not ready"})");
  EXPECT_EQ(provider->QueryRange("up", window).status().code(), StatusCode::kUnavailable);
  AnswerAlways(500, "oops");
  EXPECT_EQ(provider->QueryRange("up", window).status().code(), StatusCode::kUnavailable);
  AnswerAlways(200, R"({"status":"success","data":{"resultType":"matrix","result":[]}})");
  auto empty = provider->QueryRange("absent_metric", window);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());
}

TEST_F(PrometheusProviderTest, BadWindowsAreRefusedWithoutARequest) {
  auto provider = Provider();
  EXPECT_EQ(provider->QueryRange("up", {At(1700000000), At(1700000060), Duration::zero()})
                .status()
                .code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(provider->QueryRange("up", {At(1700000060), At(1700000060), std::chrono::seconds(1)})
                .status()
                .code(),
            StatusCode::kInvalidInput);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(PrometheusProviderTest, OptionsAreValidatedWithoutRepeatingTheAddress) {
  auto create = [&](PrometheusOptions options) {
    return PrometheusProvider::Create(options, transport_).status();
  };
  EXPECT_EQ(create({}).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(create({.address = "ftp://prom:21"}).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(create({.address = "prometheus:9090"}).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(create({.address = "http://prom:9090/?x=1"}).code(), StatusCode::kInvalidInput);
  const Status userinfo = create({.address = "http://admin:hunter2-secret@prom:9090"});
  EXPECT_EQ(userinfo.code(), StatusCode::kInvalidInput);
  EXPECT_THAT(userinfo.message(), Not(HasSubstr("hunter2-secret")));
  EXPECT_THAT(userinfo.message(), HasSubstr("username"));
  EXPECT_EQ(create({.address = "http://prom:9090", .bearer_token = "t0123456789", .username = "u"})
                .code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(create({.address = "http://prom:9090", .password = "p"}).code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(create({.address = "http://prom:9090", .bearer_token = "a\nb"}).code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(create({.address = "http://prom:9090", .timeout = Duration::zero()}).code(),
            StatusCode::kInvalidInput);
  EXPECT_TRUE(create({.address = "http://127.0.0.1:9090"}).ok());
}

TEST(PrometheusFormatTest, TimesAndDurationsInSecondsWithMillisecondDecimals) {
  EXPECT_EQ(PrometheusTime(At(1700000000)), "1700000000");
  EXPECT_EQ(PrometheusTime(At(1700000000) + std::chrono::milliseconds(5)), "1700000000.005");
  EXPECT_EQ(PrometheusTime(At(1700000000) + std::chrono::milliseconds(120)), "1700000000.12");
  EXPECT_EQ(PrometheusSeconds(std::chrono::milliseconds(500)), "0.5");
  EXPECT_EQ(PrometheusSeconds(std::chrono::minutes(1)), "60");
  EXPECT_EQ(PrometheusSeconds(std::chrono::milliseconds(1)), "0.001");
}

}  // namespace
}  // namespace kanaria::engine::analysis
