#include "model/value_reader.h"

#include "model/duration.h"
#include "model/yaml_document.h"

namespace kanaria::model {
namespace {

std::string_view KindOf(const nlohmann::json& value) {
  if (value.is_string()) return "a string";
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  if (value.is_array()) return "a list";
  if (value.is_object()) return "a map";
  return "null";
}

}  // namespace

std::string DescribeValue(const nlohmann::json& value) {
  if (value.is_array()) return "a list";
  if (value.is_object()) return "a map";
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > 60) {
    text.resize(57);
    text.append("...");
  }
  return text;
}

const nlohmann::json* ValueReader::Member(const nlohmann::json* object, std::string_view key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  auto it = object->find(key);
  if (it == object->end() || it->is_null()) return nullptr;
  return &*it;
}

SourceLocation ValueReader::Where(const JsonPath& path) const {
  return LocateInLines(lines_, file_, path.pointer());
}

void ValueReader::Error(const JsonPath& path, std::string_view message) {
  diagnostics_.Error(Where(path), path.display(), message);
}

void ValueReader::Warning(const JsonPath& path, std::string_view message) {
  diagnostics_.Warning(Where(path), path.display(), message);
}

void ValueReader::WrongType(const nlohmann::json& value, const JsonPath& path,
                            std::string_view allowed) {
  std::string message = DescribeValue(value);
  if (!value.is_array() && !value.is_object()) {
    message += " is ";
    message += KindOf(value);
  } else {
    message = "the value is " + message;
  }
  message += "; ";
  message += allowed;
  Error(path, message);
}

std::optional<std::string> ValueReader::String(const nlohmann::json* value, const JsonPath& path,
                                               std::string_view allowed) {
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    WrongType(*value, path, allowed);
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<bool> ValueReader::Bool(const nlohmann::json* value, const JsonPath& path) {
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    WrongType(*value, path, "true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<int64_t> ValueReader::Integer(const nlohmann::json* value, const JsonPath& path,
                                            std::string_view allowed) {
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    WrongType(*value, path, allowed);
    return std::nullopt;
  }
  return value->get<int64_t>();
}

std::optional<double> ValueReader::Number(const nlohmann::json* value, const JsonPath& path,
                                          std::string_view allowed) {
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    WrongType(*value, path, allowed);
    return std::nullopt;
  }
  return value->get<double>();
}

std::optional<Duration> ValueReader::DurationValue(const nlohmann::json* value,
                                                   const JsonPath& path, bool positive) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number()) {
    Error(path, DescribeValue(*value) +
                    " has no unit; a duration such as 30s, 1m30s, 1h or 500ms (PipeCD would read "
                    "a bare number as nanoseconds)");
    return std::nullopt;
  }
  if (!value->is_string()) {
    WrongType(*value, path, "a duration such as 30s, 1m30s, 1h or 500ms");
    return std::nullopt;
  }
  StatusOr<Duration> d = ParseDuration(value->get<std::string>());
  if (!d.ok()) {
    Error(path, d.status().message());
    return std::nullopt;
  }
  if (positive && d->count() == 0) {
    Error(path, "0 is not allowed; a duration above 0 such as 30s");
    return std::nullopt;
  }
  return *d;
}

std::optional<Percentage> ValueReader::PercentageValue(const nlohmann::json* value,
                                                       const JsonPath& path) {
  if (value == nullptr) return std::nullopt;
  std::string text;
  if (value->is_number()) {
    // nlohmann prints the shortest text that reads back as the same double: 12.5 -> "12.5".
    text = value->dump();
  } else if (value->is_string()) {
    text = value->get<std::string>();
  } else {
    WrongType(*value, path, "a percentage from 0 to 100 with at most one decimal");
    return std::nullopt;
  }
  StatusOr<Percentage> p = Percentage::Parse(text);
  if (!p.ok()) {
    Error(path, p.status().message());
    return std::nullopt;
  }
  return *p;
}

bool ValueReader::IsObject(const nlohmann::json* value, const JsonPath& path,
                           std::string_view allowed) {
  if (value == nullptr) return false;
  if (!value->is_object()) {
    WrongType(*value, path, allowed);
    return false;
  }
  return true;
}

}  // namespace kanaria::model
