// The emulator's semantics seen from outside, over HTTP: kanaria's own clients for the control
// plane, a plain HTTP client for the data plane, as a release and its users see them.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cmath>
#include <map>
#include <thread>
#include <nlohmann/json.hpp>

#include "aws/cloudwatch/cloudwatch_client.h"
#include "support/emulator_fixture.h"

namespace kanaria::testing {
namespace {

// Time scale 200: a task starts (15 s) in 75 ms of real time and one 10 s health check takes
// 50 ms.
emulator::EmulatorOptions FastOptions() { return {.time_scale = 200, .seed = 42}; }

// Answers of `count` GET requests to the listener, keyed by the task definition they name.
std::map<std::string, int> CountAnswers(int port, int count, std::map<int, int>* statuses = nullptr) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  std::map<std::string, int> by_version;
  for (int i = 0; i < count; ++i) {
    httplib::Result result = client.Get("/");
    if (!result) {
      ++by_version["<no answer>"];
      continue;
    }
    if (statuses != nullptr) ++(*statuses)[result->status];
    const auto body = nlohmann::json::parse(result->body, nullptr, false);
    ++by_version[body.is_object() && body.contains("taskDefinition")
                     ? body["taskDefinition"].get<std::string>()
                     : "<status " + std::to_string(result->status) + ">"];
  }
  return by_version;
}

TEST(EmulatorSemanticsTest, WeightedSplitMatchesTheWeightsWithinThreeSigma) {
  EmulatorFixture f(FastOptions());
  const ReleaseTopology t = f.CreateReleaseTopology(2);
  const std::string v1 = f.RegisterVersion();
  const std::string v2 = f.RegisterVersion({{"VERSION", "2"}});
  const std::string blue = f.CreateTaskSet(v1, t.blue_target_group_arn, 100);
  const std::string green = f.CreateTaskSet(v2, t.green_target_group_arn, 100);
  ASSERT_TRUE(EmulatorFixture::WaitUntil([&] {
    return StabilityOf(f, t, blue) == "STEADY_STATE" && StabilityOf(f, t, green) == "STEADY_STATE";
  })) << StabilityOf(f, t, blue) << " " << StabilityOf(f, t, green);
  f.SetWeights(90, 10);

  constexpr int kRequests = 5000;
  const std::map<std::string, int> answers = CountAnswers(f.ListenerPort(t.listener_arn), kRequests);
  ASSERT_EQ(answers.size(), 2u) << nlohmann::json(answers).dump();
  const double green_share = static_cast<double>(answers.at(v2)) / kRequests;
  const double sigma = std::sqrt(0.1 * 0.9 / kRequests);  // 0.42 percentage points
  EXPECT_NEAR(green_share, 0.10, 3 * sigma) << nlohmann::json(answers).dump();
  EXPECT_EQ(answers.at(v1) + answers.at(v2), kRequests);
}

TEST(EmulatorSemanticsTest, AllTrafficFollowsAWeightOfZero) {
  EmulatorFixture f(FastOptions());
  const ReleaseTopology t = f.CreateReleaseTopology(1);
  const std::string v1 = f.RegisterVersion();
  const std::string blue = f.CreateTaskSet(v1, t.blue_target_group_arn, 100);
  f.CreateTaskSet(f.RegisterVersion({{"VERSION", "2"}}), t.green_target_group_arn, 100);
  ASSERT_TRUE(EmulatorFixture::WaitUntil([&] { return StabilityOf(f, t, blue) == "STEADY_STATE"; }));
  const std::map<std::string, int> answers = CountAnswers(f.ListenerPort(t.listener_arn), 200);
  EXPECT_EQ(answers, (std::map<std::string, int>{{v1, 200}}));
}

TEST(EmulatorSemanticsTest, ErrorRateOfAVersionIsServedAndCounted) {
  EmulatorFixture f(FastOptions());
  const ReleaseTopology t = f.CreateReleaseTopology(1);
  const std::string bad = f.RegisterVersion({{"KANARIA_EMULATOR_ERROR_RATE", "0.2"}});
  const std::string blue = f.CreateTaskSet(bad, t.blue_target_group_arn, 100);
  ASSERT_TRUE(EmulatorFixture::WaitUntil([&] { return StabilityOf(f, t, blue) == "STEADY_STATE"; }));
  std::map<int, int> statuses;
  CountAnswers(f.ListenerPort(t.listener_arn), 2000, &statuses);
  const double errors = 2000 - statuses[200];
  EXPECT_NEAR(errors / 2000, 0.2, 3 * std::sqrt(0.2 * 0.8 / 2000)) << nlohmann::json(statuses).dump();

  httplib::Client admin("127.0.0.1", f.emulator().port());
  const std::string metrics = admin.Get("/_emulator/metrics")->body;
  EXPECT_NE(metrics.find("kanaria_emulator_target_requests_total{"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("targetgroup/blue/"), std::string::npos);
}

TEST(EmulatorSemanticsTest, DeletedTaskSetDrainsThenIsGone) {
  EmulatorFixture f(FastOptions());
  const ReleaseTopology t = f.CreateReleaseTopology(2);
  const std::string blue = f.CreateTaskSet(f.RegisterVersion(), t.blue_target_group_arn, 100);
  ASSERT_TRUE(EmulatorFixture::WaitUntil([&] { return StabilityOf(f, t, blue) == "STEADY_STATE"; }));
  auto deleted = f.Ecs("DeleteTaskSet", {{"cluster", t.cluster}, {"service", t.service},
                                         {"taskSet", blue}, {"force", true}});
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ((*deleted)["taskSet"]["status"], "DRAINING");
  // Deregistration delay 300 s / 200 = 1.5 s of real time, then the tasks stop.
  EXPECT_TRUE(EmulatorFixture::WaitUntil([&] { return StabilityOf(f, t, blue) == "missing"; },
                                         std::chrono::seconds(20)));
}

TEST(EmulatorSemanticsTest, TasksFailingHealthChecksAreReplaced) {
  EmulatorFixture f(FastOptions());
  const ReleaseTopology t = f.CreateReleaseTopology(1);
  const std::string sick = f.RegisterVersion({{"KANARIA_EMULATOR_UNHEALTHY", "1"}});
  const std::string blue = f.CreateTaskSet(sick, t.blue_target_group_arn, 100);
  auto stopped_reasons = [&] {
    std::vector<std::string> reasons;
    auto listed = f.Ecs("ListTasks", {{"cluster", t.cluster}, {"desiredStatus", "STOPPED"}});
    if (!listed.ok() || (*listed)["taskArns"].empty()) return reasons;
    auto described = f.Ecs("DescribeTasks", {{"cluster", t.cluster}, {"tasks", (*listed)["taskArns"]}});
    if (!described.ok()) return reasons;
    for (const auto& task : (*described)["tasks"]) reasons.push_back(task.value("stoppedReason", ""));
    return reasons;
  };
  ASSERT_TRUE(EmulatorFixture::WaitUntil([&] { return !stopped_reasons().empty(); },
                                         std::chrono::seconds(20)));
  EXPECT_NE(stopped_reasons()[0].find("failed ELB health checks"), std::string::npos)
      << stopped_reasons()[0];
  EXPECT_EQ(StabilityOf(f, t, blue), "STABILIZING");
}

// The load generator's traffic, served by the data plane, is what CloudWatch reports: every
// answered request is one RequestCount of the target group, published after the (scaled) delay.
TEST(EmulatorSemanticsTest, CloudWatchCountsTheTrafficTheLoadGeneratorSent) {
  EmulatorFixture f(FastOptions());
  const ReleaseTopology t = f.CreateReleaseTopology(1);
  const std::string blue = f.CreateTaskSet(f.RegisterVersion(), t.blue_target_group_arn, 100);
  ASSERT_TRUE(EmulatorFixture::WaitUntil([&] { return StabilityOf(f, t, blue) == "STEADY_STATE"; }));
  const WallTime start = std::chrono::system_clock::now() - std::chrono::seconds(2);
  // 5 requests per virtual second at time scale 200: 1,000 real requests per second.
  ASSERT_TRUE(f.Admin("POST", "traffic", {{"rps", 5}}).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  auto stopped = f.Admin("DELETE", "traffic");
  ASSERT_TRUE(stopped.ok());
  // The publication delay is 60 s / 200 = 0.3 s of real time; requests in flight at the stop
  // are answered well within it.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  const auto sent = (*f.Admin("GET", "traffic"))["sent"].get<uint64_t>();
  ASSERT_GT(sent, 200u);

  auto cloudwatch = aws::cloudwatch::CloudWatchClient::Create(f.context());
  ASSERT_TRUE(cloudwatch.ok());
  const std::string lb = t.load_balancer_arn.substr(t.load_balancer_arn.find("app/"));
  const std::string tg = t.blue_target_group_arn.substr(t.blue_target_group_arn.find("targetgroup/"));
  aws::cloudwatch::GetMetricDataRequest request;
  request.start_time = start;
  request.end_time = std::chrono::system_clock::now() + std::chrono::seconds(2);
  request.queries.push_back({"requests",
                             aws::cloudwatch::MetricStat{{"AWS/ApplicationELB",
                                                          "RequestCount",
                                                          {{"LoadBalancer", lb}, {"TargetGroup", tg}}},
                                                         1,
                                                         "Sum",
                                                         ""},
                             "",
                             "",
                             std::nullopt,
                             std::nullopt});
  auto answer = (*cloudwatch)->GetMetricData(request);
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  ASSERT_EQ(answer->results.size(), 1u);
  double counted = 0;
  for (const double value : answer->results[0].values) {
    EXPECT_GT(value, 0) << "the ALB publishes no zero datapoints";
    counted += value;
  }
  EXPECT_EQ(counted, static_cast<double>(sent));
}

}  // namespace
}  // namespace kanaria::testing
