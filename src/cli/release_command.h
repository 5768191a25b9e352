// The commands that run a release (deploy, resume, rollback, abort) share one body: open the
// session, run the engine with a view, print the summary, map the outcome to the exit code.
#pragma once

#include <string>

#include "cli/global_options.h"
#include "cli/release_session.h"
#include "engine/release_runner.h"

namespace kanaria::cli {

struct ReleaseCommandOptions {
  std::string command;  // "deploy", ...
  std::string app_dir;
  engine::ReleaseMode mode = engine::ReleaseMode::kDeploy;
  double time_scale = 1;
  bool approve = false;
  std::string task_definition_override;  // rollback --to
};

int RunReleaseCommand(const ReleaseCommandOptions& options, const GlobalOptions& globals);

// Runs the engine on an open session and prints the view and summary; returns the exit code.
int RunReleaseInSession(ReleaseSession& session, const ReleaseCommandOptions& options,
                        const GlobalOptions& globals);

int ExitCodeOf(engine::ReleaseOutcome outcome);

}  // namespace kanaria::cli
