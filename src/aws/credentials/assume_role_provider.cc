#include "aws/credentials/assume_role_provider.h"

#include <algorithm>

#include <fmt/format.h>

#include "aws/credentials/refreshing_provider.h"
#include "aws/credentials/register_secrets.h"
#include "aws/credentials/session_name.h"

namespace kanaria::aws {
namespace {

bool HasStaticKeys(const Profile& profile) {
  return profile.Has("aws_access_key_id") || profile.Has("aws_secret_access_key");
}

// One role to assume with credentials from `source`.
class RoleHop final : public CredentialsProvider {
 public:
  RoleHop(std::shared_ptr<RoleAssumer> assumer, AssumeRoleRequest request,
          std::unique_ptr<CredentialsProvider> source, std::string source_description,
          std::string description)
      : assumer_(std::move(assumer)),
        request_(std::move(request)),
        source_(std::move(source)),
        source_description_(std::move(source_description)),
        description_(std::move(description)) {}

  StatusOr<Credentials> Resolve() override {
    auto source = source_->Resolve();
    if (!source.ok()) return source.status().WithContext(source_description_);
    if (assumer_ == nullptr) {
      return InternalError("assuming a role needs an STS client and none was configured");
    }
    auto credentials = assumer_->AssumeRole(*source, request_);
    if (!credentials.ok()) {
      return credentials.status().WithContext(fmt::format("AssumeRole {}", request_.role_arn));
    }
    RegisterSecrets(*credentials);
    credentials->source = description_;
    return credentials;
  }
  std::string Name() const override { return "assume-role"; }

 private:
  std::shared_ptr<RoleAssumer> assumer_;
  AssumeRoleRequest request_;
  std::unique_ptr<CredentialsProvider> source_;
  std::string source_description_;
  std::string description_;
};

// A source provider whose kNotFound means the configuration is wrong: the role's profile
// promised credentials there.
class RequiredSource final : public CredentialsProvider {
 public:
  RequiredSource(std::unique_ptr<CredentialsProvider> inner, std::string missing_message)
      : inner_(std::move(inner)), missing_message_(std::move(missing_message)) {}
  StatusOr<Credentials> Resolve() override {
    auto credentials = inner_->Resolve();
    if (credentials.status().code() == StatusCode::kNotFound) {
      return InvalidInputError(
          fmt::format("{} ({})", missing_message_, credentials.status().message()));
    }
    return credentials;
  }
  std::string Name() const override { return inner_->Name(); }

