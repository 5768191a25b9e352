// Reading the process environment the way botocore does: a variable that is set to "" is still
// "set" for the checks botocore makes with `name in os.environ`, so callers see the difference.
#pragma once

#include <optional>
#include <string>

namespace kanaria::aws {

// The value of `name`, or nullopt when it is not set at all.
std::optional<std::string> GetEnv(const char* name);

// The value of `name` when it is set and not empty, else nullopt (botocore's `environ.get(x, '')`
// followed by a truthiness check).
std::optional<std::string> GetNonEmptyEnv(const char* name);

// os.path.expandvars then os.path.expanduser, as botocore applies to AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE: $NAME and ${NAME} are replaced when NAME is set (left as is when
// not), then a leading "~" or "~/" becomes $HOME.
std::string ExpandPath(const std::string& path);

}  // namespace kanaria::aws
