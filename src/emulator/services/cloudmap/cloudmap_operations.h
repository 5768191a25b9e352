// The emulated CloudMap operations, as a table for service_table.cc.
#pragma once

#include <span>

#include "emulator/emulated_service.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> CloudMapOperations();

}  // namespace kanaria::emulator
