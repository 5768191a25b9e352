// The `kanaria` binary releasing against the in-process emulator: plan's call list is what
// deploy makes; the crash sweep (every mutating call of the reference canary, two kill points,
// with and without the journal) always ends in I4 or I5; SIGINT then resume; approve from
// another process; rollback; --time-scale refused against a remote endpoint.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <future>
#include <random>
#include <thread>

#include "aws/operations.h"
#include "engine/iam_policy.h"
#include "engine/release_lock.h"
#include "scenarios/end_state.h"
#include "scenarios/kanaria_world.h"
#include "scenarios/invariant_checker.h"
#include "scenarios/scenario_world.h"
#include "support/emulator_fixture.h"
#include "support/external_tools.h"

namespace kanaria::testing {
namespace {

using nlohmann::json;

// The JSON events of a --output json run (stderr lines are not JSON and are skipped).
std::vector<json> Events(const std::string& output) {
  std::vector<json> events;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("{")) continue;
    auto event = json::parse(line, nullptr, false);
    if (!event.is_discarded()) events.push_back(event);
  }
  return events;
}

std::vector<std::string> CallsOf(const std::vector<json>& events) {
  std::vector<std::string> calls;
  for (const auto& e : events) {
    if (e["type"] == "call") {
      calls.push_back(e["data"]["step"].get<std::string>() + " " + e["data"]["operation"].get<std::string>() + " " +
                      e["data"]["target"].get<std::string>());
    }
  }
  return calls;
}

std::vector<std::string> PlannedCalls(KanariaWorld& w) {
  CommandResult plan = w.Run({"plan", w.app_dir(), "--output", "json"});
  EXPECT_EQ(plan.exit_code, 0) << plan.output;
  std::vector<std::string> calls;
  auto begin = plan.output.find('{');
  if (begin == std::string::npos) return calls;
  auto parsed = json::parse(plan.output.substr(begin), nullptr, false);
  if (parsed.is_discarded()) return calls;
  for (const auto& call : parsed["mutatingCalls"]) {
    calls.push_back(call["step"].get<std::string>() + " " + call["operation"].get<std::string>() + " " +
                    call["target"].get<std::string>());
  }
  return calls;
}

TEST(ReleaseBinaryTest, PlanChangesNothingAndListsExactlyTheCallsDeployMakes) {
  KanariaWorld w;
  w.ClearLog();
  const std::vector<std::string> planned = PlannedCalls(w);
  EXPECT_THAT(w.MutatingCalls(), ::testing::IsEmpty());
  ASSERT_GE(planned.size(), 8u);
  CommandResult deploy = w.Deploy({"--output", "json"});
  ASSERT_EQ(deploy.exit_code, 0) << deploy.output;
  EXPECT_EQ(CallsOf(Events(deploy.output)), planned);
  // The golden sequence of the reference canary (KANARIA_UPDATE_GOLDEN=1 rewrites it).
  const std::string golden_path = KANARIA_SOURCE_DIR "/tests/golden/reference_canary_calls.txt";
  std::string joined;
  for (const auto& call : planned) joined += call + "\n";
  if (const char* update = std::getenv("KANARIA_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(golden_path) << joined;
  }
  std::ifstream golden(golden_path);
  std::stringstream expected;
  expected << golden.rdbuf();
  EXPECT_EQ(joined, expected.str()) << "the reference canary's calls changed; if on purpose, re-run with "
                                       "KANARIA_UPDATE_GOLDEN=1 and review tests/golden/reference_canary_calls.txt";
  // The emulator saw exactly those mutations (plus nothing else).
  EXPECT_EQ(w.MutatingCalls().size(), planned.size());
  // docs/iam-policy.json (EngineIamActions) covers every call the release made.
  const std::vector<std::string> allowed = engine::EngineIamActions();
  auto log = w.fixture().Admin("GET", "requests");
  ASSERT_TRUE(log.ok());
  for (const auto& entry : *log) {
    const aws::OperationInfo* op = aws::FindOperation(entry.value("service", ""), entry.value("operation", ""));
    ASSERT_NE(op, nullptr) << entry.dump();
    if (op->iam_action.empty()) continue;
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), std::string(op->iam_action)), allowed.end())
        << op->iam_action << " is called but not in the IAM policy";
  }
  ExpectEndState(w.fixture(), w.world(), "released");

  // A second deploy of the same content has nothing to do.
  CommandResult again = w.Deploy();
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, ::testing::HasSubstr("nothing to release"));
  CommandResult history = w.Run({"history", w.app_dir()});
  EXPECT_EQ(history.exit_code, 0);
  EXPECT_THAT(history.output, ::testing::HasSubstr("released"));
  EXPECT_THAT(history.output, ::testing::HasSubstr("ecs:CreateTaskSet 2"));
}

TEST(ReleaseBinaryTest, RollbackGoesBackToTheVersionBeforeTheLastRelease) {
  KanariaWorld w;
  ASSERT_EQ(w.Deploy().exit_code, 0);
  CommandResult rollback = w.Run({"rollback", w.app_dir(), "--time-scale", "50"});
  EXPECT_EQ(rollback.exit_code, 0) << rollback.output;
  ExpectEndState(w.fixture(), w.world(), "rolled_back");
}

