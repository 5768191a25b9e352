// Cloud Map state: namespaces, services, their instances, the asynchronous operations Cloud Map
// reports for namespace and instance changes, and tags. Operations complete at once (SUCCESS):
// the emulator serves no DNS, so there is nothing to wait for, but callers still get an
// OperationId to poll, as AWS's SDK waiters expect.
// Handlers (cloudmap_*_operations.cc) read and change the maps directly; every method is called
// with the World's mutex held.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "emulator/services/links.h"

namespace kanaria::emulator {

class World;

using CloudMapAttributes = std::map<std::string, std::string>;
using CloudMapTags = std::map<std::string, std::string>;

struct CloudMapNamespace {
  std::string id;   // "ns-" + 16 lowercase alphanumerics
  std::string arn;  // arn:aws:servicediscovery:R:A:namespace/ns-...
  std::string name;
  std::string type;  // HTTP | DNS_PRIVATE
  std::string description;
  std::string creator_request_id;
  std::string vpc;             // DNS_PRIVATE only
  std::string hosted_zone_id;  // DNS_PRIVATE only (no zone is served)
  WallTime create_date;
};

struct CloudMapInstance {
  std::string id;
  std::string creator_request_id;
  CloudMapAttributes attributes;
  std::string custom_health = "HEALTHY";  // HEALTHY | UNHEALTHY
};

struct CloudMapService {
  std::string id;  // "srv-" + 16 lowercase alphanumerics
  std::string arn;
  std::string name;
  std::string namespace_id;
  std::string description;
  std::string creator_request_id;
  std::string type;                    // HTTP | DNS_HTTP | DNS, from the namespace and DnsConfig
  nlohmann::json dns_config;           // null when absent
  nlohmann::json health_check_config;  // null when absent (Route 53 checks: not run)
  nlohmann::json health_check_custom_config;  // null when absent
  WallTime create_date;
  std::map<std::string, CloudMapInstance> instances;  // by instance id
  // DiscoverInstances' InstancesRevision: bumped on every change to the instances.
  int64_t revision = 1;
};

struct CloudMapOperation {
  std::string id;
  std::string type;  // CREATE_NAMESPACE, DELETE_NAMESPACE, REGISTER_INSTANCE, ...
  std::string status = "SUCCESS";
  WallTime create_date;
  WallTime update_date;
  std::map<std::string, std::string> targets;  // NAMESPACE / SERVICE / INSTANCE -> id
};

class CloudMapState final : public ServiceRegistryLinks {
 public:
  explicit CloudMapState(World& world) : world_(&world) {}

  // ServiceRegistryLinks: ECS registers a task set's tasks (registry_arn is the service ARN).
  bool ServiceExists(const std::string& registry_arn) const override;
  // Creates or replaces the instance (RegisterInstance semantics); ignored when the service
  // does not exist (ECS checked it when the task set was created; it may be deleted since).
  void RegisterInstance(const std::string& registry_arn, const std::string& instance_id,
                        const std::map<std::string, std::string>& attributes) override;
  void DeregisterInstance(const std::string& registry_arn, const std::string& instance_id) override;

  // By id ("ns-...") or ARN; nullptr when absent.
  CloudMapNamespace* FindNamespace(const std::string& id_or_arn);
  const CloudMapNamespace* FindNamespaceByName(const std::string& name) const;
  // By id ("srv-...") or ARN; nullptr when absent.
  CloudMapService* FindService(const std::string& id_or_arn);
  const CloudMapService* FindService(const std::string& id_or_arn) const;
  // These throw the model's NamespaceNotFound / ServiceNotFound (api_error.h).
  CloudMapNamespace& RequireNamespace(const std::string& id_or_arn);
  CloudMapService& RequireService(const std::string& id_or_arn);
  int ServiceCount(const std::string& namespace_id) const;

  // Creation: fresh AWS-shaped ids and ARNs, stamped with the world's time.
  CloudMapNamespace& AddNamespace(CloudMapNamespace ns);
  CloudMapService& AddService(CloudMapService service);
  // Creates or replaces an instance; returns the REGISTER_INSTANCE operation id.
  std::string PutInstance(CloudMapService& service, CloudMapInstance instance);
  // Returns the DEREGISTER_INSTANCE operation id. REQUIRES: the instance exists.
  std::string RemoveInstance(CloudMapService& service, const std::string& instance_id);
  // Records a finished operation and returns its id.
  std::string RecordOperation(std::string type, std::map<std::string, std::string> targets);
  // Ids "<32 alnum>-<8 alnum>" like AWS's.
  std::string NewOperationId();

  // Tags by resource ARN (namespaces and services). nullptr when no such resource.
  CloudMapTags* TagsOf(const std::string& arn);

  WallTime Now() const;
  const std::string& account_id() const;

  std::map<std::string, CloudMapNamespace> namespaces;  // by id
  std::map<std::string, CloudMapService> services;      // by id
  std::map<std::string, CloudMapOperation> operations;  // by id
  std::vector<std::string> operation_order;             // ListOperations answers in this order
  std::map<std::string, CloudMapTags> tags;             // by ARN

 private:
  std::string LowerAlnum(int n);
  World* world_;
};

}  // namespace kanaria::emulator
