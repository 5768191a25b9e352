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

// Decodes a 2xx body. An empty body is {}. A body that is not a JSON object is kInternal with
// an AwsError whose code is "MalformedResponse" (never an exception).
StatusOr<nlohmann::json> DecodeJsonBody(std::string_view body);

// Parses a non-2xx JSON protocol response into an AwsError: code from x-amzn-ErrorType or the
// body's "__type"/"code" (namespace prefix "ns#" and ":suffix" removed), message from
// "message"/"Message", request id from x-amzn-RequestId. Truncated, empty, HTML or otherwise
// malformed bodies still produce an error (code "UnknownError" or the HTTP reason), never a crash.
AwsError ParseJsonError(const HttpResponse& response);

}  // namespace kanaria::aws
