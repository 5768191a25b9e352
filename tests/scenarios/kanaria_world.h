// A fresh emulator world (the scenario canary app, v1 running) and the kanaria binary pointed
// at it, for tests that drive the binary as a user would.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "aws/operations.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_world.h"
#include "support/emulator_fixture.h"
#include "support/external_tools.h"

namespace kanaria::testing {

// The emulator's time scale; deploys pass the same --time-scale.
inline constexpr double kWorldTimeScale = 50;

class KanariaWorld {
 public:
  explicit KanariaWorld(const std::string& pipeline = "canary") : KanariaWorld(NamedScenario(pipeline)) {}
  // The world of `scenario` (its route, service name and desired count; its app in app_dir()).
  explicit KanariaWorld(Scenario scenario) : scenario_(std::move(scenario)) {
    emulator::EmulatorOptions options;
    options.time_scale = kWorldTimeScale;
    options.traffic_rps = 20;
    fixture_ = std::make_unique<EmulatorFixture>(options);
    std::random_device random;
    dir_ = (std::filesystem::temp_directory_path() / ("kanaria-binary-" + std::to_string(random()))).string();
    std::filesystem::create_directories(dir_);
    world_ = BuildScenarioWorld(*fixture_, scenario_, dir_);
  }
  ~KanariaWorld() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  CommandResult Run(std::vector<std::string> args, std::vector<std::string> env = {}) {
    std::vector<std::string> argv = {KANARIA_BINARY_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--endpoint-url", fixture_->emulator().endpoint_url()});
    argv.insert(argv.end(), {"--region", "us-east-1", "--state-dir", state_dir()});
    env.insert(env.end(), {"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_EC2_METADATA_DISABLED=true",
                           "!AWS_PROFILE", "NO_COLOR=1"});
    return RunCommand(argv, env);
  }
  CommandResult Deploy(std::vector<std::string> extra = {}, std::vector<std::string> env = {}) {
    std::vector<std::string> args = {"deploy", app_dir(), "--time-scale", "50"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Run(args, env);
  }
  // Mutating calls in the emulator's request log since the last ClearLog.
  std::vector<std::string> MutatingCalls() {
    std::vector<std::string> calls;
    auto log = fixture_->Admin("GET", "requests");
    if (!log.ok()) return {"(request log unreadable)"};
    for (const auto& entry : *log) {
      const aws::OperationInfo* op = aws::FindOperation(entry.value("service", ""), entry.value("operation", ""));
      if (op != nullptr && op->mutating) calls.push_back(std::string(op->iam_action));
    }
    return calls;
  }
  void ClearLog() { (void)fixture_->Admin("DELETE", "requests"); }

  EmulatorFixture& fixture() { return *fixture_; }
  const ScenarioWorld& world() const { return world_; }
  Scenario& scenario() { return scenario_; }
  std::string app_dir() const { return world_.app_dir; }
  std::string state_dir() const { return dir_ + "/state"; }
  std::string dir() const { return dir_; }

 private:
  static Scenario NamedScenario(const std::string& pipeline) {
    Scenario scenario;
    scenario.name = "binary";
    const char* named = NamedPipeline(pipeline);
    scenario.pipeline_yaml = named != nullptr ? named : pipeline;
    return scenario;
  }

  std::unique_ptr<EmulatorFixture> fixture_;
  std::string dir_;
  Scenario scenario_;
  ScenarioWorld world_;
};


}  // namespace kanaria::testing