TEST(ReleaseBinaryTest, TimeScaleIsRefusedAgainstARemoteEndpoint) {
  KanariaWorld w;
  CommandResult result = RunCommand({KANARIA_BINARY_PATH, "deploy", w.app_dir(), "--time-scale", "10",
                                     "--endpoint-url", "https://ecs.us-east-1.amazonaws.com", "--region", "us-east-1"},
                                    {"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_EC2_METADATA_DISABLED=true"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, ::testing::HasSubstr("--time-scale"));
}

TEST(ReleaseBinaryTest, InterruptedReleaseExits130AndResumes) {
  KanariaWorld w(R"(- name: ECS_CANARY_ROLLOUT
  with: {scale: 10}
- name: ECS_TRAFFIC_ROUTING
  with: {canary: 10}
- name: WAIT
  with: {duration: 10m}
- name: ECS_PRIMARY_ROLLOUT
- name: ECS_TRAFFIC_ROUTING
  with: {primary: 100}
- name: ECS_CANARY_CLEAN
)");
  auto running = std::async(std::launch::async, [&] { return w.Deploy(); });
  // Interrupt during the WAIT (12 s at time scale 50): once the canary has traffic.
  ASSERT_TRUE(EmulatorFixture::WaitUntil(
      [&] {
        for (const auto& [arn, rule] : SnapshotRules(w.fixture(), w.world())) {
          if (WeightsOf(rule, w.world()).second > 0) return true;
        }
        return false;
      },
      std::chrono::seconds(20)));
  RunCommand({"pkill", "-INT", "-f", w.state_dir()});
  CommandResult interrupted = running.get();
  EXPECT_EQ(interrupted.exit_code, 130) << interrupted.output;
  EXPECT_THAT(interrupted.output, ::testing::HasSubstr("kanaria resume"));
  CommandResult status = w.Run({"status", w.app_dir()});
  EXPECT_THAT(status.output, ::testing::HasSubstr("release in flight"));
  CommandResult resumed = w.Run({"resume", w.app_dir(), "--time-scale", "50"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_THAT(resumed.output, ::testing::HasSubstr("resuming release"));
  ExpectEndState(w.fixture(), w.world(), "released");
}

TEST(ReleaseBinaryTest, ApprovalLeftByAnotherProcessLetsTheReleaseContinue) {
  KanariaWorld w(R"(- name: ECS_CANARY_ROLLOUT
  with: {scale: 10}
- name: WAIT_APPROVAL
  with: {timeout: 15m}
- name: ECS_PRIMARY_ROLLOUT
- name: ECS_CANARY_CLEAN
)");
  auto running = std::async(std::launch::async, [&] { return w.Deploy(); });
  CommandResult approve;
  const bool approved = EmulatorFixture::WaitUntil(
      [&] {
        approve = w.Run({"approve", w.app_dir()});
        return approve.exit_code == 0;
      },
      std::chrono::seconds(10));
  CommandResult deploy = running.get();
  std::string log;
  if (!approved) {
    const auto requests = w.fixture().Admin("GET", "requests");  // kept alive: the loop reads into it
    for (const auto& entry : requests.ok() ? *requests : json::array()) {
      if (entry["operation"] != "DescribeTaskSets" && entry["operation"] != "ListTasks") log += entry.dump() + "\n";
    }
  }
  ASSERT_TRUE(approved) << approve.output << "\n---- deploy:\n" << deploy.output << log;
  EXPECT_EQ(deploy.exit_code, 0) << deploy.output;
  EXPECT_THAT(deploy.output, ::testing::HasSubstr("approved (kr-"));
  ExpectEndState(w.fixture(), w.world(), "released");
}

// plan reports the lock deploy would find: a live lock of another release refuses (exit 2, the
// holder named); a stale lock of this configuration is resumed; a stale lock of a different
// configuration refuses. `abort` then rolls the stale release back itself.
TEST(ReleaseBinaryTest, PlanReportsTheLockAndAbortRollsBackAReleaseWhoseLockExpired) {
  KanariaWorld w;
  const std::string service_arn = w.world().service_arn;
  engine::LockValue other{.release_id = "kr-20261127T000000Z-other",
                          .digest = "0123456789abcdef",
                          .started = std::chrono::system_clock::now(),
                          .expires = std::chrono::system_clock::now() + std::chrono::hours(1),
                          .holder = "arn:aws:iam::123456789012:user/ci elsewhere 42"};
  ASSERT_TRUE(w.fixture().Ecs("TagResource", {{"resourceArn", service_arn},
                                              {"tags", json::array({{{"key", "kanaria:lock"},
                                                                     {"value", other.Encode()}}})}}).ok());
  CommandResult held = w.Run({"plan", w.app_dir()});
  EXPECT_EQ(held.exit_code, 2) << held.output;
  EXPECT_THAT(held.output, ::testing::HasSubstr("another release holds service web: release " + other.release_id));
  ASSERT_TRUE(w.fixture().Ecs("UntagResource", {{"resourceArn", service_arn},
                                                {"tagKeys", json::array({"kanaria:lock"})}}).ok());

  // A deploy killed after the journal write of its 4th mutating call: its lock names a dead process.
  CommandResult crashed = w.Deploy({}, {"KANARIA_TEST_EXIT_AFTER_JOURNAL_WRITE=4"});
  ASSERT_EQ(crashed.exit_code, 137) << crashed.output;
  w.ClearLog();
  CommandResult plan = w.Run({"plan", w.app_dir(), "--output", "json"});
  EXPECT_EQ(plan.exit_code, 0) << plan.output;
  auto parsed = json::parse(plan.output.substr(std::min(plan.output.find('{'), plan.output.size())), nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << plan.output;
  EXPECT_THAT(parsed["resumes"].get<std::string>(), ::testing::StartsWith("kr-"));

  WriteScenarioApp(w.world(), w.scenario(), w.app_dir(), json{{"CHANGED", "yes"}}, "v3");
  CommandResult different = w.Run({"plan", w.app_dir()});
  EXPECT_EQ(different.exit_code, 2) << different.output;
  EXPECT_THAT(different.output, ::testing::HasSubstr("an unfinished release with a different configuration"));
  EXPECT_THAT(w.MutatingCalls(), ::testing::IsEmpty());

  WriteScenarioApp(w.world(), w.scenario(), w.app_dir(), json::object(), "v2");
  CommandResult aborted = w.Run({"abort", w.app_dir(), "--time-scale", "50"});
  EXPECT_EQ(aborted.exit_code, 0) << aborted.output;  // the rollback asked for
  EXPECT_THAT(aborted.output, ::testing::HasSubstr("rolled back"));
  ExpectEndState(w.fixture(), w.world(), "rolled_back");
}

// Crash sweep: the reference canary killed at every mutating call, at two points, then re-run
// with the journal kept or deleted. Every run must end in I4 (exit 0) or I5 (exit 1).
enum class KillPoint { kResponseLost, kAfterJournalWrite };
struct CrashCase {
  KillPoint kill;
  bool keep_journal;
};

class CrashSweepTest : public ::testing::TestWithParam<CrashCase> {};

TEST_P(CrashSweepTest, EveryKillPointEndsReleasedOrRolledBack) {
  const CrashCase c = GetParam();
  std::vector<std::string> planned;
  {
    KanariaWorld probe;
    planned = PlannedCalls(probe);
  }
  ASSERT_GE(planned.size(), 8u);
  for (std::size_t k = 1; k <= planned.size(); ++k) {
    SCOPED_TRACE("killed at mutating call " + std::to_string(k) + ": " + planned[k - 1]);
    KanariaWorld w;
    std::vector<std::string> env;
    if (c.kill == KillPoint::kAfterJournalWrite) {
      env.push_back("KANARIA_TEST_EXIT_AFTER_JOURNAL_WRITE=" + std::to_string(k));
    } else {
      // The emulator applies call k and drops its answer; the process dies right after it.
      const std::string operation = planned[k - 1].substr(planned[k - 1].find(' ') + 1);
      const std::string action = operation.substr(0, operation.find(' '));
      const std::string service = action.substr(0, action.find(':'));
      const std::string name = action.substr(action.find(':') + 1);
      int skip = 0;
      for (std::size_t i = 0; i + 1 < k; ++i) skip += planned[i].find(" " + action + " ") != std::string::npos;
      ASSERT_TRUE(w.fixture().Admin("POST", "faults", {{"api", json::array({{{"service", service}, {"operation", name},
                                                                              {"responseLostRate", 1}, {"count", 1},
                                                                              {"skip", skip}}})}}).ok());
      env.push_back("KANARIA_TEST_EXIT_AFTER_CALL=" + std::to_string(k));
    }
    CommandResult crashed = w.Deploy({}, env);
    EXPECT_EQ(crashed.exit_code, 137) << crashed.output;
    (void)w.fixture().Admin("DELETE", "faults");
    if (!c.keep_journal) std::filesystem::remove_all(w.state_dir());
    CommandResult rerun = w.Deploy();
    ASSERT_TRUE(rerun.exit_code == 0 || rerun.exit_code == 1) << crashed.output << "\n---- re-run:\n" << rerun.output;
    ExpectEndState(w.fixture(), w.world(), rerun.exit_code == 0 ? "released" : "rolled_back");
  }
}

INSTANTIATE_TEST_SUITE_P(
    KillPoints, CrashSweepTest,
    ::testing::Values(CrashCase{KillPoint::kResponseLost, true}, CrashCase{KillPoint::kResponseLost, false},
                      CrashCase{KillPoint::kAfterJournalWrite, true}, CrashCase{KillPoint::kAfterJournalWrite, false}),
    [](const ::testing::TestParamInfo<CrashCase>& info) {
      return std::string(info.param.kill == KillPoint::kResponseLost ? "ResponseLost" : "AfterJournalWrite") +
             (info.param.keep_journal ? "_JournalKept" : "_JournalDeleted");
    });

}  // namespace
}  // namespace kanaria::testing
