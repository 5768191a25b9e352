// Rollback (I5): traffic back to the previous version first, then remove what the release
// created, restore the previous PRIMARY and the service attributes the release changed, and
// release the lock. Every step checks what is already done, so a rollback interrupted at any
// point finishes when run again.
#pragma once

#include "core/status.h"

namespace kanaria::engine {

class Release;

// REQUIRES: the release lock is held. Sets the phase to rollback (state and service tag) first.
Status RunRollback(Release& release, const std::string& reason);

}  // namespace kanaria::engine
