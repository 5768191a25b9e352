// Fuzzes DecodeXmlResult and, for every document it accepts, checks the emulator's writer
// against it: EncodeXmlResponse(decoded) must decode to exactly the same tree.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/aws_error.h"
#include "aws/protocol/query_protocol.h"

namespace {

constexpr std::string_view kOperations[] = {"DescribeRules", "GetMetricData", "GetCallerIdentity",
                                            "X"};

void CheckOne(std::string_view body, std::string_view operation) {
  kanaria::StatusOr<nlohmann::json> decoded = kanaria::aws::DecodeXmlResult(body, operation);
  if (!decoded.ok()) {
    const kanaria::aws::AwsError* error = kanaria::aws::AsAwsError(decoded.status());
    if (error == nullptr || error->code != "MalformedResponse") __builtin_trap();
    (void)nlohmann::json(decoded.status().message()).dump();  // must be valid UTF-8
    return;
  }
  if (!decoded->is_object()) __builtin_trap();
  (void)decoded->dump();  // strict: throws (and so aborts) on invalid UTF-8

  const std::string encoded =
      kanaria::aws::EncodeXmlResponse(operation, "urn:fuzz", *decoded, "id");
  kanaria::StatusOr<nlohmann::json> again = kanaria::aws::DecodeXmlResult(encoded, operation);
  if (!again.ok() || *again != *decoded) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  for (const std::string_view operation : kOperations) CheckOne(body, operation);
  return 0;
}
