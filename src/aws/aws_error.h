// The typed error every AWS call returns on failure, attached to a Status as its detail.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kanaria::aws {

class AwsError final : public StatusDetail {
 public:
  std::string service;    // "ecs", "elasticloadbalancing", "servicediscovery", "monitoring", "sts"
  std::string operation;  // "DescribeServices"
  std::string code;       // "ServiceNotFoundException", "Throttling", ... ("" for transport failures)
  std::string message;    // the service's message, verbatim (scrubbed when printed)
  int http_status = 0;    // 0 when no HTTP response was received
  std::string request_id; // x-amzn-RequestId / <RequestId>, when present
  bool retryable = false; // what the retry policy decided for this failure
  // AccessDenied: the resource the message names ("... on resource: <arn>"), "" when none.
  // The protocol parsers fill it; Describe() falls back to reading the message itself.
  std::string resource;

  // "ecs DescribeServices: ServiceNotFoundException: Service not found. (HTTP 400, request id ...)"
  // AccessDenied reads "ecs CreateTaskSet: access denied: not allowed to call ecs:CreateTaskSet
  // on <resource> (AccessDeniedException: <message>; HTTP 400, request id ...)". Registered
  // secrets and secret-shaped values are scrubbed (core/redact.h).
  std::string Describe() const;
};

// The AwsError of a Status, or nullptr.
inline const AwsError* AsAwsError(const Status& status) { return status.detail_as<AwsError>(); }

// Maps an AWS error code + HTTP status onto a StatusCode the engine can branch on. The code
// decides first: throttling codes (retry.h) -> kThrottled; signature/token codes ->
// kUnauthenticated; AccessDenied* -> kPermissionDenied; *NotFound*/NoSuchEntity -> kNotFound;
// validation codes -> kInvalidInput; in-use/limit codes (TooMany*, *LimitExceeded*) ->
// kConflict; "MalformedResponse" -> kInternal. Then the status: 5xx/408/none -> kUnavailable,
// 429 -> kThrottled, 401 -> kUnauthenticated, 403 -> kPermissionDenied, any other 4xx ->
// kInvalidInput, except with no usable code ("" / "UnknownError") -> kInternal.
StatusCode StatusCodeForAwsError(std::string_view code, int http_status);

// Builds the Status for a failed call. The Status message is error.Describe().
Status MakeAwsStatus(AwsError error);

// True for AccessDenied, AccessDeniedException and UnauthorizedOperation.
bool IsAccessDeniedCode(std::string_view code);

// The resource an AccessDenied message names: "User: X is not authorized to perform: A on
// resource: R because ..." -> R. "" when the message names none.
std::string ResourceFromAccessDeniedMessage(std::string_view message);

// How much of an unreadable body an error message quotes.
inline constexpr size_t kMaxQuotedBodyBytes = 200;

// The first kMaxQuotedBodyBytes of `body` in double quotes: printable ASCII kept, each run of
// spaces, tabs and line breaks shown as one space, '"' and '\' escaped, every other byte written
// as \xNN (so the excerpt is one line of valid UTF-8); "..." appended when cut.
std::string QuoteBody(std::string_view body);

// The AwsError for an error response whose body is not in the protocol's error format (a proxy's
// HTML page, a truncated document, nothing at all). The code is the HTTP reason in CamelCase for
// 5xx and 429 ("BadGateway", "TooManyRequests") and "UnknownError" otherwise, so that a proxy's
// 404 page is never mistaken for an AWS *NotFound* code. `expected` names the format
// ("a JSON protocol error document"); the message quotes the body (QuoteBody).
AwsError UnrecognizedErrorResponse(int http_status, std::string_view expected,
                                   std::string_view body);

}  // namespace kanaria::aws
