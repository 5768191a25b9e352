// Signatures per second for the requests kanaria sends most: an ECS JSON 1.1 call and a
// query-protocol call (ELBv2 / CloudWatch / STS), both with temporary credentials.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "aws/sigv4.h"

namespace kanaria::aws {
namespace {

Credentials TemporaryCredentials() {
  Credentials credentials;
  credentials.access_key_id = "ASIAIOSFODNN7EXAMPLE";
  credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  credentials.session_token = std::string(
      "IQoJb3JpZ2luX2VjEPT//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampletokenexampletokenexample"
      "tokenexampletokenexampletokenexampletokenexampletokenexampletokenexampletoken==");
  return credentials;
}

SigningParams Params(const char* service) {
  SigningParams params;
  params.region = "us-east-1";
  params.service = service;
  params.time = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  return params;
}

// UpdateService with a deployment configuration: about 500 bytes of JSON.
HttpRequest EcsJsonRequest() {
  HttpRequest request;
  request.method = "POST";
  request.url = "https://ecs.us-east-1.amazonaws.com/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.UpdateService"},
                     {"User-Agent", "kanaria/0.1.0"}};
  request.body =
      R"({"cluster":"production",)"
      R"("service":"arn:aws:ecs:us-east-1:123456789012:service/production/web-frontend",)"
      R"("taskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/web-frontend:42",)"
      R"("desiredCount":12,"deploymentConfiguration":{"maximumPercent":200,)"
      R"("minimumHealthyPercent":100,"deploymentCircuitBreaker":{"enable":true,"rollback":true}},)"
      R"("networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-0a1b2c3d4e5f60718",)"
      R"("subnet-0f1e2d3c4b5a69788"],"securityGroups":["sg-0123456789abcdef0"],"assignPublicIp":"DISABLED"}}})";
  return request;
}

// DescribeTargetHealth as botocore sends it: a form-encoded POST.
HttpRequest QueryProtocolRequest() {
  HttpRequest request;
  request.method = "POST";
  request.url = "https://elasticloadbalancing.us-east-1.amazonaws.com/";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"User-Agent", "kanaria/0.1.0"}};
  request.body =
      "Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=arn%3Aaws%3Aelasticloadbalancing"
      "%3Aus-east-1%3A123456789012%3Atargetgroup%2Fweb-canary%2F73e2d6bc24d8a067";
  return request;
}

// The same call with its parameters in the URL, which exercises query canonicalisation.
HttpRequest QueryInUrlRequest() {
  HttpRequest request = QueryProtocolRequest();
  request.method = "GET";
  request.url += "?" + request.body;
  request.body.clear();
  request.headers.resize(1);
  request.headers[0] = {"User-Agent", "kanaria/0.1.0"};
  return request;
}

void SignRepeatedly(benchmark::State& state, HttpRequest request, const char* service) {
  const Credentials credentials = TemporaryCredentials();
  const SigningParams params = Params(service);
  // Re-signing replaces the previous Authorization, X-Amz-Date and token, so the request stays
  // the same size from one iteration to the next.
  for (auto _ : state) {
    SigningArtifacts artifacts = SignRequest(request, credentials, params);
    benchmark::DoNotOptimize(artifacts.signature.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(request.body.size()) + "-byte body");
}

void BM_SigV4SignEcsJson(benchmark::State& state) { SignRepeatedly(state, EcsJsonRequest(), "ecs"); }
BENCHMARK(BM_SigV4SignEcsJson);

void BM_SigV4SignQueryProtocol(benchmark::State& state) {
  SignRepeatedly(state, QueryProtocolRequest(), "elasticloadbalancing");
}
BENCHMARK(BM_SigV4SignQueryProtocol);

void BM_SigV4SignQueryInUrl(benchmark::State& state) {
  SignRepeatedly(state, QueryInUrlRequest(), "elasticloadbalancing");
}
BENCHMARK(BM_SigV4SignQueryInUrl);

}  // namespace
}  // namespace kanaria::aws
