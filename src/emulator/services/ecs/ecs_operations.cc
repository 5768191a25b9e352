#include "emulator/services/ecs/ecs_operations.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> EcsOperations() { return {}; }

}  // namespace kanaria::emulator
