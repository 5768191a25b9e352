#include "aws/query_fields.h"
#include "core/ascii.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "aws/iso8601.h"

namespace kanaria::aws {
namespace {

const nlohmann::json* Member(const nlohmann::json& tree, std::string_view name) {
  if (!tree.is_object()) return nullptr;
  const auto it = tree.find(name);
  if (it == tree.end() || it->is_null()) return nullptr;
  return &*it;
}

Status MalformedMember(std::string_view what, const nlohmann::json& value,
                       std::string_view expected) {
  return InternalError(
      fmt::format("response member {} is not {}: {}", what, expected, value.dump().substr(0, 200)));
}

// The text of a scalar, or nullopt for objects and arrays.
std::optional<std::string> ScalarTextOrNull(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return value.dump();
  if (value.is_number_float()) return value.dump();
  return std::nullopt;
}

template <typename T, typename Parse>
StatusOr<std::optional<T>> OptionalMember(const nlohmann::json& tree, std::string_view name,
                                          Parse parse) {
  const nlohmann::json* value = Member(tree, name);
  if (value == nullptr) return std::optional<T>();
  ASSIGN_OR_RETURN(T parsed, parse(*value, name));
  return std::optional<T>(std::move(parsed));
}

}  // namespace

std::string StringField(const nlohmann::json& tree, std::string_view name) {
  const nlohmann::json* value = Member(tree, name);
  if (value == nullptr) return "";
  return ScalarTextOrNull(*value).value_or("");
}

StatusOr<std::vector<nlohmann::json>> ListField(const nlohmann::json& tree, std::string_view name) {
  const nlohmann::json* value = Member(tree, name);
  std::vector<nlohmann::json> items;
  if (value == nullptr) return items;
  if (value->is_string() && value->get_ref<const std::string&>().empty()) return items;
  if (value->is_array()) return std::vector<nlohmann::json>(value->begin(), value->end());
  if (value->is_object()) {
    items.push_back(*value);
    return items;
  }
  return MalformedMember(name, *value, "a list");
}

StatusOr<std::vector<std::string>> StringListField(const nlohmann::json& tree,
                                                   std::string_view name) {
  ASSIGN_OR_RETURN(std::vector<nlohmann::json> items, ListField(tree, name));
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    std::optional<std::string> text = ScalarTextOrNull(item);
    if (!text) return MalformedMember(name, item, "a list of strings");
    out.push_back(std::move(*text));
  }
  return out;
}

StatusOr<int> ParseQueryInt(const nlohmann::json& value, std::string_view what) {
  if (value.is_number_integer()) {
    const auto n = value.get<long long>();
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
      return MalformedMember(what, value, "a 32-bit integer");
    }
    return static_cast<int>(n);
  }
  if (!value.is_string()) return MalformedMember(what, value, "an integer");
  const std::string& text = value.get_ref<const std::string&>();
  int out = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return MalformedMember(what, value, "an integer");
  }
  return out;
}

StatusOr<double> ParseQueryDouble(const nlohmann::json& value, std::string_view what) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return MalformedMember(what, value, "a number");
  const std::string& text = value.get_ref<const std::string&>();
  double out = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(out)) {
    return MalformedMember(what, value, "a finite number");
  }
  return out;
}

StatusOr<bool> ParseQueryBool(const nlohmann::json& value, std::string_view what) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) {
    const std::string lower = AsciiLowercase(value.get_ref<const std::string&>());
    if (lower == "true") return true;
    if (lower == "false") return false;
  }
  return MalformedMember(what, value, "a boolean");
}

StatusOr<WallTime> ParseQueryTimestamp(const nlohmann::json& value, std::string_view what) {
  if (!value.is_string()) return MalformedMember(what, value, "a timestamp");
  StatusOr<WallTime> time = ParseIso8601(value.get_ref<const std::string&>());
  if (!time.ok()) return MalformedMember(what, value, "an ISO 8601 timestamp");
  return time;
}

StatusOr<std::optional<int>> IntField(const nlohmann::json& tree, std::string_view name) {
  return OptionalMember<int>(tree, name, ParseQueryInt);
}

StatusOr<std::optional<double>> DoubleField(const nlohmann::json& tree, std::string_view name) {
  return OptionalMember<double>(tree, name, ParseQueryDouble);
}

StatusOr<std::optional<bool>> BoolField(const nlohmann::json& tree, std::string_view name) {
  return OptionalMember<bool>(tree, name, ParseQueryBool);
}

StatusOr<std::optional<WallTime>> TimestampField(const nlohmann::json& tree,
                                                 std::string_view name) {
  return OptionalMember<WallTime>(tree, name, ParseQueryTimestamp);
}

}  // namespace kanaria::aws
