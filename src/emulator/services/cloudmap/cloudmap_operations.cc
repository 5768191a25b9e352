#include "emulator/services/cloudmap/cloudmap_operations.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> CloudMapOperations() { return {}; }

}  // namespace kanaria::emulator
