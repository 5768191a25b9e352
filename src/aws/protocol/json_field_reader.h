// Reads the members of one JSON object from an AWS response into C++ fields without throwing.
// nlohmann::json throws on a type mismatch; AWS answers (and moto's, and a proxy's) are input we
// do not control, so every read checks the type first and the first mismatch becomes a Status
// that names the member's path ("taskSets[1].scale.value: expected a number, got string").
// Absent members and JSON null leave the destination untouched: defaults are the caller's.
//
// Shared by the JSON-protocol typed clients (ecs/, servicediscovery/).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::aws {

class JsonFieldReader {
 public:
  // `object` must outlive the reader. `path` prefixes member names in errors ("" at top level).
  // A non-object `object` is an error at `path` (reported by status()).
  JsonFieldReader(const nlohmann::json& object, std::string path);

  // Each reader stores the member's value when present and of the right type; on a mismatch it
  // records the first error and leaves `out` as it was.
  void String(std::string_view key, std::string& out);
  void Int(std::string_view key, int& out);  // an integer in int32 range (7.0 is accepted)
  void Int(std::string_view key, std::optional<int>& out);
  void Int64(std::string_view key, std::optional<std::int64_t>& out);
  void Double(std::string_view key, double& out);
  void Bool(std::string_view key, bool& out);
  void Bool(std::string_view key, std::optional<bool>& out);
  // JSON 1.1 timestamps are epoch seconds (fractional); ISO 8601 strings are accepted as
  // botocore does.
  void Timestamp(std::string_view key, std::optional<WallTime>& out);
  void StringList(std::string_view key, std::vector<std::string>& out);
  void StringMap(std::string_view key, std::map<std::string, std::string>& out);
  // Keeps the member's JSON as is, requiring it to be an array (a list-shaped member).
  void Array(std::string_view key, nlohmann::json& out);
  // Keeps the member's JSON as is, requiring it to be an object (a structure member).
  void Object(std::string_view key, nlohmann::json& out);

  // The member when present and not null, else nullptr (no type check).
  const nlohmann::json* Find(std::string_view key) const;
  // "path.key", the name used in errors; also for nested readers.
  std::string PathOf(std::string_view key) const;
  // "path[index]" for elements of a list member.
  std::string PathOfElement(std::string_view key, std::size_t index) const;

  // Records an error found by the caller (e.g. a nested parse); the first one wins.
  void Fail(Status status);
  // OK, or the first error (kInternal: the response is not what the model promises).
  const Status& status() const { return status_; }
  bool ok() const { return status_.ok(); }

 private:
  void TypeError(std::string_view key, std::string_view expected, const nlohmann::json& got);

  const nlohmann::json& object_;
  std::string path_;
  Status status_;
};

// Parses an epoch-seconds number or an ISO 8601 / RFC 3339 date-time string (aws/iso8601.h;
// a space in place of the 'T' is accepted). nullopt when it is neither.
std::optional<WallTime> ParseAwsTimestamp(const nlohmann::json& value);

// The kInternal Status for a response member that does not match the model.
Status MalformedResponseError(std::string_view path, std::string_view problem);

}  // namespace kanaria::aws
