#include "engine/routing/cloudmap/cloudmap_traffic_router.h"

#include <fmt/format.h>

#include <cmath>

namespace kanaria::engine {

double CloudMapCanaryShare(int desired_count, double scale_percent) {
  const double canary = std::ceil(desired_count * scale_percent / 100.0 - 1e-9);
  if (desired_count + canary <= 0) return 0;
  return canary / (desired_count + canary);
}

CloudMapTrafficRouter::CloudMapTrafficRouter(
    aws::servicediscovery::ServiceDiscoveryClient& cloudmap, const model::Application& app)
    : cloudmap_(cloudmap), app_(app) {}

const nlohmann::json& CloudMapTrafficRouter::Registries() const {
  const auto& defined = app_.service_definition.json;
  if (defined.contains("serviceRegistries") && defined["serviceRegistries"].is_array() &&
      !defined["serviceRegistries"].empty()) {
    return defined["serviceRegistries"];
  }
  return live_registries_;
}

Status CloudMapTrafficRouter::Inspect(const aws::ecs::Service& live_service) {
  live_registries_ = live_service.service_registries;
  const nlohmann::json& registries = Registries();
  if (!registries.is_array() || registries.empty()) {
    return InvalidInputError(fmt::format(
        "{}: serviceRegistries: accessType SERVICE_DISCOVERY needs the service to register in "
        "Cloud Map; add serviceRegistries [{{registryArn: ...}}] to the service definition",
        app_.service_definition.LocationOf("/serviceRegistries").ToString()));
  }
  for (std::size_t i = 0; i < registries.size(); ++i) {
    const std::string arn = registries[i].value("registryArn", "");
    const std::size_t slash = arn.rfind("service/");
    if (slash == std::string::npos) {
      return InvalidInputError(fmt::format(
          "{}: serviceRegistries[{}].registryArn: '{}' is not a Cloud Map service ARN "
          "(arn:aws:servicediscovery:REGION:ACCOUNT:service/srv-...)",
          app_.service_definition.LocationOf(fmt::format("/serviceRegistries/{}/registryArn", i))
              .ToString(),
          i, arn));
    }
    auto service = cloudmap_.GetService(arn.substr(slash + 8));
    if (!service.ok()) {
      if (service.status().code() == StatusCode::kNotFound) {
        return InvalidInputError(fmt::format(
            "{}: serviceRegistries[{}].registryArn: Cloud Map service {} does not exist",
            app_.service_definition.LocationOf(fmt::format("/serviceRegistries/{}", i)).ToString(),
            i, arn));
      }
      return service.status();
    }
  }
  return Status::Ok();
}

Status CloudMapTrafficRouter::SetWeights(MutationGate&, const std::string&, int, int) {
  return InvalidInputError(
      "accessType SERVICE_DISCOVERY has no weights: the canary's share is its share of tasks");
}

nlohmann::json CloudMapTrafficRouter::ServiceRegistriesFor(TaskSetRole) const {
  return Registries();
}

}  // namespace kanaria::engine
