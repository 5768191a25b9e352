// sts:AssumeRoleWithWebIdentity with a token read from a file (botocore's
// AssumeRoleWithWebIdentityProvider) — GitHub Actions OIDC, EKS IRSA.
// Each setting is taken from the environment first, then from the profile, independently:
//   web_identity_token_file  <- AWS_WEB_IDENTITY_TOKEN_FILE
//   role_arn                 <- AWS_ROLE_ARN
//   role_session_name        <- AWS_ROLE_SESSION_NAME   (default kanaria-session-<epoch>)
// The environment is ignored when a profile was given explicitly (botocore's disable_env_vars).
// Not configured (kNotFound) without a token file; a token file without a role ARN is an error.
// The token file is read again at every call: it rotates (GitHub Actions, EKS), so a refresh
// must present the current token.
#pragma once

#include <memory>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/profile_files.h"
#include "aws/credentials/role_assumer.h"
#include "core/clock.h"

namespace kanaria::aws {

class WebIdentityProvider final : public CredentialsProvider {
 public:
  // REQUIRES: clock outlives this object. `assumer` may be null: Resolve() then fails with
  // kInternal once a token file is configured.
  WebIdentityProvider(std::shared_ptr<const ProfileFiles> files, std::string profile,
                      bool use_environment, std::shared_ptr<RoleAssumer> assumer, Clock& clock)
      : files_(std::move(files)),
        profile_(std::move(profile)),
        use_environment_(use_environment),
        assumer_(std::move(assumer)),
        clock_(clock) {}

  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return "web-identity"; }

 private:
  // The setting from the environment (when allowed and set, even to ""), else the profile.
  // `from_environment` says which.
  std::optional<std::string> Setting(const char* env_name, const std::string& key,
                                     bool* from_environment) const;

  std::shared_ptr<const ProfileFiles> files_;
  std::string profile_;
  bool use_environment_;
  std::shared_ptr<RoleAssumer> assumer_;
  Clock& clock_;
  std::string default_session_name_;  // generated once, kept across refreshes
};

}  // namespace kanaria::aws
