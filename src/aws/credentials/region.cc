#include "aws/credentials/region.h"

#include <fmt/format.h>

#include "aws/credentials/env_vars.h"

namespace kanaria::aws {

StatusOr<std::string> ResolveRegion(const std::optional<std::string>& cli_region,
                                    const ProfileFiles& files, const std::string& profile) {
  if (cli_region && !cli_region->empty()) return *cli_region;
  if (auto region = GetNonEmptyEnv("AWS_REGION")) return *region;
  if (auto region = GetNonEmptyEnv("AWS_DEFAULT_REGION")) return *region;
  if (const Profile* p = files.Find(profile)) {
    if (auto region = p->Get("region"); region && !region->empty()) return *region;
  }
  return InvalidInputError(fmt::format(
      "no AWS region configured; pass --region, set AWS_REGION (or AWS_DEFAULT_REGION), or add "
      "`region = ...` to {} in {}",
      profile == "default" ? std::string("[default]") : "[profile " + profile + "]",
      files.config_path()));
}

}  // namespace kanaria::aws
