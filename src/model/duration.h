// Durations as PipeCD writes them: Go's time.ParseDuration syntax ("30s", "1m30s", "1h",
// "500ms", "1.5h"), held as kanaria::Duration (milliseconds).
//
// Differences from Go, on purpose: a bare number is refused (PipeCD's reader takes `30` as 30
// nanoseconds, which is never what a person meant), negative durations are refused, and a
// duration that is not a whole number of milliseconds ("1500us") is refused rather than
// rounded, since kanaria's clock counts milliseconds.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::model {

// kInvalidInput whose message says what is wrong and what is allowed (no file or key: the
// caller adds them).
StatusOr<Duration> ParseDuration(std::string_view text);

// The shortest Go-style spelling: "0s", "500ms", "1m30s", "1h0m5s", "2h".
std::string FormatDuration(Duration d);

}  // namespace kanaria::model
