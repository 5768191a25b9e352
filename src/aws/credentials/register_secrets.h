// Every secret a provider reads goes to the log scrubber before it can reach any message.
#pragma once

#include "aws/credentials/credentials.h"
#include "core/redact.h"

namespace kanaria::aws {

inline void RegisterSecrets(const Credentials& credentials) {
  RegisterSecret(credentials.secret_access_key);
  RegisterSecret(credentials.session_token);
}

}  // namespace kanaria::aws
