#include "emulator/services/elbv2/conditions.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>

#include "emulator/api_error.h"
#include "emulator/input_fields.h"
#include "emulator/services/elbv2/elbv2_model.h"

namespace kanaria::emulator::elbv2 {
namespace {


// Field -> the config member that carries its values.
const std::map<std::string, std::string>& ConfigNames() {
  static const std::map<std::string, std::string> kNames = {
      {"host-header", "HostHeaderConfig"},
      {"path-pattern", "PathPatternConfig"},
      {"http-header", "HttpHeaderConfig"},
      {"query-string", "QueryStringConfig"},
      {"http-request-method", "HttpRequestMethodConfig"},
      {"source-ip", "SourceIpConfig"},
  };
  return kNames;
}

std::vector<std::string> NonEmptyStrings(const InputFields& fields, std::string_view name,
                                         const std::string& field) {
  std::vector<std::string> values = fields.StringList(name);
  for (const std::string& value : values) {
    if (value.empty()) Fail(kValidation, fmt::format("A '{}' condition value is empty.", field));
  }
  return values;
}

nlohmann::json NormalizeOne(const nlohmann::json& condition) {
  if (!condition.is_object()) Fail(kValidation, "Every condition must be a structure.");
  const InputFields fields(condition, kValidation);
  const std::string field = fields.RequiredString("Field", "A condition field must be specified.");
  const auto config_name = ConfigNames().find(field);
  if (config_name == ConfigNames().end()) {
    Fail(kValidation, fmt::format("Condition field '{}' must be one of [http-header, "
                                  "http-request-method, host-header, path-pattern, "
                                  "query-string, source-ip].",
                                  field));
  }
  const std::vector<std::string> legacy = NonEmptyStrings(fields, "Values", field);
  const nlohmann::json& config = fields.Object(config_name->second);
  if (!config.is_null() && !config.is_object()) {
    Fail(kValidation, fmt::format("{} must be a structure.", config_name->second));
  }
  // InputFields keeps a pointer: the tree it reads must outlive it.
  const nlohmann::json config_tree = config.is_object() ? config : nlohmann::json::object();
  const InputFields config_fields(config_tree, kValidation);
  nlohmann::json out{{"Field", field}};

  if (field == "host-header" || field == "path-pattern") {
    std::vector<std::string> values = NonEmptyStrings(config_fields, "Values", field);
    if (!legacy.empty() && !values.empty() && legacy != values) {
      Fail(kValidation, fmt::format("You cannot specify both Values and {} with different "
                                    "values.",
                                    config_name->second));
    }
    if (values.empty()) values = legacy;
    if (values.empty()) Fail(kValidation, fmt::format("A '{}' condition needs values.", field));
    out["Values"] = values;
    out[config_name->second] = {{"Values", values}};
    return out;
  }
  if (!legacy.empty()) {
    Fail(kValidation, fmt::format("A '{}' condition takes its values in {}, not in Values.", field,
                                  config_name->second));
  }
  if (field == "query-string") {
    nlohmann::json pairs = nlohmann::json::array();
    for (const nlohmann::json& pair : config_fields.List("Values")) {
      const InputFields pair_fields(pair, kValidation);
      nlohmann::json item{{"Value", pair_fields.RequiredString("Value")}};
      if (auto key = pair_fields.String("Key"); key && !key->empty()) item["Key"] = *key;
      pairs.push_back(std::move(item));
    }
    if (pairs.empty()) Fail(kValidation, "A 'query-string' condition needs values.");
    out[config_name->second] = {{"Values", std::move(pairs)}};
    return out;
  }
  const std::vector<std::string> values = NonEmptyStrings(config_fields, "Values", field);
  if (values.empty()) Fail(kValidation, fmt::format("A '{}' condition needs values.", field));
  if (field == "http-header") {
    const std::string name = config_fields.RequiredString(
        "HttpHeaderName", "An HTTP header condition must specify a header name.");
    out[config_name->second] = {{"HttpHeaderName", name}, {"Values", values}};
    return out;
  }
  out[config_name->second] = {{"Values", values}};
  return out;
}

}  // namespace

nlohmann::json NormalizeConditions(const nlohmann::json& input) {
  const std::vector<nlohmann::json> conditions =
      InputFields(nlohmann::json{{"Conditions", input}}, kValidation).List("Conditions");
  nlohmann::json out = nlohmann::json::array();
  std::set<std::string> single_fields;
  for (const nlohmann::json& condition : conditions) {
    nlohmann::json normalised = NormalizeOne(condition);
    const std::string field = normalised["Field"].get<std::string>();
    // AWS allows repeating only the conditions that name something (a header, a query key).
    if (field != "http-header" && field != "query-string" && !single_fields.insert(field).second) {
      Fail(kValidation, fmt::format("A rule can have only one '{}' condition.", field));
    }
    out.push_back(std::move(normalised));
  }
  return out;
}

}  // namespace kanaria::emulator::elbv2
