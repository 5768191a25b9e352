// Decoding CBOR (RFC 8949) into the JSON tree the emulator's handlers read, for CloudWatch's
// Smithy RPC v2 CBOR protocol. nlohmann::json has a CBOR reader, but the one in Debian bookworm
// (3.11.2) refuses the one-byte tags 0xC0-0xC5, and tag 1 (an epoch timestamp, 0xC1) is exactly
// what botocore writes for every timestamp member.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "core/status.h"

namespace kanaria::aws {

// Maps, arrays, text, integers, floats (half, single, double), booleans, null/undefined, definite
// and indefinite lengths. A tag is dropped and its content kept (tag 1 gives the epoch seconds);
// byte strings become arrays of byte values; map keys that are not text are written as their
// JSON text. kInvalidInput naming the byte offset for truncated or malformed input, trailing
// bytes, nesting deeper than 64, or text that is not UTF-8.
StatusOr<nlohmann::json> DecodeCbor(std::string_view bytes);

}  // namespace kanaria::aws
