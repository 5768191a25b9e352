#include "aws/operations.h"

#include <array>

namespace kanaria::aws {
namespace {

using enum RetryClass;

constexpr std::array kOperations = {
    // ECS
    OperationInfo{"ecs", "DescribeServices", false, kRead, "ecs:DescribeServices"},
    OperationInfo{"ecs", "CreateService", true, kClientToken, "ecs:CreateService"},
    OperationInfo{"ecs", "UpdateService", true, kSetToValue, "ecs:UpdateService"},
    OperationInfo{"ecs", "RegisterTaskDefinition", true, kNonIdempotent, "ecs:RegisterTaskDefinition"},
    OperationInfo{"ecs", "DescribeTaskDefinition", false, kRead, "ecs:DescribeTaskDefinition"},
    OperationInfo{"ecs", "DeregisterTaskDefinition", true, kSetToValue, "ecs:DeregisterTaskDefinition"},
    OperationInfo{"ecs", "CreateTaskSet", true, kClientToken, "ecs:CreateTaskSet"},
    OperationInfo{"ecs", "UpdateTaskSet", true, kSetToValue, "ecs:UpdateTaskSet"},
    OperationInfo{"ecs", "DeleteTaskSet", true, kNonIdempotent, "ecs:DeleteTaskSet"},
    OperationInfo{"ecs", "DescribeTaskSets", false, kRead, "ecs:DescribeTaskSets"},
    OperationInfo{"ecs", "UpdateServicePrimaryTaskSet", true, kSetToValue, "ecs:UpdateServicePrimaryTaskSet"},
    OperationInfo{"ecs", "ListTasks", false, kRead, "ecs:ListTasks"},
    OperationInfo{"ecs", "DescribeTasks", false, kRead, "ecs:DescribeTasks"},
    OperationInfo{"ecs", "TagResource", true, kSetToValue, "ecs:TagResource"},
    OperationInfo{"ecs", "UntagResource", true, kSetToValue, "ecs:UntagResource"},
    OperationInfo{"ecs", "ListTagsForResource", false, kRead, "ecs:ListTagsForResource"},
    // Elastic Load Balancing v2
    OperationInfo{"elasticloadbalancing", "DescribeLoadBalancers", false, kRead, "elasticloadbalancing:DescribeLoadBalancers"},
    OperationInfo{"elasticloadbalancing", "DescribeTargetGroups", false, kRead, "elasticloadbalancing:DescribeTargetGroups"},
    OperationInfo{"elasticloadbalancing", "DescribeListeners", false, kRead, "elasticloadbalancing:DescribeListeners"},
    OperationInfo{"elasticloadbalancing", "DescribeRules", false, kRead, "elasticloadbalancing:DescribeRules"},
    OperationInfo{"elasticloadbalancing", "ModifyRule", true, kSetToValue, "elasticloadbalancing:ModifyRule"},
    OperationInfo{"elasticloadbalancing", "ModifyListener", true, kSetToValue, "elasticloadbalancing:ModifyListener"},
    OperationInfo{"elasticloadbalancing", "DescribeTargetHealth", false, kRead, "elasticloadbalancing:DescribeTargetHealth"},
    OperationInfo{"elasticloadbalancing", "DescribeTags", false, kRead, "elasticloadbalancing:DescribeTags"},
    // Cloud Map
    OperationInfo{"servicediscovery", "GetService", false, kRead, "servicediscovery:GetService"},
    OperationInfo{"servicediscovery", "ListInstances", false, kRead, "servicediscovery:ListInstances"},
    OperationInfo{"servicediscovery", "GetInstancesHealthStatus", false, kRead, "servicediscovery:GetInstancesHealthStatus"},
    OperationInfo{"servicediscovery", "DiscoverInstances", false, kRead, "servicediscovery:DiscoverInstances"},
    // CloudWatch
    OperationInfo{"monitoring", "GetMetricData", false, kRead, "cloudwatch:GetMetricData"},
    OperationInfo{"monitoring", "DescribeAlarms", false, kRead, "cloudwatch:DescribeAlarms"},
    // STS (no IAM permission is needed to ask who you are)
    OperationInfo{"sts", "GetCallerIdentity", false, kRead, ""},
    OperationInfo{"sts", "AssumeRole", false, kRead, "sts:AssumeRole"},
    OperationInfo{"sts", "AssumeRoleWithWebIdentity", false, kRead, ""},
};

}  // namespace

std::span<const OperationInfo> AllOperations() { return kOperations; }

const OperationInfo* FindOperation(std::string_view service, std::string_view name) {
  for (const auto& op : kOperations) {
    if (op.service == service && op.name == name) return &op;
  }
  return nullptr;
}

}  // namespace kanaria::aws
