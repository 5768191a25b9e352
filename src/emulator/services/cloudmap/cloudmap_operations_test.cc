#include <gtest/gtest.h>

#include <mutex>
#include <regex>

#include "emulator/api_error.h"
#include "emulator/service_table.h"
#include "emulator/world.h"
#include "fakes/manual_clock.h"
#include "support/emulated_calls.h"

namespace kanaria::emulator {
namespace {

using nlohmann::json;

class CloudMapTest : public ::testing::Test {
 protected:
  json Call(std::string_view operation, const json& input) {
    return kanaria::testing::CallEmulated(world_, clock_, "servicediscovery", operation, input,
                                          WireProtocol::kJson);
  }
  // The AWS error code a call fails with ("" when it succeeds).
  std::string ErrorOf(std::string_view operation, const json& input) {
    return kanaria::testing::EmulatedErrorOf(world_, clock_, "servicediscovery", operation, input,
                                             WireProtocol::kJson);
  }
  std::string CreateNamespace(const std::string& name) {
    const json created = Call("CreateHttpNamespace", {{"Name", name}});
    const json operation = Call("GetOperation", {{"OperationId", created["OperationId"]}});
    return operation["Operation"]["Targets"]["NAMESPACE"];
  }
  json CreateService(const std::string& namespace_id, const std::string& name) {
    return Call("CreateService", {{"Name", name},
                                  {"NamespaceId", namespace_id},
                                  {"HealthCheckCustomConfig", json::object()}})["Service"];
  }
  json Discover(const json& extra = json::object()) {
    json input = {{"NamespaceName", "apps"}, {"ServiceName", "web"}};
    input.update(extra);
    return Call("DiscoverInstances", input);
  }

