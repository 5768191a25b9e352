// Python's shlex.split (POSIX mode, no comments): botocore uses it to split `credential_process`
// into argv (run without a shell) and to read `[profile "name with spaces"]` section headers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kanaria::aws {

// Splits on spaces, tabs and newlines; honours '...' (literal), "..." (backslash escapes only
// \" and \\) and backslash escapes outside quotes. An unclosed quote or a trailing backslash is
// kInvalidInput ("No closing quotation" / "No escaped character", as Python says).
StatusOr<std::vector<std::string>> ShellSplit(std::string_view text);

}  // namespace kanaria::aws
