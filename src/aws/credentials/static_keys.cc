#include "aws/credentials/static_keys.h"

#include <fmt/format.h>

#include "aws/credentials/register_secrets.h"

namespace kanaria::aws {

StatusOr<Credentials> StaticKeysFromProfile(const Profile& profile) {
  auto access_key = profile.Get("aws_access_key_id");
  if (!access_key) {
    return NotFoundError(fmt::format("profile {} has no aws_access_key_id", profile.name()));
  }
  if (access_key->empty()) {
    return InvalidInputError(fmt::format("{}: aws_access_key_id of profile {} is empty",
                                         profile.Where("aws_access_key_id"), profile.name()));
  }
  auto secret_key = profile.Get("aws_secret_access_key");
  if (!secret_key || secret_key->empty()) {
    return InvalidInputError(fmt::format(
        "{}: profile {} sets aws_access_key_id but {}; add aws_secret_access_key next to it",
        profile.Where("aws_access_key_id"), profile.name(),
        secret_key ? "its aws_secret_access_key is empty" : "not aws_secret_access_key"));
  }
  Credentials credentials;
  credentials.access_key_id = *access_key;
  credentials.secret_access_key = *secret_key;
  if (auto token = profile.Get("aws_security_token")) {
    credentials.session_token = *token;
  } else if (auto session_token = profile.Get("aws_session_token")) {
    credentials.session_token = *session_token;
  }
  RegisterSecrets(credentials);
  return credentials;
}

}  // namespace kanaria::aws
