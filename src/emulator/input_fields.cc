#include "emulator/input_fields.h"

#include <cmath>
#include <cstdlib>

#include "aws/iso8601.h"
#include "emulator/api_error.h"

namespace kanaria::emulator {
namespace {
const nlohmann::json kNull;
}

const nlohmann::json* InputFields::Find(std::string_view name) const {
  if (!input_->is_object()) return nullptr;
  const auto it = input_->find(name);
  if (it == input_->end() || it->is_null()) return nullptr;
  return &*it;
}

void InputFields::Reject(std::string message) const { Fail(error_code_, std::move(message)); }

bool InputFields::Has(std::string_view name) const { return Find(name) != nullptr; }

std::optional<std::string> InputFields::String(std::string_view name) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) Reject(std::string(name) + " must be a string.");
  return value->get<std::string>();
}

std::string InputFields::RequiredString(std::string_view name, std::string_view message) const {
  std::optional<std::string> value = String(name);
  if (!value || value->empty()) {
    Reject(message.empty() ? std::string(name) + " must be specified." : std::string(message));
  }
  return *value;
}

std::optional<double> InputFields::Double(std::string_view name) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_number()) return value->get<double>();
  if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(parsed)) return parsed;
  }
  Reject(std::string(name) + " must be a number.");
}

std::optional<int64_t> InputFields::Integer(std::string_view name) const {
  const std::optional<double> value = Double(name);
  if (!value) return std::nullopt;
  if (std::floor(*value) != *value || std::fabs(*value) > 9.0e15) {
    Reject(std::string(name) + " must be an integer.");
  }
  return static_cast<int64_t>(*value);
}

std::optional<bool> InputFields::Bool(std::string_view name) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) {
    if (*value == "true") return true;
    if (*value == "false") return false;
  }
  Reject(std::string(name) + " must be true or false.");
}

std::optional<WallTime> InputFields::Timestamp(std::string_view name) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_number()) {
    const auto millis = static_cast<int64_t>(std::llround(value->get<double>() * 1000.0));
    return WallTime(std::chrono::milliseconds(millis));
  }
  if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    if (auto parsed = aws::ParseIso8601(text); parsed.ok()) return *parsed;
    char* end = nullptr;
    const double seconds = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size()) {
      return WallTime(std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000))));
    }
  }
  Reject(std::string(name) + " must be a timestamp.");
}

std::vector<nlohmann::json> InputFields::List(std::string_view name) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr || (value->is_string() && value->get_ref<const std::string&>().empty())) {
    return {};
  }
  if (!value->is_array()) Reject(std::string(name) + " must be a list.");
  return value->get<std::vector<nlohmann::json>>();
}

std::vector<std::string> InputFields::StringList(std::string_view name) const {
  std::vector<std::string> out;
  for (const nlohmann::json& item : List(name)) {
    if (!item.is_string()) Reject(std::string(name) + " must be a list of strings.");
    out.push_back(item.get<std::string>());
  }
  return out;
}

const nlohmann::json& InputFields::Object(std::string_view name) const {
  const nlohmann::json* value = Find(name);
  return value == nullptr ? kNull : *value;
}

}  // namespace kanaria::emulator
