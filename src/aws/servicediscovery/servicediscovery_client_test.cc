// ServiceDiscoveryClient over an in-memory transport: request shapes, pagination, the "data-"
// host prefix of DiscoverInstances, and malformed answers.
#include "aws/servicediscovery/servicediscovery_client.h"

#include <gtest/gtest.h>

#include <functional>
#include <mutex>

#include "fakes/manual_clock.h"
#include "support/test_client_context.h"

namespace kanaria::aws::servicediscovery {
namespace {

using nlohmann::json;

struct RecordedCall {
  std::string url;
  std::string operation;
  json input;
};

// Answers each request with handler(operation, input); records url, operation and input.
class ScriptedTransport final : public HttpTransport {
 public:
  using Handler = std::function<json(const std::string& operation, const json& input)>;
  explicit ScriptedTransport(Handler handler) : handler_(std::move(handler)) {}

  StatusOr<HttpResponse> Send(const HttpRequest& request) override {
    const std::string target(FindHeader(request.headers, "X-Amz-Target"));
    RecordedCall call{request.url, target.substr(target.find('.') + 1), json::parse(request.body)};
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls_.push_back(call);
    }
    HttpResponse response;
    response.status = 200;
    response.headers = {{"Content-Type", "application/x-amz-json-1.1"}};
    response.body = handler_(call.operation, call.input).dump();
    return response;
  }
  std::vector<StatusOr<HttpResponse>> SendAll(const std::vector<HttpRequest>& requests) override {
    std::vector<StatusOr<HttpResponse>> responses;
    for (const HttpRequest& request : requests) responses.push_back(Send(request));
    return responses;
  }
  std::vector<RecordedCall> calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

 private:
  Handler handler_;
  mutable std::mutex mu_;
  std::vector<RecordedCall> calls_;
};

class ServiceDiscoveryClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<ServiceDiscoveryClient> Client(ScriptedTransport::Handler handler,
                                                 std::optional<std::string> endpoint_url =
                                                     std::string("http://127.0.0.1:9")) {
    transport_ = std::make_shared<ScriptedTransport>(std::move(handler));
    auto context = testing::TestClientContext(std::move(endpoint_url), transport_);
    context->clock = &clock_;
    context->random = std::make_shared<SeededRandom>(1);
    auto client = ServiceDiscoveryClient::Create(context);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return std::move(client).value();
  }

  testing::ManualClock clock_;
  std::shared_ptr<ScriptedTransport> transport_;
};

TEST_F(ServiceDiscoveryClientTest, ListInstancesFollowsNextToken) {
  auto client = Client([](const std::string& op, const json& input) -> json {
    EXPECT_EQ(op, "ListInstances");
    EXPECT_EQ(input["ServiceId"], "srv-1");
    if (!input.contains("NextToken")) {
      return {{"Instances", {{{"Id", "a"}, {"Attributes", {{"AWS_INSTANCE_IPV4", "10.0.0.1"}}}}}},
              {"NextToken", "t2"}};
    }
    EXPECT_EQ(input["NextToken"], "t2");
    return {{"Instances", {{{"Id", "b"}}}}};
  });
  StatusOr<std::vector<InstanceSummary>> instances = client->ListInstances("srv-1");
  ASSERT_TRUE(instances.ok()) << instances.status().ToString();
  ASSERT_EQ(instances->size(), 2u);
  EXPECT_EQ((*instances)[0].attributes.at("AWS_INSTANCE_IPV4"), "10.0.0.1");
  EXPECT_EQ((*instances)[1].id, "b");
  EXPECT_EQ(transport_->calls().size(), 2u);
}

