#include "cli/release_session.h"

#include <cstdlib>
#include <iostream>

#include "aws/url.h"
#include "cli/aws_session.h"
#include "cli/exit_codes.h"
#include "core/redact.h"
#include "engine/polling_scope.h"
#include "model/user_config.h"

namespace kanaria::cli {

std::string StateDirectory(const GlobalOptions& globals) {
  if (!globals.state_dir.empty()) return globals.state_dir;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return std::string(xdg) + "/kanaria";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/state/kanaria";
}

bool IsLoopbackEndpoint(const GlobalOptions& globals) {
  if (!globals.endpoint_url) return false;
  const std::string& url = *globals.endpoint_url;
  std::size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  std::string host = url.substr(start);
  host = host.substr(0, host.find('/'));
  if (host.starts_with("[")) return host.starts_with("[::1]");
  host = host.substr(0, host.find(':'));
  return host == "localhost" || host.starts_with("127.");
}

std::unique_ptr<ReleaseSession> OpenReleaseSession(const std::string& command,
                                                   const std::string& app_dir,
                                                   const GlobalOptions& globals, int& exit_code) {
  auto fail = [&](const Status& status, int code) {
    std::cerr << "kanaria " << command << ": " << Scrub(status.message()) << "\n";
    exit_code = code;
    return nullptr;
  };
  auto session = std::make_unique<ReleaseSession>();
  // Analysis providers may be declared in the user's config (~/.config/kanaria/config.yaml).
  auto user_config = model::LoadUserConfig(model::DefaultUserConfigPath(model::ProcessEnvironment()));
  if (!user_config.ok()) {
    std::cerr << "kanaria " << command << ": the user config has errors; nothing was changed:\n"
              << user_config.status().message() << "\n";
    exit_code = kExitRefused;
    return nullptr;
  }
  auto app = model::LoadApplication(app_dir, model::ProcessEnvironment(), *user_config);
  if (!app.ok()) {
    std::cerr << "kanaria " << command << ": " << app_dir << " has errors; nothing was changed:\n"
              << app.status().message() << "\n";
    exit_code = kExitRefused;
    return nullptr;
  }
  session->app = std::move(*app);
  for (const auto& warning : session->app.warnings) {
    std::cerr << "kanaria " << command << ": warning: " << warning << "\n";
  }

  auto aws_session = OpenAwsSession(globals);
  if (!aws_session.ok()) return fail(aws_session.status(), ExitCodeFor(aws_session.status()));
  session->context = aws_session->context;
  session->calls = std::make_shared<ReleaseSession::CallCounts>();
  auto counts = session->calls;
  auto previous = session->context->on_attempt;
  session->context->on_attempt = [counts, previous](const aws::AttemptRecord& attempt) {
    auto& into = engine::InPollingScope() ? counts->polling : counts->other;
    into[std::string(attempt.service) + ":" + std::string(attempt.operation)]++;
    if (previous) previous(attempt);
  };

  auto ecs = aws::ecs::EcsClient::Create(session->context);
  if (!ecs.ok()) return fail(ecs.status(), kExitRefused);
  session->ecs = std::move(*ecs);
  auto elbv2 = aws::elbv2::Elbv2Client::Create(session->context);
  if (!elbv2.ok()) return fail(elbv2.status(), kExitRefused);
  session->elbv2 = std::move(*elbv2);
  auto cloudmap = aws::servicediscovery::ServiceDiscoveryClient::Create(session->context);
  if (!cloudmap.ok()) return fail(cloudmap.status(), kExitRefused);
  session->cloudmap = std::move(*cloudmap);
  auto sts = aws::sts::StsClient::Create(session->context);
  if (!sts.ok()) return fail(sts.status(), kExitRefused);
  session->sts = std::move(*sts);
  auto cloudwatch = aws::cloudwatch::CloudWatchClient::Create(session->context);
  if (!cloudwatch.ok()) return fail(cloudwatch.status(), kExitRefused);
  session->cloudwatch = std::move(*cloudwatch);

  session->journal_path = StateDirectory(globals) + "/journal.sqlite";
  auto journal = engine::Journal::Open(session->journal_path);
  if (journal.ok()) {
    session->journal = std::move(*journal);
  } else {
    // The engine can recover from AWS alone; a broken journal must not block a release.
    std::cerr << "kanaria " << command << ": warning: journal unavailable, continuing without it: "
              << journal.status().message() << "\n";
  }
  exit_code = kExitOk;
  return session;
}

}  // namespace kanaria::cli