 private:
  std::unique_ptr<CredentialsProvider> inner_;
  std::string missing_message_;
};

}  // namespace

AssumeRoleProvider::AssumeRoleProvider(std::shared_ptr<const ProfileFiles> files,
                                       std::string profile, std::shared_ptr<RoleAssumer> assumer,
                                       AssumeRoleSources sources, Clock& clock)
    : files_(std::move(files)),
      profile_(std::move(profile)),
      assumer_(std::move(assumer)),
      sources_(std::move(sources)),
      clock_(clock) {}

AssumeRoleProvider::~AssumeRoleProvider() = default;

bool AssumeRoleProvider::Handles(const Profile& profile) {
  // A profile with web_identity_token_file belongs to the web-identity provider even though it
  // has role_arn (botocore checks this so role chains never take it).
  return profile.Has("role_arn") && !profile.Has("web_identity_token_file");
}

StatusOr<Credentials> AssumeRoleProvider::Resolve() {
  std::lock_guard<std::mutex> lock(mu_);
  if (role_ == nullptr) {
    const Profile* profile = files_->Find(profile_);
    if (profile == nullptr || !Handles(*profile)) {
      return NotFoundError(fmt::format("profile {} has no role_arn", profile_));
    }
    std::vector<std::string> visited{profile_};
    ASSIGN_OR_RETURN(role_, BuildRole(profile_, visited));
  }
  return role_->Resolve();
}

StatusOr<std::unique_ptr<CredentialsProvider>> AssumeRoleProvider::BuildRole(
    const std::string& name, std::vector<std::string>& visited) {
  const Profile& profile = *files_->Find(name);
  const auto source_profile = profile.Get("source_profile");
  const auto credential_source = profile.Get("credential_source");
  const std::string at = profile.Where("role_arn");

  if (source_profile && credential_source) {
    return InvalidInputError(fmt::format(
        "{}: profile {} sets both source_profile ({}) and credential_source ({}); keep one",
        at, name, profile.Where("source_profile"), profile.Where("credential_source")));
  }
  if (!source_profile && !credential_source) {
    return InvalidInputError(fmt::format(
        "{}: profile {} sets role_arn but neither source_profile nor credential_source; add one "
        "saying which credentials assume the role",
        at, name));
  }
  if (credential_source && *credential_source != "Environment" &&
      *credential_source != "Ec2InstanceMetadata" && *credential_source != "EcsContainer") {
    return InvalidInputError(fmt::format(
        "{}: the credential_source \"{}\" of profile {} is not valid; use Environment, "
        "Ec2InstanceMetadata or EcsContainer",
        profile.Where("credential_source"), *credential_source, name));
  }
  if (source_profile) {
    const Profile* source = files_->Find(*source_profile);
    if (source == nullptr) {
      return InvalidInputError(fmt::format(
          "{}: the source_profile \"{}\" of profile {} does not exist in {} or {}",
          profile.Where("source_profile"), *source_profile, name, files_->config_path(),
          files_->credentials_path()));
    }
    const bool seen =
        std::find(visited.begin(), visited.end(), *source_profile) != visited.end();
    // A profile may be its own source only to take static keys written next to role_arn.
    if (seen && (*source_profile != name || !HasStaticKeys(*source))) {
      visited.push_back(*source_profile);
      return InvalidInputError(fmt::format(
          "{}: source_profile of profile {} makes a cycle: {}; one profile in the chain must "
          "have keys, a credential_source or another way to get credentials",
          profile.Where("source_profile"), name, fmt::join(visited, " -> ")));
    }
  }
  if (profile.Has("mfa_serial")) {
    return InvalidInputError(fmt::format(
        "{}: profile {} sets mfa_serial, which kanaria does not support (it runs unattended and "
        "cannot ask for an MFA code); get temporary credentials first, e.g. `aws configure "
        "export-credentials --profile {} --format env`, and run kanaria with them",
        profile.Where("mfa_serial"), name, name));
  }

  AssumeRoleRequest request;
  request.role_arn = *profile.Get("role_arn");
  if (auto session = profile.Get("role_session_name"); session && !session->empty()) {
    request.role_session_name = *session;
  } else {
    request.role_session_name = DefaultSessionName(clock_);
  }
  if (auto external_id = profile.Get("external_id")) request.external_id = *external_id;
  if (auto duration = profile.Get("duration_seconds")) {
    size_t used = 0;
    long seconds = 0;
    try {
      seconds = std::stol(*duration, &used);
    } catch (...) {
      used = 0;
    }
    if (duration->empty() || used != duration->size() || seconds <= 0) {
      return InvalidInputError(fmt::format(
          "{}: duration_seconds of profile {} is \"{}\"; it must be a number of seconds such as "
          "3600",
          profile.Where("duration_seconds"), name, *duration));
    }
    request.duration = std::chrono::seconds(seconds);
  }

  std::unique_ptr<CredentialsProvider> source;
  std::string via;
  if (credential_source) {
    via = fmt::format("credential_source {}", *credential_source);
    source = std::make_unique<RequiredSource>(
        std::make_unique<RefreshingProvider>(sources_.named_source(*credential_source), clock_),
        fmt::format("no credentials found in credential_source {} referenced in profile {}",
                    *credential_source, name));
  } else {
    via = fmt::format("source_profile {}", *source_profile);
    visited.push_back(*source_profile);
    const Profile& source_config = *files_->Find(*source_profile);
    if (HasStaticKeys(source_config) || !Handles(source_config)) {
      source = std::make_unique<RequiredSource>(
          std::make_unique<RefreshingProvider>(sources_.profile_chain(*source_profile), clock_),
          fmt::format("the source profile \"{}\" of profile {} must have credentials",
                      *source_profile, name));
    } else {
      ASSIGN_OR_RETURN(auto chained, BuildRole(*source_profile, visited));
      source = std::make_unique<RefreshingProvider>(std::move(chained), clock_);
    }
  }
  return std::unique_ptr<CredentialsProvider>(std::make_unique<RoleHop>(
      assumer_, std::move(request), std::move(source),
      fmt::format("{} of profile {}", via, name),
      fmt::format("assume-role (profile {} via {})", name, via)));
}

}  // namespace kanaria::aws
