// The table of traffic routers (STYLE.md 2): one row per accessType.
#pragma once

#include <memory>

#include "engine/routing/traffic_router.h"
#include "model/application.h"

namespace kanaria::aws::elbv2 { class Elbv2Client; }
namespace kanaria::aws::servicediscovery { class ServiceDiscoveryClient; }

namespace kanaria::engine {

struct RouterClients {
  aws::elbv2::Elbv2Client* elbv2 = nullptr;
  aws::servicediscovery::ServiceDiscoveryClient* cloudmap = nullptr;
};

// The router for the app's accessType. REQUIRES: the client that router needs is set.
std::unique_ptr<TrafficRouter> MakeTrafficRouter(const model::Application& app,
                                                 const RouterClients& clients);

}  // namespace kanaria::engine
