// `kanaria history APP_DIR`: past releases of the app's service from the journal — when, what,
// outcome and the calls each made.
#include <fmt/format.h>

#include <iostream>

#include "aws/ecs/ecs_requests.h"
#include "aws/iso8601.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/release_session.h"
#include "core/redact.h"

namespace kanaria::cli {
namespace {

int RunHistory(const std::string& app_dir, int limit, const GlobalOptions& globals) {
  int exit_code = kExitOk;
  auto session = OpenReleaseSession("history", app_dir, globals, exit_code);
  if (!session) return exit_code;
  if (!session->journal) {
    std::cerr << "kanaria history: the journal at " << session->journal_path << " cannot be read\n";
    return kExitFailed;
  }
  const model::Application& app = session->app;
  auto releases = session->journal->History(app.cluster(), app.service_name(), limit);
  if (!releases.ok()) {
    std::cerr << "kanaria history: " << releases.status().message() << "\n";
    return kExitFailed;
  }
  nlohmann::json out = nlohmann::json::array();
  std::string text;
  for (const auto& release : *releases) {
    auto calls = session->journal->CallCounts(release.release_id);
    nlohmann::json by_operation = calls.ok() ? nlohmann::json(*calls) : nlohmann::json::object();
    int total = 0;
    std::string calls_text;
    for (auto it = by_operation.begin(); it != by_operation.end(); ++it) {
      total += it.value().get<int>();
      calls_text += fmt::format("{}{} {}", calls_text.empty() ? "" : ", ", it.key(), it.value().get<int>());
    }
    const double seconds = release.finished_at
                               ? std::chrono::duration<double>(*release.finished_at - release.started_at).count()
                               : 0;
    out.push_back({{"releaseId", release.release_id}, {"started", aws::FormatIso8601(release.started_at)},
                   {"finished", release.finished_at ? aws::FormatIso8601(*release.finished_at) : ""},
                   {"outcome", release.outcome}, {"from", release.previous_task_definition},
                   {"to", release.task_definition}, {"summary", release.summary}, {"calls", by_operation}});
    text += fmt::format("{}  {}  {:<15} {} -> {}  ({:.0f}s)\n    {}\n    mutating calls: {} ({})\n",
                        aws::FormatIso8601(std::chrono::time_point_cast<std::chrono::seconds>(release.started_at)),
                        release.release_id, release.outcome,
                        aws::ecs::ResourceNameOf(release.previous_task_definition),
                        aws::ecs::ResourceNameOf(release.task_definition), seconds, release.summary, total, calls_text);
  }
  if (globals.output == OutputFormat::kJson) {
    std::cout << Scrub(out.dump(2)) << "\n";
  } else {
    std::cout << Scrub(text.empty() ? "no releases of " + app.cluster() + "/" + app.service_name() +
                                          " in " + session->journal_path + "\n"
                                    : text);
  }
  return kExitOk;
}

}  // namespace

CommandAction ConfigureHistory(CLI::App& sub, const GlobalOptions& globals) {
  auto app_dir = std::make_shared<std::string>();
  auto limit = std::make_shared<int>(20);
  sub.add_option("APP_DIR", *app_dir, "Directory with app.pipecd.yaml or kanaria.yaml")->required();
  sub.add_option("--limit", *limit, "How many releases, newest first")->default_val(20)->check(CLI::Range(1, 10000));
  return [app_dir, limit, &globals] { return RunHistory(*app_dir, *limit, globals); };
}

}  // namespace kanaria::cli