TEST_F(ServiceDiscoveryClientTest, PageSizeIsSentAndChecked) {
  auto client = Client([](const std::string&, const json&) -> json { return json::object(); });
  ASSERT_TRUE(client->ListInstances("srv-1", 25).ok());
  EXPECT_EQ(transport_->calls()[0].input["MaxResults"], 25);
  EXPECT_EQ(client->ListInstances("srv-1", 0).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(client->GetInstancesHealthStatus("srv-1", {}, 101).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(client->ListInstances("").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(transport_->calls().size(), 1u);
}

TEST_F(ServiceDiscoveryClientTest, GetInstancesHealthStatusMergesPages) {
  auto client = Client([](const std::string&, const json& input) -> json {
    EXPECT_EQ(input["Instances"], json::array({"a", "b", "c"}));
    if (!input.contains("NextToken")) return {{"Status", {{"a", "HEALTHY"}, {"b", "UNHEALTHY"}}}, {"NextToken", "n"}};
    return {{"Status", {{"c", "UNKNOWN"}}}};
  });
  StatusOr<std::map<std::string, std::string>> health =
      client->GetInstancesHealthStatus("srv-1", {"a", "b", "c"});
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  EXPECT_EQ(*health, (std::map<std::string, std::string>{{"a", "HEALTHY"}, {"b", "UNHEALTHY"}, {"c", "UNKNOWN"}}));
}

TEST_F(ServiceDiscoveryClientTest, MalformedHealthStatusNamesTheMember) {
  auto client = Client([](const std::string&, const json&) -> json { return {{"Status", {{"a", 1}}}}; });
  StatusOr<std::map<std::string, std::string>> health = client->GetInstancesHealthStatus("srv-1");
  ASSERT_FALSE(health.ok());
  EXPECT_EQ(health.status().code(), StatusCode::kInternal);
  EXPECT_NE(health.status().message().find("servicediscovery GetInstancesHealthStatus"), std::string::npos);
  EXPECT_NE(health.status().message().find("Status.a"), std::string::npos) << health.status().message();
  EXPECT_FALSE(transport_->calls()[0].input.contains("Instances"));  // empty list = all instances
}

TEST_F(ServiceDiscoveryClientTest, GetServiceReadsTheService) {
  auto client = Client([](const std::string& op, const json& input) -> json {
    EXPECT_EQ(op, "GetService");
    EXPECT_EQ(input, (json{{"Id", "srv-1"}}));
    return {{"Service", {{"Id", "srv-1"}, {"Name", "web"}, {"NamespaceId", "ns-1"}}}};
  });
  StatusOr<CloudMapService> service = client->GetService("srv-1");
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  EXPECT_EQ(service->name, "web");
  EXPECT_EQ(client->GetService("").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(transport_->calls().size(), 1u);
}

TEST_F(ServiceDiscoveryClientTest, GetServiceWithoutServiceIsMalformed) {
  auto client = Client([](const std::string&, const json&) -> json { return json::object(); });
  StatusOr<CloudMapService> service = client->GetService("srv-1");
  ASSERT_FALSE(service.ok());
  EXPECT_NE(service.status().message().find("Service: missing"), std::string::npos);
}

TEST_F(ServiceDiscoveryClientTest, DiscoverInstancesSendsFiltersWithoutPrefixOnOverriddenEndpoint) {
  auto client = Client([](const std::string&, const json&) -> json {
    return {{"Instances", {{{"InstanceId", "a"}, {"HealthStatus", "HEALTHY"}, {"ServiceName", "web"},
                            {"NamespaceName", "example.local"}}}},
            {"InstancesRevision", 12345678901LL}};
  });
  DiscoverInstancesRequest request;
  request.namespace_name = "example.local";
  request.service_name = "web";
  request.health_status = "HEALTHY_OR_ELSE_ALL";
  request.query_parameters = {{"ECS_TASK_SET_EXTERNAL_ID", "rel-1"}};
  request.max_results = 500;
  StatusOr<DiscoverInstancesResult> result = client->DiscoverInstances(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->instances.size(), 1u);
  EXPECT_EQ(result->instances[0].health_status, "HEALTHY");
  EXPECT_EQ(result->instances_revision, 12345678901LL);
  const auto calls = transport_->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].url, "http://127.0.0.1:9/");
  EXPECT_EQ(calls[0].input, json::parse(R"({"NamespaceName":"example.local","ServiceName":"web",
      "HealthStatus":"HEALTHY_OR_ELSE_ALL","QueryParameters":{"ECS_TASK_SET_EXTERNAL_ID":"rel-1"},
      "MaxResults":500})"));
}

TEST_F(ServiceDiscoveryClientTest, DiscoverInstancesUsesTheDataHostOnAws) {
  auto client = Client([](const std::string&, const json&) -> json { return {{"Instances", json::array()}}; },
                       std::nullopt);
  DiscoverInstancesRequest request;
  request.namespace_name = "example.local";
  request.service_name = "web";
  ASSERT_TRUE(client->DiscoverInstances(request).ok());
  ASSERT_TRUE(client->ListInstances("srv-1").ok());
  const auto calls = transport_->calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].url, "https://data-servicediscovery.us-east-1.amazonaws.com/");
  EXPECT_EQ(calls[1].url, "https://servicediscovery.us-east-1.amazonaws.com/");
}

TEST_F(ServiceDiscoveryClientTest, DiscoverInstancesRefusesInvalidRequests) {
  auto client = Client([](const std::string&, const json&) -> json { return json::object(); });
  DiscoverInstancesRequest request;
  request.namespace_name = "example.local";
  EXPECT_EQ(client->DiscoverInstances(request).status().code(), StatusCode::kInvalidInput);
  request.service_name = "web";
  request.max_results = 1001;
  EXPECT_EQ(client->DiscoverInstances(request).status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(transport_->calls().empty());
}

}  // namespace
}  // namespace kanaria::aws::servicediscovery
