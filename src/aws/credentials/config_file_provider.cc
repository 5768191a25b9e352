#include "aws/credentials/config_file_provider.h"

#include <fmt/format.h>

#include "aws/credentials/static_keys.h"

namespace kanaria::aws {

StatusOr<Credentials> ConfigFileProvider::Resolve() {
  const Profile* profile = files_->FindInConfigFile(profile_);
  if (profile == nullptr) {
    return NotFoundError(fmt::format("{} has no {} section", files_->config_path(),
                                     profile_ == "default" ? std::string("[default]")
                                                           : "[profile " + profile_ + "]"));
  }
  ASSIGN_OR_RETURN(Credentials credentials, StaticKeysFromProfile(*profile));
  credentials.source = fmt::format("config-file (profile {})", profile_);
  return credentials;
}

}  // namespace kanaria::aws
