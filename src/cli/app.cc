#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "core/log.h"

namespace kanaria::cli {
namespace {

void AddGlobalOptions(CLI::App& app, GlobalOptions& globals, std::string& output) {
  app.add_option("--endpoint-url", globals.endpoint_url,
                 "Send every AWS call to this URL (e.g. the emulator); http:// only when given here")
      ->option_text("URL");
  app.add_option("--region", globals.region, "AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile)");
  app.add_option("--profile", globals.profile,
                 "Named profile from ~/.aws/config (skips credentials from the environment)");
  app.add_option("--output", output, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  app.add_option("--state-dir", globals.state_dir,
                 "Where the release journal lives (default ~/.local/state/kanaria)")
      ->option_text("DIR");
  app.add_flag("-v,--verbose", globals.verbose, "Log every AWS call (secrets are never printed)");
}

}  // namespace

int RunApp(int argc, char** argv) {
  CLI::App app{"kanaria: progressive releases (canary, blue/green) for Amazon ECS services\n"
               "using the EXTERNAL deployment controller."};
  app.set_version_flag("--version", std::string("kanaria ") + KANARIA_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the command name

  GlobalOptions globals;
  std::string output = "text";
  AddGlobalOptions(app, globals, output);

  CommandAction action;
  for (const Command& command : AllCommands()) {
    CLI::App* sub = app.add_subcommand(std::string(command.name), std::string(command.summary));
    CommandAction run = command.configure(*sub, globals);
    sub->callback([&action, run] { action = run; });
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // CLI11 exits 0 for --help/--version; usage errors are "refused" (exit 2).
    return code == 0 ? kExitOk : kExitRefused;
  }
  globals.output = output == "json" ? OutputFormat::kJson : OutputFormat::kText;
  if (globals.verbose) log::SetLevel(log::Level::kDebug);
  if (!action) return kExitRefused;
  return action();
}

}  // namespace kanaria::cli
