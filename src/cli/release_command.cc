#include "cli/release_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/interrupt.h"
#include "cli/release_view.h"
#include "core/redact.h"

namespace kanaria::cli {
namespace {

// Test hooks for the crash sweep: exit as if killed at the n-th mutating call, right after the
// journal's write before it (KANARIA_TEST_EXIT_AFTER_JOURNAL_WRITE) or right after it returned
// (KANARIA_TEST_EXIT_AFTER_CALL).
std::function<void(int)> ExitAtCallHook(const char* variable) {
  const char* value = std::getenv(variable);
  if (value == nullptr || *value == '\0') return [](int) {};
  const int target = std::atoi(value);
  return [target](int n) {
    if (n == target) _exit(137);
  };
}

}  // namespace

int ExitCodeOf(engine::ReleaseOutcome outcome) {
  switch (outcome) {
    case engine::ReleaseOutcome::kReleased:
    case engine::ReleaseOutcome::kUnchanged:
      return kExitOk;
    case engine::ReleaseOutcome::kRolledBack:
      return kExitFailed;
    case engine::ReleaseOutcome::kRefused:
      return kExitRefused;
    case engine::ReleaseOutcome::kNeedsAttention:
      return kExitNeedsAttention;
    case engine::ReleaseOutcome::kInterrupted:
      return kExitInterrupted;
  }
  return kExitFailed;
}

int RunReleaseInSession(ReleaseSession& session, const ReleaseCommandOptions& options,
                        const GlobalOptions& globals) {
  WatchInterrupts();
  const bool json = globals.output == OutputFormat::kJson;
  ReleaseView view(std::cout, ReleaseView::Detect(json), !json && ReleaseView::ColorAllowed());
  engine::ReleaseRequest request;
  request.mode = options.mode;
  request.settings = {.time_scale = options.time_scale, .approve_all = options.approve};
  request.hooks.interrupted = [] { return Interrupted(); };
  request.hooks.after_journal_write = ExitAtCallHook("KANARIA_TEST_EXIT_AFTER_JOURNAL_WRITE");
  request.hooks.after_call = ExitAtCallHook("KANARIA_TEST_EXIT_AFTER_CALL");
  request.task_definition_override = options.task_definition_override;
  engine::ReleaseResult result = engine::RunRelease(session.app, session.clients(), *session.context->clock,
                                                    view, session.journal.get(), request);
  view.Close();
  int exit_code = ExitCodeOf(result.outcome);
  // For `abort`, a finished rollback is the success asked for.
  if (options.mode == engine::ReleaseMode::kAbort && result.outcome == engine::ReleaseOutcome::kRolledBack) {
    exit_code = kExitOk;
  }
  if (result.outcome == engine::ReleaseOutcome::kRefused) {
    std::cerr << "kanaria " << options.command << ": refused, nothing was changed: "
              << Scrub(result.summary) << "\n";
    return exit_code;
  }
  if (json) {
    std::cout << nlohmann::json({{"type", "calls"},
                                 {"text", "AWS calls of this run"},
                                 {"data", {{"polling", session.calls->polling}, {"other", session.calls->other},
                                           {"mutating", result.calls.size()}}}})
                     .dump()
              << std::endl;
  } else {
    std::cout << Scrub(RenderSummary(view.story(), session.calls->polling, session.calls->other,
                                     result.calls.size(), result.summary))
              << std::flush;
  }
  return exit_code;
}

int RunReleaseCommand(const ReleaseCommandOptions& options, const GlobalOptions& globals) {
  if (options.time_scale != 1 && !IsLoopbackEndpoint(globals)) {
    std::cerr << "kanaria " << options.command
              << ": --time-scale is for rehearsals against a local emulator; it needs an "
                 "--endpoint-url on this machine (127.0.0.1, ::1 or localhost)\n";
    return kExitRefused;
  }
  if (options.time_scale <= 0) {
    std::cerr << "kanaria " << options.command << ": --time-scale must be above 0\n";
    return kExitRefused;
  }
  int exit_code = kExitOk;
  auto session = OpenReleaseSession(options.command, options.app_dir, globals, exit_code);
  if (!session) return exit_code;
  return RunReleaseInSession(*session, options, globals);
}

}  // namespace kanaria::cli
