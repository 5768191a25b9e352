// AWS JSON 1.0/1.1 protocol (ECS, Cloud Map; CloudWatch's newer JSON form), both directions:
// the client encodes requests and decodes responses, the emulator does the reverse.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "aws/aws_error.h"
#include "aws/http.h"
#include "core/status.h"

namespace kanaria::aws {

// Content-Type for a JSON protocol version ("1.0" or "1.1").
std::string JsonContentType(std::string_view json_version);

// Decodes a 2xx body. An empty (or all-whitespace) body is {}. A body that is not a JSON object,
// or nests more than 64 levels, is kInternal with an AwsError whose code is "MalformedResponse"
// and whose message quotes at most 200 bytes of the body (never an exception). The AwsError's
// http_status is 0: the caller, which holds the response, knows it.
StatusOr<nlohmann::json> DecodeJsonBody(std::string_view body);

// Parses a non-2xx JSON protocol response into an AwsError: code from x-amzn-query-error
// (CloudWatch's query-compatible JSON: "Code;Sender"), then x-amzn-ErrorType, then the body's
// "__type"/"code" (namespace prefix "ns#" and ":suffix" removed; anything that is not an
// identifier is ignored), message from "message"/"Message"/"errorMessage", request id from
// x-amzn-RequestId or x-amz-request-id, `resource` for AccessDenied codes. Truncated, empty,
// HTML or otherwise malformed bodies still produce an error (see UnrecognizedErrorResponse in
// aws_error.h: the HTTP reason or "UnknownError"), never a crash. Every string in the result is
// valid UTF-8.
AwsError ParseJsonError(const HttpResponse& response);

}  // namespace kanaria::aws
