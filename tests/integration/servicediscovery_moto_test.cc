// The typed Cloud Map client against moto_server over real HTTP: what the Cloud Map router
// reads about a service ECS registers task set tasks into (the service, its instances with
// their ECS attributes, their health, the data-plane view), pagination over more than one page,
// and the error codes. Namespaces, services and instances are created with raw CallJson calls
// so set-up exercises nothing of the code under test.
// Only what both AWS and moto do is asserted; see docs/moto-divergences.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/curl_transport.h"
#include "aws/servicediscovery/servicediscovery_client.h"
#include "support/external_tools.h"
#include "support/test_client_context.h"

namespace kanaria::aws::servicediscovery {
namespace {

using nlohmann::json;
using testing::AwsErrorCode;
using testing::MotoServer;

class ServiceDiscoveryMotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    KANARIA_REQUIRE_TOOL("moto_server");
    if (!moto_->ok()) {
      if (testing::RunningInCi()) FAIL() << "moto_server did not start: " << moto_->error();
      GTEST_SKIP() << "SKIPPED LOUDLY: moto_server did not start: " << moto_->error();
    }
    auto context = testing::TestClientContext(moto_->url());
    context->random = std::make_shared<SeededRandom>(42);
    context->on_attempt = [this](const AttemptRecord& attempt) {
      operations_.emplace_back(attempt.operation);
    };
    auto client = ServiceDiscoveryClient::Create(context);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    cloud_map_ = std::move(client).value();
    static std::atomic<int> next_namespace{0};
    namespace_name_ = "ns" + std::to_string(next_namespace++) + ".kanaria.local";
  }

  json Raw(const std::string& operation, const json& input) {
    StatusOr<json> result = cloud_map_->service_client().CallJson(operation, input);
    EXPECT_TRUE(result.ok()) << operation << ": " << result.status().ToString();
    return result.ok() ? *result : json::object();
  }

  // An HTTP namespace and a service with ECS-style custom health checks; returns the service id.
  std::string CreateService(const std::string& name) {
    Raw("CreateHttpNamespace", {{"Name", namespace_name_}, {"CreatorRequestId", namespace_name_}});
    std::string namespace_id;
    for (const json& ns : Raw("ListNamespaces", json::object()).value("Namespaces", json::array())) {
      if (ns.value("Name", "") == namespace_name_) namespace_id = ns.value("Id", "");
    }
    EXPECT_FALSE(namespace_id.empty()) << namespace_name_;
    json service = Raw("CreateService", {{"Name", name},
                                         {"NamespaceId", namespace_id},
                                         {"Description", "kanaria test"},
                                         {"HealthCheckCustomConfig", {{"FailureThreshold", 1}}}});
    namespace_id_ = namespace_id;
    return service["Service"].value("Id", "");
  }

  // Registers an instance as ECS does for a task: its IP, port and the task set's externalId.
  void RegisterTask(const std::string& service_id, const std::string& instance_id,
                    const std::string& ip, const std::string& external_id) {
    Raw("RegisterInstance", {{"ServiceId", service_id},
                             {"InstanceId", instance_id},
                             {"Attributes",
                              {{"AWS_INSTANCE_IPV4", ip},
                               {"AWS_INSTANCE_PORT", "80"},
                               {"ECS_TASK_SET_EXTERNAL_ID", external_id},
                               {"AVAILABILITY_ZONE", "us-east-1a"}}}});
  }

  static MotoServer* moto_;
  std::unique_ptr<ServiceDiscoveryClient> cloud_map_;
  std::string namespace_name_;
  std::string namespace_id_;
  std::vector<std::string> operations_;  // every attempt, in order

  int Calls(const std::string& operation) const {
    return static_cast<int>(std::count(operations_.begin(), operations_.end(), operation));
  }
};

MotoServer* ServiceDiscoveryMotoTest::moto_ = nullptr;

TEST_F(ServiceDiscoveryMotoTest, GetServiceReadsTheRegistry) {
  const std::string service_id = CreateService("web");
  ASSERT_FALSE(service_id.empty());
  StatusOr<CloudMapService> service = cloud_map_->GetService(service_id);
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  EXPECT_EQ(service->id, service_id);
  EXPECT_EQ(service->name, "web");
  EXPECT_EQ(service->namespace_id, namespace_id_);
  EXPECT_EQ(service->description, "kanaria test");
  EXPECT_EQ(service->arn, "arn:aws:servicediscovery:us-east-1:123456789012:service/" + service_id);
  EXPECT_EQ(service->health_check_custom_config["FailureThreshold"], 1);
  ASSERT_TRUE(service->create_date.has_value());
  EXPECT_LT(std::chrono::abs(std::chrono::system_clock::now() - *service->create_date),
            std::chrono::hours(1));

  // AWS also accepts the service's ARN as Id; moto does not (docs/moto-divergences.md).
}

