// An emulated AWS service is a row in the service table (service_table.cc): its wire facts (the
// client's ServiceDescriptor) and a table of operations. An operation handler gets the decoded
// input tree (json_protocol.h / query_protocol.h conventions: from the query protocol every
// scalar is a string) and returns the output tree; it reports AWS errors by throwing ApiError
// (api_error.h). The dispatcher holds the World's mutex and has advanced the world to `now`.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "aws/service_descriptor.h"
#include "core/clock.h"

namespace kanaria::emulator {

class World;

enum class WireProtocol { kJson, kQuery };

struct CallContext {
  World& world;
  WallTime now;
  std::string request_id;
  WireProtocol protocol;
  std::string access_key_id;  // from the SigV4 Authorization header; empty when unsigned
};

using OperationHandler = nlohmann::json (*)(CallContext& context, const nlohmann::json& input);

struct EmulatedOperation {
  std::string_view name;
  OperationHandler handler;
};

struct EmulatedService {
  const aws::ServiceDescriptor* descriptor;
  // A second JSON 1.0 X-Amz-Target prefix the service accepts (CloudWatch's newer form).
  std::string_view json10_target_prefix;
  std::span<const EmulatedOperation> operations;
};

// A timestamp as the protocol writes it: epoch seconds (a number) in JSON, ISO 8601 in XML.
nlohmann::json TimestampValue(const CallContext& context, WallTime time);

}  // namespace kanaria::emulator
