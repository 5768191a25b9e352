// Process exit codes, the same for every command (README "Exit codes").
#pragma once

#include "core/status.h"

namespace kanaria::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;          // failed (a release: failed and rolled back safely)
inline constexpr int kExitRefused = 2;         // refused before any change: bad input or usage
inline constexpr int kExitNeedsAttention = 3;  // rollback itself failed: a person must look
inline constexpr int kExitInterrupted = 130;   // SIGINT/SIGTERM

// Exit code for a command that failed with `status` before changing anything.
inline int ExitCodeFor(const Status& status) {
  if (status.ok()) return kExitOk;
  return status.code() == StatusCode::kInvalidInput ? kExitRefused : kExitFailed;
}

}  // namespace kanaria::cli
