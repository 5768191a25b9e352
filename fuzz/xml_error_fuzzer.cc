// Fuzzes ParseXmlError: whatever the body, an error with the HTTP status and a code comes back,
// printable as strict JSON. Byte 0 picks the status (and, >= 0xF0, also runs Describe()); the
// rest is the body.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/aws_error.h"
#include "aws/protocol/query_protocol.h"

namespace {
constexpr int kStatuses[] = {400, 403, 404, 500, 502, 503, 429, 401};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  kanaria::aws::HttpResponse response;
  response.status = kStatuses[data[0] % std::size(kStatuses)];
  response.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  response.headers.emplace_back("x-amzn-RequestId", response.body.substr(0, 40));

  const kanaria::aws::AwsError error = kanaria::aws::ParseXmlError(response);
  if (error.code.empty() || error.http_status != response.status) __builtin_trap();
  nlohmann::json shown = {{"code", error.code},
                          {"message", error.message},
                          {"request_id", error.request_id},
                          {"resource", error.resource}};
  // Describe() runs core's Scrub() (a std::regex, slow under the sanitizers): 1 input in 16.
  if (data[0] >= 0xF0) shown["describe"] = error.Describe();
  (void)shown.dump();

  // The emulator's writer must produce a document this parser reads back exactly.
  if (error.code != "UnknownError" && error.code.find_first_of("<&") == std::string::npos) {
    const std::string encoded =
        kanaria::aws::EncodeXmlError("urn:fuzz", "Sender", error.code, error.message, "rid");
    const kanaria::aws::AwsError again = kanaria::aws::ParseXmlError({400, {}, encoded});
    if (again.code != error.code || again.message != error.message || again.request_id != "rid")
      __builtin_trap();
  }
  return 0;
}
