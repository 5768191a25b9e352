#include "aws/credentials/unsupported_profile_provider.h"

#include <fmt/format.h>

namespace kanaria::aws {

std::unique_ptr<CredentialsProvider> UnsupportedProfileProvider::Sso(
    std::shared_ptr<const ProfileFiles> files, std::string profile) {
  return std::make_unique<UnsupportedProfileProvider>(
      std::move(files), std::move(profile), "sso",
      std::vector<std::string>{"sso_account_id", "sso_role_name"}, "SSO profiles");
}

std::unique_ptr<CredentialsProvider> UnsupportedProfileProvider::Login(
    std::shared_ptr<const ProfileFiles> files, std::string profile) {
  return std::make_unique<UnsupportedProfileProvider>(
      std::move(files), std::move(profile), "login", std::vector<std::string>{"login_session"},
      "`aws login` profiles");
}

StatusOr<Credentials> UnsupportedProfileProvider::Resolve() {
  const Profile* profile = files_->Find(profile_);
  if (profile != nullptr) {
    for (const auto& key : trigger_keys_) {
      if (!profile->Has(key)) continue;
      return InvalidInputError(fmt::format(
          "{}: profile {} sets {}: {} are not supported by kanaria; run `aws configure "
          "export-credentials --profile {} --format env` (after `aws sso login` / `aws login` if "
          "needed) and run kanaria with the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and "
          "AWS_SESSION_TOKEN it prints",
          profile->Where(key), profile_, key, what_, profile_));
    }
  }
  return NotFoundError(fmt::format("profile {} has no {}", profile_, fmt::join(trigger_keys_, " or ")));
}

}  // namespace kanaria::aws
