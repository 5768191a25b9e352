// Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as botocore's EnvProvider:
//  - not configured (kNotFound) unless AWS_ACCESS_KEY_ID is set and non-empty;
//  - AWS_SECRET_ACCESS_KEY missing or empty is an error (PartialCredentialsError);
//  - the session token is AWS_SECURITY_TOKEN when non-empty, else AWS_SESSION_TOKEN (botocore
//    checks the legacy name first);
//  - AWS_CREDENTIAL_EXPIRATION (ISO 8601) makes them temporary, so a refresh re-reads the
//    variables.
// The variables are read at every Resolve(). The chain leaves this provider out when a profile
// was given explicitly (--profile), as botocore does.
#pragma once

#include "aws/credentials/credentials.h"

namespace kanaria::aws {

class EnvironmentProvider final : public CredentialsProvider {
 public:
  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return "environment"; }
};

}  // namespace kanaria::aws
