#include "aws/servicediscovery/servicediscovery_types.h"

#include "aws/protocol/json_field_reader.h"

namespace kanaria::aws::servicediscovery {

StatusOr<CloudMapService> CloudMapService::FromJson(const nlohmann::json& json,
                                                    const std::string& path) {
  JsonFieldReader reader(json, path);
  CloudMapService service;
  reader.String("Id", service.id);
  reader.String("Arn", service.arn);
  reader.String("Name", service.name);
  reader.String("NamespaceId", service.namespace_id);
  reader.String("Description", service.description);
  reader.Int("InstanceCount", service.instance_count);
  reader.String("Type", service.type);
  reader.Object("DnsConfig", service.dns_config);
  reader.Object("HealthCheckConfig", service.health_check_config);
  reader.Object("HealthCheckCustomConfig", service.health_check_custom_config);
  reader.Timestamp("CreateDate", service.create_date);
  if (!reader.ok()) return reader.status();
  service.raw = json;
  return service;
}

StatusOr<InstanceSummary> InstanceSummary::FromJson(const nlohmann::json& json,
                                                    const std::string& path) {
  JsonFieldReader reader(json, path);
  InstanceSummary instance;
  reader.String("Id", instance.id);
  reader.StringMap("Attributes", instance.attributes);
  if (!reader.ok()) return reader.status();
  instance.raw = json;
  return instance;
}

StatusOr<HttpInstanceSummary> HttpInstanceSummary::FromJson(const nlohmann::json& json,
                                                            const std::string& path) {
  JsonFieldReader reader(json, path);
  HttpInstanceSummary instance;
  reader.String("InstanceId", instance.instance_id);
  reader.String("NamespaceName", instance.namespace_name);
  reader.String("ServiceName", instance.service_name);
  reader.String("HealthStatus", instance.health_status);
  reader.StringMap("Attributes", instance.attributes);
  if (!reader.ok()) return reader.status();
  instance.raw = json;
  return instance;
}

}  // namespace kanaria::aws::servicediscovery
