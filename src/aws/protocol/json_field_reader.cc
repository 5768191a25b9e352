#include "aws/protocol/json_field_reader.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "aws/iso8601.h"

namespace kanaria::aws {
namespace {

std::string JoinPath(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return path + "." + std::string(key);
}

}  // namespace

Status MalformedResponseError(std::string_view path, std::string_view problem) {
  return InternalError("malformed response: " + std::string(path) + ": " + std::string(problem));
}

std::optional<WallTime> ParseAwsTimestamp(const nlohmann::json& value) {
  if (value.is_number()) {
    const double seconds = value.get<double>();
    // Beyond ±10^11 s (year ~5000) the duration cast would overflow: not a real timestamp.
    if (!std::isfinite(seconds) || std::fabs(seconds) > 1e11) return std::nullopt;
    const auto micros = static_cast<long long>(std::llround(seconds * 1e6));
    return WallTime{std::chrono::duration_cast<WallTime::duration>(std::chrono::microseconds{micros})};
  }
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    // RFC 3339 lets a space stand for the 'T'; moto_server and Python's str(datetime) write
    // "2024-05-01 12:00:00.465000+00:00", and botocore reads it.
    if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
    StatusOr<WallTime> parsed = ParseIso8601(text);
    if (parsed.ok()) return *parsed;
  }
  return std::nullopt;
}

JsonFieldReader::JsonFieldReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    status_ = MalformedResponseError(path_.empty() ? "response" : path_,
                                     std::string("expected an object, got ") + object_.type_name());
  }
}

const nlohmann::json* JsonFieldReader::Find(std::string_view key) const {
  if (!object_.is_object()) return nullptr;
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string JsonFieldReader::PathOf(std::string_view key) const { return JoinPath(path_, key); }

std::string JsonFieldReader::PathOfElement(std::string_view key, std::size_t index) const {
  return PathOf(key) + "[" + std::to_string(index) + "]";
}

void JsonFieldReader::Fail(Status status) {
  if (status_.ok() && !status.ok()) status_ = std::move(status);
}

void JsonFieldReader::TypeError(std::string_view key, std::string_view expected,
                                const nlohmann::json& got) {
  Fail(MalformedResponseError(PathOf(key),
                              "expected " + std::string(expected) + ", got " + got.type_name()));
}

void JsonFieldReader::String(std::string_view key, std::string& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  if (!value->is_string()) return TypeError(key, "a string", *value);
  out = value->get<std::string>();
}

void JsonFieldReader::Int(std::string_view key, std::optional<int>& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  if (!value->is_number()) return TypeError(key, "an integer", *value);
  if (value->is_number_float()) {
    const double d = value->get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) {
      return Fail(MalformedResponseError(PathOf(key), "expected an integer, got " + value->dump()));
    }
    if (d < std::numeric_limits<int>::min() || d > std::numeric_limits<int>::max()) {
      return Fail(MalformedResponseError(PathOf(key), "integer out of range: " + value->dump()));
    }
    out = static_cast<int>(d);
    return;
  }
  if (value->is_number_unsigned()) {
    const auto u = value->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      return Fail(MalformedResponseError(PathOf(key), "integer out of range: " + value->dump()));
    }
    out = static_cast<int>(u);
    return;
  }
  const auto i = value->get<std::int64_t>();
  if (i < std::numeric_limits<int>::min() || i > std::numeric_limits<int>::max()) {
    return Fail(MalformedResponseError(PathOf(key), "integer out of range: " + value->dump()));
  }
  out = static_cast<int>(i);
}

void JsonFieldReader::Int(std::string_view key, int& out) {
  std::optional<int> value;
  Int(key, value);
  if (value) out = *value;
}

void JsonFieldReader::Int64(std::string_view key, std::optional<std::int64_t>& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  if (value->is_number_integer()) {
    if (value->is_number_unsigned() &&
        value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return Fail(MalformedResponseError(PathOf(key), "integer out of range: " + value->dump()));
    }
    out = value->get<std::int64_t>();
    return;
  }
  if (value->is_number_float()) {
    const double d = value->get<double>();
    // 2^63 is exactly representable; anything at or past it does not fit.
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
      out = static_cast<std::int64_t>(d);
      return;
    }
    return Fail(MalformedResponseError(PathOf(key), "expected an integer, got " + value->dump()));
  }
  TypeError(key, "an integer", *value);
}

void JsonFieldReader::Double(std::string_view key, double& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  if (!value->is_number()) return TypeError(key, "a number", *value);
  out = value->get<double>();
}

void JsonFieldReader::Bool(std::string_view key, std::optional<bool>& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  if (!value->is_boolean()) return TypeError(key, "a boolean", *value);
  out = value->get<bool>();
}

void JsonFieldReader::Bool(std::string_view key, bool& out) {
  std::optional<bool> value;
  Bool(key, value);
  if (value) out = *value;
}

void JsonFieldReader::Timestamp(std::string_view key, std::optional<WallTime>& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  std::optional<WallTime> parsed = ParseAwsTimestamp(*value);
  if (!parsed) {
    return Fail(MalformedResponseError(
        PathOf(key), "expected a timestamp (epoch seconds or ISO 8601), got " + value->dump()));
  }
  out = parsed;
}

void JsonFieldReader::StringList(std::string_view key, std::vector<std::string>& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  if (!value->is_array()) return TypeError(key, "a list", *value);
  std::vector<std::string> items;
  items.reserve(value->size());
  for (std::size_t i = 0; i < value->size(); ++i) {
    const nlohmann::json& item = (*value)[i];
    if (!item.is_string()) {
      return Fail(MalformedResponseError(PathOfElement(key, i),
                                         std::string("expected a string, got ") + item.type_name()));
    }
    items.push_back(item.get<std::string>());
  }
  out = std::move(items);
}

void JsonFieldReader::StringMap(std::string_view key, std::map<std::string, std::string>& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  if (!value->is_object()) return TypeError(key, "a map", *value);
  std::map<std::string, std::string> items;
  for (const auto& [name, item] : value->items()) {
    if (!item.is_string()) {
      return Fail(MalformedResponseError(PathOf(key) + "." + name,
                                         std::string("expected a string, got ") + item.type_name()));
    }
    items.emplace(name, item.get<std::string>());
  }
  out = std::move(items);
}

void JsonFieldReader::Array(std::string_view key, nlohmann::json& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  if (!value->is_array()) return TypeError(key, "a list", *value);
  out = *value;
}

void JsonFieldReader::Object(std::string_view key, nlohmann::json& out) {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return;
  if (!value->is_object()) return TypeError(key, "an object", *value);
  out = *value;
}

}  // namespace kanaria::aws
