#include "aws/credentials/shared_credentials_provider.h"

#include <fmt/format.h>

#include "aws/credentials/static_keys.h"

namespace kanaria::aws {

StatusOr<Credentials> SharedCredentialsProvider::Resolve() {
  const Profile* profile = files_->FindInCredentialsFile(profile_);
  if (profile == nullptr) {
    return NotFoundError(
        fmt::format("{} has no [{}] section", files_->credentials_path(), profile_));
  }
  ASSIGN_OR_RETURN(Credentials credentials, StaticKeysFromProfile(*profile));
  credentials.source = fmt::format("shared-credentials-file (profile {})", profile_);
  return credentials;
}

}  // namespace kanaria::aws
