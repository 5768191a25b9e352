// What every release command opens first: the application (parsed and validated, warnings
// printed), the AWS clients, and the journal under --state-dir. Each failure is an exit code
// and a message already printed.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "aws/cloudwatch/cloudwatch_client.h"
#include "aws/ecs/ecs_client.h"
#include "aws/elbv2/elbv2_client.h"
#include "aws/servicediscovery/servicediscovery_client.h"
#include "aws/sts/sts_client.h"
#include "cli/global_options.h"
#include "engine/journal.h"
#include "engine/release_clients.h"
#include "model/application.h"

namespace kanaria::cli {

struct ReleaseSession {
  model::Application app;
  std::shared_ptr<aws::ClientContext> context;
  std::unique_ptr<aws::ecs::EcsClient> ecs;
  std::unique_ptr<aws::elbv2::Elbv2Client> elbv2;
  std::unique_ptr<aws::servicediscovery::ServiceDiscoveryClient> cloudmap;
  std::unique_ptr<aws::sts::StsClient> sts;
  std::unique_ptr<aws::cloudwatch::CloudWatchClient> cloudwatch;
  std::unique_ptr<engine::Journal> journal;  // null when the journal cannot be opened (warned)
  std::string journal_path;
  // AWS calls by "service:Operation", every attempt counted, split into polling (waiting for a
  // state change: engine/polling_scope.h) and the rest.
  struct CallCounts {
    std::map<std::string, int> polling;
    std::map<std::string, int> other;
  };
  std::shared_ptr<CallCounts> calls;

  engine::ReleaseClients clients() const {
    return {.ecs = ecs.get(), .elbv2 = elbv2.get(), .cloudmap = cloudmap.get(), .sts = sts.get(),
            .cloudwatch = cloudwatch.get(), .context = context};
  }
};

// Opens everything for `command` ("deploy", ...). On failure prints "kanaria COMMAND: ..." and
// returns the exit code in `exit_code`.
std::unique_ptr<ReleaseSession> OpenReleaseSession(const std::string& command,
                                                   const std::string& app_dir,
                                                   const GlobalOptions& globals, int& exit_code);

// --state-dir, else $XDG_STATE_HOME/kanaria, else ~/.local/state/kanaria.
std::string StateDirectory(const GlobalOptions& globals);

// True when --endpoint-url points at this machine (127.0.0.0/8, ::1, localhost).
bool IsLoopbackEndpoint(const GlobalOptions& globals);

}  // namespace kanaria::cli
