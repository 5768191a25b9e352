#include "scenarios/scenario_world.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "aws/query_fields.h"
#include "aws/service_descriptor.h"

namespace kanaria::testing {
namespace {

using nlohmann::json;

json Must(StatusOr<json> result, std::string_view what) {
  if (!result.ok()) throw std::runtime_error(std::string(what) + ": " + result.status().message());
  return std::move(*result);
}

json WeightedForward(const std::string& blue, const std::string& green) {
  return {{"Type", "forward"},
          {"ForwardConfig", {{"TargetGroups", json::array({{{"TargetGroupArn", blue}, {"Weight", "100"}},
                                                            {{"TargetGroupArn", green}, {"Weight", "0"}}})}}}};
}

json PlainForward(const std::string& arn) { return {{"Type", "forward"}, {"TargetGroupArn", arn}}; }

void WriteOrThrow(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

ScenarioWorld BuildScenarioWorld(EmulatorFixture& f, const Scenario& scenario, const std::string& work_dir) {
  ScenarioWorld w;
  w.service = scenario.service;
  const bool cloud_map = scenario.route == "cloud-map";
  const json network = {{"awsvpcConfiguration", {{"subnets", json::array({"subnet-1"})}}}};
  json service_input = {{"cluster", w.cluster}, {"serviceName", w.service}, {"desiredCount", scenario.desired_count},
                        {"deploymentController", {{"type", "EXTERNAL"}}}};
  json v1_task_set = {{"cluster", w.cluster}, {"service", w.service}, {"launchType", "FARGATE"},
                      {"networkConfiguration", network}, {"scale", {{"value", 100}, {"unit", "PERCENT"}}}};
  if (cloud_map) {
    auto client = aws::ServiceClient::Create(aws::kServiceDiscoveryService, f.context());
    if (!client.ok()) throw std::runtime_error("Cloud Map client");
    json created = Must((*client)->CallJson("CreateHttpNamespace", {{"Name", "apps"}}), "CreateHttpNamespace");
    json operation = Must((*client)->CallJson("GetOperation", {{"OperationId", created["OperationId"]}}), "GetOperation");
    const std::string namespace_id = operation["Operation"]["Targets"]["NAMESPACE"];
    json registry = Must((*client)->CallJson("CreateService", {{"Name", "web"}, {"NamespaceId", namespace_id},
                                                               {"HealthCheckCustomConfig", json::object()}}),
                         "CreateService (Cloud Map)");
    w.registry_arn = registry["Service"]["Arn"];
    service_input["serviceRegistries"] = json::array({{{"registryArn", w.registry_arn}}});
    v1_task_set["serviceRegistries"] = service_input["serviceRegistries"];
  } else {
    w.load_balancer_arn = Must(f.Elbv2("CreateLoadBalancer", {{"Name", "web"}, {"Subnets", {"subnet-1", "subnet-2"}}}),
                               "CreateLoadBalancer")["LoadBalancers"][0]["LoadBalancerArn"];
    auto group = [&](const char* name) -> std::string {
      return Must(f.Elbv2("CreateTargetGroup", {{"Name", name}, {"Protocol", "HTTP"}, {"Port", "8080"},
                                                {"VpcId", "vpc-1"}, {"TargetType", "ip"},
                                                {"HealthCheckIntervalSeconds", "10"}}),
                  "CreateTargetGroup")["TargetGroups"][0]["TargetGroupArn"];
    };
    w.blue_arn = group("blue");
    w.green_arn = group("green");
    w.other_arn = group("other");
    auto listener = [&](int port, const json& default_action) -> std::string {
      std::string arn = Must(f.Elbv2("CreateListener", {{"LoadBalancerArn", w.load_balancer_arn}, {"Protocol", "HTTP"},
                                                        {"Port", std::to_string(port)},
                                                        {"DefaultActions", json::array({default_action})}}),
                             "CreateListener")["Listeners"][0]["ListenerArn"];
      w.listener_arns.push_back(arn);
      return arn;
    };
    auto rule = [&](const std::string& listener_arn, int priority, const json& conditions, const json& actions) {
      Must(f.Elbv2("CreateRule", {{"ListenerArn", listener_arn}, {"Priority", std::to_string(priority)},
                                  {"Conditions", conditions}, {"Actions", actions}}),
           "CreateRule");
    };
    const json not_found = {{"Type", "fixed-response"}, {"FixedResponseConfig", {{"StatusCode", "404"}}}};
    const json all_paths = json::array({{{"Field", "path-pattern"}, {"Values", json::array({"/*"})}}});
    if (scenario.route == "weighted-listener") {
      listener(80, WeightedForward(w.blue_arn, w.green_arn));
    } else if (scenario.route == "primary-only-rule") {
      const std::string l = listener(80, not_found);
      rule(l, 10, all_paths, json::array({PlainForward(w.blue_arn)}));
    } else if (scenario.route == "rule-with-conditions") {
      const std::string l = listener(80, not_found);
      rule(l, 5,
           json::array({{{"Field", "host-header"}, {"Values", json::array({"shop.example.com"})}},
                        {{"Field", "path-pattern"}, {"Values", json::array({"/api/*", "/"})}},
                        {{"Field", "http-header"},
                         {"HttpHeaderConfig", {{"HttpHeaderName", "X-Env"}, {"Values", json::array({"prod"})}}}}}),
           json::array({WeightedForward(w.blue_arn, w.green_arn)}));
      rule(l, 20, json::array({{{"Field", "path-pattern"}, {"Values", json::array({"/other/*"})}}}),
           json::array({PlainForward(w.other_arn)}));
    } else if (scenario.route == "sticky-oidc") {
      const std::string l = listener(80, not_found);
      json forward = WeightedForward(w.blue_arn, w.green_arn);
      forward["Order"] = "2";
      forward["ForwardConfig"]["TargetGroupStickinessConfig"] = {{"Enabled", "true"}, {"DurationSeconds", "300"}};
      rule(l, 7, all_paths,
           json::array({{{"Type", "authenticate-oidc"}, {"Order", "1"},
                         {"AuthenticateOidcConfig", {{"Issuer", "https://idp.example.com"}, {"ClientId", "web"},
                                                     {"ClientSecret", "s3cret"},
                                                     {"AuthorizationEndpoint", "https://idp.example.com/auth"},
                                                     {"TokenEndpoint", "https://idp.example.com/token"},
                                                     {"UserInfoEndpoint", "https://idp.example.com/me"}}}},
                        forward}));
    } else if (scenario.route == "several-listeners") {
      const std::string l80 = listener(80, WeightedForward(w.blue_arn, w.green_arn));
      const std::string l81 = listener(81, PlainForward(w.blue_arn));
      rule(l80, 10, json::array({{{"Field", "path-pattern"}, {"Values", json::array({"/api/*"})}}}),
           json::array({WeightedForward(w.blue_arn, w.green_arn)}));
      rule(l80, 20, json::array({{{"Field", "path-pattern"}, {"Values", json::array({"/other/*"})}}}),
           json::array({PlainForward(w.other_arn)}));
      rule(l81, 10, json::array({{{"Field", "path-pattern"}, {"Values", json::array({"/v2/*"})}}}),
           json::array({PlainForward(w.blue_arn)}));
    } else {
      throw std::runtime_error("unknown route " + scenario.route);
    }
    v1_task_set["loadBalancers"] =
        json::array({{{"targetGroupArn", w.blue_arn}, {"containerName", "app"}, {"containerPort", 8080}}});
  }
  Must(f.Ecs("CreateCluster", {{"clusterName", w.cluster}}), "CreateCluster");
  w.service_arn = Must(f.Ecs("CreateService", service_input), "CreateService")["service"]["serviceArn"];
  w.v1 = f.RegisterVersion(scenario.primary_environment);
  for (const auto& alarm : scenario.alarms) {
    auto cloudwatch = aws::ServiceClient::Create(aws::kCloudWatchService, f.context());
    if (!cloudwatch.ok()) throw std::runtime_error("CloudWatch client");
    aws::QueryParams params;
    aws::FlattenQueryParams({{"AlarmName", alarm}, {"Namespace", "AWS/ApplicationELB"}, {"MetricName", "RequestCount"},
                             {"Statistic", "Sum"}, {"Period", "60"}, {"EvaluationPeriods", "1"}, {"Threshold", "1e9"},
                             {"ComparisonOperator", "GreaterThanThreshold"}},
                            "", params);
    Must((*cloudwatch)->CallQuery("PutMetricAlarm", params), "PutMetricAlarm");
  }
  v1_task_set["taskDefinition"] = w.v1;
  w.v1_task_set = Must(f.Ecs("CreateTaskSet", v1_task_set), "CreateTaskSet")["taskSet"]["id"];
  Must(f.Ecs("UpdateServicePrimaryTaskSet", {{"cluster", w.cluster}, {"service", w.service}, {"primaryTaskSet", w.v1_task_set}}),
       "UpdateServicePrimaryTaskSet");
  const bool steady = EmulatorFixture::WaitUntil(
      [&] {
        auto described = f.Ecs("DescribeTaskSets", {{"cluster", w.cluster}, {"service", w.service}});
        return described.ok() && (*described)["taskSets"][0].value("stabilityStatus", "") == "STEADY_STATE";
      },
      std::chrono::seconds(20));
  if (!steady) throw std::runtime_error("v1 did not become steady");
  w.app_dir = work_dir + "/app";
  WriteScenarioApp(w, scenario, w.app_dir, scenario.new_environment, "v2");
  return w;
}

void WriteScenarioApp(const ScenarioWorld& w, const Scenario& scenario, const std::string& dir,
                      const nlohmann::json& environment, const std::string& tag) {
  std::filesystem::create_directories(dir);
  const bool cloud_map = scenario.route == "cloud-map";
  std::string input;
  if (cloud_map) {
    input = "    accessType: SERVICE_DISCOVERY\n";
  } else {
    input = fmt::format(R"(    targetGroups:
      primary:
        targetGroupArn: {}
        containerName: app
        containerPort: 8080
      canary:
        targetGroupArn: {}
        containerName: app
        containerPort: 8080
)", w.blue_arn, w.green_arn);
  }
  std::string stages;
  std::istringstream lines(scenario.pipeline_yaml);
  for (std::string line; std::getline(lines, line);) stages += "      " + line + "\n";
  std::string kanaria;
  if (!scenario.kanaria_yaml.empty()) {
    std::istringstream k(scenario.kanaria_yaml);
    kanaria = "  kanaria:\n";
    for (std::string line; std::getline(k, line);) kanaria += "    " + line + "\n";
  }
  std::string pipeline = stages.empty() ? "" : "  pipeline:\n    stages:\n" + stages;
  if (scenario.quick_sync_recreate) pipeline += "  quickSync:\n    recreate: true\n";
  WriteOrThrow(dir + "/app.pipecd.yaml", fmt::format(R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  name: web
{}  input:
    serviceDefinitionFile: servicedef.json
    taskDefinitionFile: taskdef.json
{}{}{})", scenario.release_timeout.empty() ? "" : "  timeout: " + scenario.release_timeout + "\n", input,
                                                     pipeline, kanaria));
  json service = {{"cluster", w.cluster}, {"serviceName", w.service}, {"desiredCount", scenario.desired_count},
                  {"launchType", "FARGATE"},
                  {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", json::array({"subnet-1"})}}}}},
                  {"deploymentController", {{"type", "EXTERNAL"}}}};
  if (cloud_map) service["serviceRegistries"] = json::array({{{"registryArn", w.registry_arn}}});
  WriteOrThrow(dir + "/servicedef.json", service.dump(2));
  json env = json::array();
  for (const auto& [name, value] : environment.items()) {
    env.push_back({{"name", name}, {"value", value.is_string() ? value.get<std::string>() : value.dump()}});
  }
  json task = {{"family", "web"}, {"networkMode", "awsvpc"}, {"cpu", "256"}, {"memory", "512"},
               {"containerDefinitions", json::array({{{"name", "app"},
                                                      {"image", "registry.example/web:" + tag},
                                                      {"essential", true},
                                                      {"portMappings", json::array({{{"containerPort", 8080}}})},
                                                      {"environment", env}}})}};
  WriteOrThrow(dir + "/taskdef.json", task.dump(2));
}

}  // namespace kanaria::testing
