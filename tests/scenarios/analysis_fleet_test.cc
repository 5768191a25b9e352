// The analysis issue's fleets, at its fixed parameters (50 requests per virtual second, the
// default analysis looking every minute for 10 minutes, time scale 20): 50 seeded healthy
// canaries (canary and primary both answering 1 % errors) must all be released, and 50 canaries
// answering 5 % errors (primary 0 %) must all be rolled back by the 5xx rate within two looks.
// Each canary is a whole release on its own in-process emulator. The fleets are split into
// batches of 10 (one ctest test each, so each stays well under the per-test timeout and ctest
// can run two at once); a batch runs two releases at a time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "engine/release_runner.h"
#include "model/application.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_clients.h"
#include "scenarios/scenario_world.h"

namespace kanaria::testing {
namespace {

using nlohmann::json;

constexpr int kBatches = 5;
constexpr int kPerBatch = 10;  // 5 x 10 = the 50 canaries per fleet
constexpr int kAtOnce = 2;     // each emulator serves 1,000 real requests a second


struct CanaryRun {
  uint64_t seed = 0;
  engine::ReleaseOutcome outcome = engine::ReleaseOutcome::kRefused;
  int looks = 0;  // analysis looks made
  std::string summary;
};

// Counts the analysis looks of one release.
class LookCounter final : public engine::ReleaseEventSink {
 public:
  void Emit(const engine::ReleaseEvent& event) override {
    if (event.type == "analysis") ++looks;
  }
  std::atomic<int> looks{0};
};

CanaryRun RunCanary(uint64_t seed, const json& primary_environment, const json& canary_environment) {
  CanaryRun run;
  run.seed = seed;
  Scenario scenario;
  scenario.name = "fleet";
  scenario.pipeline_yaml = NamedPipeline("analysis");
  scenario.time_scale = 20;
  scenario.traffic = 50;
  scenario.seed = seed;
  scenario.primary_environment = primary_environment;
  scenario.new_environment = canary_environment;
  emulator::EmulatorOptions options{.time_scale = 20, .traffic_rps = 50, .seed = seed};
  EmulatorFixture fixture(options);
  std::random_device random;
  const auto dir = std::filesystem::temp_directory_path() / ("kanaria-fleet-" + std::to_string(random()));
  std::filesystem::create_directories(dir);
  try {
    const ScenarioWorld world = BuildScenarioWorld(fixture, scenario, dir.string());
    auto app = model::LoadApplication(world.app_dir, [](const std::string&) { return std::optional<std::string>(); });
    if (!app.ok()) {
      run.summary = app.status().message();
    } else {
      ScenarioClients clients(fixture.context());
      LookCounter counter;
      engine::ReleaseRequest request;
      request.settings.time_scale = 20;
      const auto result = engine::RunRelease(*app, clients.Get(), SystemClock::Instance(), counter, nullptr, request);
      run.outcome = result.outcome;
      run.looks = counter.looks;
      run.summary = result.summary;
    }
  } catch (const std::exception& e) {
    run.summary = e.what();
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return run;
}

// Batch b runs seeds 10b+1 .. 10b+10, kAtOnce at a time.
std::vector<CanaryRun> RunBatch(int batch, const json& primary_environment, const json& canary_environment) {
  std::vector<CanaryRun> runs(kPerBatch);
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kAtOnce; ++w) {
    workers.emplace_back([&] {
      for (int i = next++; i < kPerBatch; i = next++) {
        runs[i] = RunCanary(static_cast<uint64_t>(batch * kPerBatch + i + 1), primary_environment, canary_environment);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return runs;
}

class AnalysisFleetTest : public ::testing::TestWithParam<int> {};

TEST_P(AnalysisFleetTest, HealthyCanariesAreAllReleased) {
  const json one_percent = {{"KANARIA_EMULATOR_ERROR_RATE", "0.01"}};
  int released = 0;
  for (const CanaryRun& run : RunBatch(GetParam(), one_percent, one_percent)) {
    released += run.outcome == engine::ReleaseOutcome::kReleased;
    EXPECT_EQ(run.outcome, engine::ReleaseOutcome::kReleased) << "seed " << run.seed << ": " << run.summary;
    EXPECT_EQ(run.looks, 10) << "seed " << run.seed;
  }
  std::cout << "healthy canaries released: " << released << " of " << kPerBatch << "\n";
}

TEST_P(AnalysisFleetTest, CanariesAtFivePercentErrorsAreRolledBackWithinTwoLooks) {
  int within_two = 0;
  for (const CanaryRun& run : RunBatch(GetParam(), json::object(), {{"KANARIA_EMULATOR_ERROR_RATE", "0.05"}})) {
    within_two += run.outcome == engine::ReleaseOutcome::kRolledBack && run.looks <= 2;
    EXPECT_EQ(run.outcome, engine::ReleaseOutcome::kRolledBack) << "seed " << run.seed << ": " << run.summary;
    EXPECT_THAT(run.summary, ::testing::HasSubstr("5xx rate: canary")) << "seed " << run.seed;
    EXPECT_LE(run.looks, 2) << "seed " << run.seed << ": " << run.summary;
  }
  std::cout << "canaries at 5 % errors rolled back within two looks: " << within_two << " of " << kPerBatch << "\n";
}

INSTANTIATE_TEST_SUITE_P(Seeds, AnalysisFleetTest, ::testing::Range(0, kBatches),
                         [](const auto& info) { return "seeds_" + std::to_string(info.param * kPerBatch + 1) + "_to_" +
                                                       std::to_string((info.param + 1) * kPerBatch); });

}  // namespace
}  // namespace kanaria::testing
