#include "aws/sts/sts_client.h"

#include <fmt/format.h>

#include "aws/query_fields.h"
#include "core/redact.h"

namespace kanaria::aws::sts {
namespace {

StatusOr<QueryParams> RoleParams(const AssumeRoleRequest& request) {
  if (request.role_arn.empty()) return InvalidInputError("assume role: role ARN is empty");
  if (request.role_session_name.empty()) {
    return InvalidInputError("assume role: role session name is empty");
  }
  QueryParams params{{"RoleArn", request.role_arn}, {"RoleSessionName", request.role_session_name}};
  if (request.duration) {
    params.emplace_back("DurationSeconds", std::to_string(request.duration->count()));
  }
  return params;
}

}  // namespace

StatusOr<CallerIdentity> ParseCallerIdentity(const nlohmann::json& result) {
  CallerIdentity identity{StringField(result, "Account"), StringField(result, "Arn"),
                          StringField(result, "UserId")};
  if (identity.account.empty() || identity.arn.empty()) {
    return InternalError("sts GetCallerIdentity: answer has no Account or Arn");
  }
  return identity;
}

StatusOr<AssumedRole> ParseAssumedRole(const nlohmann::json& result, std::string source) {
  if (!result.contains("Credentials") || !result["Credentials"].is_object()) {
    return InternalError("sts: answer has no Credentials");
  }
  const nlohmann::json& credentials = result["Credentials"];
  AssumedRole role;
  role.credentials.access_key_id = StringField(credentials, "AccessKeyId");
  role.credentials.secret_access_key = StringField(credentials, "SecretAccessKey");
  role.credentials.session_token = StringField(credentials, "SessionToken");
  // Registered before any check can fail and print part of the answer.
  RegisterSecret(role.credentials.secret_access_key);
  RegisterSecret(role.credentials.session_token);
  ASSIGN_OR_RETURN(role.credentials.expiration, TimestampField(credentials, "Expiration"));
  if (role.credentials.empty() || role.credentials.session_token.empty() ||
      !role.credentials.expiration) {
    return InternalError(
        "sts: Credentials lack AccessKeyId, SecretAccessKey, SessionToken or Expiration");
  }
  role.credentials.source = std::move(source);
  if (result.contains("AssumedRoleUser")) {
    role.assumed_role_id = StringField(result["AssumedRoleUser"], "AssumedRoleId");
    role.assumed_role_arn = StringField(result["AssumedRoleUser"], "Arn");
  }
  role.subject_from_web_identity_token = StringField(result, "SubjectFromWebIdentityToken");
  return role;
}

StatusOr<std::unique_ptr<StsClient>> StsClient::Create(std::shared_ptr<ClientContext> context) {
  ASSIGN_OR_RETURN(std::unique_ptr<ServiceClient> client,
                   ServiceClient::Create(kStsService, std::move(context)));
  return std::make_unique<StsClient>(std::move(client));
}

StsClient::StsClient(std::unique_ptr<ServiceClient> client) : client_(std::move(client)) {}

StatusOr<CallerIdentity> StsClient::GetCallerIdentity() {
  ASSIGN_OR_RETURN(nlohmann::json result, client_->CallQuery("GetCallerIdentity", {}));
  return ParseCallerIdentity(result);
}

StatusOr<AssumedRole> StsClient::AssumeRole(const AssumeRoleRequest& request,
                                            const Credentials* source) {
  ASSIGN_OR_RETURN(QueryParams params, RoleParams(request));
  if (!request.external_id.empty()) params.emplace_back("ExternalId", request.external_id);
  CallOptions options;
  options.credentials = source;
  ASSIGN_OR_RETURN(nlohmann::json result, client_->CallQuery("AssumeRole", params, options));
  return ParseAssumedRole(result, "assume-role");
}

StatusOr<AssumedRole> StsClient::AssumeRoleWithWebIdentity(const AssumeRoleRequest& request,
                                                           const std::string& web_identity_token) {
  if (web_identity_token.empty()) {
    return InvalidInputError("assume role with web identity: the token is empty");
  }
  RegisterSecret(web_identity_token);
  ASSIGN_OR_RETURN(QueryParams params, RoleParams(request));
  params.emplace_back("WebIdentityToken", web_identity_token);
  CallOptions options;
  options.unsigned_request = true;
  ASSIGN_OR_RETURN(nlohmann::json result,
                   client_->CallQuery("AssumeRoleWithWebIdentity", params, options));
  return ParseAssumedRole(result, "assume-role-with-web-identity");
}

}  // namespace kanaria::aws::sts
