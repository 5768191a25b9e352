// Services. An ECS-controlled service runs its deployments as hidden task sets
// (EcsTaskSet::is_deployment); an EXTERNAL service's task sets are ecs_task_set_ops.cc's.
#include <fmt/format.h>

#include "emulator/api_error.h"
#include "emulator/input_fields.h"
#include "emulator/services/ecs/ecs_handlers.h"
#include "emulator/services/ecs/ecs_json.h"
#include "emulator/services/ecs/load_balancer_checks.h"
#include "emulator/world.h"

namespace kanaria::emulator::ecs_handlers {
namespace {

constexpr std::size_t kDescribeServicesLimit = 10;

// What UpdateService may not change on an EXTERNAL service (AWS: "create a new task set").
constexpr std::string_view kExternalImmutableMembers[] = {"taskDefinition",
                                                          "networkConfiguration",
                                                          "platformVersion",
                                                          "capacityProviderStrategy",
                                                          "loadBalancers",
                                                          "serviceRegistries",
                                                          "forceNewDeployment",
                                                          "serviceConnectConfiguration",
                                                          "volumeConfigurations",
                                                          "enableExecuteCommand",
                                                          "availabilityZoneRebalancing",
                                                          "vpcLatticeConfigurations",
                                                          "deploymentController"};

std::string DescribeMember(std::string_view member) {
  return member == "taskDefinition" ? "task definition" : std::string(member);
}

const EcsTaskDefinition& ActiveTaskDefinition(EcsState& state, const std::string& reference) {
  const EcsTaskDefinition* definition = state.FindTaskDefinition(reference);
  if (definition == nullptr) Fail("ClientException", "TaskDefinition not found.");
  if (definition->status != "ACTIVE") Fail("ClientException", "TaskDefinition is inactive");
  return *definition;
}

// A new deployment of an ECS-controlled service, from the service's current settings; the
// previous ones drain.
void StartDeployment(CallContext& context, EcsService& service,
                     const EcsTaskDefinition& definition) {
  EcsState& state = context.world.ecs;
  for (EcsTaskSet* previous : state.TaskSetsOf(service)) {
    if (previous->status != "DRAINING") state.DrainTaskSet(*previous, context.now);
  }
  EcsTaskSet deployment;
  deployment.id = "ecs-svc/" + context.world.ids.Digits(19);
  deployment.arn = context.world.Arn(
      "ecs", "task-set/" + service.cluster_name + "/" + service.name + "/" + deployment.id);
  deployment.service_name = service.name;
  deployment.cluster_name = service.cluster_name;
  deployment.is_deployment = true;
  deployment.status = "PRIMARY";
  deployment.task_definition_arn = definition.arn;
  deployment.family = definition.family;
  deployment.revision = definition.revision;
  CopyTaskPlacement(service, deployment);
  deployment.created_at = deployment.updated_at = deployment.stability_status_at = context.now;
  service.task_definition_arn = definition.arn;
  state.AddTaskSet(service, std::move(deployment));
}

}  // namespace

json CreateService(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsCluster& cluster = state.ActiveCluster(fields.String("cluster").value_or(""));
  const std::string name = fields.RequiredString("serviceName");
  if (!IsValidEcsName(name)) {
    Fail(kInvalidParameter,
         "Service name can contain up to 255 letters, numbers, hyphens and underscores.");
  }
  const std::string client_token = fields.String("clientToken").value_or("");
  if (EcsService* existing = state.FindService(cluster, name);
      existing != nullptr && existing->status != "INACTIVE") {
    if (!client_token.empty() && existing->client_token == client_token) {
      return {{"service", ServiceJson(context, state, *existing, false)}};
    }
    Fail(kInvalidParameter, "Creation of service was not idempotent.");
  }
  const json& controller = fields.Object("deploymentController");
  const std::string controller_type =
      controller.is_object() ? controller.value("type", "ECS") : "ECS";
  if (controller_type != "ECS" && controller_type != "EXTERNAL") {
    Fail(kInvalidParameter,
         "The " + controller_type + " deployment controller is not supported by kanaria emulator.");
  }
  const std::string task_definition = fields.String("taskDefinition").value_or("");
  if (controller_type == "EXTERNAL" && !task_definition.empty()) {
    Fail(kInvalidParameter, "TaskDefinition must be blank.");
  }
  if (controller_type == "ECS" && task_definition.empty()) {
    Fail(kInvalidParameter, "Task Definition can not be blank.");
  }
  const int64_t desired_count = fields.Integer("desiredCount").value_or(0);
  if (desired_count < 0) Fail(kInvalidParameter, "Desired count must be non-negative.");
  if (fields.Has("launchType") && fields.Has("capacityProviderStrategy")) {
    Fail(kInvalidParameter,
         "Specifying both a launch type and capacity provider strategy is not supported. Remove "
         "one and try again.");
  }

  EcsService service;
  service.name = name;
  service.cluster_name = cluster.name;
  service.arn = context.world.Arn("ecs", "service/" + cluster.name + "/" + name);
  service.controller = controller_type;
  service.desired_count = static_cast<int>(desired_count);
  service.launch_type =
      fields.String("launchType").value_or(fields.Has("capacityProviderStrategy") ? "" : "EC2");
  service.platform_version = fields.String("platformVersion").value_or("");
  service.scheduling_strategy = fields.String("schedulingStrategy").value_or("REPLICA");
  service.role_arn = fields.String("role").value_or("");
  service.propagate_tags = fields.String("propagateTags").value_or("NONE");
  service.load_balancers = ArrayMember(fields, "loadBalancers");
  service.service_registries = ArrayMember(fields, "serviceRegistries");
  service.network_configuration = fields.Object("networkConfiguration");
  service.capacity_provider_strategy = ArrayMember(fields, "capacityProviderStrategy");
  service.placement_constraints = ArrayMember(fields, "placementConstraints");
  service.placement_strategy = ArrayMember(fields, "placementStrategy");
  service.deployment_configuration =
      fields.Has("deploymentConfiguration")
          ? fields.Object("deploymentConfiguration")
          : json{{"maximumPercent", 200}, {"minimumHealthyPercent", 100}};
  if (std::optional<int64_t> grace = fields.Integer("healthCheckGracePeriodSeconds")) {
    if (*grace < 0 || *grace > 2147483647) {
      Fail(kInvalidParameter, "healthCheckGracePeriodSeconds must be between 0 and 2147483647.");
    }
    service.health_check_grace_period_seconds = static_cast<int>(*grace);
  }
  service.enable_ecs_managed_tags = fields.Bool("enableECSManagedTags").value_or(false);
  service.enable_execute_command = fields.Bool("enableExecuteCommand").value_or(false);
  service.tags = TagsFromInput(input);
  service.client_token = client_token;
  service.created_at = context.now;

  const EcsTaskDefinition* definition = nullptr;
  if (controller_type == "ECS") {
    definition = &ActiveTaskDefinition(state, task_definition);
    CheckLoadBalancers(state, service.load_balancers, *definition);
    CheckServiceRegistries(state, service.service_registries);
  }
  EcsService& stored = state.PutService(std::move(service));
  if (definition != nullptr) StartDeployment(context, stored, *definition);
  state.Advance(context.now);
  return {{"service", ServiceJson(context, state, stored, false)}};
}

json DescribeServices(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsCluster& cluster = state.ActiveCluster(fields.String("cluster").value_or(""));
  const std::vector<std::string> names = fields.StringList("services");
  if (names.empty()) Fail(kInvalidParameter, "services must be specified.");
  if (names.size() > kDescribeServicesLimit) {
    Fail(kInvalidParameter, "services can have at most 10 items.");
  }
  const bool with_tags = IncludesTags(input);
  json services = json::array();
  json failures = json::array();
  for (const std::string& name : names) {
    if (const EcsService* service = state.FindService(cluster, name)) {
      services.push_back(ServiceJson(context, state, *service, with_tags));
    } else {
      const std::string arn =
          name.starts_with("arn:")
              ? name
              : context.world.Arn("ecs", "service/" + cluster.name + "/" + name);
      failures.push_back(FailureJson(arn, "MISSING"));
    }
  }
  return {{"services", services}, {"failures", failures}};
}

json UpdateService(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsCluster& cluster = state.ActiveCluster(fields.String("cluster").value_or(""));
  EcsService& service = state.ActiveService(cluster, fields.RequiredString("service"));
  if (service.controller == "EXTERNAL") {
    for (std::string_view member : kExternalImmutableMembers) {
      if (fields.Has(member)) {
        Fail(kInvalidParameter,
             fmt::format("Unable to update {} on services with a EXTERNAL deployment controller. "
                         "Use task sets to change it.",
                         DescribeMember(member)));
      }
    }
  }
  if (std::optional<int64_t> desired = fields.Integer("desiredCount")) {
    if (*desired < 0) Fail(kInvalidParameter, "Desired count must be non-negative.");
    service.desired_count = static_cast<int>(*desired);
  }
  if (fields.Has("placementConstraints")) {
    service.placement_constraints = fields.Object("placementConstraints");
  }
  if (fields.Has("placementStrategy"))
    service.placement_strategy = fields.Object("placementStrategy");
  if (std::optional<int64_t> grace = fields.Integer("healthCheckGracePeriodSeconds")) {
    if (*grace < 0) Fail(kInvalidParameter, "healthCheckGracePeriodSeconds must be non-negative.");
    service.health_check_grace_period_seconds = static_cast<int>(*grace);
  }
  if (std::optional<bool> managed = fields.Bool("enableECSManagedTags")) {
    service.enable_ecs_managed_tags = *managed;
  }
  if (std::optional<std::string> propagate = fields.String("propagateTags")) {
    service.propagate_tags = *propagate;
  }
  if (fields.Has("deploymentConfiguration")) {
    service.deployment_configuration = fields.Object("deploymentConfiguration");
  }
  if (service.controller == "ECS") {
    bool redeploy = fields.Bool("forceNewDeployment").value_or(false);
    if (fields.Has("networkConfiguration")) {
      service.network_configuration = fields.Object("networkConfiguration");
      redeploy = true;
    }
    if (std::optional<std::string> version = fields.String("platformVersion")) {
      service.platform_version = *version;
      redeploy = true;
    }
    if (fields.Has("loadBalancers")) {
      service.load_balancers = fields.Object("loadBalancers");
      redeploy = true;
    }
    if (fields.Has("serviceRegistries")) {
      CheckServiceRegistries(state, fields.Object("serviceRegistries"));
      service.service_registries = fields.Object("serviceRegistries");
      redeploy = true;
    }
    // Scaling alone keeps the running deployment, even when its revision is INACTIVE by now.
    const std::optional<std::string> reference = fields.String("taskDefinition");
    const EcsTaskDefinition* definition =
        reference ? &ActiveTaskDefinition(state, *reference)
                  : state.FindTaskDefinition(service.task_definition_arn);
    if (definition != nullptr && (redeploy || definition->arn != service.task_definition_arn)) {
      CheckLoadBalancers(state, service.load_balancers, *definition);
      StartDeployment(context, service, *definition);
    }
  }
  state.Advance(context.now);
  return {{"service", ServiceJson(context, state, service, false)}};
}

json DeleteService(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsCluster& cluster = state.ActiveCluster(fields.String("cluster").value_or(""));
  EcsService* service = state.FindService(cluster, fields.RequiredString("service"));
  if (service == nullptr || service->status != "ACTIVE") {
    Fail("ServiceNotFoundException", "Service not found.");
  }
  if (service->desired_count > 0 && !fields.Bool("force").value_or(false)) {
    Fail(kInvalidParameter, "The service cannot be stopped while it is scaled above 0.");
  }
  service->desired_count = 0;
  service->status = "DRAINING";
  for (EcsTaskSet* task_set : state.TaskSetsOf(*service)) {
    state.DrainTaskSet(*task_set, context.now);
  }
  json response = {{"service", ServiceJson(context, state, *service, false)}};
  state.Advance(context.now);
  return response;
}

json ListServices(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsCluster& cluster = state.ActiveCluster(fields.String("cluster").value_or(""));
  const std::string launch_type = fields.String("launchType").value_or("");
  const std::string scheduling = fields.String("schedulingStrategy").value_or("");
  std::vector<std::string> arns;
  for (const EcsService* service : state.ServicesOf(cluster)) {
    if (service->status != "ACTIVE") continue;
    if (!launch_type.empty() && service->launch_type != launch_type) continue;
    if (!scheduling.empty() && service->scheduling_strategy != scheduling) continue;
    arns.push_back(service->arn);
  }
  return PageOf(arns, input, "serviceArns");
}

}  // namespace kanaria::emulator::ecs_handlers
