#include "engine/routing/traffic_routers.h"

#include <array>

#include "engine/routing/cloudmap/cloudmap_traffic_router.h"
#include "engine/routing/elb/elb_traffic_router.h"

namespace kanaria::engine {
namespace {

struct RouterRow {
  model::AccessType access_type;
  std::unique_ptr<TrafficRouter> (*make)(const model::Application&, const RouterClients&);
};

constexpr std::array kRouters = {
    RouterRow{model::AccessType::kElb,
              [](const model::Application& app, const RouterClients& c)
                  -> std::unique_ptr<TrafficRouter> {
                return std::make_unique<ElbTrafficRouter>(*c.elbv2, app);
              }},
    RouterRow{model::AccessType::kServiceDiscovery,
              [](const model::Application& app, const RouterClients& c)
                  -> std::unique_ptr<TrafficRouter> {
                return std::make_unique<CloudMapTrafficRouter>(*c.cloudmap, app);
              }},
};

}  // namespace

std::unique_ptr<TrafficRouter> MakeTrafficRouter(const model::Application& app,
                                                 const RouterClients& clients) {
  for (const auto& row : kRouters) {
    if (row.access_type == app.access_type) return row.make(app, clients);
  }
  return nullptr;
}

}  // namespace kanaria::engine
