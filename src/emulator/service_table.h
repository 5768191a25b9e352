// The emulated services, one row each (STYLE.md 2).
#pragma once

#include <span>
#include <string_view>

#include "emulator/emulated_service.h"

namespace kanaria::emulator {

std::span<const EmulatedService> EmulatedServices();
const EmulatedService* FindServiceBySigningName(std::string_view signing_name);
const EmulatedOperation* FindOperation(const EmulatedService& service, std::string_view name);

}  // namespace kanaria::emulator
