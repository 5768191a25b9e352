#include "aws/servicediscovery/servicediscovery_types.h"

#include <gtest/gtest.h>

namespace kanaria::aws::servicediscovery {
namespace {

using nlohmann::json;

// GetService's Service for a service ECS registers tasks into (shape from the Cloud Map API
// reference).
const json kCloudMapServiceSample = json::parse(R"({
  "Arn": "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-e4anhexample0004",
  "CreateDate": 1587081768.334,
  "CreatorRequestId": "567c1193-6b00-4308-bd57-ad38a8822d25",
  "DnsConfig": {"DnsRecords": [{"TTL": 60, "Type": "A"}], "NamespaceId": "ns-e4anhexample0004",
                "RoutingPolicy": "MULTIVALUE"},
  "HealthCheckCustomConfig": {"FailureThreshold": 1},
  "Id": "srv-e4anhexample0004",
  "Name": "web",
  "NamespaceId": "ns-e4anhexample0004",
  "InstanceCount": 3,
  "Type": "DNS_HTTP"
})");

TEST(CloudMapServiceFromJson, ReadsEveryTypedMember) {
  StatusOr<CloudMapService> parsed = CloudMapService::FromJson(kCloudMapServiceSample);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->id, "srv-e4anhexample0004");
  EXPECT_EQ(parsed->arn, "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-e4anhexample0004");
  EXPECT_EQ(parsed->name, "web");
  EXPECT_EQ(parsed->namespace_id, "ns-e4anhexample0004");
  EXPECT_EQ(parsed->instance_count, 3);
  EXPECT_EQ(parsed->type, "DNS_HTTP");
  EXPECT_EQ(parsed->dns_config["RoutingPolicy"], "MULTIVALUE");
  EXPECT_EQ(parsed->health_check_custom_config["FailureThreshold"], 1);
  EXPECT_TRUE(parsed->health_check_config.is_null());
  ASSERT_TRUE(parsed->create_date.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(parsed->create_date->time_since_epoch()).count(),
            1587081768334);
  EXPECT_EQ(parsed->raw["CreatorRequestId"], "567c1193-6b00-4308-bd57-ad38a8822d25");
}

TEST(CloudMapServiceFromJson, MalformedMembersNameTheirPath) {
  for (const auto& [member, value] : std::vector<std::pair<std::string, json>>{
           {"InstanceCount", "3"}, {"DnsConfig", json::array()}, {"CreateDate", "soon"}, {"Id", 4}}) {
    json sample = kCloudMapServiceSample;
    sample[member] = value;
    StatusOr<CloudMapService> parsed = CloudMapService::FromJson(sample);
    ASSERT_FALSE(parsed.ok()) << member;
    EXPECT_NE(parsed.status().message().find("Service." + member), std::string::npos)
        << parsed.status().message();
  }
}

TEST(InstanceSummaryFromJson, ReadsEcsAttributes) {
  StatusOr<InstanceSummary> parsed = InstanceSummary::FromJson(json::parse(R"({
    "Id": "5e3fd3d4b4f84f7c9a3e0d7b5b1c8c2a",
    "Attributes": {"AWS_INSTANCE_IPV4": "10.0.1.23", "AWS_INSTANCE_PORT": "80",
                   "ECS_TASK_SET_EXTERNAL_ID": "rel-1", "AVAILABILITY_ZONE": "us-west-2a"}
  })"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->id, "5e3fd3d4b4f84f7c9a3e0d7b5b1c8c2a");
  EXPECT_EQ(parsed->attributes.at(std::string(kAttributeIpv4)), "10.0.1.23");
  EXPECT_EQ(parsed->attributes.at(std::string(kAttributeTaskSetExternalId)), "rel-1");

  StatusOr<InstanceSummary> bad =
      InstanceSummary::FromJson(json{{"Id", "i"}, {"Attributes", {{"AWS_INSTANCE_PORT", 80}}}}, "Instances[2]");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("Instances[2].Attributes.AWS_INSTANCE_PORT"), std::string::npos);
}

TEST(HttpInstanceSummaryFromJson, ReadsHealthAndAttributes) {
  StatusOr<HttpInstanceSummary> parsed = HttpInstanceSummary::FromJson(json::parse(R"({
    "InstanceId": "i-1", "NamespaceName": "example.local", "ServiceName": "web",
    "HealthStatus": "HEALTHY", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}
  })"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->instance_id, "i-1");
  EXPECT_EQ(parsed->namespace_name, "example.local");
  EXPECT_EQ(parsed->service_name, "web");
  EXPECT_EQ(parsed->health_status, kHealthy);
  EXPECT_EQ(parsed->attributes.size(), 1u);
  EXPECT_FALSE(HttpInstanceSummary::FromJson(json{{"HealthStatus", true}}).ok());
  EXPECT_FALSE(HttpInstanceSummary::FromJson(json("x")).ok());
}

}  // namespace
}  // namespace kanaria::aws::servicediscovery
