// Text helpers the JSON and query protocol codecs share (internal to aws/protocol/). Everything a
// decoder puts into an AwsError or a result tree passes through these, so that what reaches
// nlohmann::json::dump() or a terminal is valid UTF-8 whatever the server sent.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "aws/http.h"

namespace kanaria::aws::protocol_text {

// Deeper than any AWS shape (DescribeRules, the deepest kanaria reads, is about 10). Decoders
// refuse deeper documents so no recursive reader of a tree can exhaust the stack.
inline constexpr int kMaxNestingDepth = 64;

// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// `text` with every byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view text);

// An AWS error code from a header or body field: "ns#Code:http://..." -> "Code". "" when what is
// left is not an identifier ([A-Za-z0-9_.-], at most 128 bytes): junk is no code at all.
std::string SanitizeErrorCode(std::string_view raw);

// The request id from x-amzn-RequestId or x-amz-request-id, "" when absent or not printable ASCII.
std::string RequestIdFromHeaders(const HttpHeaders& headers);

// `value` when it is 1-128 bytes of printable ASCII, otherwise "".
std::string PrintableToken(std::string_view value);

// Scalars as botocore writes them in query parameters and XML: booleans "true"/"false", floats
// as Python's str() does (nlohmann's shortest round-trip form agrees: 0.5, 1e-05, 100.0),
// non-finite as AWS spells them; strings as they are.
std::string ScalarText(const nlohmann::json& value);

}  // namespace kanaria::aws::protocol_text
