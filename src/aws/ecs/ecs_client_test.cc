// EcsClient over an in-memory transport: which calls it makes (batching, pagination, TAGS),
// what it sends, and how it reads answers, failures and malformed bodies.
#include "aws/ecs/ecs_client.h"

#include <gtest/gtest.h>

#include <functional>
#include <mutex>

#include "aws/aws_error.h"
#include "fakes/manual_clock.h"
#include "support/test_client_context.h"

namespace kanaria::aws::ecs {
namespace {

using nlohmann::json;

// Answers each request with handler(operation, input); records every call.
class ScriptedTransport final : public HttpTransport {
 public:
  struct Call {
    std::string operation;
    json input;
  };
  using Handler = std::function<HttpResponse(const std::string& operation, const json& input)>;

  explicit ScriptedTransport(Handler handler) : handler_(std::move(handler)) {}

  StatusOr<HttpResponse> Send(const HttpRequest& request) override {
    std::string target(FindHeader(request.headers, "X-Amz-Target"));
    const std::string operation = target.substr(target.find('.') + 1);
    json input = json::parse(request.body);
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls_.push_back({operation, input});
    }
    return handler_(operation, input);
  }
  std::vector<StatusOr<HttpResponse>> SendAll(const std::vector<HttpRequest>& requests) override {
    std::vector<StatusOr<HttpResponse>> responses;
    for (const HttpRequest& request : requests) responses.push_back(Send(request));
    return responses;
  }
  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

 private:
  Handler handler_;
  mutable std::mutex mu_;
  std::vector<Call> calls_;
};

HttpResponse JsonResponse(const json& body, int status = 200) {
  HttpResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "application/x-amz-json-1.1"}};
  response.body = body.dump();
  return response;
}

HttpResponse ErrorResponse(const std::string& type, const std::string& message) {
  return JsonResponse({{"__type", type}, {"message", message}}, 400);
}

class EcsClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<EcsClient> Client(ScriptedTransport::Handler handler) {
    transport_ = std::make_shared<ScriptedTransport>(std::move(handler));
    auto context = testing::TestClientContext("http://127.0.0.1:9", transport_);
    context->clock = &clock_;
    context->random = std::make_shared<SeededRandom>(1);
    auto client = EcsClient::Create(context);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return std::move(client).value();
  }

  testing::ManualClock clock_;
  std::shared_ptr<ScriptedTransport> transport_;
};

std::string ServiceArn(const std::string& name) {
  return "arn:aws:ecs:us-east-1:123456789012:service/prod/" + name;
}

TEST_F(EcsClientTest, DescribeServicesBatchesByTenAndReportsMissingPerService) {
  auto client = Client([](const std::string& op, const json& input) {
    EXPECT_EQ(op, "DescribeServices");
    json services = json::array();
    json failures = json::array();
    for (const auto& name : input["services"]) {
      const std::string n = name.get<std::string>();
      if (n.starts_with("gone")) {
        failures.push_back({{"arn", ServiceArn(n)}, {"reason", "MISSING"}});
      } else {
        services.push_back({{"serviceName", n}, {"serviceArn", ServiceArn(n)}, {"status", "ACTIVE"}});
      }
    }
    return JsonResponse({{"services", services}, {"failures", failures}});
  });
  std::vector<std::string> names;
  for (int i = 0; i < 23; ++i) names.push_back((i % 5 == 0 ? "gone-" : "svc-") + std::to_string(i));
  StatusOr<DescribeServicesResult> result = client->DescribeServices("prod", names);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const auto calls = transport_->calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].input["services"].size(), 10u);
  EXPECT_EQ(calls[1].input["services"].size(), 10u);
  EXPECT_EQ(calls[2].input["services"].size(), 3u);
  EXPECT_EQ(calls[0].input["cluster"], "prod");
  EXPECT_EQ(calls[0].input["include"], json::array({"TAGS"}));
  EXPECT_EQ(result->services.size(), 18u);
  EXPECT_EQ(result->failures.size(), 5u);
  EXPECT_TRUE(result->IsMissing("gone-20"));
  EXPECT_NE(result->Find("svc-21"), nullptr);
  EXPECT_FALSE(result->IsMissing("svc-21"));

  EXPECT_TRUE(client->DescribeServices("prod", {}).ok());
  EXPECT_EQ(transport_->calls().size(), 3u);  // an empty list makes no call
}

