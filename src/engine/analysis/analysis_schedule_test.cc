#include "engine/analysis/analysis_schedule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>

#include "fakes/manual_clock.h"

namespace kanaria::engine::analysis {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

// A check that answers from a script, one outcome per look, and records the looks it made.
class ScriptedCheck final : public AnalysisCheck {
 public:
  ScriptedCheck(std::string name, Duration interval, std::deque<LookOutcome> script, int tests = 0,
                int failure_limit = 0, bool skip_on_no_data = false)
      : name_(std::move(name)), interval_(interval), script_(std::move(script)), tests_(tests),
        failure_limit_(failure_limit), skip_on_no_data_(skip_on_no_data) {}
  const std::string& name() const override { return name_; }
  Duration interval() const override { return interval_; }
  int tests_per_look() const override { return tests_; }
  int failure_limit() const override { return failure_limit_; }
  bool skip_on_no_data() const override { return skip_on_no_data_; }
  LookResult Look(const LookContext& context) override {
    contexts.push_back(context);
    const LookOutcome outcome = script_.empty() ? LookOutcome::kPass : script_.front();
    if (!script_.empty()) script_.pop_front();
    return {.outcome = outcome, .line = name_ + " look " + std::to_string(context.look) + ": " +
                                        std::string(LookOutcomeName(outcome))};
  }
  std::vector<LookContext> contexts;

 private:
  std::string name_;
  Duration interval_;
  std::deque<LookOutcome> script_;
  int tests_;
  int failure_limit_;
  bool skip_on_no_data_;
};

class AnalysisScheduleTest : public ::testing::Test {
 protected:
  ScheduleHooks Hooks() {
    return {.wait_until = [this](WallTime until) {
              if (until > clock_.Now()) clock_.Advance(std::chrono::duration_cast<Duration>(until - clock_.Now()));
              return Status::Ok();
            },
            .alarms_in_alarm = [this]() -> StatusOr<std::vector<std::string>> {
              if (!alarm_error_.ok()) return alarm_error_;
              return alarms_at_ <= clock_.Now() ? std::vector<std::string>{"web-5xx (threshold crossed)"}
                                                : std::vector<std::string>{};
            },
            .on_look = [this](const AnalysisCheck& check, const LookContext& context, const LookResult&) {
              looks_.push_back(check.name() + "#" + std::to_string(context.look));
            }};
  }
  StatusOr<ScheduleResult> Run(std::vector<std::unique_ptr<AnalysisCheck>>& checks, Duration duration = 10min,
                               bool pass_inconclusive = false) {
    return RunAnalysisSchedule({.duration = duration, .significance = 0.05, .pass_inconclusive = pass_inconclusive},
                               checks, clock_, Hooks());
  }

  testing::ManualClock clock_;
  WallTime alarms_at_ = WallTime::max();
  Status alarm_error_;
  std::vector<std::string> looks_;
};

std::deque<LookOutcome> RepeatedOutcome(LookOutcome outcome, int n) { return std::deque<LookOutcome>(n, outcome); }

TEST_F(AnalysisScheduleTest, EveryCheckLooksAtItsOwnIntervalUntilTheDurationHasPassed) {
  std::vector<std::unique_ptr<AnalysisCheck>> checks;
  checks.push_back(std::make_unique<ScriptedCheck>("a", 1min, std::deque<LookOutcome>{}));
  checks.push_back(std::make_unique<ScriptedCheck>("b", 150s, std::deque<LookOutcome>{}));
  const WallTime start = clock_.Now();
  auto result = Run(checks, 5min);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->passed) << result->summary;
  EXPECT_EQ(result->summary, "all 2 checks passed at every look");
  EXPECT_THAT(looks_, ::testing::ElementsAre("a#1", "a#2", "b#1", "a#3", "a#4", "a#5", "b#2"));
  EXPECT_EQ(clock_.Now(), start + 5min);
  const auto& b = static_cast<ScriptedCheck&>(*checks[1]).contexts;
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].looks, 2);
  EXPECT_EQ(b[1].now, start + 300s);
}

TEST_F(AnalysisScheduleTest, SplitsAlphaOverEveryStatisticalTestOfEveryLook) {
  std::vector<std::unique_ptr<AnalysisCheck>> checks;
  checks.push_back(std::make_unique<ScriptedCheck>("default", 1min, RepeatedOutcome(LookOutcome::kWaiting, 9), 2));
  checks.push_back(std::make_unique<ScriptedCheck>("bound", 2min, std::deque<LookOutcome>{}));
  ASSERT_TRUE(Run(checks).ok());
  // 2 tests x 10 looks; the bound check spends none.
  EXPECT_DOUBLE_EQ(static_cast<ScriptedCheck&>(*checks[0]).contexts[0].test_alpha, 0.05 / 20);
}

