#include <fmt/format.h>

#include "engine/release.h"
#include "engine/stages/stages.h"

namespace kanaria::engine {

void WaitStage::Plan(const model::Stage&, PlanSimulation&) const {}

Status WaitStage::Run(const model::Stage& config, Release& release) const {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(config.duration).count();
  if (release.settings().time_scale == 1) {
    release.Emit("message", fmt::format("waiting {}s", seconds));
  } else {
    release.Emit("message", fmt::format("waiting {}s ({:.1f}s at time scale {})", seconds,
                                        seconds / release.settings().time_scale, release.settings().time_scale));
  }
  return release.Hold(config.duration);
}

}  // namespace kanaria::engine
