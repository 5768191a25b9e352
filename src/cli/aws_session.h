// Wires the AWS client for a command from the global options and the environment: profile,
// region, endpoint, transport, retries and the credentials chain.
#pragma once

#include <memory>

#include "aws/credentials/profile_files.h"
#include "aws/service_client.h"
#include "cli/global_options.h"

namespace kanaria::cli {

struct AwsSession {
  std::shared_ptr<aws::ClientContext> context;
  aws::ActiveProfile profile;
};

// kInvalidInput (exit 2) for anything the user must fix: unreadable config files, a named profile
// that does not exist, no region, a malformed endpoint URL or retry setting.
StatusOr<AwsSession> OpenAwsSession(const GlobalOptions& globals);

}  // namespace kanaria::cli
