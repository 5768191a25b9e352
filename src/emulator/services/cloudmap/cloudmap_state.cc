#include "emulator/services/cloudmap/cloudmap_state.h"

#include "emulator/api_error.h"
#include "emulator/world.h"

namespace kanaria::emulator {

bool CloudMapState::ServiceExists(const std::string& registry_arn) const {
  return FindService(registry_arn) != nullptr;
}

void CloudMapState::RegisterInstance(const std::string& registry_arn,
                                     const std::string& instance_id,
                                     const std::map<std::string, std::string>& attributes) {
  CloudMapService* service = FindService(registry_arn);
  if (service == nullptr) return;
  CloudMapInstance instance;
  instance.id = instance_id;
  instance.attributes = attributes;
  PutInstance(*service, std::move(instance));
}

void CloudMapState::DeregisterInstance(const std::string& registry_arn,
                                       const std::string& instance_id) {
  CloudMapService* service = FindService(registry_arn);
  if (service == nullptr || !service->instances.contains(instance_id)) return;
  RemoveInstance(*service, instance_id);
}

CloudMapNamespace* CloudMapState::FindNamespace(const std::string& id_or_arn) {
  if (auto it = namespaces.find(id_or_arn); it != namespaces.end()) return &it->second;
  for (auto& [id, ns] : namespaces) {
    if (ns.arn == id_or_arn) return &ns;
  }
  return nullptr;
}

const CloudMapNamespace* CloudMapState::FindNamespaceByName(const std::string& name) const {
  for (const auto& [id, ns] : namespaces) {
    if (ns.name == name) return &ns;
  }
  return nullptr;
}

const CloudMapService* CloudMapState::FindService(const std::string& id_or_arn) const {
  if (auto it = services.find(id_or_arn); it != services.end()) return &it->second;
  for (const auto& [id, service] : services) {
    if (service.arn == id_or_arn) return &service;
  }
  return nullptr;
}

CloudMapService* CloudMapState::FindService(const std::string& id_or_arn) {
  return const_cast<CloudMapService*>(std::as_const(*this).FindService(id_or_arn));
}

CloudMapNamespace& CloudMapState::RequireNamespace(const std::string& id_or_arn) {
  CloudMapNamespace* ns = FindNamespace(id_or_arn);
  if (ns == nullptr) Fail("NamespaceNotFound", "Namespace not found: " + id_or_arn);
  return *ns;
}

CloudMapService& CloudMapState::RequireService(const std::string& id_or_arn) {
  CloudMapService* service = FindService(id_or_arn);
  if (service == nullptr) Fail("ServiceNotFound", "Service not found: " + id_or_arn);
  return *service;
}

int CloudMapState::ServiceCount(const std::string& namespace_id) const {
  int count = 0;
  for (const auto& [id, service] : services) count += service.namespace_id == namespace_id;
  return count;
}

CloudMapNamespace& CloudMapState::AddNamespace(CloudMapNamespace ns) {
  ns.id = "ns-" + LowerAlnum(16);
  ns.arn = world_->Arn("servicediscovery", "namespace/" + ns.id);
  ns.create_date = Now();
  const std::string id = ns.id;
  return namespaces.emplace(id, std::move(ns)).first->second;
}

CloudMapService& CloudMapState::AddService(CloudMapService service) {
  service.id = "srv-" + LowerAlnum(16);
  service.arn = world_->Arn("servicediscovery", "service/" + service.id);
  service.create_date = Now();
  const std::string id = service.id;
  return services.emplace(id, std::move(service)).first->second;
}

std::string CloudMapState::PutInstance(CloudMapService& service, CloudMapInstance instance) {
  // ECS and callers may set the initial custom health; anything else starts HEALTHY.
  if (auto it = instance.attributes.find("AWS_INIT_HEALTH_STATUS");
      it != instance.attributes.end() && (it->second == "HEALTHY" || it->second == "UNHEALTHY")) {
    instance.custom_health = it->second;
  }
  const std::string instance_id = instance.id;
  service.instances[instance_id] = std::move(instance);
  ++service.revision;
  return RecordOperation("REGISTER_INSTANCE", {{"SERVICE", service.id}, {"INSTANCE", instance_id}});
}

std::string CloudMapState::RemoveInstance(CloudMapService& service,
                                          const std::string& instance_id) {
  service.instances.erase(instance_id);
  ++service.revision;
  return RecordOperation("DEREGISTER_INSTANCE",
                         {{"SERVICE", service.id}, {"INSTANCE", instance_id}});
}

std::string CloudMapState::RecordOperation(std::string type,
                                           std::map<std::string, std::string> targets) {
  CloudMapOperation operation;
  operation.id = NewOperationId();
  operation.type = std::move(type);
  operation.create_date = operation.update_date = Now();
  operation.targets = std::move(targets);
  const std::string id = operation.id;
  operations.emplace(id, std::move(operation));
  operation_order.push_back(id);
  return id;
}

std::string CloudMapState::NewOperationId() {
  return LowerAlnum(32) + "-" + LowerAlnum(8);
}

CloudMapTags* CloudMapState::TagsOf(const std::string& arn) {
  const bool exists = [&] {
    for (const auto& [id, ns] : namespaces) {
      if (ns.arn == arn) return true;
    }
    for (const auto& [id, service] : services) {
      if (service.arn == arn) return true;
    }
    return false;
  }();
  return exists ? &tags[arn] : nullptr;
}

WallTime CloudMapState::Now() const {
  return world_->time.Now();
}

const std::string& CloudMapState::account_id() const {
  return world_->account_id();
}

// IdGenerator has hex only; Cloud Map ids use the whole lowercase alphabet. Same seeded stream.
std::string CloudMapState::LowerAlnum(int n) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    out += kAlphabet[static_cast<int>(world_->random.Next("ids") * 36)];
  }
  return out;
}

}  // namespace kanaria::emulator
