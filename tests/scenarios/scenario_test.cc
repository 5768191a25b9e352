// Runs every tests/scenarios/*.yaml against the in-process emulator: the engine releases the
// scenario's app while InvariantChecker checks I1 and I2 after every mutating call; then the exit
// code, the summary and the end state (I4 after a release, I5 after a rollback) are checked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "aws/ecs/ecs_client.h"
#include "aws/elbv2/elbv2_client.h"
#include "aws/servicediscovery/servicediscovery_client.h"
#include "aws/sts/sts_client.h"
#include "cli/release_command.h"
#include "engine/journal.h"
#include "engine/release_runner.h"
#include "model/application.h"
#include "scenarios/end_state.h"
#include "scenarios/invariant_checker.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_world.h"

namespace kanaria::testing {
namespace {

using nlohmann::json;

struct Clients {
  std::unique_ptr<aws::ecs::EcsClient> ecs;
  std::unique_ptr<aws::elbv2::Elbv2Client> elbv2;
  std::unique_ptr<aws::servicediscovery::ServiceDiscoveryClient> cloudmap;
  std::unique_ptr<aws::sts::StsClient> sts;
  explicit Clients(std::shared_ptr<aws::ClientContext> context)
      : ecs(aws::ecs::EcsClient::Create(context).value()),
        elbv2(aws::elbv2::Elbv2Client::Create(context).value()),
        cloudmap(aws::servicediscovery::ServiceDiscoveryClient::Create(context).value()),
        sts(aws::sts::StsClient::Create(context).value()) {}
  engine::ReleaseClients Get() const { return {ecs.get(), elbv2.get(), cloudmap.get(), sts.get()}; }
};

std::string TempDirectory() {
  std::random_device random;
  auto dir = std::filesystem::temp_directory_path() / ("kanaria-scenario-" + std::to_string(random()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

model::EnvLookup NoEnvironment() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {
 protected:
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  std::string dir_;
};

TEST_P(ScenarioTest, EndsAsExpectedWithInvariantsHeldAfterEveryCall) {
  Scenario scenario = LoadScenario(GetParam());
  SCOPED_TRACE(scenario.file + ": " + scenario.name);
  emulator::EmulatorOptions options;
  options.time_scale = scenario.time_scale;
  options.traffic_rps = 20;
  EmulatorFixture fixture(options);
  dir_ = TempDirectory();
  ScenarioWorld world = BuildScenarioWorld(fixture, scenario, dir_);
  if (!scenario.faults.is_null()) {
    ASSERT_TRUE(fixture.Admin("POST", "faults", scenario.faults).ok());
  }

  auto app = model::LoadApplication(world.app_dir, NoEnvironment());
  ASSERT_TRUE(app.ok()) << app.status().message();
  Clients clients(fixture.context());
  auto journal = engine::Journal::Open(dir_ + "/state/journal.sqlite");
  ASSERT_TRUE(journal.ok()) << journal.status().message();

  engine::ReleaseRequest request;
  request.settings.time_scale = scenario.time_scale;
  request.settings.approve_all = scenario.approve;

  auto fire = [&](ScenarioAction& action) {
    if (!action.faults.is_null()) {
      EXPECT_TRUE(fixture.Admin("POST", "faults", action.faults).ok());
    }
    if (action.desired_count) {
      EXPECT_TRUE(fixture.Ecs("UpdateService", {{"cluster", world.cluster}, {"service", world.service},
                                                {"desiredCount", *action.desired_count}}).ok());
    }
    if (action.abort) {
      auto tags = fixture.Ecs("ListTagsForResource", {{"resourceArn", world.service_arn}});
      ASSERT_TRUE(tags.ok());
      std::string release;
      for (const auto& tag : (*tags)["tags"]) {
        if (tag["key"] == "kanaria:lock") release = tag["value"].get<std::string>().substr(8, tag["value"].get<std::string>().find(' ') - 8);
      }
      EXPECT_TRUE(fixture.Ecs("TagResource", {{"resourceArn", world.service_arn},
                                              {"tags", json::array({{{"key", "kanaria:abort"}, {"value", release + " by=test"}}})}}).ok());
    }
    if (action.second_deploy_exit) {
      const std::string other_dir = dir_ + "/app-v3";
      WriteScenarioApp(world, scenario, other_dir, json::object(), "v3");
      auto other = model::LoadApplication(other_dir, NoEnvironment());
      ASSERT_TRUE(other.ok()) << other.status().message();
      Clients other_clients(fixture.context());
      engine::NullEventSink quiet;
      auto second = engine::RunRelease(*other, other_clients.Get(), SystemClock::Instance(), quiet, nullptr, request);
      EXPECT_EQ(cli::ExitCodeOf(second.outcome), *action.second_deploy_exit) << second.summary;
      EXPECT_THAT(second.summary, ::testing::HasSubstr("another release holds service web"));
    }
  };
  InvariantChecker checker(fixture, world, scenario, fire);
  const auto result = engine::RunRelease(*app, clients.Get(), SystemClock::Instance(), checker, journal->get(), request);

  EXPECT_EQ(cli::ExitCodeOf(result.outcome), scenario.expect_exit) << result.summary;
  EXPECT_THAT(checker.violations(), ::testing::IsEmpty());
  for (const auto& action : scenario.during) {
    EXPECT_TRUE(action.fired) << "a `during` action never fired";
  }
  if (!scenario.expect_message.empty()) {
    EXPECT_THAT(result.summary, ::testing::HasSubstr(scenario.expect_message));
  }

  // End state: I4 after a release, I5 after a rollback.
  ExpectEndState(fixture, world, scenario.expect_end, result.release_id);
  auto recorded = (*journal)->FindRelease(result.release_id);
  ASSERT_TRUE(recorded.ok() && recorded->has_value());
  EXPECT_EQ((*recorded)->outcome, scenario.expect_end);
}

std::string NameOf(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(ScenarioFiles()), NameOf);

}  // namespace
}  // namespace kanaria::testing
