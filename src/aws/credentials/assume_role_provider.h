// sts:AssumeRole for a profile with role_arn (botocore's AssumeRoleProvider). The credentials
// that sign the AssumeRole call come from exactly one of:
//  - source_profile = NAME: that profile's own credentials. If NAME has static keys, or no
//    role_arn, they come from the profile providers (web identity, SSO, credentials file,
//    credential_process, config file — never the environment); otherwise NAME is itself an
//    assume-role profile and the roles are chained. A profile may name itself as its
//    source_profile only when it has static keys; any other repeat is a cycle and an error
//    listing the profiles visited.
//  - credential_source = Environment | Ec2InstanceMetadata | EcsContainer (case-sensitive, as
//    botocore checks): that provider.
// Settings: role_session_name (default kanaria-session-<epoch>), duration_seconds, external_id.
// mfa_serial is refused naming the key: kanaria runs unattended and cannot prompt for a code.
// Not configured (kNotFound) when the profile has no role_arn, or has web_identity_token_file
// (that is the web-identity provider's).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aws/credentials/credentials.h"
#include "aws/credentials/profile_files.h"
#include "aws/credentials/role_assumer.h"
#include "core/clock.h"

namespace kanaria::aws {

// The providers assume-role draws source credentials from, injected by the chain so this file
// depends on none of them (and tests can substitute fakes).
struct AssumeRoleSources {
  // The profile providers for a source profile (environment variables disabled). A chain that
  // answers kNotFound when the profile has no credentials.
  std::function<std::unique_ptr<CredentialsProvider>(const std::string& profile)> profile_chain;
  // The provider for a credential_source canonical name; called only with Environment,
  // Ec2InstanceMetadata or EcsContainer.
  std::function<std::unique_ptr<CredentialsProvider>(const std::string& canonical_name)>
      named_source;
};

class AssumeRoleProvider final : public CredentialsProvider {
 public:
  // REQUIRES: clock outlives this object. A null `assumer` fails once a role must be assumed.
  AssumeRoleProvider(std::shared_ptr<const ProfileFiles> files, std::string profile,
                     std::shared_ptr<RoleAssumer> assumer, AssumeRoleSources sources,
                     Clock& clock);
  ~AssumeRoleProvider() override;

  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return "assume-role"; }

  // True when botocore's assume-role provider handles `profile` (role_arn without
  // web_identity_token_file).
  static bool Handles(const Profile& profile);

 private:
  // Validates the role settings of `name` and builds the provider that assumes its role,
  // recursing through source profiles. `visited` holds the profiles seen so far.
  StatusOr<std::unique_ptr<CredentialsProvider>> BuildRole(const std::string& name,
                                                           std::vector<std::string>& visited);

  std::shared_ptr<const ProfileFiles> files_;
  std::string profile_;
  std::shared_ptr<RoleAssumer> assumer_;
  AssumeRoleSources sources_;
  Clock& clock_;
  std::mutex mu_;
  std::unique_ptr<CredentialsProvider> role_;  // built at the first Resolve()
};

}  // namespace kanaria::aws
