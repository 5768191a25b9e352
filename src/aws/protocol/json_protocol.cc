#include "aws/protocol/json_protocol.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "aws/protocol/protocol_text.h"

namespace kanaria::aws {
namespace {

using nlohmann::json;
using protocol_text::SanitizeErrorCode;

// nlohmann parses and frees iteratively, but dump(), operator== and the typed readers recurse.
constexpr int kMaxJsonDepth = protocol_text::kMaxNestingDepth;

bool IsJsonWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool IsBlank(std::string_view body) {
  for (const char c : body) {
    if (!IsJsonWhitespace(c)) return false;
  }
  return true;
}

// Whether arrays/objects nest deeper than `limit`, looking at brackets outside strings. Runs
// before parsing so a hostile body is refused without building the tree.
bool NestsDeeperThan(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// Parses `body` as JSON without letting an exception out. On failure `why` says what is wrong.
bool TryParse(std::string_view body, json& out, std::string& why) {
  if (NestsDeeperThan(body, kMaxJsonDepth)) {
    why = "nested more than " + std::to_string(kMaxJsonDepth) + " levels deep";
    return false;
  }
  try {
    out = json::parse(body);
    return true;
  } catch (const json::parse_error& e) {
    why = "not valid JSON (byte " + std::to_string(e.byte) + ")";
  } catch (const std::exception&) {
    why = "not valid JSON";
  }
  return false;
}

std::string StringMember(const json& object, std::string_view name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// Error messages are usually strings; anything else is shown as compact JSON rather than lost.
std::string MessageMember(const json& object) {
  for (const std::string_view name : {"message", "Message", "errorMessage"}) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) continue;
    if (it->is_string()) return it->get<std::string>();
    return it->dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return "";
}

}  // namespace

std::string JsonContentType(std::string_view json_version) {
  return "application/x-amz-json-" + std::string(json_version);
}

StatusOr<nlohmann::json> DecodeJsonBody(std::string_view body) {
  // botocore treats an empty success body as an empty structure; some operations send none.
  if (IsBlank(body)) return json::object();
  json parsed;
  std::string why;
  if (TryParse(body, parsed, why) && parsed.is_object()) return parsed;
  if (why.empty()) why = std::string("JSON but not an object (") + parsed.type_name() + ")";

  auto error = std::make_shared<AwsError>();
  error->code = "MalformedResponse";
  error->message = "response body is " + why + ": " + QuoteBody(body) + " (" +
                   std::to_string(body.size()) + " bytes)";
  std::string message = error->message;
  return Status(StatusCode::kInternal, std::move(message), std::move(error));
}

AwsError ParseJsonError(const HttpResponse& response) {
  json body;
  std::string why;
  const bool blank = IsBlank(response.body);
  const bool parsed = !blank && TryParse(response.body, body, why) && body.is_object();

  // Where the code comes from, most specific first: CloudWatch's query-compatible JSON names the
  // query-protocol code in x-amzn-query-error ("Throttling;Sender"); then x-amzn-ErrorType; then
  // the body.
  std::string code;
  if (std::string_view query_error = response.Header("x-amzn-query-error"); !query_error.empty()) {
    code = SanitizeErrorCode(query_error.substr(0, query_error.find(';')));
  }
  if (code.empty()) code = SanitizeErrorCode(response.Header("x-amzn-ErrorType"));
  if (code.empty() && parsed) code = SanitizeErrorCode(StringMember(body, "__type"));
  if (code.empty() && parsed) code = SanitizeErrorCode(StringMember(body, "code"));
  if (code.empty() && parsed) code = SanitizeErrorCode(StringMember(body, "Code"));

  AwsError error;
  if (code.empty()) {
    // No code anywhere: the body is not an AWS error (a proxy's page, a truncated document).
    error =
        UnrecognizedErrorResponse(response.status, "a JSON protocol error document", response.body);
    if (parsed) {
      if (std::string message = MessageMember(body); !message.empty()) error.message = message;
    }
  } else {
    error.code = std::move(code);
    error.http_status = response.status;
    if (parsed) {
      error.message = MessageMember(body);
    } else if (!blank) {
      // The header named the error; keep what the unreadable body said for the person reading.
      error.message = "(error body unreadable: " + QuoteBody(response.body) + ")";
    }
  }
  error.request_id = protocol_text::RequestIdFromHeaders(response.headers);
  if (IsAccessDeniedCode(error.code))
    error.resource = ResourceFromAccessDeniedMessage(error.message);
  return error;
}

}  // namespace kanaria::aws
