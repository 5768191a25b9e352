// The two STS calls credential providers need, behind a narrow interface so the providers do not
// depend on the STS client (sts/sts_client.h implements it; tests may fake it).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "aws/credentials/credentials.h"

namespace kanaria::aws {

struct AssumeRoleRequest {
  std::string role_arn;
  std::string role_session_name;
  std::optional<std::chrono::seconds> duration;  // DurationSeconds
  std::string external_id;                       // empty = not sent
};

class RoleAssumer {
 public:
  virtual ~RoleAssumer() = default;
  // sts:AssumeRole signed with `source`. Returns credentials with expiration set.
  virtual StatusOr<Credentials> AssumeRole(const Credentials& source,
                                           const AssumeRoleRequest& request) = 0;
  // sts:AssumeRoleWithWebIdentity (unsigned). Returns credentials with expiration set.
  virtual StatusOr<Credentials> AssumeRoleWithWebIdentity(const AssumeRoleRequest& request,
                                                          const std::string& web_identity_token) = 0;
};

}  // namespace kanaria::aws
