#include "emulator/dataplane/data_plane.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "fakes/manual_clock.h"

namespace kanaria::emulator {
namespace {

const std::string kListener = "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/web/abc/l1";
const std::string kLb = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/abc";
const std::string kPrimaryGroupArn =
    "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/primary/1";
const std::string kCanaryGroupArn = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/canary/2";
const TargetAddress kPrimaryTask{"10.0.0.1", 80};
const TargetAddress kCanaryTask{"10.0.0.2", 80};

// Routes by path: "/fixed" fixed response, "/empty" unavailable, "/nowhere" not routable,
// "/gone" forward to an address with no task; anything else a 80/20 weighted forward.
class FakeRouting : public ListenerRouting {
 public:
  std::vector<ListenerInfo> listeners = {{kListener, kLb}};
  mutable std::vector<IncomingRequest> seen;

  std::vector<ListenerInfo> Listeners() const override { return listeners; }
  RouteDecision Route(const std::string& listener_arn, const IncomingRequest& request,
                      double group_draw, double /*target_draw*/) const override {
    seen.push_back(request);
    RouteDecision decision;
    decision.load_balancer_arn = kLb;
    if (listener_arn != kListener) {
      decision.load_balancer_arn.clear();
      return decision;
    }
    if (request.path == "/fixed") {
      decision.kind = RouteDecision::Kind::kFixedResponse;
      decision.status = 418;
      decision.content_type = "text/plain";
      decision.body = "teapot";
    } else if (request.path == "/empty") {
      decision.kind = RouteDecision::Kind::kUnavailable;
      decision.target_group_arn = kCanaryGroupArn;
    } else if (request.path == "/nowhere") {
      decision.kind = RouteDecision::Kind::kNotRoutable;
    } else {
      decision.kind = RouteDecision::Kind::kForward;
      const bool canary = group_draw < 0.2;
      decision.target_group_arn = canary ? kCanaryGroupArn : kPrimaryGroupArn;
      decision.target = canary ? kCanaryTask : kPrimaryTask;
      if (request.path == "/gone") decision.target = {"10.9.9.9", 80};
      decision.set_cookie = "AWSALBTG=" + std::string(canary ? "c" : "p") + "; Path=/";
    }
    return decision;
  }
  std::vector<IncomingRequest> SampleRequests(const std::string&) const override { return {}; }
};

class FakeBehaviours : public TargetBehaviourSource {
 public:
  std::map<TargetAddress, TargetBehaviour> tasks = {
      {kPrimaryTask, {"arn:aws:ecs:us-east-1:1:task/c/primary", "web:1", "web:v1", 0, 20, false}},
      {kCanaryTask, {"arn:aws:ecs:us-east-1:1:task/c/canary", "web:2", "web:v2", 1.0, 100, false}},
  };
  std::optional<TargetBehaviour> BehaviourAt(const TargetAddress& target) const override {
    const auto it = tasks.find(target);
    if (it == tasks.end()) return std::nullopt;
    return it->second;
  }
};

class DataPlaneTest : public ::testing::Test {
 protected:
  DataPlaneTest()
      : time_(clock_, 100),  // latencies of 20-100 ms take 0.2-1 ms of real time
        random_(7),
        plane_(world_mutex_, routing_, behaviours_, metrics_, time_, random_) {}

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", plane_.PortOf(kListener));
    client.set_keep_alive(true);
    client.set_read_timeout(std::chrono::seconds(10));
    return client;
  }

  testing::ManualClock clock_;
  SimTime time_;
  RandomStreams random_;
  std::mutex world_mutex_;
  FakeRouting routing_;
  FakeBehaviours behaviours_;
  TrafficMetrics metrics_;
  DataPlane plane_;
};

TEST_F(DataPlaneTest, SplitsForwardedTrafficAnswersAsTheTaskAndRecordsIt) {
  ASSERT_TRUE(plane_.Reconcile().ok());
  ASSERT_GT(plane_.PortOf(kListener), 0);
  httplib::Client client = Client();
  int canary = 0, primary = 0;
  for (int i = 0; i < 300; ++i) {
    const auto result = client.Get("/orders?id=1", {{"Host", "shop.example.com:8080"}});
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    const nlohmann::json body = nlohmann::json::parse(result->body);
    if (body["taskDefinition"] == "web:2") {
      ++canary;
      EXPECT_EQ(result->status, 500);  // the canary's error_rate is 1
      EXPECT_EQ(body["image"], "web:v2");
      EXPECT_EQ(body["targetGroupArn"], kCanaryGroupArn);
      EXPECT_EQ(result->get_header_value("Set-Cookie"), "AWSALBTG=c; Path=/");
    } else {
      ++primary;
      EXPECT_EQ(result->status, 200);
      EXPECT_EQ(body["taskDefinition"], "web:1");
      EXPECT_EQ(body["taskArn"], "arn:aws:ecs:us-east-1:1:task/c/primary");
    }
  }
  // group_draw < 0.2 goes to the canary: about 60 of 300.
  EXPECT_GT(canary, 30);
  EXPECT_LT(canary, 120);
  EXPECT_EQ(canary + primary, 300);

  // The routing saw the request as the ALB would.
  const IncomingRequest& seen = routing_.seen.back();
  EXPECT_EQ(seen.path, "/orders");
  EXPECT_EQ(seen.query, "id=1");
  EXPECT_EQ(seen.host, "shop.example.com");
  EXPECT_EQ(seen.method, "GET");

  const WallTime now = clock_.Now();
  const auto window_end = now + std::chrono::seconds(1);
  const auto canary_buckets = metrics_.Buckets("app/web/abc", "targetgroup/canary/2",
                                               now - std::chrono::seconds(1), window_end);
  ASSERT_EQ(canary_buckets.size(), 1u);
  EXPECT_EQ(canary_buckets[0].requests, canary);
  EXPECT_EQ(canary_buckets[0].target_codes[3], canary);
  // The full simulated latency plus the base latency is recorded, not the scaled wait.
  EXPECT_DOUBLE_EQ(canary_buckets[0].latency_max_ms, 100 + DataPlane::kBaseLatencyMs);
  const auto all = metrics_.Buckets("app/web/abc", "", now - std::chrono::seconds(1), window_end);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].requests, 300);
  EXPECT_EQ(all[0].target_codes[0], primary);
}

