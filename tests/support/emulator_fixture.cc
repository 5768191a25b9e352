#include "support/emulator_fixture.h"

#include <httplib.h>

#include <stdexcept>
#include <thread>

#include "aws/protocol/query_protocol.h"
#include "aws/service_descriptor.h"
#include "support/test_client_context.h"

namespace kanaria::testing {
namespace {

nlohmann::json Required(StatusOr<nlohmann::json> result, std::string_view what) {
  if (!result.ok()) {
    throw std::runtime_error(std::string(what) + ": " + result.status().message());
  }
  return std::move(*result);
}

}  // namespace

EmulatorFixture::EmulatorFixture(emulator::EmulatorOptions options) {
  auto started = emulator::Emulator::Start(options);
  if (!started.ok()) throw std::runtime_error("emulator: " + started.status().message());
  emulator_ = std::move(*started);
  context_ = TestClientContext(emulator_->endpoint_url());
  auto ecs = aws::ServiceClient::Create(aws::kEcsService, context_);
  auto elbv2 = aws::ServiceClient::Create(aws::kElbv2Service, context_);
  if (!ecs.ok() || !elbv2.ok()) throw std::runtime_error("clients of the emulator");
  ecs_ = std::move(*ecs);
  elbv2_ = std::move(*elbv2);
}

EmulatorFixture::~EmulatorFixture() { emulator_->Stop(); }

StatusOr<nlohmann::json> EmulatorFixture::Ecs(std::string_view operation,
                                              const nlohmann::json& input) {
  return ecs_->CallJson(operation, input);
}

StatusOr<nlohmann::json> EmulatorFixture::Elbv2(std::string_view operation,
                                                const nlohmann::json& input) {
  aws::QueryParams params;
  aws::FlattenQueryParams(input, "", params);
  return elbv2_->CallQuery(operation, params);
}

StatusOr<nlohmann::json> EmulatorFixture::Admin(std::string_view method, std::string_view path,
                                                const nlohmann::json& body) {
  httplib::Client client("127.0.0.1", emulator_->port());
  const std::string target = "/_emulator/" + std::string(path);
  httplib::Result result = method == "GET"    ? client.Get(target.c_str())
                           : method == "POST" ? client.Post(target.c_str(), body.dump(), "application/json")
                                              : client.Delete(target.c_str());
  if (!result) return Status(StatusCode::kUnavailable, "admin API unreachable");
  if (result->status >= 300) {
    return Status(StatusCode::kInvalidInput, "admin " + std::string(path) + ": " + result->body);
  }
  if (result->body.empty()) return nlohmann::json();
  return nlohmann::json::parse(result->body);
}

ReleaseTopology EmulatorFixture::CreateReleaseTopology(int desired_count) {
  ReleaseTopology& t = topology_;
  t.load_balancer_arn = Required(Elbv2("CreateLoadBalancer", {{"Name", "web"},
                                                               {"Subnets", {"subnet-1", "subnet-2"}}}),
                                 "CreateLoadBalancer")["LoadBalancers"][0]["LoadBalancerArn"];
  auto group = [&](const char* name) {
    return Required(Elbv2("CreateTargetGroup", {{"Name", name},
                                                {"Protocol", "HTTP"},
                                                {"Port", "80"},
                                                {"VpcId", "vpc-1"},
                                                {"TargetType", "ip"},
                                                {"HealthCheckIntervalSeconds", "10"}}),
                    "CreateTargetGroup")["TargetGroups"][0]["TargetGroupArn"]
        .get<std::string>();
  };
  t.blue_target_group_arn = group("blue");
  t.green_target_group_arn = group("green");
  const nlohmann::json actions = {
      {{"Type", "forward"},
       {"ForwardConfig",
        {{"TargetGroups",
          {{{"TargetGroupArn", t.blue_target_group_arn}, {"Weight", "100"}},
           {{"TargetGroupArn", t.green_target_group_arn}, {"Weight", "0"}}}}}}}};
  t.listener_arn = Required(Elbv2("CreateListener", {{"LoadBalancerArn", t.load_balancer_arn},
                                                     {"Protocol", "HTTP"},
                                                     {"Port", "80"},
                                                     {"DefaultActions", actions}}),
                            "CreateListener")["Listeners"][0]["ListenerArn"];
  Required(Ecs("CreateCluster", {{"clusterName", t.cluster}}), "CreateCluster");
  Required(Ecs("CreateService", {{"cluster", t.cluster},
                                 {"serviceName", t.service},
                                 {"desiredCount", desired_count},
                                 {"deploymentController", {{"type", "EXTERNAL"}}}}),
           "CreateService");
  return t;
}

std::string EmulatorFixture::RegisterVersion(const nlohmann::json& environment) {
  nlohmann::json env = nlohmann::json::array();
  for (const auto& [name, value] : environment.items()) {
    env.push_back({{"name", name}, {"value", value}});
  }
  const nlohmann::json registered = Required(
      Ecs("RegisterTaskDefinition",
          {{"family", "web"},
           {"networkMode", "awsvpc"},
           {"cpu", "256"},
           {"memory", "512"},
           {"containerDefinitions",
            {{{"name", "app"},
              {"image", "registry.example/web:" + std::to_string(env.size())},
              {"essential", true},
              {"portMappings", {{{"containerPort", 8080}}}},
              {"environment", env}}}}}),
      "RegisterTaskDefinition");
  return "web:" + std::to_string(registered["taskDefinition"]["revision"].get<int>());
}

std::string EmulatorFixture::CreateTaskSet(const std::string& task_definition,
                                           const std::string& target_group_arn, double percent) {
  return Required(
      Ecs("CreateTaskSet",
          {{"cluster", topology_.cluster},
           {"service", topology_.service},
           {"taskDefinition", task_definition},
           {"launchType", "FARGATE"},
           {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}}},
           {"scale", {{"value", percent}, {"unit", "PERCENT"}}},
           {"loadBalancers",
            {{{"targetGroupArn", target_group_arn},
              {"containerName", "app"},
              {"containerPort", 8080}}}}}),
      "CreateTaskSet")["taskSet"]["id"];
}

void EmulatorFixture::SetWeights(int blue, int green) {
  const nlohmann::json actions = {
      {{"Type", "forward"},
       {"ForwardConfig",
        {{"TargetGroups",
          {{{"TargetGroupArn", topology_.blue_target_group_arn}, {"Weight", std::to_string(blue)}},
           {{"TargetGroupArn", topology_.green_target_group_arn},
            {"Weight", std::to_string(green)}}}}}}}};
  Required(Elbv2("ModifyListener", {{"ListenerArn", topology_.listener_arn}, {"DefaultActions", actions}}),
           "ModifyListener");
}

int EmulatorFixture::ListenerPort(const std::string& listener_arn) {
  for (const nlohmann::json& listener : Required(Admin("GET", "listeners"), "listeners")) {
    if (listener["listenerArn"] == listener_arn) return listener["port"].get<int>();
  }
  throw std::runtime_error("no data plane port for " + listener_arn);
}

bool EmulatorFixture::WaitUntil(const std::function<bool()>& done,
                                std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

std::string StabilityOf(EmulatorFixture& fixture, const ReleaseTopology& topology,
                        const std::string& task_set) {
  auto described = fixture.Ecs("DescribeTaskSets", {{"cluster", topology.cluster},
                                                    {"service", topology.service},
                                                    {"taskSets", {task_set}}});
  if (!described.ok() || (*described)["taskSets"].empty()) return "missing";
  return (*described)["taskSets"][0]["stabilityStatus"];
}

}  // namespace kanaria::testing
