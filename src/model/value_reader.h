// Typed reads of a parsed document with the problems reported in the one message format
// (diagnostics.h): "FILE:LINE: KEY.PATH: <value> is <what it is>; <what is allowed>".
// Every read takes the value (nullptr or JSON null = absent) and its path; a wrong value adds
// an error and reads as nullopt, so callers continue and more problems are found in one run.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "model/diagnostics.h"
#include "model/percentage.h"
#include "model/source_location.h"

namespace kanaria::model {

// A short rendering of a value for messages: "abc" (quoted), 80, true, null, a list, a map.
std::string DescribeValue(const nlohmann::json& value);

class ValueReader {
 public:
  ValueReader(const std::string& file, const std::map<std::string, int>& lines,
              Diagnostics& diagnostics)
      : file_(file), lines_(lines), diagnostics_(diagnostics) {}

  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return diagnostics_; }

  // The member `key` of `object`, or nullptr when `object` is not an object, lacks the key, or
  // the value is null (PipeCD's decoder treats null as absent too).
  static const nlohmann::json* Member(const nlohmann::json* object, std::string_view key);

  SourceLocation Where(const JsonPath& path) const;
  void Error(const JsonPath& path, std::string_view message);
  void Warning(const JsonPath& path, std::string_view message);
  // "<value> is <a kind>; <allowed>".
  void WrongType(const nlohmann::json& value, const JsonPath& path, std::string_view allowed);

  std::optional<std::string> String(const nlohmann::json* value, const JsonPath& path,
                                    std::string_view allowed);
  std::optional<bool> Bool(const nlohmann::json* value, const JsonPath& path);
  std::optional<int64_t> Integer(const nlohmann::json* value, const JsonPath& path,
                                 std::string_view allowed);
  // An integer or a decimal number (YAML `0.05`, `1e3`).
  std::optional<double> Number(const nlohmann::json* value, const JsonPath& path,
                               std::string_view allowed);
  // A Go-style duration string ("30s"); `positive` refuses "0".
  std::optional<Duration> DurationValue(const nlohmann::json* value, const JsonPath& path,
                                        bool positive);
  // A number or a numeric string ("10", 12.5, "10%").
  std::optional<Percentage> PercentageValue(const nlohmann::json* value, const JsonPath& path);
  // `value` must be an object; false (with an error) otherwise.
  bool IsObject(const nlohmann::json* value, const JsonPath& path, std::string_view allowed);

 private:
  const std::string& file_;
  const std::map<std::string, int>& lines_;
  Diagnostics& diagnostics_;
};

}  // namespace kanaria::model
