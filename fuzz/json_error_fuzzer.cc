// Fuzzes the JSON protocol's response readers: ParseJsonError (error bodies, with fuzzed
// headers) and DecodeJsonBody (success bodies). Input layout: byte 0 picks the HTTP status;
// when the input holds a '\n' in its first 160 bytes, the text before it is the
// x-amzn-ErrorType header; the rest is the body.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/aws_error.h"
#include "aws/protocol/json_protocol.h"

namespace {

constexpr int kStatuses[] = {400, 403, 404, 429, 500, 502, 503, 504, 401, 200};

// Everything a decoder returns must be printable as JSON (strict UTF-8) without throwing:
// that is what --output json and the journal do with it. An exception here aborts the fuzzer.
// Describe() runs core's Scrub(), a std::regex that costs ~10x the decoding under the
// sanitizers, so only inputs whose selector byte has the top bits set exercise it.
void CheckPrintable(const kanaria::aws::AwsError& error, bool describe) {
  nlohmann::json shown = {{"code", error.code},
                          {"message", error.message},
                          {"request_id", error.request_id},
                          {"resource", error.resource}};
  if (describe) shown["describe"] = error.Describe();
  (void)shown.dump();
  if (error.code.empty()) __builtin_trap();  // an error response always gets a code
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto selector = static_cast<uint8_t>(input[0]);
  const int status = kStatuses[selector % std::size(kStatuses)];
  input.remove_prefix(1);

  kanaria::aws::HttpResponse response;
  response.status = status;
  const size_t newline = input.substr(0, 160).find('\n');
  if (newline != std::string_view::npos) {
    response.headers.emplace_back("x-amzn-ErrorType", std::string(input.substr(0, newline)));
    response.headers.emplace_back("x-amzn-RequestId", std::string(input.substr(0, newline)));
    input.remove_prefix(newline + 1);
  }
  response.body = std::string(input);

  CheckPrintable(kanaria::aws::ParseJsonError(response), selector >= 0xF0);

  kanaria::StatusOr<nlohmann::json> decoded = kanaria::aws::DecodeJsonBody(response.body);
  if (decoded.ok()) {
    if (!decoded->is_object()) __builtin_trap();
    (void)decoded->dump();
  } else if (kanaria::aws::AsAwsError(decoded.status()) == nullptr) {
    __builtin_trap();
  }
  return 0;
}
