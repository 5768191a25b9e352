// Long-term keys written in a profile (aws_access_key_id, aws_secret_access_key and optionally
// aws_session_token / aws_security_token), shared by the credentials-file and config-file
// providers.
#pragma once

#include "aws/credentials/credentials.h"
#include "aws/credentials/profile_files.h"

namespace kanaria::aws {

// kNotFound when `profile` has no aws_access_key_id (botocore's test); an error naming the file
// and line when the key is there but the secret is missing or either is empty.
// The session token is aws_security_token when present, else aws_session_token (botocore's
// order). The secret and token are registered with the log scrubber.
StatusOr<Credentials> StaticKeysFromProfile(const Profile& profile);

}  // namespace kanaria::aws
