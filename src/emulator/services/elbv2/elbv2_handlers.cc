#include "emulator/services/elbv2/elbv2_handlers.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

#include "emulator/api_error.h"
#include "emulator/world.h"

namespace kanaria::emulator::elbv2 {
namespace {
constexpr int kDefaultPageSize = 400;
constexpr size_t kMaxTags = 50;
}  // namespace

Elbv2State& StateOf(CallContext& context) {
  return context.world.elbv2;
}

InputFields FieldsOf(const nlohmann::json& input) {
  return InputFields(input, kValidationError);
}

std::optional<int> IntegerInRange(const InputFields& fields, std::string_view name, int min,
                                  int max) {
  const std::optional<int64_t> value = fields.Integer(name);
  if (!value) return std::nullopt;
  if (*value < min || *value > max) {
    Fail(kValidationError,
         fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy "
                     "constraint: Member must have value between {} and {}",
                     *value, name, min, max));
  }
  return static_cast<int>(*value);
}

nlohmann::json Page(std::vector<nlohmann::json> items, const InputFields& input,
                    std::string_view list_name) {
  const int page_size = IntegerInRange(input, "PageSize", 1, 400).value_or(kDefaultPageSize);
  size_t start = 0;
  if (const std::optional<std::string> marker = input.String("Marker"); marker) {
    char* end = nullptr;
    const unsigned long long parsed = std::strtoull(marker->c_str(), &end, 10);
    if (marker->empty() || *end != '\0' || parsed > items.size()) {
      Fail(kValidationError, fmt::format("The marker '{}' is not valid", *marker));
    }
    start = static_cast<size_t>(parsed);
  }
  const size_t stop = std::min(items.size(), start + static_cast<size_t>(page_size));
  nlohmann::json page = nlohmann::json::array();
  for (size_t i = start; i < stop; ++i) page.push_back(std::move(items[i]));
  nlohmann::json out{{std::string(list_name), std::move(page)}};
  if (stop < items.size()) out["NextMarker"] = std::to_string(stop);
  return out;
}

void CheckResourceName(const std::string& name, std::string_view what) {
  bool valid = !name.empty() && name.size() <= 32 && name.front() != '-' && name.back() != '-';
  for (char c : name) valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
  if (!valid) {
    Fail(kValidationError,
         fmt::format("{} name '{}' can have a maximum of 32 characters, can contain only "
                     "alphanumeric characters or hyphens, and must not begin or end with a "
                     "hyphen",
                     what, name));
  }
}

void ApplyTags(Elbv2State& state, const std::string& arn, const std::vector<nlohmann::json>& tags) {
  std::set<std::string> seen;
  std::map<std::string, std::string> incoming;
  for (const nlohmann::json& tag : tags) {
    const InputFields fields = FieldsOf(tag);
    const std::string key = fields.RequiredString("Key", "A tag key must be specified.");
    if (key.size() > 128) Fail(kValidationError, "A tag key can have at most 128 characters.");
    if (!seen.insert(key).second) {
      Fail("DuplicateTagKeys", fmt::format("Tag key '{}' is specified more than once", key));
    }
    incoming[key] = fields.String("Value").value_or("");
  }
  std::map<std::string, std::string> merged = state.tags()[arn];
  for (auto& [key, value] : incoming) merged[key] = value;
  if (merged.size() > kMaxTags) {
    Fail("TooManyTags",
         fmt::format("The resource '{}' cannot have more than {} tags", arn, kMaxTags));
  }
  state.tags()[arn] = std::move(merged);
}

}  // namespace kanaria::emulator::elbv2
