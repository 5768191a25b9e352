// `kanaria rollback APP_DIR`: releases the task definition that ran before the last finished
// release, through the same pipeline and the same safety steps.
#include <iostream>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/release_command.h"

namespace kanaria::cli {

CommandAction ConfigureRollback(CLI::App& sub, const GlobalOptions& globals) {
  auto options = std::make_shared<ReleaseCommandOptions>();
  options->command = "rollback";
  options->mode = engine::ReleaseMode::kRollback;
  sub.add_option("APP_DIR", options->app_dir, "Directory with app.pipecd.yaml or kanaria.yaml")->required();
  sub.add_option("--to", options->task_definition_override,
                 "Task definition (family:revision or ARN) to go back to; default: the one that "
                 "ran before the last finished release (from the journal)")
      ->option_text("TASKDEF");
  sub.add_flag("--approve", options->approve, "Approve every WAIT_APPROVAL stage");
  sub.add_option("--time-scale", options->time_scale, "As for deploy")->option_text("N");
  return [options, &globals] {
    int exit_code = kExitOk;
    auto session = OpenReleaseSession(options->command, options->app_dir, globals, exit_code);
    if (!session) return exit_code;
    ReleaseCommandOptions run = *options;
    if (run.task_definition_override.empty()) {
      if (!session->journal) {
        std::cerr << "kanaria rollback: the journal is unavailable, so the previous task definition "
                     "is unknown; name it with --to TASKDEF\n";
        return kExitRefused;
      }
      auto last = session->journal->LastReleased(session->app.cluster(), session->app.service_name());
      if (!last.ok() || !last->has_value() || (*last)->previous_task_definition.empty()) {
        std::cerr << "kanaria rollback: the journal (" << session->journal_path
                  << ") has no finished release of " << session->app.cluster() << "/"
                  << session->app.service_name() << " to go back from; name the task definition with --to TASKDEF\n";
        return kExitRefused;
      }
      run.task_definition_override = (*last)->previous_task_definition;
    }
    if (run.time_scale != 1 && !IsLoopbackEndpoint(globals)) {
      std::cerr << "kanaria rollback: --time-scale needs an --endpoint-url on this machine\n";
      return kExitRefused;
    }
    return RunReleaseInSession(*session, run, globals);
  };
}

}  // namespace kanaria::cli
