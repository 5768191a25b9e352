#include "emulator/dataplane/load_generator.h"

#include <gtest/gtest.h>

#include <thread>

#include "fakes/manual_clock.h"

namespace kanaria::emulator {
namespace {

const std::string kGeneratorLoadBalancer =
    "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/abc";
const std::string kTg = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/primary/1";
const TargetAddress kTask{"10.0.0.1", 80};

// Two listeners, each with two sample requests; counts what it routes, per listener and path.
class CountingRouting : public ListenerRouting {
 public:
  std::vector<ListenerInfo> Listeners() const override {
    return {{"listener/a", kGeneratorLoadBalancer}, {"listener/b", kGeneratorLoadBalancer}};
  }
  RouteDecision Route(const std::string& listener_arn, const IncomingRequest& request, double,
                      double) const override {
    counts[listener_arn + " " + request.host + request.path] += 1;
    RouteDecision decision;
    decision.kind = RouteDecision::Kind::kForward;
    decision.load_balancer_arn = kGeneratorLoadBalancer;
    decision.target_group_arn = kTg;
    decision.target = kTask;
    return decision;
  }
  std::vector<IncomingRequest> SampleRequests(const std::string&) const override {
    IncomingRequest api;
    api.path = "/api";
    api.host = "api.example.com";
    IncomingRequest fallback;
    fallback.path = "/";
    fallback.host = "www.example.com";
    return {api, fallback};
  }
  int64_t Total() const {
    int64_t total = 0;
    for (const auto& [key, count] : counts) total += count;
    return total;
  }
  mutable std::map<std::string, int64_t> counts;  // guarded by the world mutex
};

class FixedBehaviour : public TargetBehaviourSource {
 public:
  std::optional<TargetBehaviour> BehaviourAt(const TargetAddress&) const override {
    return TargetBehaviour{"task/1", "web:1", "web:v1", 0, 10, false};
  }
};

class LoadGeneratorTest : public ::testing::Test {
 protected:
  LoadGeneratorTest()
      : time_(clock_, 10),
        random_(3),
        plane_(world_mutex_, routing_, behaviour_, metrics_, time_, random_) {
    EXPECT_TRUE(plane_.Reconcile().ok());
  }
  int64_t Routed() {
    std::lock_guard<std::mutex> lock(world_mutex_);
    return routing_.Total();
  }

  testing::ManualClock clock_;
  SimTime time_;
  RandomStreams random_;
  std::mutex world_mutex_;
  CountingRouting routing_;
  FixedBehaviour behaviour_;
  TrafficMetrics metrics_;
  DataPlane plane_;
};

TEST_F(LoadGeneratorTest, SendsRateTimesScaleToEveryListenerOverItsSamples) {
  LoadGenerator generator(world_mutex_, routing_, plane_, time_);
  // 10 requests per virtual second at scale 10: 100 real requests a second per listener.
  ASSERT_TRUE(generator.SetRate(10).ok());
  EXPECT_EQ(generator.rate(), 10);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  generator.Stop();
  const LoadGeneratorCounters counters = generator.counters();
  // 400 expected over two listeners in 2 s; within a factor of 2.
  EXPECT_GT(counters.sent, 200u);
  EXPECT_LT(counters.sent, 800u);
  EXPECT_EQ(counters.failed, 0u);
  EXPECT_EQ(static_cast<uint64_t>(Routed()), counters.sent);

  std::lock_guard<std::mutex> lock(world_mutex_);
  for (const std::string listener : {"listener/a", "listener/b"}) {
    const int64_t api = routing_.counts[listener + " api.example.com/api"];
    const int64_t root = routing_.counts[listener + " www.example.com/"];
    EXPECT_GT(api, 50) << listener;
    EXPECT_GT(root, 50) << listener;
    // Round-robin over the samples: the two paths within one request of each other... or two,
    // as the stop can cut between the workers' tickets.
    EXPECT_LE(std::abs(api - root), 8) << listener;
  }
}

TEST_F(LoadGeneratorTest, RefusesRatesAboveTheRealCap) {
  LoadGenerator generator(world_mutex_, routing_, plane_, time_);
  // 300 per virtual second at scale 10 is 3,000 real requests a second.
  const Status refused = generator.SetRate(300);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidInput);
  EXPECT_NE(refused.message().find("2000"), std::string::npos) << refused.message();
  EXPECT_EQ(generator.SetRate(-1).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(generator.rate(), 0);
  EXPECT_TRUE(generator.SetRate(LoadGenerator::kMaxRealRequestsPerSecond / 10).ok());
  generator.Stop();
}

TEST_F(LoadGeneratorTest, PauseChangeAndStopAreClean) {
  LoadGenerator generator(world_mutex_, routing_, plane_, time_);
  ASSERT_TRUE(generator.SetRate(5).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_TRUE(generator.SetRate(0).ok());  // pause
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const uint64_t paused_at = generator.counters().sent;
  EXPECT_GT(paused_at, 0u);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(generator.counters().sent, paused_at);

  ASSERT_TRUE(generator.SetRate(20).ok());  // resume faster
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_GT(generator.counters().sent, paused_at);
  generator.Stop();
  const uint64_t stopped_at = generator.counters().sent;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(generator.counters().sent, stopped_at);
  generator.Stop();  // idempotent
}

TEST_F(LoadGeneratorTest, CountsFailuresWhenTheListenerIsGone) {
  LoadGenerator generator(world_mutex_, routing_, plane_, time_);
  ASSERT_TRUE(generator.SetRate(5).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  plane_.Stop();  // ports snapshot is stale for up to a second: those requests fail
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  generator.Stop();
  EXPECT_GT(generator.counters().sent, 0u);
  EXPECT_GT(generator.counters().failed, 0u);
}

}  // namespace
}  // namespace kanaria::emulator
