// `kanaria approve APP_DIR`: approves the WAIT_APPROVAL stage of the release in flight, from any
// machine: a `kanaria:approve` tag on the service that the release reads at its next poll.
#include <iostream>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/release_session.h"
#include "core/redact.h"
#include "engine/release_requests.h"
#include "engine/release_tags.h"

namespace kanaria::cli {

CommandAction ConfigureApprove(CLI::App& sub, const GlobalOptions& globals) {
  auto app_dir = std::make_shared<std::string>();
  sub.add_option("APP_DIR", *app_dir, "Directory with app.pipecd.yaml or kanaria.yaml")->required();
  return [app_dir, &globals] {
    int exit_code = kExitOk;
    auto session = OpenReleaseSession("approve", *app_dir, globals, exit_code);
    if (!session) return exit_code;
    Status left = engine::LeaveRequest(session->app, session->clients(), engine::kApproveRequestTag);
    if (!left.ok()) {
      std::cerr << "kanaria approve: " << Scrub(left.message()) << "\n";
      return ExitCodeFor(left);
    }
    std::cout << "approval left on " << session->app.cluster() << "/" << session->app.service_name()
              << "; the release continues at its next poll\n";
    return kExitOk;
  };
}

}  // namespace kanaria::cli
