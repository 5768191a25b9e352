// Traffic through Cloud Map service discovery (accessType: SERVICE_DISCOVERY): every task set of
// the service registers its tasks in the same Cloud Map service, so clients resolve the canary in
// proportion to its share of tasks, ceil(d·s) / (d + ceil(d·s)). There are no weights to set:
// the canary joins the registry when it is created and leaves it when it is deleted.
#pragma once

#include <string>
#include <vector>

#include "aws/servicediscovery/servicediscovery_client.h"
#include "engine/routing/traffic_router.h"
#include "model/application.h"

namespace kanaria::engine {

class CloudMapTrafficRouter final : public TrafficRouter {
 public:
  CloudMapTrafficRouter(aws::servicediscovery::ServiceDiscoveryClient& cloudmap,
                        const model::Application& app);

  // The live service's registries are used when the service definition names none.
  Status Inspect(const aws::ecs::Service& live_service) override;
  const std::vector<Route>& routes() const override { return routes_; }
  Status ReadRoutes() override { return Status::Ok(); }
  bool SupportsWeights() const override { return false; }
  std::vector<PlannedCall> PlanPrepare() const override { return {}; }
  Status Prepare(MutationGate&) override { return Status::Ok(); }
  std::vector<PlannedCall> PlanWeights(const std::string&, std::vector<Route>&, int,
                                       int) const override {
    return {};
  }
  Status SetWeights(MutationGate&, const std::string&, int, int) override;
  nlohmann::json LoadBalancersFor(TaskSetRole) const override { return nullptr; }
  nlohmann::json ServiceRegistriesFor(TaskSetRole role) const override;
  std::string TargetGroupFor(TaskSetRole) const override { return ""; }

 private:
  const nlohmann::json& Registries() const;

  aws::servicediscovery::ServiceDiscoveryClient& cloudmap_;
  const model::Application& app_;
  nlohmann::json live_registries_ = nlohmann::json::array();
  std::vector<Route> routes_;
};

// The canary's share of Cloud Map traffic: ceil(d·s) / (d + ceil(d·s)), s the scale in percent.
double CloudMapCanaryShare(int desired_count, double scale_percent);

}  // namespace kanaria::engine
