// The role session name used when a profile does not set role_session_name: botocore uses
// "botocore-session-<unix seconds>"; kanaria says who it is the same way, so CloudTrail shows
// which tool assumed the role and when.
#pragma once

#include <chrono>
#include <string>

#include "core/clock.h"

namespace kanaria::aws {

inline std::string DefaultSessionName(const Clock& clock) {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  return "kanaria-session-" + std::to_string(seconds);
}

}  // namespace kanaria::aws
