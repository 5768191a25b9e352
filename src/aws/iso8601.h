// ISO 8601 timestamps as the query protocol carries them: STS's <Expiration>, CloudWatch's
// StartTime/EndTime and datapoint <Timestamps>, ELBv2's CreatedTime.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::aws {

// Parses "2011-07-15T23:28:33.359Z", "2024-03-01T10:00:00Z" or "2024-03-01T12:00:00+02:00"
// (also "+0200"). Fractional seconds beyond milliseconds are truncated. A missing zone is read
// as UTC, as AWS means it. Anything else is kInvalidInput naming the text.
StatusOr<WallTime> ParseIso8601(std::string_view text);

// "2024-03-01T10:00:00Z", or "2024-03-01T10:00:00.250Z" when the time has milliseconds (the
// form botocore sends for query-protocol timestamps).
std::string FormatIso8601(WallTime time);

}  // namespace kanaria::aws
