#include "emulator/services/sts/sts_operations.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> StsOperations() { return {}; }

}  // namespace kanaria::emulator
