// The STS operations kanaria calls, typed, over the query protocol: who am I (`kanaria whoami`,
// pre-flight), and the two role assumptions the credential providers need.
// Every secret that comes back (secret keys, session tokens) and every web identity token that
// goes out is registered with kanaria::RegisterSecret before anything can print it.
#pragma once

#include <memory>
#include <string>

#include "aws/credentials/role_assumer.h"
#include "aws/service_client.h"

namespace kanaria::aws::sts {

struct CallerIdentity {
  std::string account;  // "123456789012"
  std::string arn;      // "arn:aws:sts::123456789012:assumed-role/deploy/ci"
  std::string user_id;  // "AROA...:ci"
};

struct AssumedRole {
  Credentials credentials;  // expiration always set
  std::string assumed_role_id;
  std::string assumed_role_arn;
  std::string subject_from_web_identity_token;  // AssumeRoleWithWebIdentity only
};

class StsClient {
 public:
  static StatusOr<std::unique_ptr<StsClient>> Create(std::shared_ptr<ClientContext> context);
  explicit StsClient(std::unique_ptr<ServiceClient> client);

  StatusOr<CallerIdentity> GetCallerIdentity();

  // Signed with `source` when given, else with the context's credentials.
  // REQUIRES: role_arn and role_session_name non-empty (else kInvalidInput, no call).
  StatusOr<AssumedRole> AssumeRole(const AssumeRoleRequest& request,
                                   const Credentials* source = nullptr);

  // Unsigned, as AWS requires: the token is the proof. request.external_id is ignored (the
  // operation has none).
  StatusOr<AssumedRole> AssumeRoleWithWebIdentity(const AssumeRoleRequest& request,
                                                  const std::string& web_identity_token);

  ServiceClient& service_client() { return *client_; }

 private:
  std::unique_ptr<ServiceClient> client_;
};

// Result decoding (exposed for tests). `source` becomes Credentials::source.
StatusOr<CallerIdentity> ParseCallerIdentity(const nlohmann::json& result);
StatusOr<AssumedRole> ParseAssumedRole(const nlohmann::json& result, std::string source);

}  // namespace kanaria::aws::sts
