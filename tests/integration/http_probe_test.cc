// HttpProber over CurlTransport against a loopback server (StubHttpServer, on cpp-httplib): the
// code, body, latency and connection failures as a real exchange produces them.
#include "engine/analysis/http/http_probe.h"

#include <gtest/gtest.h>

#include "aws/curl_transport.h"
#include "support/external_tools.h"
#include "support/stub_http_server.h"

namespace kanaria::testing {
namespace {

using engine::analysis::HttpProbe;
using engine::analysis::HttpProber;
using engine::analysis::ProbeResult;
using std::chrono::milliseconds;

StubResponse Serve(const StubRequest& request) {
  StubResponse response;
  response.content_type = "text/plain";
  if (request.path == "/healthz") {
    response.body = request.Header("X-Probe") == "kanaria" ? "status: ok" : "status: who are you";
  } else if (request.path == "/down") {
    response.status = 503;
    response.body = "status: not ok, draining";
  } else if (request.path == "/degraded") {
    response.body = "status: degraded";
  } else if (request.path == "/slow") {
    response.body = "status: ok";
    response.delay = milliseconds(400);
  } else if (request.path == "/hang") {
    response.body = "status: ok";
    response.delay = milliseconds(5000);
  } else {
    response.status = 404;
  }
  return response;
}

class HttpProbeLoopbackTest : public ::testing::Test {
 protected:
  HttpProbe Probe(const std::string& path) const {
    HttpProbe probe;
    probe.url = server_.url() + path;
    probe.headers = {{"X-Probe", "kanaria"}};
    probe.expected_code = 200;
    probe.expected_response = "ok";
    probe.timeout = milliseconds(2000);
    probe.latency_bound = milliseconds(200);
    return probe;
  }

  StubHttpServer server_{Serve};
  HttpProber prober_{std::make_shared<aws::CurlTransport>(), SystemClock::Instance()};
};

TEST_F(HttpProbeLoopbackTest, AHealthyEndpointPasses) {
  const ProbeResult result = prober_.Run(Probe("/healthz"));
  EXPECT_TRUE(result.ok) << result.reason;
  EXPECT_EQ(result.code, 200);
  EXPECT_LT(result.latency, milliseconds(200));
  ASSERT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(server_.requests()[0].method, "GET");
  EXPECT_EQ(server_.requests()[0].Header("X-Probe"), "kanaria");
}

TEST_F(HttpProbeLoopbackTest, AWrongCodeFails) {
  const ProbeResult result = prober_.Run(Probe("/down"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, 503);
  EXPECT_EQ(result.reason, "code 503 ≠ expected 200");
}

TEST_F(HttpProbeLoopbackTest, ABodyWithoutTheSubstringFails) {
  const ProbeResult result = prober_.Run(Probe("/degraded"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, 200);
  EXPECT_EQ(result.reason, "body lacks \"ok\" (body starts: \"status: degraded\")");
}

TEST_F(HttpProbeLoopbackTest, ASlowAnswerFailsItsLatencyBound) {
  const ProbeResult result = prober_.Run(Probe("/slow"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, 200);
  EXPECT_GE(result.latency, milliseconds(350));
  EXPECT_NE(result.reason.find("> bound 200 ms"), std::string::npos) << result.reason;
  EXPECT_EQ(result.reason.rfind("latency ", 0), 0u) << result.reason;
}

TEST_F(HttpProbeLoopbackTest, NoAnswerWithinTheTimeoutFails) {
  HttpProbe probe = Probe("/hang");
  probe.timeout = milliseconds(300);
  const ProbeResult result = prober_.Run(probe);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, 0);
  EXPECT_EQ(result.reason, "no response within 300 ms");
  EXPECT_GE(result.latency, milliseconds(250));  // curl's timer and ours differ by a few ms
  EXPECT_LT(result.latency, milliseconds(3000));
}

TEST_F(HttpProbeLoopbackTest, ConnectionRefusedFails) {
  HttpProbe probe = Probe("/healthz");
  probe.url = "http://127.0.0.1:" + std::to_string(FreeLoopbackPort()) + "/healthz";
  const ProbeResult result = prober_.Run(probe);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, 0);
  EXPECT_EQ(result.reason.rfind("connection refused or unreachable: ", 0), 0u) << result.reason;
}

}  // namespace
}  // namespace kanaria::testing
