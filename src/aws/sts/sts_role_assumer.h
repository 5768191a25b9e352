// RoleAssumer (aws/credentials/role_assumer.h) on the STS client: what the assume-role and
// web-identity credential providers call.
#pragma once

#include <memory>

#include "aws/credentials/role_assumer.h"
#include "aws/sts/sts_client.h"

namespace kanaria::aws::sts {

class StsRoleAssumer final : public RoleAssumer {
 public:
  // `context` supplies region, endpoint, transport, clock and retries; its credentials are never
  // used (AssumeRole signs with the source credentials it is given, the web identity call is
  // unsigned), so the chain that owns this assumer may be the context's own provider.
  // With no region, STS's global endpoint region (us-east-1) is used, as botocore does.
  static StatusOr<std::unique_ptr<StsRoleAssumer>> Create(const ClientContext& context);
  explicit StsRoleAssumer(std::unique_ptr<StsClient> client);

  StatusOr<Credentials> AssumeRole(const Credentials& source,
                                   const AssumeRoleRequest& request) override;
  StatusOr<Credentials> AssumeRoleWithWebIdentity(const AssumeRoleRequest& request,
                                                  const std::string& web_identity_token) override;

 private:
  std::unique_ptr<StsClient> client_;
};

}  // namespace kanaria::aws::sts