  testing::ManualClock clock_;
  World world_{WorldOptions{}, clock_};
};

TEST_F(CloudMapTest, NamespaceCreationIsAnOperationThatSucceedsAtOnce) {
  const json created = Call("CreateHttpNamespace", {{"Name", "apps"}, {"Description", "d"}});
  const json operation = Call("GetOperation", {{"OperationId", created["OperationId"]}});
  EXPECT_EQ(operation["Operation"]["Status"], "SUCCESS");
  EXPECT_EQ(operation["Operation"]["Type"], "CREATE_NAMESPACE");
  const std::string id = operation["Operation"]["Targets"]["NAMESPACE"];
  EXPECT_TRUE(std::regex_match(id, std::regex("ns-[a-z0-9]{16}"))) << id;
  EXPECT_TRUE(std::regex_match(created["OperationId"].get<std::string>(),
                               std::regex("[a-z0-9]{32}-[a-z0-9]{8}")));

  const json ns = Call("GetNamespace", {{"Id", id}})["Namespace"];
  EXPECT_EQ(ns["Arn"], "arn:aws:servicediscovery:us-east-1:123456789012:namespace/" + id);
  EXPECT_EQ(ns["Type"], "HTTP");
  EXPECT_EQ(ns["Properties"]["HttpProperties"]["HttpName"], "apps");
  EXPECT_EQ(ns["CreateDate"], 1700000000.0);
  EXPECT_EQ(Call("GetNamespace", {{"Id", ns["Arn"]}})["Namespace"]["Id"], id);
  EXPECT_EQ(Call("ListNamespaces", json::object())["Namespaces"].size(), 1u);
  EXPECT_EQ(ErrorOf("CreateHttpNamespace", {{"Name", "apps"}}), "NamespaceAlreadyExists");
  EXPECT_EQ(ErrorOf("GetNamespace", {{"Id", "ns-doesnotexist0000"}}), "NamespaceNotFound");
  EXPECT_EQ(ErrorOf("GetOperation", {{"OperationId", "nope"}}), "OperationNotFound");
  EXPECT_EQ(ErrorOf("CreateHttpNamespace", {{"Name", "has space"}}), "InvalidInput");
}

TEST_F(CloudMapTest, PrivateDnsNamespaceNeedsAVpcAndFiltersByType) {
  EXPECT_EQ(ErrorOf("CreatePrivateDnsNamespace", {{"Name", "internal"}}), "InvalidInput");
  Call("CreatePrivateDnsNamespace", {{"Name", "internal"}, {"Vpc", "vpc-1"}});
  CreateNamespace("apps");
  const json dns =
      Call("ListNamespaces", {{"Filters", {{{"Name", "TYPE"}, {"Values", {"DNS_PRIVATE"}}}}}});
  ASSERT_EQ(dns["Namespaces"].size(), 1u);
  EXPECT_EQ(dns["Namespaces"][0]["Name"], "internal");
  EXPECT_EQ(
      dns["Namespaces"][0]["Properties"]["DnsProperties"]["HostedZoneId"].get<std::string>()[0],
      'Z');
}

TEST_F(CloudMapTest, ServicesBelongToANamespaceAndBlockItsDeletion) {
  const std::string ns = CreateNamespace("apps");
  const json service = CreateService(ns, "web");
  const std::string id = service["Id"];
  EXPECT_TRUE(std::regex_match(id, std::regex("srv-[a-z0-9]{16}"))) << id;
  EXPECT_EQ(service["Arn"], "arn:aws:servicediscovery:us-east-1:123456789012:service/" + id);
  EXPECT_EQ(service["NamespaceId"], ns);
  EXPECT_EQ(service["Type"], "HTTP");
  EXPECT_EQ(service["InstanceCount"], 0);
  EXPECT_EQ(Call("GetService", {{"Id", service["Arn"]}})["Service"]["Id"], id);
  EXPECT_EQ(ErrorOf("CreateService", {{"Name", "web"}, {"NamespaceId", ns}}),
            "ServiceAlreadyExists");
  EXPECT_EQ(ErrorOf("CreateService", {{"Name", "api"}, {"NamespaceId", "ns-missing"}}),
            "NamespaceNotFound");
  EXPECT_EQ(ErrorOf("CreateService", {{"Name", "api"}}), "InvalidInput");
  EXPECT_EQ(Call("GetNamespace", {{"Id", ns}})["Namespace"]["ServiceCount"], 1);
  const json listed =
      Call("ListServices", {{"Filters", {{{"Name", "NAMESPACE_ID"}, {"Values", {ns}}}}}});
  ASSERT_EQ(listed["Services"].size(), 1u);

  EXPECT_EQ(ErrorOf("DeleteNamespace", {{"Id", ns}}), "ResourceInUse");
  Call("RegisterInstance",
       {{"ServiceId", id}, {"InstanceId", "i-1"}, {"Attributes", json::object()}});
  EXPECT_EQ(ErrorOf("DeleteService", {{"Id", id}}), "ResourceInUse");
  Call("DeregisterInstance", {{"ServiceId", id}, {"InstanceId", "i-1"}});
  EXPECT_EQ(ErrorOf("DeleteService", {{"Id", id}}), "");
  EXPECT_EQ(ErrorOf("GetService", {{"Id", id}}), "ServiceNotFound");
  EXPECT_EQ(ErrorOf("DeleteNamespace", {{"Id", ns}}), "");
}

TEST_F(CloudMapTest, InstancesRegisterAndDeregisterThroughOperations) {
  const std::string service_id = CreateService(CreateNamespace("apps"), "web")["Id"];
  const json registered =
      Call("RegisterInstance", {{"ServiceId", service_id},
                                {"InstanceId", "task-1"},
                                {"Attributes", {{"AWS_INSTANCE_IPV4", "10.0.0.1"}}}});
  const json operation = Call("GetOperation", {{"OperationId", registered["OperationId"]}});
  EXPECT_EQ(operation["Operation"]["Type"], "REGISTER_INSTANCE");
  EXPECT_EQ(operation["Operation"]["Targets"]["INSTANCE"], "task-1");

  const json instance = Call("GetInstance", {{"ServiceId", service_id}, {"InstanceId", "task-1"}});
  EXPECT_EQ(instance["Instance"]["Attributes"]["AWS_INSTANCE_IPV4"], "10.0.0.1");
  EXPECT_EQ(Call("ListInstances", {{"ServiceId", service_id}})["Instances"].size(), 1u);
  EXPECT_EQ(Call("GetInstancesHealthStatus", {{"ServiceId", service_id}})["Status"]["task-1"],
            "HEALTHY");
  EXPECT_EQ(ErrorOf("GetInstance", {{"ServiceId", service_id}, {"InstanceId", "task-2"}}),
            "InstanceNotFound");
  EXPECT_EQ(
      ErrorOf("RegisterInstance",
              {{"ServiceId", "srv-missing"}, {"InstanceId", "x"}, {"Attributes", json::object()}}),
      "ServiceNotFound");
  EXPECT_EQ(ErrorOf("RegisterInstance", {{"ServiceId", service_id},
                                         {"InstanceId", "bad id"},
                                         {"Attributes", json::object()}}),
            "InvalidInput");

  Call("DeregisterInstance", {{"ServiceId", service_id}, {"InstanceId", "task-1"}});
  EXPECT_EQ(Call("ListInstances", {{"ServiceId", service_id}})["Instances"].size(), 0u);
  EXPECT_EQ(ErrorOf("DeregisterInstance", {{"ServiceId", service_id}, {"InstanceId", "task-1"}}),
            "InstanceNotFound");
  const json operations = Call(
      "ListOperations", {{"Filters", {{{"Name", "TYPE"}, {"Values", {"DEREGISTER_INSTANCE"}}}}}});
  EXPECT_EQ(operations["Operations"].size(), 1u);
}

TEST_F(CloudMapTest, DiscoverInstancesFiltersByAttributesAndHealth) {
  const std::string service_id = CreateService(CreateNamespace("apps"), "web")["Id"];
  for (const char* id : {"a", "b", "c"}) {
    Call("RegisterInstance",
         {{"ServiceId", service_id},
          {"InstanceId", id},
          {"Attributes",
           {{"ECS_TASK_SET_EXTERNAL_ID", std::string(id) == "a" ? "canary" : "primary"},
            {"zone", std::string(id) == "c" ? "b" : "a"}}}});
  }
  EXPECT_EQ(Discover()["Instances"].size(), 3u);
  const json canary = Discover({{"QueryParameters", {{"ECS_TASK_SET_EXTERNAL_ID", "canary"}}}});
  ASSERT_EQ(canary["Instances"].size(), 1u);
  EXPECT_EQ(canary["Instances"][0]["InstanceId"], "a");
  EXPECT_EQ(canary["Instances"][0]["NamespaceName"], "apps");
  EXPECT_EQ(canary["Instances"][0]["ServiceName"], "web");
  EXPECT_EQ(canary["Instances"][0]["HealthStatus"], "HEALTHY");
  EXPECT_EQ(canary["Instances"][0]["Attributes"]["zone"], "a");
  // Optional parameters narrow when something matches, and are ignored otherwise.
  EXPECT_EQ(Discover({{"OptionalParameters", {{"zone", "b"}}}})["Instances"].size(), 1u);
  EXPECT_EQ(Discover({{"OptionalParameters", {{"zone", "z"}}}})["Instances"].size(), 3u);
  EXPECT_EQ(Discover({{"MaxResults", 2}})["Instances"].size(), 2u);

  const int64_t revision = Discover()["InstancesRevision"];
  for (const char* id : {"a", "b", "c"}) {
    Call("UpdateInstanceCustomHealthStatus",
         {{"ServiceId", service_id}, {"InstanceId", id}, {"Status", "UNHEALTHY"}});
  }
  EXPECT_GT(Discover()["InstancesRevision"].get<int64_t>(), revision);
  EXPECT_EQ(Discover()["Instances"].size(), 0u);
  EXPECT_EQ(Discover({{"HealthStatus", "UNHEALTHY"}})["Instances"].size(), 3u);
  EXPECT_EQ(Discover({{"HealthStatus", "HEALTHY_OR_ELSE_ALL"}})["Instances"].size(), 3u);
  Call("UpdateInstanceCustomHealthStatus",
       {{"ServiceId", service_id}, {"InstanceId", "b"}, {"Status", "HEALTHY"}});
  EXPECT_EQ(Discover({{"HealthStatus", "HEALTHY_OR_ELSE_ALL"}})["Instances"].size(), 1u);
  EXPECT_EQ(Discover({{"HealthStatus", "ALL"}})["Instances"].size(), 3u);
  EXPECT_EQ(ErrorOf("DiscoverInstances", {{"NamespaceName", "nope"}, {"ServiceName", "web"}}),
            "NamespaceNotFound");
  EXPECT_EQ(ErrorOf("DiscoverInstances", {{"NamespaceName", "apps"}, {"ServiceName", "nope"}}),
            "ServiceNotFound");
  EXPECT_EQ(ErrorOf("DiscoverInstances",
                    {{"NamespaceName", "apps"}, {"ServiceName", "web"}, {"HealthStatus", "X"}}),
            "InvalidInput");
}

TEST_F(CloudMapTest, EcsRegistersTaskInstancesThroughTheLinks) {
  const json service = CreateService(CreateNamespace("apps"), "web");
  ServiceRegistryLinks& links = world_.cloudmap;
  std::lock_guard<std::mutex> lock(world_.mutex());
  EXPECT_TRUE(links.ServiceExists(service["Arn"]));
  EXPECT_FALSE(
      links.ServiceExists("arn:aws:servicediscovery:us-east-1:123456789012:service/srv-x"));
  links.RegisterInstance(service["Arn"], "task-1", {{"ECS_TASK_SET_EXTERNAL_ID", "r1"}});
  const CloudMapService* stored = world_.cloudmap.FindService(service["Id"].get<std::string>());
  ASSERT_NE(stored, nullptr);
  ASSERT_EQ(stored->instances.size(), 1u);
  EXPECT_EQ(stored->instances.at("task-1").attributes.at("ECS_TASK_SET_EXTERNAL_ID"), "r1");
  links.DeregisterInstance(service["Arn"], "task-1");
  links.DeregisterInstance(service["Arn"], "task-1");  // already gone: no effect, no error
  EXPECT_TRUE(stored->instances.empty());
}

TEST_F(CloudMapTest, TagsAndPaging) {
  const std::string ns = CreateNamespace("apps");
  const std::string arn = Call("GetNamespace", {{"Id", ns}})["Namespace"]["Arn"];
  Call("TagResource", {{"ResourceARN", arn}, {"Tags", {{{"Key", "team"}, {"Value", "a"}}}}});
  Call("TagResource", {{"ResourceARN", arn}, {"Tags", {{{"Key", "env"}, {"Value", "b"}}}}});
  Call("UntagResource", {{"ResourceARN", arn}, {"TagKeys", {"env"}}});
  const json tags = Call("ListTagsForResource", {{"ResourceARN", arn}})["Tags"];
  EXPECT_EQ(tags, json::parse(R"([{"Key":"team","Value":"a"}])"));
  EXPECT_EQ(ErrorOf("ListTagsForResource", {{"ResourceARN", arn + "x"}}),
            "ResourceNotFoundException");

  for (int i = 0; i < 3; ++i) CreateService(ns, "s" + std::to_string(i));
  const json first = Call("ListServices", {{"MaxResults", 2}});
  ASSERT_EQ(first["Services"].size(), 2u);
  ASSERT_TRUE(first.contains("NextToken"));
  const json second = Call("ListServices", {{"MaxResults", 2}, {"NextToken", first["NextToken"]}});
  EXPECT_EQ(second["Services"].size(), 1u);
  EXPECT_FALSE(second.contains("NextToken"));
  EXPECT_EQ(ErrorOf("ListServices", {{"MaxResults", 101}}), "InvalidInput");
}

}  // namespace
}  // namespace kanaria::emulator
