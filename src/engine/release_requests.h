// Requests to a running release from any machine: `kanaria approve` and `kanaria abort` leave a
// tag on the service that the release reads at its next poll.
#pragma once

#include <string_view>

#include "core/status.h"
#include "engine/release_clients.h"
#include "model/application.h"

namespace kanaria::engine {

// `kanaria approve` / `kanaria abort` on another machine: a request tag on the service that the
// running release reads at its next poll. kInvalidInput when no release holds the service.
Status LeaveRequest(const model::Application& app, const ReleaseClients& clients,
                    std::string_view tag_key);

}  // namespace kanaria::engine
