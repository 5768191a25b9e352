// SIGINT/SIGTERM during a release: the first one asks the engine to stop after the call in
// flight (exit 130, the journal written, the lock left to expire); a second one ends the process
// at once.
#pragma once

namespace kanaria::cli {

// Installs the handlers. Idempotent.
void WatchInterrupts();
// True once SIGINT or SIGTERM arrived.
bool Interrupted();

}  // namespace kanaria::cli