TEST_F(DataPlaneTest, ErrorRateIsAShareOfRequests) {
  behaviours_.tasks[kCanaryTask].error_rate = 0.5;
  behaviours_.tasks[kPrimaryTask].error_rate = 0.5;
  ASSERT_TRUE(plane_.Reconcile().ok());
  httplib::Client client = Client();
  int errors = 0;
  for (int i = 0; i < 200; ++i) {
    const auto result = client.Get("/");
    ASSERT_TRUE(result);
    if (result->status == 500) ++errors;
  }
  EXPECT_GT(errors, 50);
  EXPECT_LT(errors, 150);
}

TEST_F(DataPlaneTest, LoadBalancerAnswersWithoutTargets) {
  ASSERT_TRUE(plane_.Reconcile().ok());
  httplib::Client client = Client();
  const auto fixed = client.Get("/fixed");
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->status, 418);
  EXPECT_EQ(fixed->body, "teapot");
  EXPECT_EQ(fixed->get_header_value("Content-Type"), "text/plain");
  const auto empty = client.Get("/empty");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 503);
  const auto nowhere = client.Get("/nowhere");
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->status, 404);
  const auto gone = client.Get("/gone");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 502);

  const WallTime now = clock_.Now();
  const auto all = metrics_.Buckets("app/web/abc", "", now - std::chrono::seconds(1),
                                    now + std::chrono::seconds(1));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].requests, 4);
  EXPECT_EQ(all[0].elb_codes[0], 2);  // 418, 404
  EXPECT_EQ(all[0].elb_codes[1], 2);  // 503, 502
  EXPECT_EQ(all[0].target_responses, 0);
}

TEST_F(DataPlaneTest, ReconcileOpensAndClosesListenerServers) {
  ASSERT_TRUE(plane_.Reconcile().ok());
  const std::string second = kListener + "-2";
  routing_.listeners.push_back({second, kLb});
  ASSERT_TRUE(plane_.Reconcile().ok());
  ASSERT_EQ(plane_.Ports().size(), 2u);
  const int first_port = plane_.PortOf(kListener);
  const int second_port = plane_.PortOf(second);
  EXPECT_NE(first_port, second_port);
  // The same listeners again: the same servers.
  ASSERT_TRUE(plane_.Reconcile().ok());
  EXPECT_EQ(plane_.PortOf(kListener), first_port);

  // Keep a connection alive to the listener about to go: closing must not wait on it.
  httplib::Client idle("127.0.0.1", first_port);
  idle.set_keep_alive(true);
  ASSERT_TRUE(idle.Get("/"));
  routing_.listeners.erase(routing_.listeners.begin());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(plane_.Reconcile().ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  ASSERT_EQ(plane_.Ports().size(), 1u);
  EXPECT_EQ(plane_.Ports()[0].listener_arn, second);
  EXPECT_EQ(plane_.PortOf(kListener), 0);
  httplib::Client closed("127.0.0.1", first_port);
  closed.set_connection_timeout(std::chrono::seconds(1));
  EXPECT_FALSE(closed.Get("/"));
}

TEST_F(DataPlaneTest, KeepAliveIsNotCappedAtFiveRequests) {
  ASSERT_TRUE(plane_.Reconcile().ok());
  httplib::Client client = Client();
  for (int i = 0; i < 50; ++i) {
    const auto result = client.Get("/");
    ASSERT_TRUE(result) << i;
    // cpp-httplib's default cap answers the fifth request with "Connection: close".
    EXPECT_NE(result->get_header_value("Connection"), "close") << "request " << i;
  }
}

TEST(DataPlaneStopTest, StopEndsRequestsWaitingOnLatency) {
  testing::ManualClock clock;
  SimTime time(clock, 1);
  RandomStreams random(1);
  std::mutex world_mutex;
  FakeRouting routing;
  FakeBehaviours behaviours;
  behaviours.tasks[kPrimaryTask].latency_ms = 60000;  // a minute at scale 1
  behaviours.tasks[kCanaryTask].latency_ms = 60000;
  TrafficMetrics metrics;
  DataPlane plane(world_mutex, routing, behaviours, metrics, time, random);
  ASSERT_TRUE(plane.Reconcile().ok());
  const int port = plane.PortOf(kListener);
  std::thread request([port] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(std::chrono::seconds(90));
    (void)client.Get("/");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto started = std::chrono::steady_clock::now();
  plane.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  request.join();
  EXPECT_TRUE(plane.Ports().empty());
  ASSERT_TRUE(plane.Reconcile().ok());
  EXPECT_TRUE(plane.Ports().empty());  // stopped for good
}

}  // namespace
}  // namespace kanaria::emulator
