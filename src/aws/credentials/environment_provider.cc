#include "aws/credentials/environment_provider.h"

#include <fmt/format.h>

#include "aws/credentials/env_vars.h"
#include "aws/credentials/register_secrets.h"
#include "aws/iso8601.h"

namespace kanaria::aws {

StatusOr<Credentials> EnvironmentProvider::Resolve() {
  auto access_key = GetNonEmptyEnv("AWS_ACCESS_KEY_ID");
  if (!access_key) return NotFoundError("AWS_ACCESS_KEY_ID is not set");
  auto secret_key = GetNonEmptyEnv("AWS_SECRET_ACCESS_KEY");
  if (!secret_key) {
    return InvalidInputError(
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both (and "
        "AWS_SESSION_TOKEN for temporary keys) or unset AWS_ACCESS_KEY_ID");
  }
  Credentials credentials;
  credentials.access_key_id = *access_key;
  credentials.secret_access_key = *secret_key;
  if (auto token = GetNonEmptyEnv("AWS_SECURITY_TOKEN")) {
    credentials.session_token = *token;
  } else if (auto session_token = GetNonEmptyEnv("AWS_SESSION_TOKEN")) {
    credentials.session_token = *session_token;
  }
  RegisterSecrets(credentials);
  if (auto expiration = GetNonEmptyEnv("AWS_CREDENTIAL_EXPIRATION")) {
    auto parsed = ParseIso8601(*expiration);
    if (!parsed.ok()) {
      return InvalidInputError(
          fmt::format("AWS_CREDENTIAL_EXPIRATION \"{}\" is not an ISO 8601 time such as "
                      "2024-03-01T10:00:00Z",
                      *expiration));
    }
    credentials.expiration = *parsed;
  }
  credentials.source = "environment";
  return credentials;
}

}  // namespace kanaria::aws
