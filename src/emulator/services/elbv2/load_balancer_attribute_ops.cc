// DescribeLoadBalancerAttributes, ModifyLoadBalancerAttributes: an application load balancer's
// attributes, of which the emulator acts on deletion protection.
#include <fmt/format.h>

#include <set>

#include "emulator/api_error.h"
#include "emulator/services/elbv2/elbv2_handlers.h"
#include "emulator/world.h"

namespace kanaria::emulator::elbv2 {
namespace {

const std::set<std::string>& BooleanAttributes() {
  static const std::set<std::string> kBooleans = {
      "deletion_protection.enabled",
      "access_logs.s3.enabled",
      "connection_logs.s3.enabled",
      "routing.http2.enabled",
      "routing.http.drop_invalid_header_fields.enabled",
      "routing.http.preserve_host_header.enabled",
      "routing.http.x_amzn_tls_version_and_cipher_suite.enabled",
      "routing.http.xff_client_port.enabled",
      "waf.fail_open.enabled",
  };
  return kBooleans;
}

void CheckLoadBalancerAttribute(const std::string& key, const std::string& value) {
  const std::map<std::string, std::string> defaults = DefaultLoadBalancerAttributes();
  if (defaults.count(key) == 0) {
    Fail(kValidationError, fmt::format("Load balancer attribute key '{}' is not recognized", key));
  }
  if (BooleanAttributes().count(key) != 0 && value != "true" && value != "false") {
    Fail("InvalidConfigurationRequest",
         fmt::format("Load balancer attribute '{}' must be 'true' or 'false', got '{}'", key, value));
  }
  if (key == "idle_timeout.timeout_seconds") {
    char* end = nullptr;
    const long seconds = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || seconds < 1 || seconds > 4000) {
      Fail("InvalidConfigurationRequest",
           fmt::format("'idle_timeout.timeout_seconds' must be between 1 and 4000, got '{}'", value));
    }
  }
}

}  // namespace

std::map<std::string, std::string> DefaultLoadBalancerAttributes() {
  return {
      {"deletion_protection.enabled", "false"},
      {"access_logs.s3.enabled", "false"},
      {"access_logs.s3.bucket", ""},
      {"access_logs.s3.prefix", ""},
      {"connection_logs.s3.enabled", "false"},
      {"connection_logs.s3.bucket", ""},
      {"connection_logs.s3.prefix", ""},
      {"idle_timeout.timeout_seconds", "60"},
      {"routing.http.desync_mitigation_mode", "defensive"},
      {"routing.http.drop_invalid_header_fields.enabled", "false"},
      {"routing.http.preserve_host_header.enabled", "false"},
      {"routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false"},
      {"routing.http.xff_client_port.enabled", "false"},
      {"routing.http.xff_header_processing.mode", "append"},
      {"routing.http2.enabled", "true"},
      {"waf.fail_open.enabled", "false"},
  };
}

void ApplyAttributeChanges(const InputFields& fields, std::map<std::string, std::string>& attributes,
                           void (*check)(const std::string& key, const std::string& value)) {
  const std::vector<nlohmann::json> items = fields.List("Attributes");
  if (items.empty()) Fail(kValidationError, "At least one attribute must be specified");
  std::map<std::string, std::string> changed = attributes;
  for (const nlohmann::json& attribute : items) {
    const InputFields item = FieldsOf(attribute);
    const std::string key = item.RequiredString("Key");
    const std::string value = item.String("Value").value_or("");
    check(key, value);
    changed[key] = value;
  }
  attributes = std::move(changed);
}

nlohmann::json AttributesJson(const std::map<std::string, std::string>& attributes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, value] : attributes) out.push_back({{"Key", key}, {"Value", value}});
  return out;
}

nlohmann::json DescribeLoadBalancerAttributes(CallContext& context, const nlohmann::json& input) {
  const LoadBalancer& lb =
      StateOf(context).LoadBalancerOrFail(FieldsOf(input).RequiredString("LoadBalancerArn"));
  return {{"Attributes", AttributesJson(lb.attributes)}};
}

nlohmann::json ModifyLoadBalancerAttributes(CallContext& context, const nlohmann::json& input) {
  const InputFields fields = FieldsOf(input);
  LoadBalancer& lb = StateOf(context).LoadBalancerOrFail(fields.RequiredString("LoadBalancerArn"));
  ApplyAttributeChanges(fields, lb.attributes, &CheckLoadBalancerAttribute);
  return {{"Attributes", AttributesJson(lb.attributes)}};
}

}  // namespace kanaria::emulator::elbv2
