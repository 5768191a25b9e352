// `kanaria whoami`: who kanaria acts as, where, and with which credentials.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "aws/service_descriptor.h"
#include "aws/sts/sts_client.h"
#include "cli/aws_session.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "core/redact.h"

namespace kanaria::cli {
namespace {

int RunWhoami(const GlobalOptions& globals) {
  auto fail = [](const Status& status) {
    std::cerr << "kanaria whoami: " << Scrub(status.message()) << "\n";
    return ExitCodeFor(status);
  };
  auto session = OpenAwsSession(globals);
  if (!session.ok()) return fail(session.status());
  auto credentials = session->context->credentials->Resolve();
  if (!credentials.ok()) {
    return fail(credentials.status().code() == StatusCode::kUnauthenticated
                    ? Status(StatusCode::kInvalidInput, credentials.status().message())
                    : credentials.status());
  }
  auto sts = aws::sts::StsClient::Create(session->context);
  if (!sts.ok()) return fail(sts.status());
  auto identity = (*sts)->GetCallerIdentity();
  if (!identity.ok()) return fail(identity.status());

  const std::string endpoint = (*sts)->service_client().endpoint().base_url;
  if (globals.output == OutputFormat::kJson) {
    nlohmann::json out = {{"account", identity->account},
                          {"arn", identity->arn},
                          {"userId", identity->user_id},
                          {"region", session->context->region},
                          {"profile", session->profile.name},
                          {"credentialSource", credentials->source},
                          {"endpoint", endpoint}};
    std::cout << Scrub(out.dump()) << "\n";
    return kExitOk;
  }
  std::cout << Scrub(fmt::format(
      "Account:      {}\nARN:          {}\nUser ID:      {}\nRegion:       {}\nProfile:      {}\n"
      "Credentials:  {}\nEndpoint:     {}\n",
      identity->account, identity->arn, identity->user_id, session->context->region,
      session->profile.name, credentials->source, endpoint));
  return kExitOk;
}

}  // namespace

CommandAction ConfigureWhoami(CLI::App& /*sub*/, const GlobalOptions& globals) {
  return [&globals] { return RunWhoami(globals); };
}

}  // namespace kanaria::cli
