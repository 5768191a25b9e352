// Runs every tests/scenarios/*.yaml against the in-process emulator: the engine releases the
// scenario's app while InvariantChecker checks I1 and I2 after every mutating call; then the exit
// code, the summary and the end state (I4 after a release, I5 after a rollback) are checked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "aws/query_fields.h"
#include "cli/release_command.h"
#include "engine/journal.h"
#include "engine/release_runner.h"
#include "model/application.h"
#include "scenarios/end_state.h"
#include "scenarios/invariant_checker.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_clients.h"
#include "scenarios/scenario_world.h"

namespace kanaria::testing {
namespace {

using nlohmann::json;

std::string TempDirectory() {
  std::random_device random;
  auto dir = std::filesystem::temp_directory_path() / ("kanaria-scenario-" + std::to_string(random()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

model::EnvLookup NoEnvironment() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

// As a crash would: StopTask on `count` running tasks of the release's canary task set.
void StopCanaryTasks(EmulatorFixture& fixture, const ScenarioWorld& world, int count) {
  auto task_sets = fixture.Ecs("DescribeTaskSets", {{"cluster", world.cluster}, {"service", world.service}, {"include", {"TAGS"}}});
  ASSERT_TRUE(task_sets.ok());
  std::string canary;
  for (const auto& ts : (*task_sets)["taskSets"]) {
    for (const auto& tag : ts.value("tags", json::array())) {
      if (tag["key"] == "kanaria:role" && tag["value"] == "canary") canary = ts["id"];
    }
  }
  ASSERT_FALSE(canary.empty()) << "no canary task set to stop tasks of";
  auto tasks = fixture.Ecs("ListTasks", {{"cluster", world.cluster}, {"startedBy", canary}});
  ASSERT_TRUE(tasks.ok());
  ASSERT_GE(static_cast<int>((*tasks)["taskArns"].size()), count);
  for (int i = 0; i < count; ++i) {
    EXPECT_TRUE(fixture.Ecs("StopTask", {{"cluster", world.cluster}, {"task", (*tasks)["taskArns"][i]},
                                         {"reason", "Essential container in task exited"}}).ok());
  }
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
  options.traffic_rps = scenario.traffic;
  options.seed = scenario.seed;
  EmulatorFixture fixture(options);
  dir_ = TempDirectory();
  ScenarioWorld world = BuildScenarioWorld(fixture, scenario, dir_);
  if (!scenario.faults.is_null()) {
    ASSERT_TRUE(fixture.Admin("POST", "faults", scenario.faults).ok());
  }

  auto app = model::LoadApplication(world.app_dir, NoEnvironment());
  ASSERT_TRUE(app.ok()) << app.status().message();
  ScenarioClients clients(fixture.context());
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
    if (!action.alarm_to_alarm.empty()) {
      auto cloudwatch = aws::ServiceClient::Create(aws::kCloudWatchService, fixture.context());
      ASSERT_TRUE(cloudwatch.ok());
      aws::QueryParams params;
      aws::FlattenQueryParams({{"AlarmName", action.alarm_to_alarm}, {"StateValue", "ALARM"},
                               {"StateReason", "set by the scenario"}},
                              "", params);
      EXPECT_TRUE((*cloudwatch)->CallQuery("SetAlarmState", params).ok());
    }
    if (action.stop_canary_tasks > 0) StopCanaryTasks(fixture, world, action.stop_canary_tasks);
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
      ScenarioClients other_clients(fixture.context());
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
  // Every analysis verdict the release emitted is in the journal too.
  const auto emitted = std::count_if(checker.events().begin(), checker.events().end(),
                                     [](const auto& event) { return event.type == "analysis"; });
  auto journaled = (*journal)->Events(result.release_id);
  ASSERT_TRUE(journaled.ok());
  EXPECT_EQ(std::count_if(journaled->begin(), journaled->end(), [](const auto& e) { return e.type == "analysis"; }),
            emitted);
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
