// Finding where an interrupted release stands (I7): from the journal when it has the release,
// otherwise from AWS alone (the lock and previous-state tags on the service, the externalId and
// role tags on task sets). Either way the facts AWS shows win over the journal's, since a crash
// can land between a call and the journal write after it.
#pragma once

#include "core/status.h"
#include "engine/preflight.h"
#include "engine/release_state.h"
#include "model/application.h"

namespace kanaria::engine {

class Journal;

// The state of release `release_id`. `journal` may be null.
StatusOr<ReleaseState> RecoverState(const model::Application& app, const LiveService& live,
                                    Journal* journal, const std::string& release_id,
                                    const std::string& digest);

// The index of the stage that makes the new task set PRIMARY (ECS_PRIMARY_ROLLOUT or ECS_SYNC);
// the pipeline's size when there is none.
int PromotingStageIndex(const model::Application& app);

}  // namespace kanaria::engine
