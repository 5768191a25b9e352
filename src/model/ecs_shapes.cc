// GENERATED once from botocore's model (data/ecs/2014-11-13/service-2.json.gz), then checked
// in; regenerate when AWS adds members. The generator, in full:
//
//   import gzip, json, os, botocore
//   S = json.load(gzip.open(os.path.join(os.path.dirname(botocore.__file__),
//       'data/ecs/2014-11-13/service-2.json.gz')))['shapes']
//   KIND = {'string': 'kString', 'integer': 'kInteger', 'long': 'kInteger',
//           'boolean': 'kBoolean', 'list': 'kList', 'structure': 'kObject', 'map': 'kObject',
//           'double': 'kNumber', 'float': 'kNumber', 'timestamp': 'kTimestamp', 'blob': 'kString'}
//   def rows(shape, only=None):
//       for name, m in S[shape]['members'].items():
//           if only is None or name in only:
//               t = S[m['shape']]
//               print(f'    {{"{name}", JsonKind::{KIND[t["type"]]}, "{"|".join(t.get("enum",
//               []))}"}},')
//   # kTaskDefinitionReadOnly: TaskDefinition's members minus RegisterTaskDefinitionRequest's.
#include "model/ecs_shapes.h"

namespace kanaria::model {
namespace {

// From botocore 1.43.11.
constexpr MemberShape kRegisterTaskDefinitionRequest[] = {
    // RegisterTaskDefinitionRequest
    {"family", JsonKind::kString, ""},
    {"taskRoleArn", JsonKind::kString, ""},
    {"executionRoleArn", JsonKind::kString, ""},
    {"networkMode", JsonKind::kString, "bridge|host|awsvpc|none"},
    {"containerDefinitions", JsonKind::kList, ""},
    {"volumes", JsonKind::kList, ""},
    {"placementConstraints", JsonKind::kList, ""},
    {"requiresCompatibilities", JsonKind::kList, ""},
    {"cpu", JsonKind::kString, ""},
    {"memory", JsonKind::kString, ""},
    {"tags", JsonKind::kList, ""},
    {"pidMode", JsonKind::kString, "host|task"},
    {"ipcMode", JsonKind::kString, "host|task|none"},
    {"proxyConfiguration", JsonKind::kObject, ""},
    {"inferenceAccelerators", JsonKind::kList, ""},
    {"ephemeralStorage", JsonKind::kObject, ""},
    {"runtimePlatform", JsonKind::kObject, ""},
    {"enableFaultInjection", JsonKind::kBoolean, ""},
};
constexpr MemberShape kTaskDefinitionReadOnly[] = {
    // TaskDefinition
    {"taskDefinitionArn", JsonKind::kString, ""},
    {"revision", JsonKind::kInteger, ""},
    {"status", JsonKind::kString, "ACTIVE|INACTIVE|DELETE_IN_PROGRESS"},
    {"requiresAttributes", JsonKind::kList, ""},
    {"compatibilities", JsonKind::kList, ""},
    {"registeredAt", JsonKind::kTimestamp, ""},
    {"deregisteredAt", JsonKind::kTimestamp, ""},
    {"deleteRequestedAt", JsonKind::kTimestamp, ""},
    {"registeredBy", JsonKind::kString, ""},
};
constexpr MemberShape kContainerDefinition[] = {
    // ContainerDefinition
    {"name", JsonKind::kString, ""},
    {"image", JsonKind::kString, ""},
    {"repositoryCredentials", JsonKind::kObject, ""},
    {"cpu", JsonKind::kInteger, ""},
    {"memory", JsonKind::kInteger, ""},
    {"memoryReservation", JsonKind::kInteger, ""},
    {"links", JsonKind::kList, ""},
    {"portMappings", JsonKind::kList, ""},
    {"essential", JsonKind::kBoolean, ""},
    {"restartPolicy", JsonKind::kObject, ""},
    {"entryPoint", JsonKind::kList, ""},
    {"command", JsonKind::kList, ""},
    {"environment", JsonKind::kList, ""},
    {"environmentFiles", JsonKind::kList, ""},
    {"mountPoints", JsonKind::kList, ""},
    {"volumesFrom", JsonKind::kList, ""},
    {"linuxParameters", JsonKind::kObject, ""},
    {"secrets", JsonKind::kList, ""},
    {"dependsOn", JsonKind::kList, ""},
    {"startTimeout", JsonKind::kInteger, ""},
    {"stopTimeout", JsonKind::kInteger, ""},
    {"versionConsistency", JsonKind::kString, "enabled|disabled"},
    {"hostname", JsonKind::kString, ""},
    {"user", JsonKind::kString, ""},
    {"workingDirectory", JsonKind::kString, ""},
    {"disableNetworking", JsonKind::kBoolean, ""},
    {"privileged", JsonKind::kBoolean, ""},
    {"readonlyRootFilesystem", JsonKind::kBoolean, ""},
    {"dnsServers", JsonKind::kList, ""},
    {"dnsSearchDomains", JsonKind::kList, ""},
    {"extraHosts", JsonKind::kList, ""},
    {"dockerSecurityOptions", JsonKind::kList, ""},
    {"interactive", JsonKind::kBoolean, ""},
    {"pseudoTerminal", JsonKind::kBoolean, ""},
    {"dockerLabels", JsonKind::kObject, ""},
    {"ulimits", JsonKind::kList, ""},
    {"logConfiguration", JsonKind::kObject, ""},
    {"healthCheck", JsonKind::kObject, ""},
    {"systemControls", JsonKind::kList, ""},
    {"resourceRequirements", JsonKind::kList, ""},
    {"firelensConfiguration", JsonKind::kObject, ""},
    {"credentialSpecs", JsonKind::kList, ""},
};
constexpr MemberShape kPortMapping[] = {
    // PortMapping
    {"containerPort", JsonKind::kInteger, ""},
    {"hostPort", JsonKind::kInteger, ""},
    {"protocol", JsonKind::kString, "tcp|udp"},
    {"name", JsonKind::kString, ""},
    {"appProtocol", JsonKind::kString, "http|http2|grpc"},
    {"containerPortRange", JsonKind::kString, ""},
};
constexpr MemberShape kKeyValuePair[] = {
    // KeyValuePair
    {"name", JsonKind::kString, ""},
    {"value", JsonKind::kString, ""},
};
constexpr MemberShape kCreateServiceRequest[] = {
    // CreateServiceRequest
    {"cluster", JsonKind::kString, ""},
    {"serviceName", JsonKind::kString, ""},
    {"taskDefinition", JsonKind::kString, ""},
    {"availabilityZoneRebalancing", JsonKind::kString, "ENABLED|DISABLED"},
    {"loadBalancers", JsonKind::kList, ""},
    {"serviceRegistries", JsonKind::kList, ""},
    {"desiredCount", JsonKind::kInteger, ""},
    {"clientToken", JsonKind::kString, ""},
    {"launchType", JsonKind::kString, "EC2|FARGATE|EXTERNAL|MANAGED_INSTANCES"},
    {"capacityProviderStrategy", JsonKind::kList, ""},
    {"platformVersion", JsonKind::kString, ""},
    {"role", JsonKind::kString, ""},
    {"deploymentConfiguration", JsonKind::kObject, ""},
    {"placementConstraints", JsonKind::kList, ""},
    {"placementStrategy", JsonKind::kList, ""},
    {"networkConfiguration", JsonKind::kObject, ""},
    {"healthCheckGracePeriodSeconds", JsonKind::kInteger, ""},
    {"schedulingStrategy", JsonKind::kString, "REPLICA|DAEMON"},
    {"deploymentController", JsonKind::kObject, ""},
    {"tags", JsonKind::kList, ""},
    {"enableECSManagedTags", JsonKind::kBoolean, ""},
    {"propagateTags", JsonKind::kString, "TASK_DEFINITION|SERVICE|NONE"},
    {"enableExecuteCommand", JsonKind::kBoolean, ""},
    {"serviceConnectConfiguration", JsonKind::kObject, ""},
    {"volumeConfigurations", JsonKind::kList, ""},
    {"vpcLatticeConfigurations", JsonKind::kList, ""},
};
constexpr MemberShape kDeploymentController[] = {
    // DeploymentController
    {"type", JsonKind::kString, "ECS|CODE_DEPLOY|EXTERNAL"},
};

}  // namespace

std::span<const MemberShape> RegisterTaskDefinitionMembers() {
  return kRegisterTaskDefinitionRequest;
}
std::span<const MemberShape> TaskDefinitionReadOnlyMembers() {
  return kTaskDefinitionReadOnly;
}
std::span<const MemberShape> ContainerDefinitionMembers() {
  return kContainerDefinition;
}
std::span<const MemberShape> PortMappingMembers() {
  return kPortMapping;
}
std::span<const MemberShape> KeyValuePairMembers() {
  return kKeyValuePair;
}
std::span<const MemberShape> CreateServiceMembers() {
  return kCreateServiceRequest;
}
std::span<const MemberShape> DeploymentControllerMembers() {
  return kDeploymentController;
}

const MemberShape* FindMember(std::span<const MemberShape> shapes, std::string_view name) {
  for (const MemberShape& shape : shapes) {
    if (shape.name == name) return &shape;
  }
  return nullptr;
}

std::string_view JsonKindName(JsonKind kind) {
  switch (kind) {
    case JsonKind::kString:
      return "a string";
    case JsonKind::kInteger:
      return "an integer";
    case JsonKind::kNumber:
      return "a number";
    case JsonKind::kBoolean:
      return "true or false";
    case JsonKind::kList:
      return "a list";
    case JsonKind::kObject:
      return "a map";
    case JsonKind::kTimestamp:
      return "a timestamp";
  }
  return "a value";
}

}  // namespace kanaria::model
