#include "aws/sts/sts_role_assumer.h"

namespace kanaria::aws::sts {
namespace {

// STS's global endpoint lives in us-east-1.
constexpr const char* kDefaultStsRegion = "us-east-1";

}  // namespace

StatusOr<std::unique_ptr<StsRoleAssumer>> StsRoleAssumer::Create(const ClientContext& context) {
  // A copy without credentials: calling back into the chain that is resolving them would recurse.
  auto own_context = std::make_shared<ClientContext>(context);
  own_context->credentials = nullptr;
  if (own_context->region.empty()) own_context->region = kDefaultStsRegion;
  ASSIGN_OR_RETURN(std::unique_ptr<StsClient> client, StsClient::Create(std::move(own_context)));
  return std::make_unique<StsRoleAssumer>(std::move(client));
}

StsRoleAssumer::StsRoleAssumer(std::unique_ptr<StsClient> client) : client_(std::move(client)) {}

StatusOr<Credentials> StsRoleAssumer::AssumeRole(const Credentials& source,
                                                 const AssumeRoleRequest& request) {
  ASSIGN_OR_RETURN(AssumedRole role, client_->AssumeRole(request, &source));
  return std::move(role.credentials);
}

StatusOr<Credentials> StsRoleAssumer::AssumeRoleWithWebIdentity(
    const AssumeRoleRequest& request, const std::string& web_identity_token) {
  ASSIGN_OR_RETURN(AssumedRole role,
                   client_->AssumeRoleWithWebIdentity(request, web_identity_token));
  return std::move(role.credentials);
}

}  // namespace kanaria::aws::sts
