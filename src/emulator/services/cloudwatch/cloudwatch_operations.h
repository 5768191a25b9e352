// The emulated CloudWatch operations, as a table for service_table.cc.
#pragma once

#include <span>

#include "emulator/emulated_service.h"

namespace kanaria::emulator {

std::span<const EmulatedOperation> CloudWatchOperations();

}  // namespace kanaria::emulator
