// Typed reads from a query-protocol result tree (aws/protocol/query_protocol.h). The tree holds
// every scalar as a string, a list as an array (or "" when the list element was empty) and
// leaves absent members out; the typed ELBv2, CloudWatch and STS operations convert through
// these helpers so that a malformed answer becomes a Status, never an exception.
//
// Every reader also accepts JSON numbers and booleans, so trees built in code (tests, the
// emulator) read the same as decoded ones. A member of the wrong shape is kInternal naming it:
// it means the service answered something kanaria does not understand.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::aws {

// The member as a string; "" when absent. Numbers and booleans are rendered as AWS writes them.
std::string StringField(const nlohmann::json& tree, std::string_view name);

// The member's items: [] when absent or "" (an empty list on the wire). A lone object is read as
// a one-item list. Anything else is kInternal.
StatusOr<std::vector<nlohmann::json>> ListField(const nlohmann::json& tree, std::string_view name);
StatusOr<std::vector<std::string>> StringListField(const nlohmann::json& tree,
                                                   std::string_view name);

// Scalars that may be absent. "42" -> 42; "4x2", "", 2^31 -> kInternal.
StatusOr<std::optional<int>> IntField(const nlohmann::json& tree, std::string_view name);
StatusOr<std::optional<double>> DoubleField(const nlohmann::json& tree, std::string_view name);
// "true"/"false" (any case, as the XML writers vary).
StatusOr<std::optional<bool>> BoolField(const nlohmann::json& tree, std::string_view name);
// ISO 8601 (aws/iso8601.h).
StatusOr<std::optional<WallTime>> TimestampField(const nlohmann::json& tree, std::string_view name);

// The conversions themselves, for values that are not members of an object (list items).
// `what` names the value in the error message.
StatusOr<int> ParseQueryInt(const nlohmann::json& value, std::string_view what);
StatusOr<double> ParseQueryDouble(const nlohmann::json& value, std::string_view what);
StatusOr<bool> ParseQueryBool(const nlohmann::json& value, std::string_view what);
StatusOr<WallTime> ParseQueryTimestamp(const nlohmann::json& value, std::string_view what);

}  // namespace kanaria::aws
