// The default analysis's check against the emulator's traffic and CloudWatch: a canary answering
// 30 % errors fails on the 5xx rate, one 200 ms slower fails on the response time, a healthy one
// keeps waiting for more data until its last look. 60 virtual seconds per real second.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "aws/cloudwatch/cloudwatch_client.h"
#include "engine/analysis/checks/default_elb_check.h"
#include "support/emulator_fixture.h"

namespace kanaria::engine::analysis {
namespace {

using ::testing::HasSubstr;

class DefaultElbCheckTest : public ::testing::Test {
 protected:
  DefaultElbCheckTest() : fixture_({.time_scale = 60, .traffic_rps = 20, .seed = 11}) {}

  // v1 behind blue, `canary_environment` behind green, weights 50/50; then the check.
  void Start(const nlohmann::json& canary_environment) {
    topology_ = fixture_.CreateReleaseTopology(2);
    const std::string blue = fixture_.CreateTaskSet(fixture_.RegisterVersion(), topology_.blue_target_group_arn, 100);
    const std::string green =
        fixture_.CreateTaskSet(fixture_.RegisterVersion(canary_environment), topology_.green_target_group_arn, 100);
    ASSERT_TRUE(testing::EmulatorFixture::WaitUntil(
        [&] { return Steady(blue) && Steady(green); }, std::chrono::seconds(20)));
    fixture_.SetWeights(50, 50);
    start_ = std::chrono::ceil<std::chrono::seconds>(std::chrono::system_clock::now());
    auto client = aws::cloudwatch::CloudWatchClient::Create(fixture_.context());
    ASSERT_TRUE(client.ok());
    client_ = std::move(client).value();
    check_ = std::make_unique<DefaultElbCheck>(
        *client_, DefaultElbCheckOptions{.load_balancer_arn = topology_.load_balancer_arn,
                                         .canary_target_group_arn = topology_.green_target_group_arn,
                                         .primary_target_group_arn = topology_.blue_target_group_arn,
                                         .interval = std::chrono::seconds(1),
                                         .period = std::chrono::seconds(1),
                                         .publication_delay = std::chrono::seconds(1),
                                         .settings = {},
                                         .primary_served_until = std::nullopt});
  }
  bool Steady(const std::string& id) {
    auto described = fixture_.Ecs("DescribeTaskSets", {{"cluster", "prod"}, {"service", "web"}, {"taskSets", {id}}});
    return described.ok() && !(*described)["taskSets"].empty() &&
           (*described)["taskSets"][0]["stabilityStatus"] == "STEADY_STATE";
  }
  // Look `look` of 10, taken `look` real seconds (virtual minutes) after the start.
  LookResult LookAt(int look) {
    const WallTime now = start_ + std::chrono::seconds(look) + std::chrono::milliseconds(300);
    std::this_thread::sleep_until(now);
    return check_->Look({.look = look, .looks = 10, .stage_start = start_, .now = now, .test_alpha = 0.05 / 20});
  }

  testing::EmulatorFixture fixture_;
  testing::ReleaseTopology topology_;
  WallTime start_;
  std::unique_ptr<aws::cloudwatch::CloudWatchClient> client_;
  std::unique_ptr<DefaultElbCheck> check_;
};

TEST_F(DefaultElbCheckTest, ACanaryAnsweringErrorsFailsOnThe5xxRate) {
  Start({{"KANARIA_EMULATOR_ERROR_RATE", "0.3"}});
  const LookResult result = LookAt(4);
  EXPECT_EQ(result.outcome, LookOutcome::kFail) << result.line;
  EXPECT_THAT(result.line, HasSubstr("5xx rate: canary "));
  const auto& canary = result.measurements["canary"];
  EXPECT_NEAR(canary["errors5xx"].get<double>() / canary["requests"].get<double>(), 0.3, 0.05) << result.line;
  EXPECT_THAT(result.line, HasSubstr("→ fail"));
  EXPECT_GT(result.measurements["canary"]["errors5xx"].get<int64_t>(), 300);
  EXPECT_EQ(result.measurements["primary"]["errors5xx"].get<int64_t>(), 0);
}

TEST_F(DefaultElbCheckTest, ASlowCanaryFailsOnTheResponseTime) {
  Start({{"KANARIA_EMULATOR_LATENCY_MS", "200"}});
  const LookResult result = LookAt(7);
  EXPECT_EQ(result.outcome, LookOutcome::kFail) << result.line;
  EXPECT_THAT(result.line, HasSubstr("response time"));
  EXPECT_EQ(result.measurements["errorRate"]["verdict"], "waiting") << result.line;
}

TEST_F(DefaultElbCheckTest, AHealthyCanaryWaitsForMoreData) {
  Start(nlohmann::json::object());
  const LookResult early = LookAt(1);
  EXPECT_EQ(early.outcome, LookOutcome::kWaiting) << early.line;
  const LookResult later = LookAt(3);
  EXPECT_EQ(later.outcome, LookOutcome::kWaiting) << later.line;
  EXPECT_THAT(later.line, HasSubstr("5xx rate: canary 0.0 %"));
  EXPECT_GT(later.measurements["canary"]["requests"].get<int64_t>(), 1000);
}

}  // namespace
}  // namespace kanaria::engine::analysis
