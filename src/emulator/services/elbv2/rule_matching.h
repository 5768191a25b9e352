// How an ALB matches a request against a rule's conditions, and the inverse: a request built to
// match them (for the load generator's SampleRequests). Conditions are in the normalised form
// of conditions.h.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "emulator/dataplane/routing.h"

namespace kanaria::emulator::elbv2 {

// `*` matches any run of characters (also none), `?` exactly one.
bool WildcardMatch(std::string_view pattern, std::string_view text, bool case_insensitive);

// One condition: true when any of its values matches (OR). Host names, header names and values,
// and query strings compare case-insensitively; paths and methods case-sensitively. A source-ip
// condition reads the first X-Forwarded-For address (the data plane sees only loopback
// clients), 127.0.0.1 when absent.
bool ConditionMatches(const nlohmann::json& condition, const IncomingRequest& request);
// Every condition (AND); an empty list matches everything.
bool ConditionsMatch(const nlohmann::json& conditions, const IncomingRequest& request);

// Starting from `base`, a request that satisfies every condition: the first value of each, with
// wildcards replaced by concrete characters.
IncomingRequest RequestMatching(const nlohmann::json& conditions, IncomingRequest base);

}  // namespace kanaria::emulator::elbv2
