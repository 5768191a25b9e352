#include "engine/planned_call.h"

#include <fmt/format.h>

namespace kanaria::engine {

std::string PlannedCall::ToString() const {
  return fmt::format("{:<16} {:<42} {}", step, operation, target);
}

}  // namespace kanaria::engine
