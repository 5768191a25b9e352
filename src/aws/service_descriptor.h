// Static facts about each AWS service kanaria talks to.
#pragma once

#include <string_view>

namespace kanaria::aws {

enum class Protocol { kJson, kQuery };

struct ServiceDescriptor {
  std::string_view signing_name;   // SigV4 service name and operations.h service key
  std::string_view endpoint_prefix;// host prefix: "{prefix}.{region}.amazonaws.com"
  std::string_view env_name;       // AWS_ENDPOINT_URL_<env_name>
  Protocol protocol;
  std::string_view json_version;   // JSON protocol: "1.1"
  std::string_view target_prefix;  // JSON protocol: X-Amz-Target prefix
  std::string_view api_version;    // query protocol: Version=
  std::string_view xml_namespace;  // query protocol: response namespace
};

inline constexpr ServiceDescriptor kEcsService{
    "ecs", "ecs", "ECS", Protocol::kJson, "1.1", "AmazonEC2ContainerServiceV20141113", "", ""};
inline constexpr ServiceDescriptor kServiceDiscoveryService{
    "servicediscovery", "servicediscovery", "SERVICEDISCOVERY", Protocol::kJson, "1.1",
    "Route53AutoNaming_v20170314", "", ""};
inline constexpr ServiceDescriptor kElbv2Service{
    "elasticloadbalancing", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2", Protocol::kQuery,
    "", "", "2015-12-01", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"};
inline constexpr ServiceDescriptor kCloudWatchService{
    "monitoring", "monitoring", "CLOUDWATCH", Protocol::kQuery, "", "", "2010-08-01",
    "http://monitoring.amazonaws.com/doc/2010-08-01/"};
inline constexpr ServiceDescriptor kStsService{
    "sts", "sts", "STS", Protocol::kQuery, "", "", "2011-06-15",
    "https://sts.amazonaws.com/doc/2011-06-15/"};

}  // namespace kanaria::aws