TEST_F(EcsClientTest, DescribeServiceMapsMissingToNotFound) {
  auto client = Client([](const std::string&, const json& input) {
    const std::string name = input["services"][0];
    if (name == "web") {
      return JsonResponse({{"services", {{{"serviceName", "web"}, {"serviceArn", ServiceArn("web")},
                                          {"deploymentController", {{"type", "EXTERNAL"}}}}}},
                           {"failures", json::array()}});
    }
    if (name == "denied") {
      return JsonResponse({{"services", json::array()},
                           {"failures", {{{"arn", ServiceArn(name)}, {"reason", "ACCESS_DENIED"}}}}});
    }
    return JsonResponse({{"services", json::array()},
                         {"failures", {{{"arn", ServiceArn(name)}, {"reason", "MISSING"}}}}});
  });
  StatusOr<Service> web = client->DescribeService("prod", "web");
  ASSERT_TRUE(web.ok()) << web.status().ToString();
  EXPECT_TRUE(web->IsExternal());
  StatusOr<Service> gone = client->DescribeService("prod", "gone");
  EXPECT_EQ(gone.status().code(), StatusCode::kNotFound);
  EXPECT_NE(gone.status().message().find("gone"), std::string::npos);
  EXPECT_NE(gone.status().message().find("prod"), std::string::npos);
  StatusOr<Service> denied = client->DescribeService("prod", "denied");
  EXPECT_EQ(denied.status().code(), StatusCode::kInternal);
  EXPECT_NE(denied.status().message().find("ACCESS_DENIED"), std::string::npos);
}

TEST_F(EcsClientTest, MalformedResponsesAreErrorsNamingTheOperationAndMember) {
  auto client = Client([](const std::string& op, const json&) {
    if (op == "DescribeServices") {
      return JsonResponse({{"services", {{{"serviceName", "web"}, {"desiredCount", "three"}}}}});
    }
    if (op == "CreateTaskSet") return JsonResponse(json::object());  // no taskSet member
    return JsonResponse({{"taskSets", {{{"scale", {{"value", "10"}}}}}}});
  });
  StatusOr<DescribeServicesResult> services = client->DescribeServices("prod", {"web"});
  ASSERT_FALSE(services.ok());
  EXPECT_EQ(services.status().code(), StatusCode::kInternal);
  EXPECT_NE(services.status().message().find("ecs DescribeServices"), std::string::npos);
  EXPECT_NE(services.status().message().find("services[0].desiredCount"), std::string::npos)
      << services.status().message();

  StatusOr<TaskSet> created = client->CreateTaskSet({.cluster = "c", .service = "s", .task_definition = "t:1"});
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.status().message().find("taskSet: missing"), std::string::npos)
      << created.status().message();

  StatusOr<DescribeTaskSetsResult> sets = client->DescribeTaskSets("c", "s");
  ASSERT_FALSE(sets.ok());
  EXPECT_NE(sets.status().message().find("taskSets[0].scale.value"), std::string::npos);
}

TEST_F(EcsClientTest, AwsErrorsComeBackWithTheirCode) {
  auto client = Client([](const std::string&, const json&) {
    return ErrorResponse("TaskSetNotFoundException", "The specified task set does not exist.");
  });
  StatusOr<TaskSet> deleted = client->DeleteTaskSet("c", "s", "ecs-svc/1", true);
  ASSERT_FALSE(deleted.ok());
  const AwsError* error = AsAwsError(deleted.status());
  ASSERT_NE(error, nullptr) << deleted.status().ToString();
  EXPECT_EQ(error->code, "TaskSetNotFoundException");
  EXPECT_EQ(error->operation, "DeleteTaskSet");
  ASSERT_EQ(transport_->calls().size(), 1u);
  EXPECT_EQ(transport_->calls()[0].input,
            (json{{"cluster", "c"}, {"service", "s"}, {"taskSet", "ecs-svc/1"}, {"force", true}}));
}

TEST_F(EcsClientTest, ListTasksFollowsNextToken) {
  auto client = Client([](const std::string& op, const json& input) {
    EXPECT_EQ(op, "ListTasks");
    EXPECT_EQ(input["startedBy"], "ecs-svc/7");
    const std::string token = input.value("nextToken", "");
    if (token.empty()) return JsonResponse({{"taskArns", {"t1", "t2"}}, {"nextToken", "p2"}});
    if (token == "p2") return JsonResponse({{"taskArns", {"t3"}}, {"nextToken", "p3"}});
    return JsonResponse({{"taskArns", json::array()}});
  });
  StatusOr<std::vector<std::string>> arns = client->ListTasks({.cluster = "c", .started_by = "ecs-svc/7"});
  ASSERT_TRUE(arns.ok()) << arns.status().ToString();
  EXPECT_EQ(*arns, (std::vector<std::string>{"t1", "t2", "t3"}));
  EXPECT_EQ(transport_->calls().size(), 3u);
}