TEST_F(AnalysisScheduleTest, AStatisticalRejectionFailsAtOnce) {
  std::vector<std::unique_ptr<AnalysisCheck>> checks;
  checks.push_back(std::make_unique<ScriptedCheck>("5xx", 1min, std::deque{LookOutcome::kWaiting, LookOutcome::kFail}, 1, 5));
  auto result = Run(checks);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->passed);
  EXPECT_EQ(result->summary, "5xx look 2: fail (look 2 of 10)");
  EXPECT_EQ(looks_.size(), 2u);
}

TEST_F(AnalysisScheduleTest, BoundChecksFailOnlyBeyondTheirFailureLimit) {
  std::vector<std::unique_ptr<AnalysisCheck>> checks;
  checks.push_back(std::make_unique<ScriptedCheck>(
      "latency-p99", 1min, std::deque{LookOutcome::kFail, LookOutcome::kPass, LookOutcome::kProviderError, LookOutcome::kFail},
      0, 2));
  auto result = Run(checks);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->passed);
  EXPECT_EQ(result->summary, "latency-p99 look 4: fail (3 failed looks of 10, failureLimit 2)");
}

TEST_F(AnalysisScheduleTest, NoDataFailsUnlessSkipOnNoData) {
  std::vector<std::unique_ptr<AnalysisCheck>> checks;
  checks.push_back(std::make_unique<ScriptedCheck>("quiet", 1min, RepeatedOutcome(LookOutcome::kNoData, 10), 0, 0, true));
  auto skipped = Run(checks);
  ASSERT_TRUE(skipped.ok());
  EXPECT_TRUE(skipped->passed);

  checks.clear();
  checks.push_back(std::make_unique<ScriptedCheck>("quiet", 1min, RepeatedOutcome(LookOutcome::kNoData, 10)));
  auto failed = Run(checks);
  ASSERT_TRUE(failed.ok());
  EXPECT_FALSE(failed->passed);
  EXPECT_THAT(failed->summary, HasSubstr("quiet look 1: no data (1 failed look of 10, failureLimit 0)"));
}

TEST_F(AnalysisScheduleTest, InconclusiveFollowsOnInconclusive) {
  for (bool pass : {false, true}) {
    std::vector<std::unique_ptr<AnalysisCheck>> checks;
    std::deque<LookOutcome> script = RepeatedOutcome(LookOutcome::kWaiting, 9);
    script.push_back(LookOutcome::kInconclusive);
    checks.push_back(std::make_unique<ScriptedCheck>("5xx", 1min, script, 1));
    auto result = Run(checks, 10min, pass);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->passed, pass);
    EXPECT_TRUE(result->inconclusive);
    EXPECT_THAT(result->summary, HasSubstr(pass ? "onInconclusive: PASS" : "onInconclusive: FAIL"));
    EXPECT_THAT(result->summary, HasSubstr("5xx look 10: inconclusive"));
  }
}

TEST_F(AnalysisScheduleTest, AnAlarmInAlarmFailsTheStageAtTheNextLook) {
  alarms_at_ = clock_.Now() + 150s;
  std::vector<std::unique_ptr<AnalysisCheck>> checks;
  checks.push_back(std::make_unique<ScriptedCheck>("a", 1min, std::deque<LookOutcome>{}));
  auto result = Run(checks);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->passed);
  EXPECT_EQ(result->summary, "alarm in ALARM: web-5xx (threshold crossed)");
  EXPECT_EQ(looks_.size(), 2u);
}

TEST_F(AnalysisScheduleTest, AlarmsThatCannotBeReadFailTheStage) {
  alarm_error_ = UnavailableError("DescribeAlarms: connection refused");
  std::vector<std::unique_ptr<AnalysisCheck>> checks;
  checks.push_back(std::make_unique<ScriptedCheck>("a", 1min, std::deque<LookOutcome>{}));
  auto result = Run(checks);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->passed);
  EXPECT_THAT(result->summary, HasSubstr("the alarms could not be read: DescribeAlarms: connection refused"));
}

TEST_F(AnalysisScheduleTest, AnIntervalLongerThanTheDurationIsRefused) {
  std::vector<std::unique_ptr<AnalysisCheck>> checks;
  checks.push_back(std::make_unique<ScriptedCheck>("a", 11min, std::deque<LookOutcome>{}));
  auto result = Run(checks);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
  std::vector<std::unique_ptr<AnalysisCheck>> none;
  EXPECT_FALSE(Run(none).ok());
}

TEST_F(AnalysisScheduleTest, AWaitErrorEndsTheStageWithIt) {
  std::vector<std::unique_ptr<AnalysisCheck>> checks;
  checks.push_back(std::make_unique<ScriptedCheck>("a", 1min, std::deque<LookOutcome>{}));
  ScheduleHooks hooks = Hooks();
  hooks.wait_until = [](WallTime) { return ConflictError("the lock was taken"); };
  auto result = RunAnalysisSchedule({.duration = 10min}, checks, clock_, hooks);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "the lock was taken");
}

}  // namespace
}  // namespace kanaria::engine::analysis
