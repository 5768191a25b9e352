// Per-request overhead of the AWS client on loopback: sign + send + receive + decode through
// ServiceClient and CurlTransport against a stub that answers at once, compared with the bare
// transport on the same stub (the difference is the client's own cost).
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "aws/curl_transport.h"
#include "aws/service_client.h"
#include "support/test_client_context.h"
#include "support/stub_http_server.h"

namespace kanaria::aws {
namespace {

constexpr char kDescribeServicesAnswer[] =
    R"({"services":[{"serviceArn":"arn:aws:ecs:us-east-1:123456789012:service/c/web","serviceName":"web",)"
    R"("desiredCount":4,"runningCount":4,"pendingCount":0,"deploymentController":{"type":"EXTERNAL"},)"
    R"("taskSets":[{"id":"ecs-svc/1","status":"PRIMARY","stabilityStatus":"STEADY_STATE"}]}],"failures":[]})";

testing::StubHttpServer& Stub() {
  static testing::StubHttpServer server([](const testing::StubRequest&) {
    testing::StubResponse r;
    r.content_type = "application/x-amz-json-1.1";
    r.body = kDescribeServicesAnswer;
    return r;
  });
  return server;
}

void BM_ServiceClientDescribeServices(benchmark::State& state) {
  auto ctx = testing::TestClientContext(Stub().url());
  auto client = std::move(ServiceClient::Create(kEcsService, ctx)).value();
  const nlohmann::json input = {{"cluster", "c"}, {"services", {"web"}}};
  for (auto _ : state) {
    auto result = client->CallJson("DescribeServices", input);
    if (!result.ok()) state.SkipWithError(result.status().ToString().c_str());
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ServiceClientDescribeServices)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_BareTransportSameRequest(benchmark::State& state) {
  CurlTransport transport;
  HttpRequest request;
  request.url = Stub().url() + "/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeServices"}};
  request.body = R"({"cluster":"c","services":["web"]})";
  for (auto _ : state) {
    auto response = transport.Send(request);
    if (!response.ok()) state.SkipWithError(response.status().ToString().c_str());
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BareTransportSameRequest)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kanaria::aws
