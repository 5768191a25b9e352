// Reading an operation's input tree the same way from both protocols: the query protocol gives
// every scalar as a string, JSON gives typed values. A field of the wrong type is the caller's
// `error_code` (ECS "InvalidParameterException", ELBv2 "ValidationError", ...) naming the field.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace kanaria::emulator {

class InputFields {
 public:
  // REQUIRES: `input` outlives this object (it is read in place, not copied): never pass a
  // temporary such as `cond ? x : json::object()`.
  InputFields(const nlohmann::json& input, std::string error_code)
      : input_(&input), error_code_(std::move(error_code)) {}

  bool Has(std::string_view name) const;
  std::optional<std::string> String(std::string_view name) const;
  // Missing or empty: the error "<name> must be specified" (or `message` when given).
  std::string RequiredString(std::string_view name, std::string_view message = "") const;
  std::optional<int64_t> Integer(std::string_view name) const;
  std::optional<double> Double(std::string_view name) const;
  std::optional<bool> Bool(std::string_view name) const;
  std::optional<WallTime> Timestamp(std::string_view name) const;  // epoch seconds or ISO 8601
  // A list (absent: empty). From the query protocol an empty list arrives as "".
  std::vector<nlohmann::json> List(std::string_view name) const;
  std::vector<std::string> StringList(std::string_view name) const;
  // The member as a tree (null when absent).
  const nlohmann::json& Object(std::string_view name) const;

  [[noreturn]] void Reject(std::string message) const;
  const std::string& error_code() const { return error_code_; }

 private:
  const nlohmann::json* Find(std::string_view name) const;
  const nlohmann::json* input_;
  std::string error_code_;
};

}  // namespace kanaria::emulator