TEST_F(EcsClientTest, ListTasksStopsOnARepeatedToken) {
  auto client = Client([](const std::string&, const json&) {
    return JsonResponse({{"taskArns", {"t"}}, {"nextToken", "same"}});
  });
  StatusOr<std::vector<std::string>> arns = client->ListTasks({.cluster = "c", .service_name = "s"});
  ASSERT_FALSE(arns.ok());
  EXPECT_EQ(arns.status().code(), StatusCode::kInternal);
  EXPECT_LE(transport_->calls().size(), 3u);
}

TEST_F(EcsClientTest, DescribeTasksBatchesByHundred) {
  auto client = Client([](const std::string&, const json& input) {
    json tasks = json::array();
    for (const auto& arn : input["tasks"]) tasks.push_back({{"taskArn", arn}, {"lastStatus", "RUNNING"}});
    return JsonResponse({{"tasks", tasks}, {"failures", json::array()}});
  });
  std::vector<std::string> arns;
  for (int i = 0; i < 250; ++i) arns.push_back("arn:aws:ecs:us-east-1:1:task/c/" + std::to_string(i));
  StatusOr<DescribeTasksResult> result = client->DescribeTasks("c", arns);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->tasks.size(), 250u);
  ASSERT_EQ(transport_->calls().size(), 3u);
  EXPECT_EQ(transport_->calls()[2].input["tasks"].size(), 50u);
  EXPECT_NE(result->Find("249"), nullptr);  // by task id
}

TEST_F(EcsClientTest, InvalidRequestsMakeNoCall) {
  auto client = Client([](const std::string&, const json&) { return JsonResponse(json::object()); });
  EXPECT_EQ(client->UpdateTaskSet("c", "s", "ts", Scale{150, "PERCENT"}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(client->UpdateTaskSet("", "s", "ts", Scale{50, "PERCENT"}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(client->UpdateServicePrimaryTaskSet("c", "s", "").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(client->RegisterTaskDefinition(json{{"family", "x"}}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(client->ListTasks({.started_by = "a", .family = "b"}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_TRUE(client->TagResource("arn:x", {}).ok());       // nothing to tag
  EXPECT_TRUE(client->UntagResource("arn:x", {}).ok());     // nothing to remove
  EXPECT_TRUE(transport_->calls().empty());
}

TEST_F(EcsClientTest, TaskDefinitionCallsSendAndReadTags) {
  auto client = Client([](const std::string& op, const json& input) {
    json definition = input;
    definition.erase("tags");
    definition["taskDefinitionArn"] = "arn:aws:ecs:us-east-1:1:task-definition/web:4";
    definition["revision"] = 4;
    definition["status"] = "ACTIVE";
    if (op == "DescribeTaskDefinition") {
      EXPECT_EQ(input["include"], json::array({"TAGS"}));
      definition = {{"family", "web"}, {"revision", 4}};
    }
    return JsonResponse({{"taskDefinition", definition},
                         {"tags", {{{"key", "team"}, {"value", "web"}}}}});
  });
  const json user_definition = {
      {"family", "web"}, {"revision", 3}, {"status", "ACTIVE"},
      {"containerDefinitions", {{{"name", "web"}, {"image", "nginx"}}}},
      {"tags", {{{"key", "team"}, {"value", "web"}}}}};
  StatusOr<TaskDefinitionWithTags> registered = client->RegisterTaskDefinition(user_definition);
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  EXPECT_EQ(registered->task_definition.revision, 4);
  EXPECT_EQ(registered->task_definition.container_definitions[0].image, "nginx");
  ASSERT_EQ(registered->tags.size(), 1u);
  const json sent = transport_->calls()[0].input;
  EXPECT_FALSE(sent.contains("revision"));
  EXPECT_FALSE(sent.contains("status"));
  EXPECT_EQ(sent["tags"][0]["key"], "team");

  StatusOr<TaskDefinitionWithTags> described = client->DescribeTaskDefinition("web:4");
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->task_definition.FamilyRevision(), "web:4");
  EXPECT_EQ(described->tags[0].value, "web");
}

TEST_F(EcsClientTest, TagCallsUseEcsShapes) {
  auto client = Client([](const std::string& op, const json&) {
    if (op == "ListTagsForResource") return JsonResponse({{"tags", {{{"key", "a"}, {"value", "1"}}}}});
    return JsonResponse(json::object());
  });
  ASSERT_TRUE(client->TagResource("arn:s", {{"a", "1"}}).ok());
  ASSERT_TRUE(client->UntagResource("arn:s", {"b"}).ok());
  StatusOr<Tags> tags = client->ListTagsForResource("arn:s");
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(*tags, (Tags{{"a", "1"}}));
  const auto calls = transport_->calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].input, json::parse(R"({"resourceArn":"arn:s","tags":[{"key":"a","value":"1"}]})"));
  EXPECT_EQ(calls[1].input, json::parse(R"({"resourceArn":"arn:s","tagKeys":["b"]})"));
}

}  // namespace
}  // namespace kanaria::aws::ecs
