// The reference canary (10 % canary, 90/10, wait, primary rollout, 100/0, clean) released by
// the engine against moto_server: a second, independent implementation of the AWS APIs that
// kanaria's calls must also work against.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "aws/ecs/ecs_client.h"
#include "aws/elbv2/elbv2_client.h"
#include "aws/protocol/query_protocol.h"
#include "aws/service_descriptor.h"
#include "aws/servicediscovery/servicediscovery_client.h"
#include "aws/sts/sts_client.h"
#include "engine/release_runner.h"
#include "model/application.h"
#include "support/external_tools.h"
#include "support/moto_network.h"
#include "support/test_client_context.h"

namespace kanaria::testing {
namespace {

using nlohmann::json;

json ExpectOk(StatusOr<json> result, std::string_view what) {
  EXPECT_TRUE(result.ok()) << what << ": " << result.status().ToString();
  return result.ok() ? *result : json::object();
}

json TaskDefinition(const std::string& version) {
  // moto cannot start tasks without the container's own cpu and memory (docs/moto-divergences.md).
  return {{"family", "web"}, {"networkMode", "awsvpc"}, {"requiresCompatibilities", {"FARGATE"}},
          {"cpu", "256"}, {"memory", "512"},
          {"containerDefinitions", json::array({{{"name", "app"}, {"image", "registry.example/web:" + version},
                                                 {"cpu", 64}, {"memory", 128}, {"essential", true},
                                                 {"portMappings", json::array({{{"containerPort", 8080},
                                                                                {"hostPort", 8080}}})}}})}};
}

TEST(ReleaseMotoTest, ReferenceCanaryIsReleasedAgainstMotoServer) {
  KANARIA_REQUIRE_TOOL("moto_server");
  MotoServer moto;
  if (!moto.ok()) {
    if (RunningInCi()) FAIL() << "moto_server did not start: " << moto.error();
    GTEST_SKIP() << "SKIPPED LOUDLY: moto_server did not start: " << moto.error();
  }
  auto context = TestClientContext(moto.url());
  const MotoNetwork network = CreateMotoNetwork(context, "web");
  ASSERT_FALSE(network.subnet_b.empty());
  auto ecs_raw = aws::ServiceClient::Create(aws::kEcsService, context).value();
  auto elb_raw = aws::ServiceClient::Create(aws::kElbv2Service, context).value();
  auto elb = [&](std::string_view operation, const json& input) {
    aws::QueryParams params;
    aws::FlattenQueryParams(input, "", params);
    return ExpectOk(elb_raw->CallQuery(operation, params), operation);
  };
  const std::string lb = elb("CreateLoadBalancer", {{"Name", "web"}, {"Subnets", {network.subnet_a, network.subnet_b}}})
      ["LoadBalancers"][0]["LoadBalancerArn"];
  auto group = [&](const char* name) -> std::string {
    return elb("CreateTargetGroup", {{"Name", name}, {"Protocol", "HTTP"}, {"Port", "8080"},
                                     {"VpcId", network.vpc_id}, {"TargetType", "ip"}})["TargetGroups"][0]["TargetGroupArn"];
  };
  const std::string blue = group("blue"), green = group("green");
  const std::string listener = elb("CreateListener", {{"LoadBalancerArn", lb}, {"Protocol", "HTTP"}, {"Port", "80"},
      {"DefaultActions", json::array({{{"Type", "forward"}, {"ForwardConfig", {{"TargetGroups", json::array({
          {{"TargetGroupArn", blue}, {"Weight", "100"}}, {{"TargetGroupArn", green}, {"Weight", "0"}}})}}}}})}})
      ["Listeners"][0]["ListenerArn"];
  const json awsvpc = {{"awsvpcConfiguration", {{"subnets", json::array({network.subnet_a})},
                                                {"securityGroups", json::array({network.security_group})}}}};
  ExpectOk(ecs_raw->CallJson("CreateCluster", {{"clusterName", "prod"}}), "CreateCluster");
  // desiredCount 0: moto cannot run awsvpc tasks (docs/moto-divergences.md); every call of the
  // release is still made and checked.
  ExpectOk(ecs_raw->CallJson("CreateService", {{"cluster", "prod"}, {"serviceName", "web"}, {"desiredCount", 0},
                                               {"deploymentController", {{"type", "EXTERNAL"}}}}), "CreateService");
  const std::string v1 = ExpectOk(ecs_raw->CallJson("RegisterTaskDefinition", TaskDefinition("v1")), "Register")
      ["taskDefinition"]["taskDefinitionArn"];
  const json created = ExpectOk(ecs_raw->CallJson("CreateTaskSet", {{"cluster", "prod"}, {"service", "web"},
      {"taskDefinition", v1}, {"launchType", "FARGATE"}, {"networkConfiguration", awsvpc},
      {"scale", {{"value", 100}, {"unit", "PERCENT"}}},
      {"loadBalancers", json::array({{{"targetGroupArn", blue}, {"containerName", "app"}, {"containerPort", 8080}}})}}),
      "CreateTaskSet");
  ASSERT_TRUE(created.contains("taskSet"));
  const std::string primary = created["taskSet"]["taskSetArn"];
  ExpectOk(ecs_raw->CallJson("UpdateServicePrimaryTaskSet", {{"cluster", "prod"}, {"service", "web"}, {"primaryTaskSet", primary}}),
           "UpdateServicePrimaryTaskSet");

  std::random_device random;
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("kanaria-moto-" + std::to_string(random()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "app.pipecd.yaml") << "apiVersion: pipecd.dev/v1beta1\nkind: ECSApp\nspec:\n  input:\n"
      "    serviceDefinitionFile: servicedef.json\n    taskDefinitionFile: taskdef.json\n    targetGroups:\n"
      "      primary: {targetGroupArn: " << blue << ", containerName: app, containerPort: 8080}\n"
      "      canary: {targetGroupArn: " << green << ", containerName: app, containerPort: 8080}\n"
      "  pipeline:\n    stages:\n"
      "      - {name: ECS_CANARY_ROLLOUT, with: {scale: 10}}\n      - {name: ECS_TRAFFIC_ROUTING, with: {canary: 10}}\n"
      "      - {name: WAIT, with: {duration: 30s}}\n      - {name: ECS_PRIMARY_ROLLOUT}\n"
      "      - {name: ECS_TRAFFIC_ROUTING, with: {primary: 100}}\n      - {name: ECS_CANARY_CLEAN}\n";
  std::ofstream(dir / "servicedef.json") << json({{"cluster", "prod"}, {"serviceName", "web"},
                                                  {"launchType", "FARGATE"}, {"networkConfiguration", awsvpc},
                                                  {"deploymentController", {{"type", "EXTERNAL"}}}}).dump(2);
  std::ofstream(dir / "taskdef.json") << TaskDefinition("v2").dump(2);
  auto app = model::LoadApplication(dir.string(), [](const std::string&) { return std::optional<std::string>(); });
  ASSERT_TRUE(app.ok()) << app.status().message();

  auto ecs = aws::ecs::EcsClient::Create(context).value();
  auto elbv2 = aws::elbv2::Elbv2Client::Create(context).value();
  auto cloudmap = aws::servicediscovery::ServiceDiscoveryClient::Create(context).value();
  auto sts = aws::sts::StsClient::Create(context).value();
  engine::NullEventSink events;
  engine::ReleaseRequest request;
  request.settings.time_scale = 60;  // the WAIT lasts half a second; moto's task sets are steady at once
  const auto result = engine::RunRelease(*app,
                                         {.ecs = ecs.get(), .elbv2 = elbv2.get(), .cloudmap = cloudmap.get(),
                                          .sts = sts.get(), .cloudwatch = nullptr, .context = context},
                                         SystemClock::Instance(), events, nullptr, request);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(result.outcome, engine::ReleaseOutcome::kReleased) << result.summary;
  EXPECT_EQ(result.calls.size(), 10u);

  // I4 as moto reports it.
  auto task_sets = ecs->DescribeTaskSets("prod", "web");
  ASSERT_TRUE(task_sets.ok());
  std::vector<aws::ecs::TaskSet> live;
  for (const auto& ts : task_sets->task_sets) {
    if (ts.status != "DRAINING") live.push_back(ts);
  }
  ASSERT_EQ(live.size(), 1u);
  EXPECT_TRUE(live[0].IsPrimary()) << live[0].raw.dump();
  EXPECT_EQ(live[0].external_id, result.release_id);
  EXPECT_THAT(live[0].task_definition, ::testing::EndsWith("/web:2"));
  auto rules = elbv2->DescribeRules({.listener_arn = listener, .rule_arns = {}, .page_size = {}});
  ASSERT_TRUE(rules.ok());
  auto groups = aws::elbv2::ForwardTargetGroups(rules->front().actions[0]);
  ASSERT_TRUE(groups.ok());
  EXPECT_TRUE(aws::elbv2::SameTrafficSplit(*groups, {{blue, 100}, {green, 0}}));
  auto service = ecs->DescribeService("prod", "web");
  ASSERT_TRUE(service.ok());
  for (const auto& tag : service->tags) EXPECT_FALSE(tag.key.starts_with("kanaria:")) << tag.key;
}

}  // namespace
}  // namespace kanaria::testing
