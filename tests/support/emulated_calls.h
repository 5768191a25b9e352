// Unit tests of emulated services call operations the way the dispatcher does: through the
// service table, with the World's mutex held and the world advanced to the clock; AWS errors
// come back as emulator::ApiError.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "emulator/api_error.h"
#include "emulator/emulated_service.h"
#include "emulator/service_table.h"
#include "emulator/world.h"

namespace kanaria::testing {

// Throws ApiError as the operation does; an unknown service or operation is ApiError
// "UnknownOperation".
inline nlohmann::json CallEmulated(emulator::World& world, const Clock& clock,
                                   std::string_view service, std::string_view operation,
                                   const nlohmann::json& input,
                                   emulator::WireProtocol protocol, std::string access_key_id = "") {
  const emulator::EmulatedService* found_service = emulator::FindServiceBySigningName(service);
  const emulator::EmulatedOperation* found =
      found_service == nullptr ? nullptr : emulator::FindOperation(*found_service, operation);
  if (found == nullptr) {
    throw emulator::ApiError("UnknownOperation",
                             std::string(service) + " " + std::string(operation));
  }
  std::lock_guard<std::mutex> lock(world.mutex());
  world.AdvanceTo(clock.Now());
  emulator::CallContext context{world, clock.Now(), "request-1", protocol,
                                std::move(access_key_id)};
  return found->handler(context, input);
}

// The AWS error code the call fails with ("" when it succeeds); `message` gets its message.
inline std::string EmulatedErrorOf(emulator::World& world, const Clock& clock,
                                   std::string_view service, std::string_view operation,
                                   const nlohmann::json& input, emulator::WireProtocol protocol,
                                   std::string* message = nullptr) {
  try {
    CallEmulated(world, clock, service, operation, input, protocol);
  } catch (const emulator::ApiError& error) {
    if (message != nullptr) *message = error.message;
    return error.code;
  }
  return "";
}

}  // namespace kanaria::testing
