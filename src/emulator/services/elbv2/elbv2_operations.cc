#include "emulator/services/elbv2/elbv2_operations.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> Elbv2Operations() { return {}; }

}  // namespace kanaria::emulator
