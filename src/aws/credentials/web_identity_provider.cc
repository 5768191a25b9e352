#include "aws/credentials/web_identity_provider.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "aws/credentials/env_vars.h"
#include "aws/credentials/register_secrets.h"
#include "aws/credentials/session_name.h"

namespace kanaria::aws {

std::optional<std::string> WebIdentityProvider::Setting(const char* env_name,
                                                        const std::string& key,
                                                        bool* from_environment) const {
  if (from_environment != nullptr) *from_environment = false;
  if (use_environment_) {
    if (auto value = GetEnv(env_name)) {
      if (from_environment != nullptr) *from_environment = true;
      return value;
    }
  }
  const Profile* profile = files_->Find(profile_);
  if (profile == nullptr) return std::nullopt;
  return profile->Get(key);
}

StatusOr<Credentials> WebIdentityProvider::Resolve() {
  bool token_from_env = false;
  const auto token_file =
      Setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file", &token_from_env);
  if (!token_file || token_file->empty()) {
    return NotFoundError(
        use_environment_
            ? fmt::format("neither AWS_WEB_IDENTITY_TOKEN_FILE nor web_identity_token_file in "
                          "profile {} is set",
                          profile_)
            : fmt::format("profile {} has no web_identity_token_file", profile_));
  }
  const std::string token_origin =
      token_from_env ? std::string("AWS_WEB_IDENTITY_TOKEN_FILE")
                     : fmt::format("web_identity_token_file of profile {} ({})", profile_,
                                   files_->Find(profile_)->Where("web_identity_token_file"));
  const auto role_arn = Setting("AWS_ROLE_ARN", "role_arn", nullptr);
  if (!role_arn || role_arn->empty()) {
    return InvalidInputError(fmt::format(
        "{} is set but no role ARN is configured; set AWS_ROLE_ARN or role_arn in profile {}",
        token_origin, profile_));
  }
  if (assumer_ == nullptr) {
    return InternalError("web identity credentials need an STS client and none was configured");
  }
  AssumeRoleRequest request;
  request.role_arn = *role_arn;
  if (auto name = Setting("AWS_ROLE_SESSION_NAME", "role_session_name", nullptr);
      name && !name->empty()) {
    request.role_session_name = *name;
  } else {
    if (default_session_name_.empty()) default_session_name_ = DefaultSessionName(clock_);
    request.role_session_name = default_session_name_;
  }

  // Read verbatim, as botocore does: the file holds exactly the token.
  std::ifstream in(*token_file, std::ios::binary);
  if (!in) {
    return InvalidInputError(fmt::format("cannot read the web identity token file {} (from {})",
                                         *token_file, token_origin));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  const std::string token = contents.str();
  RegisterSecret(token);
  if (token.empty()) {
    return InvalidInputError(fmt::format("the web identity token file {} (from {}) is empty",
                                         *token_file, token_origin));
  }

  auto credentials = assumer_->AssumeRoleWithWebIdentity(request, token);
  if (!credentials.ok()) {
    return credentials.status().WithContext(
        fmt::format("AssumeRoleWithWebIdentity for {}", request.role_arn));
  }
  RegisterSecrets(*credentials);
  credentials->source =
      token_from_env ? std::string("web-identity") : fmt::format("web-identity (profile {})", profile_);
  return credentials;
}

}  // namespace kanaria::aws
