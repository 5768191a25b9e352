#include "cli/aws_session.h"

#include <cstdlib>

#include "aws/credentials/chain.h"
#include "aws/credentials/region.h"
#include "aws/curl_transport.h"
#include "aws/endpoints.h"
#include "aws/service_descriptor.h"
#include "aws/sts/sts_role_assumer.h"

namespace kanaria::cli {

StatusOr<AwsSession> OpenAwsSession(const GlobalOptions& globals) {
  AwsSession session;
  ASSIGN_OR_RETURN(aws::RetryConfig retry, aws::RetryConfig::FromEnvironment());
  ASSIGN_OR_RETURN(aws::ProfileFiles loaded, aws::ProfileFiles::Load());
  auto files = std::make_shared<const aws::ProfileFiles>(std::move(loaded));
  session.profile = aws::SelectProfile(globals.profile);
  RETURN_IF_ERROR(aws::CheckProfileExists(*files, session.profile));
  ASSIGN_OR_RETURN(std::string region, aws::ResolveRegion(globals.region, *files, session.profile.name));

  aws::CurlTransportOptions transport_options;
  if (const char* bundle = std::getenv("AWS_CA_BUNDLE"); bundle != nullptr && *bundle != '\0') {
    transport_options.ca_bundle = bundle;
  } else if (const aws::Profile* profile = files->Find(session.profile.name)) {
    transport_options.ca_bundle = profile->Get("ca_bundle").value_or("");
  }
  auto transport = std::make_shared<aws::CurlTransport>(transport_options);

  auto context = std::make_shared<aws::ClientContext>();
  context->region = region;
  context->endpoint_url = globals.endpoint_url;
  context->transport = transport;
  context->retry = retry;
  // Fail on a malformed endpoint now, before any credential source is consulted.
  RETURN_IF_ERROR(aws::ResolveEndpoint(aws::kStsService, region, globals.endpoint_url).status());

  ASSIGN_OR_RETURN(auto role_assumer, aws::sts::StsRoleAssumer::Create(*context));
  aws::ChainOptions chain_options;
  chain_options.profile = globals.profile;
  chain_options.clock = context->clock;
  chain_options.role_assumer = std::shared_ptr<aws::RoleAssumer>(std::move(role_assumer));
  chain_options.transport = transport;
  chain_options.profile_files = files;
  ASSIGN_OR_RETURN(auto chain, aws::BuildCredentialsChain(chain_options));
  context->credentials = std::shared_ptr<aws::CredentialsProvider>(std::move(chain));
  session.context = std::move(context);
  return session;
}

}  // namespace kanaria::cli