TEST_F(ServiceDiscoveryMotoTest, InstancesAndHealthAcrossPages) {
  const std::string service_id = CreateService("paged");
  ASSERT_FALSE(service_id.empty());
  // Several pages of ListInstances and GetInstancesHealthStatus. The page size is explicit:
  // without MaxResults AWS pages by 100 while moto returns everything at once.
  constexpr int kInstances = 130;
  for (int i = 0; i < kInstances; ++i) {
    RegisterTask(service_id, "task-" + std::to_string(i), "10.0." + std::to_string(i / 200) + "." +
                 std::to_string(i % 200 + 1), i < 100 ? "rel-primary" : "rel-canary");
  }
  StatusOr<std::vector<InstanceSummary>> instances = cloud_map_->ListInstances(service_id, 50);
  ASSERT_TRUE(instances.ok()) << instances.status().ToString();
  ASSERT_EQ(instances->size(), static_cast<size_t>(kInstances));
  std::set<std::string> ids;
  int canaries = 0;
  for (const InstanceSummary& instance : *instances) {
    ids.insert(instance.id);
    EXPECT_EQ(instance.attributes.at(std::string(kAttributePort)), "80");
    if (instance.attributes.at(std::string(kAttributeTaskSetExternalId)) == "rel-canary") ++canaries;
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kInstances));  // no page read twice
  EXPECT_EQ(canaries, 30);
  EXPECT_EQ(Calls("ListInstances"), 3);

  StatusOr<std::map<std::string, std::string>> health =
      cloud_map_->GetInstancesHealthStatus(service_id, {}, 100);
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  EXPECT_EQ(health->size(), static_cast<size_t>(kInstances));
  // Custom health checks start HEALTHY unless registration says AWS_INIT_HEALTH_STATUS=UNHEALTHY.
  for (const auto& [id, status] : *health) EXPECT_EQ(status, kHealthy) << id;
  EXPECT_EQ(Calls("GetInstancesHealthStatus"), 2);

  StatusOr<std::map<std::string, std::string>> some =
      cloud_map_->GetInstancesHealthStatus(service_id, {"task-3", "task-120"});
  ASSERT_TRUE(some.ok()) << some.status().ToString();
  EXPECT_EQ(*some, (std::map<std::string, std::string>{{"task-120", "HEALTHY"}, {"task-3", "HEALTHY"}}));
}

TEST_F(ServiceDiscoveryMotoTest, DiscoverInstancesFiltersByTaskSetExternalId) {
  const std::string service_id = CreateService("discover");
  ASSERT_FALSE(service_id.empty());
  RegisterTask(service_id, "p1", "10.0.0.1", "rel-primary");
  RegisterTask(service_id, "p2", "10.0.0.2", "rel-primary");
  RegisterTask(service_id, "c1", "10.0.0.3", "rel-canary");

  DiscoverInstancesRequest request;
  request.namespace_name = namespace_name_;
  request.service_name = "discover";
  request.health_status = "ALL";
  StatusOr<DiscoverInstancesResult> all = cloud_map_->DiscoverInstances(request);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->instances.size(), 3u);
  EXPECT_TRUE(all->instances_revision.has_value());
  for (const HttpInstanceSummary& instance : all->instances) {
    EXPECT_EQ(instance.namespace_name, namespace_name_);
    EXPECT_EQ(instance.service_name, "discover");
    EXPECT_EQ(instance.health_status, kHealthy);
  }

  request.query_parameters = {{std::string(kAttributeTaskSetExternalId), "rel-canary"}};
  StatusOr<DiscoverInstancesResult> canary = cloud_map_->DiscoverInstances(request);
  ASSERT_TRUE(canary.ok()) << canary.status().ToString();
  ASSERT_EQ(canary->instances.size(), 1u);
  EXPECT_EQ(canary->instances[0].instance_id, "c1");
  EXPECT_EQ(canary->instances[0].attributes.at(std::string(kAttributeIpv4)), "10.0.0.3");
}

TEST_F(ServiceDiscoveryMotoTest, ErrorsCarryTheAwsCode) {
  StatusOr<CloudMapService> no_service = cloud_map_->GetService("srv-doesnotexist");
  EXPECT_EQ(AwsErrorCode(no_service), "ServiceNotFound") << no_service.status().ToString();
  EXPECT_EQ(no_service.status().code(), StatusCode::kNotFound);

  EXPECT_EQ(AwsErrorCode(cloud_map_->ListInstances("srv-doesnotexist")), "ServiceNotFound");
  EXPECT_EQ(AwsErrorCode(cloud_map_->GetInstancesHealthStatus("srv-doesnotexist")),
            "ServiceNotFound");

  DiscoverInstancesRequest request;
  request.namespace_name = "absent.kanaria.local";
  request.service_name = "web";
  StatusOr<DiscoverInstancesResult> no_namespace = cloud_map_->DiscoverInstances(request);
  EXPECT_EQ(AwsErrorCode(no_namespace), "NamespaceNotFound") << no_namespace.status().ToString();

  CreateService("present");
  request.namespace_name = namespace_name_;
  request.service_name = "absent";
  EXPECT_EQ(AwsErrorCode(cloud_map_->DiscoverInstances(request)), "ServiceNotFound");
}

}  // namespace
}  // namespace kanaria::aws::servicediscovery
