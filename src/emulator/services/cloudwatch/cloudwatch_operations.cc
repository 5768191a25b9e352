#include "emulator/services/cloudwatch/cloudwatch_operations.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> CloudWatchOperations() { return {}; }

}  // namespace kanaria::emulator
