#include "aws/aws_error.h"

#include <algorithm>
#include <array>
#include <memory>

#include "aws/operations.h"
#include "aws/retry.h"
#include "core/redact.h"

namespace kanaria::aws {
namespace {

template <size_t N>
bool IsCodeIn(std::string_view code, const std::array<std::string_view, N>& codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

bool IsNotFoundCode(std::string_view code) {
  // Every service spells it differently (ServiceNotFoundException, TargetGroupNotFound,
  // RuleNotFound, NoSuchEntity, ...); "NotFound" anywhere in the code is the common thread.
  return Contains(code, "NotFound") || code == "NoSuchEntity";
}

bool IsUnauthenticatedCode(std::string_view code) {
  static constexpr std::array<std::string_view, 12> kCodes = {
      "InvalidSignatureException",
      "SignatureDoesNotMatch",
      "UnrecognizedClientException",
      "InvalidClientTokenId",
      "ExpiredToken",
      "ExpiredTokenException",
      "IncompleteSignature",
      "MissingAuthenticationToken",
      "InvalidAccessKeyId",
      "AuthFailure",
      "RequestExpired",
      "MissingAuthenticationTokenException"};
  return IsCodeIn(code, kCodes);
}

bool IsInvalidInputCode(std::string_view code) {
  static constexpr std::array<std::string_view, 9> kCodes = {"ValidationError",
                                                             "ValidationException",
                                                             "InvalidParameterException",
                                                             "ClientException",
                                                             "InvalidParameterValue",
                                                             "InvalidInput",
                                                             "InvalidParameterCombination",
                                                             "MissingParameter",
                                                             "InvalidAction"};
  return IsCodeIn(code, kCodes);
}

// "The resource is in a state that forbids the call (lock held, limit reached)".
bool IsConflictCode(std::string_view code) {
  static constexpr std::array<std::string_view, 8> kCodes = {"ResourceInUse",
                                                             "ResourceInUseException",
                                                             "PriorityInUse",
                                                             "ServiceNotActiveException",
                                                             "UpdateInProgressException",
                                                             "ConflictException",
                                                             "ConcurrentModificationException",
                                                             "DuplicateRequest"};
  // ELBv2's quota errors: TooManyRules, TooManyTargetGroups, TooManyActions, ...
  return IsCodeIn(code, kCodes) || code.starts_with("TooMany") || Contains(code, "LimitExceeded");
}

bool IsServerSideCode(std::string_view code) {
  static constexpr std::array<std::string_view, 8> kCodes = {
      "ServerException", "ServiceException",       "InternalFailure",
      "InternalError",   "ServiceUnavailable",     "ServiceUnavailableException",
      "RequestTimeout",  "RequestTimeoutException"};
  return IsCodeIn(code, kCodes);
}

// The IAM action an operation needs: from the operations table when it is there, otherwise
// derived (IAM calls CloudWatch "cloudwatch" although it signs as "monitoring").
std::string IamActionFor(std::string_view service, std::string_view operation) {
  if (const OperationInfo* op = FindOperation(service, operation); op && !op->iam_action.empty()) {
    return std::string(op->iam_action);
  }
  if (service.empty() || operation.empty()) return "";
  const std::string_view prefix = service == "monitoring" ? "cloudwatch" : service;
  return std::string(prefix) + ":" + std::string(operation);
}

// The token after `marker` in `message`, up to whitespace ("perform: ecs:X on ..." -> "ecs:X").
std::string TokenAfter(std::string_view message, std::string_view marker) {
  const size_t at = message.find(marker);
  if (at == std::string_view::npos) return "";
  size_t begin = at + marker.size();
  while (begin < message.size() && message[begin] == ' ') ++begin;
  size_t end = begin;
  while (end < message.size() && message[end] != ' ' && message[end] != '\n' &&
         message[end] != '\t') {
    ++end;
  }
  std::string token(message.substr(begin, end - begin));
  // A trailing full stop ends the sentence, not the ARN.
  while (!token.empty() && (token.back() == '.' || token.back() == ',' || token.back() == ';')) {
    token.pop_back();
  }
  return token;
}

// Servers' text is shown to people and passes through Scrub(), so it is bounded: past `limit`
// bytes it is cut at the last whitespace before the limit. Cutting only at whitespace means a
// secret token (which never contains any) is either kept whole, and so redacted, or dropped
// whole; and a bounded token keeps Scrub's regex well inside its stack (it recurses per byte).
std::string Shorten(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  const size_t cut = text.find_last_of(" \t\r\n", limit);
  std::string kept =
      cut == std::string_view::npos ? std::string() : std::string(text.substr(0, cut));
  kept += " ...[" + std::to_string(text.size() - kept.size()) + " more bytes]";
  return kept;
}

constexpr size_t kMaxShownMessageBytes = 2048;
constexpr size_t kMaxShownTokenBytes = 256;  // request ids, resource ARNs

std::string Location(const AwsError& error) {
  std::string location;
  if (!error.service.empty()) location += error.service;
  if (!error.operation.empty()) {
    if (!location.empty()) location += ' ';
    location += error.operation;
  }
  return location;
}

// "HTTP 400, request id abc" / "no HTTP response" / "".
std::string Provenance(const AwsError& error) {
  std::string text;
  if (error.http_status > 0) {
    text = "HTTP " + std::to_string(error.http_status);
  } else if (error.code.empty()) {
    text = "no HTTP response";
  }
  if (!error.request_id.empty()) {
    if (!text.empty()) text += ", ";
    text += "request id " + Shorten(error.request_id, kMaxShownTokenBytes);
  }
  return text;
}

std::string DescribeAccessDenied(const AwsError& error, const std::string& message) {
  std::string action = Shorten(TokenAfter(message, "perform:"), kMaxShownTokenBytes);
  if (action.empty()) action = IamActionFor(error.service, error.operation);
  std::string resource = error.resource;
  if (resource.empty()) resource = ResourceFromAccessDeniedMessage(message);
  resource = Shorten(resource, kMaxShownTokenBytes);

  std::string text = "access denied: not allowed to call ";
  text += action.empty() ? std::string("this operation") : action;
  if (!resource.empty() && resource != "*") text += " on " + resource;
  text += " (" + error.code;
  if (!message.empty()) text += ": " + message;
  const std::string provenance = Provenance(error);
  if (!provenance.empty()) text += "; " + provenance;
  text += ")";
  return text;
}

// CamelCase reason phrases for the statuses where the status alone says what happened.
std::string_view ReasonCode(int http_status) {
  switch (http_status) {
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalServerError";
    case 501:
      return "NotImplemented";
    case 502:
      return "BadGateway";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "GatewayTimeout";
    default:
      return "UnknownError";
  }
}

}  // namespace

std::string AwsError::Describe() const {
  const std::string shown_message = Shorten(message, kMaxShownMessageBytes);
  std::string text = Location(*this);
  if (!text.empty()) text += ": ";
  if (IsAccessDeniedCode(code)) {
    text += DescribeAccessDenied(*this, shown_message);
    return Scrub(text);
  }
  if (!code.empty()) text += code;
  if (!shown_message.empty()) {
    if (!code.empty()) text += ": ";
    text += shown_message;
  }
  if (code.empty() && message.empty()) text += "request failed";
  const std::string provenance = Provenance(*this);
  if (!provenance.empty()) text += " (" + provenance + ")";
  return Scrub(text);
}

// Codes decide first: the same HTTP 400 carries throttling, validation and not-found errors.
// A 4xx whose code is not recognised is kInvalidInput (AWS reserves 4xx for requests that the
// service refused as sent, so repeating them unchanged will not help) unless there was no usable
// code at all (an unreadable body, "UnknownError"): then the answer itself is unexpected and the
// result is kInternal, so that a proxy's page never reads as a verdict on the caller's input.
StatusCode StatusCodeForAwsError(std::string_view code, int http_status) {
  if (IsThrottlingCode(code)) return StatusCode::kThrottled;
  if (IsUnauthenticatedCode(code)) return StatusCode::kUnauthenticated;
  if (IsAccessDeniedCode(code)) return StatusCode::kPermissionDenied;
  if (IsNotFoundCode(code)) return StatusCode::kNotFound;
  if (IsInvalidInputCode(code)) return StatusCode::kInvalidInput;
  if (IsConflictCode(code)) return StatusCode::kConflict;
  if (code == "MalformedResponse") return StatusCode::kInternal;
  if (IsServerSideCode(code)) return StatusCode::kUnavailable;

  if (http_status == 0) return StatusCode::kUnavailable;  // no response: a transport failure
  if (http_status >= 500) return StatusCode::kUnavailable;
  if (http_status == 429) return StatusCode::kThrottled;
  if (http_status == 408) return StatusCode::kUnavailable;
  if (http_status == 401) return StatusCode::kUnauthenticated;
  if (http_status == 403) return StatusCode::kPermissionDenied;
  if (http_status >= 400) {
    if (code.empty() || code == "UnknownError") return StatusCode::kInternal;
    return StatusCode::kInvalidInput;
  }
  return StatusCode::kInternal;  // an "error" with a 1xx/2xx/3xx status is not one we understand
}

Status MakeAwsStatus(AwsError error) {
  const StatusCode code = StatusCodeForAwsError(error.code, error.http_status);
  std::string message = error.Describe();
  return Status(code, std::move(message), std::make_shared<AwsError>(std::move(error)));
}

bool IsAccessDeniedCode(std::string_view code) {
  return code == "AccessDenied" || code == "AccessDeniedException" ||
         code == "UnauthorizedOperation";
}

std::string ResourceFromAccessDeniedMessage(std::string_view message) {
  return TokenAfter(message, "on resource:");
}

std::string QuoteBody(std::string_view body) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string_view shown = body.substr(0, kMaxQuotedBodyBytes);
  std::string quoted = "\"";
  bool in_whitespace = false;
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    // Line breaks and indentation become one space: the excerpt is read on one line.
    const bool whitespace = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (whitespace) {
      if (!in_whitespace) quoted += ' ';
      in_whitespace = true;
      continue;
    }
    in_whitespace = false;
    if (byte == '"' || byte == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (byte >= 0x20 && byte < 0x7f) {
      quoted += c;
    } else {
      quoted += "\\x";
      quoted += kHex[byte >> 4];
      quoted += kHex[byte & 15];
    }
  }
  quoted += '"';
  if (body.size() > shown.size()) quoted += "...";
  return quoted;
}

AwsError UnrecognizedErrorResponse(int http_status, std::string_view expected,
                                   std::string_view body) {
  AwsError error;
  error.http_status = http_status;
  error.code = std::string(ReasonCode(http_status));
  const std::string status = "HTTP " + std::to_string(http_status);
  if (body.empty()) {
    error.message =
        status + " response with an empty body (expected " + std::string(expected) + ")";
  } else {
    error.message = status + " response body is not " + std::string(expected) + ": " +
                    QuoteBody(body) + " (" + std::to_string(body.size()) + " bytes)";
  }
  return error;
}

}  // namespace kanaria::aws
