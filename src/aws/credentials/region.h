// The AWS region: --region, then AWS_REGION, then AWS_DEFAULT_REGION, then the `region` key of
// the active profile (botocore reads the merged view, so a region in the credentials file
// counts). botocore itself reads only AWS_DEFAULT_REGION; AWS_REGION is the variable the other
// SDKs, the AWS CLI v2 and GitHub's configure-aws-credentials set, so it comes first. The
// instance metadata region is not consulted (botocore does not either). Empty values count as
// unset.
#pragma once

#include <optional>
#include <string>

#include "aws/credentials/profile_files.h"
#include "core/status.h"

namespace kanaria::aws {

// kInvalidInput when nothing sets a region, saying the ways to set one.
StatusOr<std::string> ResolveRegion(const std::optional<std::string>& cli_region,
                                    const ProfileFiles& files, const std::string& profile);

}  // namespace kanaria::aws
