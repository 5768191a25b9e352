// `kanaria resume APP_DIR`: finishes the release in flight (after a crash or an interrupt).
#include "cli/command.h"
#include "cli/release_command.h"

namespace kanaria::cli {

CommandAction ConfigureResume(CLI::App& sub, const GlobalOptions& globals) {
  auto options = std::make_shared<ReleaseCommandOptions>();
  options->command = "resume";
  options->mode = engine::ReleaseMode::kResume;
  sub.add_option("APP_DIR", options->app_dir, "Directory with app.pipecd.yaml or kanaria.yaml")->required();
  sub.add_flag("--approve", options->approve, "Approve every WAIT_APPROVAL stage");
  sub.add_option("--time-scale", options->time_scale, "As for deploy")->option_text("N");
  return [options, &globals] { return RunReleaseCommand(*options, globals); };
}

}  // namespace kanaria::cli
