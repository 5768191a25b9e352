#include "emulator/service_table.h"

#include "emulator/services/cloudmap/cloudmap_operations.h"
#include "emulator/services/cloudwatch/cloudwatch_operations.h"
#include "emulator/services/ecs/ecs_operations.h"
#include "emulator/services/elbv2/elbv2_operations.h"
#include "emulator/services/sts/sts_operations.h"

namespace kanaria::emulator {

std::span<const EmulatedService> EmulatedServices() {
  static const EmulatedService kServices[] = {
      {&aws::kEcsService, "", EcsOperations()},
      {&aws::kElbv2Service, "", Elbv2Operations()},
      {&aws::kServiceDiscoveryService, "", CloudMapOperations()},
      {&aws::kCloudWatchService, "GraniteServiceVersion20100801", CloudWatchOperations()},
      {&aws::kStsService, "", StsOperations()},
  };
  return kServices;
}

const EmulatedService* FindServiceBySigningName(std::string_view signing_name) {
  for (const EmulatedService& service : EmulatedServices()) {
    if (service.descriptor->signing_name == signing_name) return &service;
  }
  return nullptr;
}

const EmulatedOperation* FindOperation(const EmulatedService& service, std::string_view name) {
  for (const EmulatedOperation& operation : service.operations) {
    if (operation.name == name) return &operation;
  }
  return nullptr;
}

}  // namespace kanaria::emulator
