// `kanaria demo`: a whole canary release on the in-process emulator, no AWS account needed —
// an ALB, two target groups, a listener rule and an EXTERNAL service running v1 under load,
// then v2 released through 20 % canary, 80/20, the default analysis, primary rollout, 100/0 and
// clean; then v3, which answers 5 % errors, released the same way and rolled back by the analysis.
#include <fmt/format.h>
#include <stdlib.h>

#include <filesystem>
#include <iostream>

#include "cli/aws_session.h"
#include "cli/command.h"
#include "cli/demo_world.h"
#include "cli/exit_codes.h"
#include "cli/release_command.h"
#include "emulator/emulator.h"

namespace kanaria::cli {
namespace {

struct DemoOptions {
  double time_scale = 20;
  double traffic = 50;
  bool keep = false;
};

int RunDemo(const DemoOptions& options, const GlobalOptions& globals) {
  char pattern[] = "/tmp/kanaria-demo-XXXXXX";
  const char* made = mkdtemp(pattern);
  if (made == nullptr) {
    std::cerr << "kanaria demo: cannot create a temporary directory under /tmp\n";
    return kExitFailed;
  }
  const std::string work_dir = made;
  struct Cleanup {
    std::string dir;
    bool keep;
    ~Cleanup() {
      std::error_code ignored;
      if (!keep) std::filesystem::remove_all(dir, ignored);
    }
  } cleanup{work_dir, options.keep};

  emulator::EmulatorOptions emulator_options;
  emulator_options.host = "127.0.0.1";
  emulator_options.port = 0;
  emulator_options.time_scale = options.time_scale;
  emulator_options.traffic_rps = options.traffic;
  auto emulator = emulator::Emulator::Start(emulator_options);
  if (!emulator.ok()) {
    std::cerr << "kanaria demo: the emulator did not start: " << emulator.status().message() << "\n";
    return kExitFailed;
  }
  struct StopEmulator {
    emulator::Emulator& e;
    ~StopEmulator() { e.Stop(); }
  } stop{**emulator};

  // The demo signs with throwaway keys and never consults the user's credentials or IMDS.
  setenv("AWS_ACCESS_KEY_ID", "AKIDEMOEXAMPLE", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "demo-secret-key", 1);
  unsetenv("AWS_SESSION_TOKEN");
  unsetenv("AWS_PROFILE");
  setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
  GlobalOptions demo_globals = globals;
  demo_globals.endpoint_url = (*emulator)->endpoint_url();
  demo_globals.region = "us-east-1";
  demo_globals.profile.reset();
  demo_globals.state_dir = work_dir + "/state";

  const bool json = globals.output == OutputFormat::kJson;
  if (!json) {
    std::cout << fmt::format(
        "kanaria demo: a local AWS emulator on {} (time x{}, {} requests per virtual second)\n"
        "  building: ALB 'demo' with target groups web-blue and web-green, a listener rule /* -> "
        "web-blue, ECS service demo/web (EXTERNAL, 4 tasks) running v1\n",
        *demo_globals.endpoint_url, options.time_scale, options.traffic);
  }
  auto aws_session = OpenAwsSession(demo_globals);
  if (!aws_session.ok()) {
    std::cerr << "kanaria demo: " << aws_session.status().message() << "\n";
    return kExitFailed;
  }
  auto world = BuildDemoWorld(aws_session->context, work_dir);
  if (!world.ok()) {
    std::cerr << "kanaria demo: building the demo infrastructure failed: " << world.status().message() << "\n";
    return kExitFailed;
  }
  if (!json) {
    std::cout << "  releasing v2 with " << world->app_dir
              << "/app.pipecd.yaml: canary 20%, weights 80/20, analysis 6m, primary rollout, 100/0, clean\n\n";
  }
  int exit_code = kExitOk;
  auto session = OpenReleaseSession("demo", world->app_dir, demo_globals, exit_code);
  if (!session) return exit_code;
  ReleaseCommandOptions release{.command = "demo", .app_dir = world->app_dir, .mode = engine::ReleaseMode::kDeploy,
                                .time_scale = options.time_scale, .approve = true, .task_definition_override = ""};
  const int good = RunReleaseInSession(*session, release, demo_globals);
  if (good != kExitOk) {
    if (!json) std::cout << "\ndemo failed: v2 was not released; see above.\n";
    return good;
  }

  if (!json) {
    std::cout << "\n  releasing v3, whose tasks answer 5% of requests with errors: the analysis should stop it\n\n";
  }
  Status written = WriteBadVersion(*world);
  if (!written.ok()) {
    std::cerr << "kanaria demo: " << written.message() << "\n";
    return kExitFailed;
  }
  auto bad_session = OpenReleaseSession("demo", world->app_dir, demo_globals, exit_code);
  if (!bad_session) return exit_code;
  const int bad = RunReleaseInSession(*bad_session, release, demo_globals);
  // Both outcomes as expected: v2 released, v3 rolled back (exit 1) by the analysis.
  exit_code = bad == kExitFailed ? kExitOk : (bad == kExitOk ? kExitFailed : bad);
  if (!json) {
    std::cout << (exit_code == kExitOk
                      ? "\ndemo finished: v2 was released; v3 failed its analysis and was rolled back, so v2 "
                        "serves all traffic; the emulator is stopped.\n"
                      : bad == kExitOk ? "\ndemo failed: v3 was released although it answers errors; see above.\n"
                                       : "\ndemo failed; see above.\n");
    if (options.keep) std::cout << "kept " << work_dir << "\n";
  }
  return exit_code;
}

}  // namespace

CommandAction ConfigureDemo(CLI::App& sub, const GlobalOptions& globals) {
  auto options = std::make_shared<DemoOptions>();
  sub.add_option("--time-scale", options->time_scale, "Speed of the emulated world (and of the release's waits)")
      ->default_val(20)
      ->check(CLI::Range(1.0, 1000.0));
  sub.add_option("--traffic", options->traffic, "Requests per virtual second sent to the load balancer")
      ->default_val(50)
      ->check(CLI::Range(0.0, 2000.0));
  sub.add_flag("--keep", options->keep, "Keep the demo's app directory and journal (under /tmp)");
  return [options, &globals] { return RunDemo(*options, globals); };
}

}  // namespace kanaria::cli
