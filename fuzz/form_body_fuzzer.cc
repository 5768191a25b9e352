// Fuzzes the emulator's form reader: ParseFormBody then UnflattenQueryParams. For every body it
// accepts, the tree must be a fixed point of the client's writer:
//   Unflatten(Parse(Encode(Flatten(tree)))) == tree
// which is what lets the emulator and the client agree on every request.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/protocol/query_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  kanaria::StatusOr<kanaria::aws::QueryParams> params = kanaria::aws::ParseFormBody(body);
  if (!params.ok()) {
    (void)nlohmann::json(params.status().message()).dump();
    return 0;
  }
  const nlohmann::json tree = kanaria::aws::UnflattenQueryParams(*params);
  if (!tree.is_object()) __builtin_trap();
  (void)tree.dump();  // strict UTF-8

  kanaria::aws::QueryParams flat;
  kanaria::aws::FlattenQueryParams(tree, "", flat);
  std::string encoded = kanaria::aws::EncodeQueryBody("Op", "1", flat);
  kanaria::StatusOr<kanaria::aws::QueryParams> reparsed = kanaria::aws::ParseFormBody(encoded);
  if (!reparsed.ok()) __builtin_trap();
  // Drop the Action/Version the encoder added (the tree may hold its own).
  reparsed->erase(reparsed->begin(), reparsed->begin() + 2);
  if (kanaria::aws::UnflattenQueryParams(*reparsed) != tree) __builtin_trap();
  return 0;
}
