#include "emulator/services/elbv2/elbv2_operations.h"

#include "emulator/services/elbv2/elbv2_handlers.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> Elbv2Operations() {
  using namespace elbv2;  // NOLINT(google-build-using-namespace): the table reads better
  static const EmulatedOperation kOperations[] = {
      {"CreateLoadBalancer", &CreateLoadBalancer},
      {"DescribeLoadBalancers", &DescribeLoadBalancers},
      {"DeleteLoadBalancer", &DeleteLoadBalancer},
      {"DescribeLoadBalancerAttributes", &DescribeLoadBalancerAttributes},
      {"ModifyLoadBalancerAttributes", &ModifyLoadBalancerAttributes},
      {"CreateTargetGroup", &CreateTargetGroup},
      {"DescribeTargetGroups", &DescribeTargetGroups},
      {"ModifyTargetGroup", &ModifyTargetGroup},
      {"DeleteTargetGroup", &DeleteTargetGroup},
      {"DescribeTargetGroupAttributes", &DescribeTargetGroupAttributes},
      {"ModifyTargetGroupAttributes", &ModifyTargetGroupAttributes},
      {"CreateListener", &CreateListener},
      {"DescribeListeners", &DescribeListeners},
      {"ModifyListener", &ModifyListener},
      {"DeleteListener", &DeleteListener},
      {"CreateRule", &CreateRule},
      {"DescribeRules", &DescribeRules},
      {"ModifyRule", &ModifyRule},
      {"DeleteRule", &DeleteRule},
      {"SetRulePriorities", &SetRulePriorities},
      {"RegisterTargets", &RegisterTargets},
      {"DeregisterTargets", &DeregisterTargets},
      {"DescribeTargetHealth", &DescribeTargetHealth},
      {"AddTags", &AddTags},
      {"RemoveTags", &RemoveTags},
      {"DescribeTags", &DescribeTags},
  };
  return kOperations;
}

}  // namespace kanaria::emulator
