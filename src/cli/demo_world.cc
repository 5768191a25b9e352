#include "cli/demo_world.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "aws/protocol/query_protocol.h"
#include "aws/service_descriptor.h"

namespace kanaria::cli {
namespace {

using nlohmann::json;

class DemoBuilder {
 public:
  explicit DemoBuilder(std::shared_ptr<aws::ClientContext> context) : context_(std::move(context)) {}

  Status Open() {
    ASSIGN_OR_RETURN(ecs_, aws::ServiceClient::Create(aws::kEcsService, context_));
    ASSIGN_OR_RETURN(elbv2_, aws::ServiceClient::Create(aws::kElbv2Service, context_));
    return Status::Ok();
  }
  StatusOr<json> Ecs(std::string_view operation, const json& input) {
    auto result = ecs_->CallJson(operation, input);
    if (!result.ok()) return result.status().WithContext(std::string(operation));
    return result;
  }
  StatusOr<json> Elbv2(std::string_view operation, const json& input) {
    aws::QueryParams params;
    aws::FlattenQueryParams(input, "", params);
    auto result = elbv2_->CallQuery(operation, params);
    if (!result.ok()) return result.status().WithContext(std::string(operation));
    return result;
  }

 private:
  std::shared_ptr<aws::ClientContext> context_;
  std::unique_ptr<aws::ServiceClient> ecs_;
  std::unique_ptr<aws::ServiceClient> elbv2_;
};

json TaskDefinition(const std::string& version, const json& environment = json::array()) {
  return {{"family", "web"},
          {"networkMode", "awsvpc"},
          {"requiresCompatibilities", json::array({"FARGATE"})},
          {"cpu", "256"},
          {"memory", "512"},
          {"containerDefinitions",
           json::array({{{"name", "app"},
                         {"image", "registry.example/web:" + version},
                         {"essential", true},
                         {"portMappings", json::array({{{"containerPort", 8080}, {"protocol", "tcp"}}})},
                         {"environment", environment}}})}};
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  return out ? Status::Ok() : UnavailableError("cannot write " + path);
}

}  // namespace

StatusOr<DemoWorld> BuildDemoWorld(std::shared_ptr<aws::ClientContext> context, const std::string& work_dir) {
  DemoBuilder aws(std::move(context));
  RETURN_IF_ERROR(aws.Open());
  DemoWorld world;
  ASSIGN_OR_RETURN(json lb, aws.Elbv2("CreateLoadBalancer", {{"Name", "demo"}, {"Subnets", {"subnet-a", "subnet-b"}}}));
  world.load_balancer_arn = lb["LoadBalancers"][0]["LoadBalancerArn"];
  for (auto [name, arn] : {std::pair{"web-blue", &world.blue_target_group_arn},
                           std::pair{"web-green", &world.green_target_group_arn}}) {
    ASSIGN_OR_RETURN(json group, aws.Elbv2("CreateTargetGroup", {{"Name", name}, {"Protocol", "HTTP"}, {"Port", "8080"},
                                                                  {"VpcId", "vpc-demo"}, {"TargetType", "ip"},
                                                                  {"HealthCheckIntervalSeconds", "10"}}));
    *arn = group["TargetGroups"][0]["TargetGroupArn"];
  }
  ASSIGN_OR_RETURN(json listener,
                   aws.Elbv2("CreateListener",
                             {{"LoadBalancerArn", world.load_balancer_arn}, {"Protocol", "HTTP"}, {"Port", "80"},
                              {"DefaultActions", json::array({{{"Type", "fixed-response"},
                                                               {"FixedResponseConfig", {{"StatusCode", "404"}}}}})}}));
  world.listener_arn = listener["Listeners"][0]["ListenerArn"];
  // The rule forwards to blue only; kanaria's prepare step makes it weighted.
  RETURN_IF_ERROR(aws.Elbv2("CreateRule",
                            {{"ListenerArn", world.listener_arn}, {"Priority", "10"},
                             {"Conditions", json::array({{{"Field", "path-pattern"}, {"Values", json::array({"/*"})}}})},
                             {"Actions", json::array({{{"Type", "forward"}, {"TargetGroupArn", world.blue_target_group_arn}}})}})
                      .status());
  RETURN_IF_ERROR(aws.Ecs("CreateCluster", {{"clusterName", world.cluster}}).status());
  const json network = {{"awsvpcConfiguration", {{"subnets", json::array({"subnet-a", "subnet-b"})}, {"assignPublicIp", "DISABLED"}}}};
  RETURN_IF_ERROR(aws.Ecs("CreateService", {{"cluster", world.cluster}, {"serviceName", world.service}, {"desiredCount", 4},
                                            {"deploymentController", {{"type", "EXTERNAL"}}}})
                      .status());
  ASSIGN_OR_RETURN(json v1, aws.Ecs("RegisterTaskDefinition", TaskDefinition("v1")));
  ASSIGN_OR_RETURN(json task_set,
                   aws.Ecs("CreateTaskSet", {{"cluster", world.cluster}, {"service", world.service},
                                             {"taskDefinition", v1["taskDefinition"]["taskDefinitionArn"]},
                                             {"launchType", "FARGATE"}, {"networkConfiguration", network},
                                             {"scale", {{"value", 100}, {"unit", "PERCENT"}}},
                                             {"loadBalancers", json::array({{{"targetGroupArn", world.blue_target_group_arn},
                                                                             {"containerName", "app"},
                                                                             {"containerPort", 8080}}})}}));
  const std::string id = task_set["taskSet"]["id"];
  RETURN_IF_ERROR(aws.Ecs("UpdateServicePrimaryTaskSet", {{"cluster", world.cluster}, {"service", world.service},
                                                          {"primaryTaskSet", id}})
                      .status());
  for (int i = 0;; ++i) {
    ASSIGN_OR_RETURN(json described, aws.Ecs("DescribeTaskSets", {{"cluster", world.cluster}, {"service", world.service},
                                                                   {"taskSets", json::array({id})}}));
    if (described["taskSets"][0].value("stabilityStatus", "") == "STEADY_STATE") break;
    if (i > 600) return DeadlineExceededError("v1 did not become steady in the emulator");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  world.app_dir = work_dir + "/web";
  std::filesystem::create_directories(world.app_dir);
  RETURN_IF_ERROR(WriteFile(world.app_dir + "/app.pipecd.yaml", fmt::format(R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  name: web
  input:
    serviceDefinitionFile: servicedef.yaml
    taskDefinitionFile: taskdef.json
    targetGroups:
      primary:
        targetGroupArn: {}
        containerName: app
        containerPort: 8080
      canary:
        targetGroupArn: {}
        containerName: app
        containerPort: 8080
  pipeline:
    stages:
      - name: ECS_CANARY_ROLLOUT
        with:
          scale: 20
      - name: ECS_TRAFFIC_ROUTING
        with:
          canary: 20
      # No metrics: the default analysis, the canary target group against the primary on the
      # load balancer's 5xx rate and response time.
      - name: ANALYSIS
        with:
          duration: 6m
      - name: ECS_PRIMARY_ROLLOUT
      - name: ECS_TRAFFIC_ROUTING
        with:
          primary: 100
      - name: ECS_CANARY_CLEAN
)", world.blue_target_group_arn, world.green_target_group_arn)));
  RETURN_IF_ERROR(WriteFile(world.app_dir + "/servicedef.yaml", R"(cluster: demo
serviceName: web
desiredCount: 4
launchType: FARGATE
networkConfiguration:
  awsvpcConfiguration:
    subnets: [subnet-a, subnet-b]
    assignPublicIp: DISABLED
deploymentController:
  type: EXTERNAL
)"));
  RETURN_IF_ERROR(WriteFile(world.app_dir + "/taskdef.json", TaskDefinition("v2").dump(2) + "\n"));
  return world;
}

Status WriteBadVersion(const DemoWorld& world) {
  const json environment = json::array({{{"name", "KANARIA_EMULATOR_ERROR_RATE"}, {"value", "0.05"}}});
  return WriteFile(world.app_dir + "/taskdef.json", TaskDefinition("v3", environment).dump(2) + "\n");
}

}  // namespace kanaria::cli
