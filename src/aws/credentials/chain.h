// The default credentials chain, in botocore's order (create_credential_resolver):
//   1. environment          AWS_ACCESS_KEY_ID...       (left out when --profile is given)
//   2. assume-role          profile role_arn + source_profile / credential_source
//   3. web-identity         AWS_WEB_IDENTITY_TOKEN_FILE (env ignored with --profile), then profile
//   4. sso                  refused: SSO profiles are not supported (names the key)
//   5. shared-credentials-file  [PROFILE] in ~/.aws/credentials
//   6. login                refused: `aws login` profiles are not supported
//   7. credential-process   credential_process
//   8. config-file          keys in [profile PROFILE] of ~/.aws/config
//   9. container            AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI
//  10. imds                 EC2 instance metadata (off with AWS_EC2_METADATA_DISABLED=true)
// The first source that is configured decides: its credentials, or its error (a configured but
// broken source is not skipped). When none is configured, Resolve() is kUnauthenticated with a
// message listing each source tried and why it did not apply. botocore's two legacy sources
// (AWS_CREDENTIAL_FILE in the EC2 CLI format, and boto2's /etc/boto.cfg, ~/.boto) are not
// implemented. Temporary credentials are cached and refreshed before they expire
// (refreshing_provider.h). Credentials::source says where they came from.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/credentials/credentials.h"
#include "aws/credentials/profile_files.h"
#include "aws/credentials/provider_chain.h"
#include "aws/credentials/role_assumer.h"
#include "aws/http.h"
#include "core/clock.h"

namespace kanaria::aws {

struct ChainOptions {
  // --profile. When set, environment-variable credentials and the web-identity variables are
  // ignored (botocore's rule for an explicit profile). Unset: AWS_DEFAULT_PROFILE, AWS_PROFILE,
  // then "default".
  std::optional<std::string> profile;
  // Expiry checks and retry sleeps. nullptr = SystemClock::Instance(). Must outlive the chain.
  Clock* clock = nullptr;
  // sts:AssumeRole / AssumeRoleWithWebIdentity (the STS client). nullptr = profiles that need
  // STS fail with kInternal when they are resolved.
  std::shared_ptr<RoleAssumer> role_assumer;
  // HTTP for the container and IMDS sources. nullptr = those sources are unavailable.
  std::shared_ptr<HttpTransport> transport;
  // The parsed config and credentials files. nullptr = ProfileFiles::Load() (AWS_CONFIG_FILE,
  // AWS_SHARED_CREDENTIALS_FILE, ~/.aws/...). Pass the instance ResolveRegion() also reads.
  std::shared_ptr<const ProfileFiles> profile_files;
};

// Builds the chain for the active profile. Reads no credential yet; fails only when the files do
// not parse (kInvalidInput naming file and line) or a named profile exists in neither file
// (kInvalidInput, as botocore's ProfileNotFound).
StatusOr<std::unique_ptr<ProviderChain>> BuildCredentialsChain(const ChainOptions& options);

// What the chain contains for `profile` after the environment and assume-role sources: the
// providers botocore's ProfileProviderBuilder makes (web identity, sso, credentials file, login,
// credential_process, config file), each caching and refreshing its credentials. Also the chain
// a source_profile is resolved with (use_environment = false).
std::vector<std::unique_ptr<CredentialsProvider>> BuildProfileProviders(
    std::shared_ptr<const ProfileFiles> files, const std::string& profile, bool use_environment,
    std::shared_ptr<RoleAssumer> role_assumer, Clock& clock);

}  // namespace kanaria::aws
