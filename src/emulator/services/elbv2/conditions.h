// Rule conditions: validation as AWS does it, and the normalised form Describe* shows (both the
// legacy Field/Values form and the <Field>Config form, as AWS returns them).
#pragma once

#include <nlohmann/json.hpp>

namespace kanaria::emulator::elbv2 {

// Validates a Conditions list from the request tree and returns it normalised: every condition
// carries Field and its config member (HostHeaderConfig, PathPatternConfig, HttpHeaderConfig,
// QueryStringConfig, HttpRequestMethodConfig, SourceIpConfig); host-header and path-pattern also
// carry Values. Fails with ValidationError: unknown field, no values, a field other than
// http-header/query-string given twice, Values with a field that takes only its config.
nlohmann::json NormalizeConditions(const nlohmann::json& input);

}  // namespace kanaria::emulator::elbv2
