#include "aws/credentials/chain.h"

#include "aws/credentials/assume_role_provider.h"
#include "aws/credentials/config_file_provider.h"
#include "aws/credentials/container_provider.h"
#include "aws/credentials/environment_provider.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/process_provider.h"
#include "aws/credentials/refreshing_provider.h"
#include "aws/credentials/shared_credentials_provider.h"
#include "aws/credentials/unsupported_profile_provider.h"
#include "aws/credentials/web_identity_provider.h"

namespace kanaria::aws {
namespace {

std::unique_ptr<CredentialsProvider> Refreshing(std::unique_ptr<CredentialsProvider> provider,
                                                Clock& clock) {
  return std::make_unique<RefreshingProvider>(std::move(provider), clock);
}

}  // namespace

std::vector<std::unique_ptr<CredentialsProvider>> BuildProfileProviders(
    std::shared_ptr<const ProfileFiles> files, const std::string& profile, bool use_environment,
    std::shared_ptr<RoleAssumer> role_assumer, Clock& clock) {
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(Refreshing(std::make_unique<WebIdentityProvider>(
                                     files, profile, use_environment, role_assumer, clock),
                                 clock));
  providers.push_back(UnsupportedProfileProvider::Sso(files, profile));
  providers.push_back(
      Refreshing(std::make_unique<SharedCredentialsProvider>(files, profile), clock));
  providers.push_back(UnsupportedProfileProvider::Login(files, profile));
  providers.push_back(Refreshing(std::make_unique<ProcessProvider>(files, profile), clock));
  providers.push_back(Refreshing(std::make_unique<ConfigFileProvider>(files, profile), clock));
  return providers;
}

StatusOr<std::unique_ptr<ProviderChain>> BuildCredentialsChain(const ChainOptions& options) {
  Clock& clock = options.clock != nullptr ? *options.clock : SystemClock::Instance();
  std::shared_ptr<const ProfileFiles> files = options.profile_files;
  if (files == nullptr) {
    ASSIGN_OR_RETURN(ProfileFiles loaded, ProfileFiles::Load());
    files = std::make_shared<const ProfileFiles>(std::move(loaded));
  }
  const ActiveProfile active = SelectProfile(options.profile);
  RETURN_IF_ERROR(CheckProfileExists(*files, active));

  const auto role_assumer = options.role_assumer;
  const auto transport = options.transport;
  const std::string profile = active.name;
  AssumeRoleSources sources;
  sources.profile_chain = [files, role_assumer, &clock](const std::string& source_profile) {
    return std::unique_ptr<CredentialsProvider>(std::make_unique<ProviderChain>(
        "source profile " + source_profile,
        BuildProfileProviders(files, source_profile, /*use_environment=*/false, role_assumer,
                              clock),
        StatusCode::kNotFound));
  };
  sources.named_source = [files, transport, profile,
                          &clock](const std::string& name) -> std::unique_ptr<CredentialsProvider> {
    if (name == "Environment") return std::make_unique<EnvironmentProvider>();
    if (name == "EcsContainer") return std::make_unique<ContainerProvider>(transport, clock);
    return std::make_unique<ImdsProvider>(transport, files, profile);
  };

  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  // botocore: "An explicitly provided profile will negate an EnvProvider."
  if (!active.explicitly_set) {
    providers.push_back(Refreshing(std::make_unique<EnvironmentProvider>(), clock));
  }
  providers.push_back(Refreshing(std::make_unique<AssumeRoleProvider>(
                                     files, profile, role_assumer, std::move(sources), clock),
                                 clock));
  for (auto& provider : BuildProfileProviders(files, profile, !active.explicitly_set,
                                              role_assumer, clock)) {
    providers.push_back(std::move(provider));
  }
  providers.push_back(Refreshing(std::make_unique<ContainerProvider>(transport, clock), clock));
  providers.push_back(
      Refreshing(std::make_unique<ImdsProvider>(transport, files, profile), clock));
  return std::make_unique<ProviderChain>("credentials chain (profile " + profile + ")",
                                         std::move(providers));
}

}  // namespace kanaria::aws
