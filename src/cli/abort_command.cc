// `kanaria abort APP_DIR`: asks the release in flight to roll back (a `kanaria:abort` tag it
// reads at its next poll); when its lock has expired (its process is gone), rolls it back here.
#include <iostream>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/release_command.h"
#include "core/redact.h"
#include "engine/release_lock.h"
#include "engine/release_requests.h"
#include "engine/release_tags.h"

namespace kanaria::cli {

CommandAction ConfigureAbort(CLI::App& sub, const GlobalOptions& globals) {
  auto options = std::make_shared<ReleaseCommandOptions>();
  options->command = "abort";
  options->mode = engine::ReleaseMode::kAbort;
  sub.add_option("APP_DIR", options->app_dir, "Directory with app.pipecd.yaml or kanaria.yaml")->required();
  sub.add_option("--time-scale", options->time_scale, "As for deploy")->option_text("N");
  return [options, &globals] {
    int exit_code = kExitOk;
    auto session = OpenReleaseSession("abort", options->app_dir, globals, exit_code);
    if (!session) return exit_code;
    auto service = session->ecs->DescribeService(session->app.cluster(), session->app.service_name());
    if (!service.ok()) {
      std::cerr << "kanaria abort: " << Scrub(service.status().message()) << "\n";
      return kExitRefused;
    }
    const std::string* text = aws::ecs::FindTag(service->tags, engine::kLockTag);
    auto lock = text ? engine::LockValue::Decode(*text) : std::nullopt;
    if (!lock) {
      std::cerr << "kanaria abort: no release holds " << session->app.cluster() << "/"
                << session->app.service_name() << "\n";
      return kExitRefused;
    }
    const bool stale = lock->ExpiredAt(session->context->clock->Now()) || lock->HeldByDeadLocalProcess();
    if (!stale) {
      Status left = engine::LeaveRequest(session->app, session->clients(), engine::kAbortRequestTag);
      if (!left.ok()) {
        std::cerr << "kanaria abort: " << Scrub(left.message()) << "\n";
        return kExitFailed;
      }
      std::cout << "abort requested: release " << lock->release_id
                << " rolls back at its next poll (its own exit code will be 1)\n";
      return kExitOk;
    }
    return RunReleaseInSession(*session, *options, globals);
  };
}

}  // namespace kanaria::cli
