#include <fmt/format.h>

#include "engine/release.h"
#include "engine/release_tags.h"
#include "engine/stages/stages.h"

namespace kanaria::engine {

void WaitApprovalStage::Plan(const model::Stage&, PlanSimulation&) const {}

Status WaitApprovalStage::Run(const model::Stage& config, Release& release) const {
  if (release.settings().approve_all) {
    release.Emit("message", "approved by --approve");
    return Status::Ok();
  }
  release.Emit("message", fmt::format("waiting for approval: run `kanaria approve {}`",
                                      release.app().directory));
  const std::string& id = release.state().release_id;
  std::string approver;
  RETURN_IF_ERROR(release.Hold(config.duration, [&](const aws::ecs::Tags& tags) {
    const std::string* request = aws::ecs::FindTag(tags, kApproveRequestTag);
    if (request == nullptr || !request->starts_with(id)) return false;
    approver = *request;
    return true;
  }));
  release.Emit("message", "approved (" + approver + ")");
  return Status::Ok();
}

}  // namespace kanaria::engine
