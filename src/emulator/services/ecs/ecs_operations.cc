#include "emulator/services/ecs/ecs_operations.h"

#include "emulator/services/ecs/ecs_handlers.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> EcsOperations() {
  using namespace ecs_handlers;
  static const EmulatedOperation kOperations[] = {
      {"CreateCluster", &CreateCluster},
      {"DescribeClusters", &DescribeClusters},
      {"DeleteCluster", &DeleteCluster},
      {"ListClusters", &ListClusters},
      {"CreateService", &CreateService},
      {"DescribeServices", &DescribeServices},
      {"UpdateService", &UpdateService},
      {"DeleteService", &DeleteService},
      {"ListServices", &ListServices},
      {"RegisterTaskDefinition", &RegisterTaskDefinition},
      {"DescribeTaskDefinition", &DescribeTaskDefinition},
      {"DeregisterTaskDefinition", &DeregisterTaskDefinition},
      {"ListTaskDefinitions", &ListTaskDefinitions},
      {"ListTaskDefinitionFamilies", &ListTaskDefinitionFamilies},
      {"CreateTaskSet", &CreateTaskSet},
      {"UpdateTaskSet", &UpdateTaskSet},
      {"DeleteTaskSet", &DeleteTaskSet},
      {"DescribeTaskSets", &DescribeTaskSets},
      {"UpdateServicePrimaryTaskSet", &UpdateServicePrimaryTaskSet},
      {"ListTasks", &ListTasks},
      {"DescribeTasks", &DescribeTasks},
      {"StopTask", &StopTask},
      {"TagResource", &TagResource},
      {"UntagResource", &UntagResource},
      {"ListTagsForResource", &ListTagsForResource},
  };
  return kOperations;
}

}  // namespace kanaria::emulator
