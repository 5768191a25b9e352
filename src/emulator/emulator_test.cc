#include "emulator/emulator.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "emulator/world.h"

namespace kanaria::emulator {
namespace {

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = Emulator::Start(EmulatorOptions{.time_scale = 20, .seed = 7});
    ASSERT_TRUE(started.ok()) << started.status().message();
    emulator_ = std::move(*started);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", emulator_->port());
  }
  std::unique_ptr<Emulator> emulator_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(EmulatorTest, HealthReportsTheTimeScaleAndSeed) {
  auto res = client_->Get("/_emulator/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["timeScale"], 20.0);
  EXPECT_EQ(body["seed"], 7);
  EXPECT_EQ(body["accountId"], "123456789012");
}

TEST_F(EmulatorTest, UnknownJsonTargetIsUnknownOperationException) {
  httplib::Headers headers{{"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.NoSuchThing"}};
  auto res = client_->Post("/", headers, "{}", "application/x-amz-json-1.1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->get_header_value("x-amzn-ErrorType"), "UnknownOperationException");
  EXPECT_EQ(nlohmann::json::parse(res->body)["__type"], "UnknownOperationException");
}

TEST_F(EmulatorTest, UnknownQueryActionIsInvalidAction) {
  auto res = client_->Post("/", "Action=NoSuchThing&Version=2015-12-01",
                           "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("<Code>InvalidAction</Code>"), std::string::npos) << res->body;
}

TEST_F(EmulatorTest, RequestLogRecordsCallsInOrderAndResets) {
  client_->Post("/", "Action=First&Version=2015-12-01", "application/x-www-form-urlencoded");
  client_->Post("/", "Action=Second&Version=2015-12-01", "application/x-www-form-urlencoded");
  auto log = nlohmann::json::parse(client_->Get("/_emulator/requests")->body);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0]["operation"], "First");
  EXPECT_EQ(log[1]["operation"], "Second");
  EXPECT_EQ(log[1]["status"], 400);
  EXPECT_EQ(log[1]["errorCode"], "InvalidAction");
  EXPECT_EQ(client_->Delete("/_emulator/requests")->status, 204);
  EXPECT_TRUE(nlohmann::json::parse(client_->Get("/_emulator/requests")->body).empty());
}

TEST_F(EmulatorTest, BadFaultIsRefusedAndAddsNothing) {
  auto res = client_->Post("/_emulator/faults",
                           R"({"api":[{"service":"ecs","throttleRate":0.5},{"service":"ecs","dropRate":2}]})",
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("api[1].dropRate"), std::string::npos) << res->body;
  auto faults = nlohmann::json::parse(client_->Get("/_emulator/faults")->body);
  EXPECT_TRUE(faults["api"].empty());
}

httplib::Result CreateCluster(httplib::Client& client) {
  httplib::Headers headers{{"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.CreateCluster"}};
  return client.Post("/", headers, R"({"clusterName":"prod"})", "application/x-amz-json-1.1");
}

TEST_F(EmulatorTest, InjectedFaultsAnswerAsAwsDoesAndRunNothing) {
  ASSERT_EQ(client_->Post("/_emulator/faults",
                          R"({"api":[{"service":"ecs","operation":"CreateCluster","accessDeniedRate":1}]})",
                          "application/json")->status, 200);
  auto denied = CreateCluster(*client_);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 400);
  EXPECT_EQ(denied->get_header_value("x-amzn-ErrorType"), "AccessDeniedException");
  EXPECT_NE(denied->body.find("is not authorized to perform: ecs:CreateCluster"), std::string::npos)
      << denied->body;

  ASSERT_EQ(client_->Delete("/_emulator/faults")->status, 204);
  ASSERT_EQ(client_->Post("/_emulator/faults",
                          R"({"api":[{"service":"ecs","throttleRate":1}]})", "application/json")->status,
            200);
  auto throttled = CreateCluster(*client_);
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->get_header_value("x-amzn-ErrorType"), "ThrottlingException");

  ASSERT_EQ(client_->Delete("/_emulator/faults")->status, 204);
  ASSERT_EQ(client_->Post("/_emulator/faults",
                          R"({"api":[{"service":"ecs","responseLostRate":1}]})", "application/json")->status,
            200);
  EXPECT_FALSE(CreateCluster(*client_)) << "the response of a lost call never arrives";
  ASSERT_EQ(client_->Delete("/_emulator/faults")->status, 204);
  // The lost call took effect: the cluster exists; the denied and throttled ones did not run.
  auto again = CreateCluster(*client_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  auto log = nlohmann::json::parse(client_->Get("/_emulator/requests")->body);
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0]["errorCode"], "AccessDeniedException");
  EXPECT_EQ(log[1]["errorCode"], "ThrottlingException");
  EXPECT_EQ(log[2]["status"], 0);
  std::lock_guard<std::mutex> lock(emulator_->world().mutex());
  EXPECT_NE(emulator_->world().ecs.FindCluster("prod"), nullptr);
}

TEST_F(EmulatorTest, UnknownAdminPathIs404) {
  auto res = client_->Get("/_emulator/nothing");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST(EmulatorOptionsTest, RefusesBadOptions) {
  EXPECT_EQ(Emulator::Start(EmulatorOptions{.time_scale = 0}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(Emulator::Start(EmulatorOptions{.access_key = "AK"}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(Emulator::Start(EmulatorOptions{.account_id = "12"}).status().code(),
            StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kanaria::emulator
