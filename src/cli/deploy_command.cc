// `kanaria deploy APP_DIR`: runs the app's pipeline (or resumes the same release after a crash).
#include "cli/command.h"
#include "cli/release_command.h"

namespace kanaria::cli {

CommandAction ConfigureDeploy(CLI::App& sub, const GlobalOptions& globals) {
  auto options = std::make_shared<ReleaseCommandOptions>();
  options->command = "deploy";
  sub.add_option("APP_DIR", options->app_dir, "Directory with app.pipecd.yaml or kanaria.yaml")->required();
  sub.add_flag("--approve", options->approve, "Approve every WAIT_APPROVAL stage");
  sub.add_option("--time-scale", options->time_scale,
                 "Divide every wait, timeout and poll by N (rehearsals against the local emulator)")
      ->option_text("N");
  return [options, &globals] { return RunReleaseCommand(*options, globals); };
}

}  // namespace kanaria::cli
