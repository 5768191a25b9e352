// HttpProber over an in-memory transport and a manual clock: what it sends and how it judges.
// tests/integration/http_probe_test.cc runs it against a real loopback server.
#include "engine/analysis/http/http_probe.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/redact.h"
#include "fakes/manual_clock.h"
#include "fakes/scripted_http_transport.h"

namespace kanaria::engine::analysis {
namespace {

using kanaria::testing::ManualClock;
using kanaria::testing::ScriptedHttpTransport;
using ::testing::HasSubstr;
using ::testing::Not;

class HttpProbeTest : public ::testing::Test {
 protected:
  // Answers `status`/`body` after `latency` of (manual) time.
  void Answer(int status, std::string body, Duration latency = Duration(20)) {
    transport_->set_handler(
        [this, status, body, latency](const aws::HttpRequest&) -> StatusOr<aws::HttpResponse> {
          clock_.Advance(latency);
          return ScriptedHttpTransport::Answer(status, body);
        });
  }
  static HttpProbe Probe() {
    HttpProbe probe;
    probe.url = "http://app.internal:8080/healthz?token=probe-query-secret";
    probe.expected_code = 200;
    probe.expected_response = "ok";
    probe.timeout = std::chrono::milliseconds(1500);
    probe.latency_bound = std::chrono::milliseconds(500);
    return probe;
  }

  ManualClock clock_;
  std::shared_ptr<ScriptedHttpTransport> transport_ = std::make_shared<ScriptedHttpTransport>(
      [](const aws::HttpRequest&) -> StatusOr<aws::HttpResponse> {
        return ScriptedHttpTransport::Answer(200, "ok");
      });
  HttpProber prober_{transport_, clock_};
};

TEST_F(HttpProbeTest, AMatchingAnswerPasses) {
  Answer(200, "{\"status\":\"ok\"}", std::chrono::milliseconds(120));
  HttpProbe probe = Probe();
  probe.method = "HEAD";
  probe.headers = {{"Authorization", "Bearer probe-header-secret"}, {"X-Canary", "1"}};
  const ProbeResult result = prober_.Run(probe);
  EXPECT_TRUE(result.ok) << result.reason;
  EXPECT_EQ(result.code, 200);
  EXPECT_EQ(result.latency, std::chrono::milliseconds(120));
  EXPECT_EQ(result.reason, "");

  ASSERT_EQ(transport_->requests().size(), 1u);
  const aws::HttpRequest sent = transport_->requests()[0];
  EXPECT_EQ(sent.method, "HEAD");
  EXPECT_EQ(sent.url, probe.url);
  EXPECT_EQ(sent.headers, probe.headers);
  EXPECT_EQ(sent.total_timeout, std::chrono::milliseconds(1500));
  EXPECT_LE(sent.connect_timeout, std::chrono::milliseconds(1500));
}

TEST_F(HttpProbeTest, AWrongCodeIsNamed) {
  Answer(503, "ok");
  const ProbeResult result = prober_.Run(Probe());
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, 503);
  EXPECT_EQ(result.reason, "code 503 ≠ expected 200");
}

TEST_F(HttpProbeTest, AMissingSubstringIsNamed) {
  Answer(200, "{\"status\":\"degraded\"}\n");
  const ProbeResult result = prober_.Run(Probe());
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.reason, HasSubstr("body lacks \"ok\""));
  EXPECT_THAT(result.reason, HasSubstr("degraded"));
}

TEST_F(HttpProbeTest, ASlowAnswerIsNamed) {
  Answer(200, "ok", std::chrono::milliseconds(812));
  const ProbeResult result = prober_.Run(Probe());
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.latency, std::chrono::milliseconds(812));
  EXPECT_EQ(result.reason, "latency 812 ms > bound 500 ms");
}

TEST_F(HttpProbeTest, EveryDifferenceIsListed) {
  Answer(500, "boom", std::chrono::milliseconds(600));
  const ProbeResult result = prober_.Run(Probe());
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.reason, HasSubstr("code 500 ≠ expected 200; body lacks \"ok\""));
  EXPECT_THAT(result.reason, HasSubstr("; latency 600 ms > bound 500 ms"));
}

TEST_F(HttpProbeTest, NoBoundAndNoSubstringAcceptAnySlowBody) {
  Answer(204, "", std::chrono::seconds(5));
  HttpProbe probe = Probe();
  probe.expected_code = 204;
  probe.expected_response.clear();
  probe.latency_bound = Duration::zero();
  EXPECT_TRUE(prober_.Run(probe).ok);
}

TEST_F(HttpProbeTest, TransportFailuresSayWhatHappened) {
  transport_->set_handler([](const aws::HttpRequest&) -> StatusOr<aws::HttpResponse> {
    return ScriptedHttpTransport::Failure(aws::TransportError::Kind::kConnectFailed,
                                          "GET app.internal:8080: could not connect (refused)");
  });
  ProbeResult refused = prober_.Run(Probe());
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.code, 0);
  EXPECT_THAT(refused.reason, HasSubstr("connection refused or unreachable"));

  transport_->set_handler([this](const aws::HttpRequest&) -> StatusOr<aws::HttpResponse> {
    clock_.Advance(std::chrono::milliseconds(1500));
    return ScriptedHttpTransport::Failure(aws::TransportError::Kind::kTimeout, "timed out");
  });
  ProbeResult slow = prober_.Run(Probe());
  EXPECT_FALSE(slow.ok);
  EXPECT_EQ(slow.reason, "no response within 1500 ms");
  EXPECT_EQ(slow.latency, std::chrono::milliseconds(1500));
}

TEST_F(HttpProbeTest, InvalidProbesFailWithoutARequestAndWithoutEchoingTheUrl) {
  HttpProbe probe = Probe();
  probe.url = "gopher://app.internal/?token=probe-query-secret";
  ProbeResult result = prober_.Run(probe);
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.reason, HasSubstr("invalid probe"));
  EXPECT_THAT(result.reason, Not(HasSubstr("probe-query-secret")));
  EXPECT_TRUE(transport_->requests().empty());

  EXPECT_EQ(ValidateHttpProbe(Probe()).code(), StatusCode::kOk);
  probe = Probe();
  probe.method = "GET /x";
  EXPECT_EQ(ValidateHttpProbe(probe).code(), StatusCode::kInvalidInput);
  probe = Probe();
  probe.expected_code = 42;
  EXPECT_THAT(ValidateHttpProbe(probe).message(), HasSubstr("expectedCode 42"));
  probe = Probe();
  probe.timeout = Duration::zero();
  EXPECT_EQ(ValidateHttpProbe(probe).code(), StatusCode::kInvalidInput);
  probe = Probe();
  probe.headers = {{"X-Evil", "a\r\nInjected: 1"}};
  EXPECT_EQ(ValidateHttpProbe(probe).code(), StatusCode::kInvalidInput);
}

TEST_F(HttpProbeTest, ReasonsAreScrubbed) {
  RegisterSecret("body-secret-0123456789");
  Answer(200, "secret=body-secret-0123456789");
  const ProbeResult result = prober_.Run(Probe());
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.reason, Not(HasSubstr("body-secret-0123456789")));
  EXPECT_THAT(result.reason, HasSubstr("[REDACTED]"));
}

}  // namespace
}  // namespace kanaria::engine::analysis
