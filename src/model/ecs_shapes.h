// Member shapes of the ECS API inputs that service and task definitions are written in, from
// botocore's ECS model, embedded so kanaria never reads botocore at run time.
#pragma once

#include <span>
#include <string_view>

namespace kanaria::model {

// The JSON kind a member must have. kTimestamp members are read-only (describe output).
enum class JsonKind { kString, kInteger, kNumber, kBoolean, kList, kObject, kTimestamp };

struct MemberShape {
  std::string_view name;
  JsonKind kind;
  std::string_view enum_values;  // "bridge|host|awsvpc|none"; empty = any value of the kind
};

// RegisterTaskDefinition's input.
std::span<const MemberShape> RegisterTaskDefinitionMembers();
// Members DescribeTaskDefinition returns that RegisterTaskDefinition does not take
// (taskDefinitionArn, revision, status, ...): users paste describe output.
std::span<const MemberShape> TaskDefinitionReadOnlyMembers();
std::span<const MemberShape> ContainerDefinitionMembers();
std::span<const MemberShape> PortMappingMembers();
std::span<const MemberShape> KeyValuePairMembers();  // environment entries
// CreateService's input.
std::span<const MemberShape> CreateServiceMembers();
std::span<const MemberShape> DeploymentControllerMembers();

const MemberShape* FindMember(std::span<const MemberShape> shapes, std::string_view name);
// "a string", "an integer", "a list", ...
std::string_view JsonKindName(JsonKind kind);

}  // namespace kanaria::model
