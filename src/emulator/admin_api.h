// The admin API under /_emulator/ (JSON; every shape in docs/emulator.md): health, listeners,
// the request log, faults, the load generator and Prometheus metrics.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>

#include "core/status.h"

namespace httplib {
class Server;
}

namespace kanaria::emulator {

class World;
class RequestLog;

// What the admin API reads and drives, beyond the world and the request log.
struct AdminHooks {
  std::function<nlohmann::json()> listeners;            // [{"listenerArn", "port"}]
  std::function<nlohmann::json()> traffic;              // the load generator's state
  std::function<Status(double rps)> set_traffic;        // 0 stops it
};

void RegisterAdminApi(httplib::Server& server, World& world, RequestLog& log, AdminHooks hooks);

}  // namespace kanaria::emulator
