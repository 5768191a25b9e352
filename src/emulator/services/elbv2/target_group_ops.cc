// CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup and the
// target group attributes.
#include <fmt/format.h>

#include <algorithm>

#include "emulator/api_error.h"
#include "emulator/services/elbv2/elbv2_handlers.h"
#include "emulator/world.h"

namespace kanaria::emulator::elbv2 {
namespace {

const std::map<std::string, std::string>& DefaultAttributes() {
  static const std::map<std::string, std::string> kDefaults = {
      {"deregistration_delay.timeout_seconds", "300"},
      {"stickiness.enabled", "false"},
      {"stickiness.type", "lb_cookie"},
      {"stickiness.lb_cookie.duration_seconds", "86400"},
      {"stickiness.app_cookie.cookie_name", ""},
      {"stickiness.app_cookie.duration_seconds", "86400"},
      {"load_balancing.algorithm.type", "round_robin"},
      {"load_balancing.algorithm.anomaly_mitigation", "off"},
      {"load_balancing.cross_zone.enabled", "use_load_balancer_configuration"},
      {"slow_start.duration_seconds", "0"},
      {"target_group_health.dns_failover.minimum_healthy_targets.count", "1"},
      {"target_group_health.dns_failover.minimum_healthy_targets.percentage", "off"},
      {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1"},
      {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off"},
  };
  return kDefaults;
}

void CheckIntegerAttribute(const std::string& key, const std::string& value, int min, int max) {
  char* end = nullptr;
  const long parsed = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || parsed < min || parsed > max) {
    Fail("InvalidConfigurationRequest",
         fmt::format("'{}' must be an integer between {} and {}, got '{}'", key, min, max, value));
  }
}

void CheckTargetGroupAttribute(const std::string& key, const std::string& value) {
  if (DefaultAttributes().count(key) == 0) {
    Fail(kValidationError, fmt::format("Target group attribute key '{}' is not recognized", key));
  }
  if (key == "deregistration_delay.timeout_seconds") CheckIntegerAttribute(key, value, 0, 3600);
  if (key == "slow_start.duration_seconds") CheckIntegerAttribute(key, value, 0, 900);
  if (key == "stickiness.lb_cookie.duration_seconds" ||
      key == "stickiness.app_cookie.duration_seconds") {
    CheckIntegerAttribute(key, value, 1, 604800);
  }
  if (key == "stickiness.enabled" && value != "true" && value != "false") {
    Fail("InvalidConfigurationRequest",
         fmt::format("'{}' must be true or false, got '{}'", key, value));
  }
  if (key == "stickiness.type" && value != "lb_cookie" && value != "app_cookie") {
    Fail("InvalidConfigurationRequest",
         fmt::format("'{}' must be lb_cookie or app_cookie, got '{}'", key, value));
  }
}

// The health check members CreateTargetGroup and ModifyTargetGroup share.
void ApplyHealthCheck(const InputFields& fields, TargetGroup& group) {
  if (auto protocol = fields.String("HealthCheckProtocol")) group.health_check_protocol = *protocol;
  if (auto port = fields.String("HealthCheckPort")) group.health_check_port = *port;
  if (auto enabled = fields.Bool("HealthCheckEnabled")) group.health_check_enabled = *enabled;
  if (auto path = fields.String("HealthCheckPath")) group.health_check_path = *path;
  if (auto v = IntegerInRange(fields, "HealthCheckIntervalSeconds", 5, 300)) {
    group.health_check_interval_seconds = *v;
  }
  if (auto v = IntegerInRange(fields, "HealthCheckTimeoutSeconds", 2, 120)) {
    group.health_check_timeout_seconds = *v;
  }
  if (auto v = IntegerInRange(fields, "HealthyThresholdCount", 2, 10)) {
    group.healthy_threshold_count = *v;
  }
  if (auto v = IntegerInRange(fields, "UnhealthyThresholdCount", 2, 10)) {
    group.unhealthy_threshold_count = *v;
  }
  if (fields.Object("Matcher").is_object()) group.matcher = fields.Object("Matcher");
  if (group.health_check_timeout_seconds >= group.health_check_interval_seconds) {
    Fail("InvalidConfigurationRequest",
         fmt::format("Health check timeout '{}' must be smaller than the interval '{}'",
                     group.health_check_timeout_seconds, group.health_check_interval_seconds));
  }
}

}  // namespace

nlohmann::json TargetGroupJson(const TargetGroup& group) {
  nlohmann::json out{{"TargetGroupArn", group.arn},
                     {"TargetGroupName", group.name},
                     {"HealthCheckEnabled", group.health_check_enabled},
                     {"HealthCheckIntervalSeconds", group.health_check_interval_seconds},
                     {"HealthCheckTimeoutSeconds", group.health_check_timeout_seconds},
                     {"HealthyThresholdCount", group.healthy_threshold_count},
                     {"UnhealthyThresholdCount", group.unhealthy_threshold_count},
                     {"LoadBalancerArns", group.load_balancer_arns},
                     {"TargetType", group.target_type},
                     {"IpAddressType", group.ip_address_type}};
  if (!group.protocol.empty()) out["Protocol"] = group.protocol;
  if (group.port) out["Port"] = *group.port;
  if (!group.vpc_id.empty()) out["VpcId"] = group.vpc_id;
  if (!group.health_check_protocol.empty())
    out["HealthCheckProtocol"] = group.health_check_protocol;
  if (!group.health_check_port.empty()) out["HealthCheckPort"] = group.health_check_port;
  if (!group.health_check_path.empty()) out["HealthCheckPath"] = group.health_check_path;
  if (!group.matcher.is_null()) out["Matcher"] = group.matcher;
  if (!group.protocol_version.empty()) out["ProtocolVersion"] = group.protocol_version;
  return out;
}

nlohmann::json CreateTargetGroup(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const std::string name = fields.RequiredString("Name");
  CheckResourceName(name, "Target group");
  nlohmann::json settings = input;
  settings.erase("Tags");
  for (const auto& [arn, existing] : state.target_groups()) {
    if (existing.name != name) continue;
    if (existing.settings != settings) {
      Fail("DuplicateTargetGroupName",
           fmt::format("A target group with the same name '{}' exists, but with different "
                       "settings",
                       name));
    }
    return {{"TargetGroups", nlohmann::json::array({TargetGroupJson(existing)})}};
  }

  TargetGroup group;
  group.name = name;
  group.target_type = fields.String("TargetType").value_or("instance");
  if (group.target_type != "instance" && group.target_type != "ip" &&
      group.target_type != "lambda" && group.target_type != "alb") {
    Fail(kValidationError, fmt::format("Target type '{}' is not valid", group.target_type));
  }
  if (group.target_type != "lambda") {
    group.protocol = fields.RequiredString("Protocol", "A protocol must be specified");
    group.port = IntegerInRange(fields, "Port", 1, 65535);
    if (!group.port) Fail(kValidationError, "A port must be specified");
    group.vpc_id = fields.RequiredString("VpcId", "A VPC ID must be specified");
    group.health_check_protocol = group.protocol;
    group.health_check_port = "traffic-port";
  }
  const bool http = group.protocol == "HTTP" || group.protocol == "HTTPS";
  if (http || group.target_type == "lambda") {
    group.health_check_path = "/";
    group.matcher = {{"HttpCode", "200"}};
  }
  if (http) group.protocol_version = fields.String("ProtocolVersion").value_or("HTTP1");
  group.ip_address_type = fields.String("IpAddressType").value_or("ipv4");
  ApplyHealthCheck(fields, group);
  group.attributes = DefaultAttributes();
  group.id = context.world.ids.Hex(16);
  group.arn =
      context.world.Arn("elasticloadbalancing", fmt::format("targetgroup/{}/{}", name, group.id));
  group.settings = std::move(settings);
  group.seq = state.NextSeq();
  ApplyTags(state, group.arn, fields.List("Tags"));
  const std::string arn = group.arn;
  state.target_groups()[arn] = std::move(group);
  return {{"TargetGroups", nlohmann::json::array({TargetGroupJson(state.target_groups()[arn])})}};
}

nlohmann::json DescribeTargetGroups(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const std::optional<std::string> lb_arn = fields.String("LoadBalancerArn");
  const std::vector<std::string> arns = fields.StringList("TargetGroupArns");
  const std::vector<std::string> names = fields.StringList("Names");
  if (static_cast<int>(lb_arn.has_value()) + static_cast<int>(!arns.empty()) +
          static_cast<int>(!names.empty()) >
      1) {
    Fail(kValidationError,
         "A load balancer ARN, target group ARNs and target group names "
         "cannot be specified at the same time");
  }
  std::vector<const TargetGroup*> selected;
  if (!arns.empty()) {
    for (const std::string& arn : arns) {
      const auto it = state.target_groups().find(arn);
      if (it == state.target_groups().end()) {
        Fail("TargetGroupNotFound", "One or more target groups not found");
      }
      selected.push_back(&it->second);
    }
  } else if (!names.empty()) {
    for (const std::string& name : names) {
      const auto it = std::find_if(state.target_groups().begin(), state.target_groups().end(),
                                   [&](const auto& entry) { return entry.second.name == name; });
      if (it == state.target_groups().end()) {
        Fail("TargetGroupNotFound", fmt::format("Target groups '[{}]' not found", name));
      }
      selected.push_back(&it->second);
    }
  } else {
    if (lb_arn) state.LoadBalancerOrFail(*lb_arn);
    for (const auto& [arn, group] : state.target_groups()) {
      if (!lb_arn || group.load_balancer_arns.count(*lb_arn) != 0) selected.push_back(&group);
    }
    std::sort(selected.begin(), selected.end(),
              [](const auto* a, const auto* b) { return a->seq < b->seq; });
  }
  std::vector<nlohmann::json> items;
  for (const TargetGroup* group : selected) items.push_back(TargetGroupJson(*group));
  return Page(std::move(items), fields, "TargetGroups");
}

nlohmann::json ModifyTargetGroup(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  TargetGroup& group = state.TargetGroupOrFail(fields.RequiredString("TargetGroupArn"));
  TargetGroup changed = group;  // all or nothing: validate on a copy
  ApplyHealthCheck(fields, changed);
  group = std::move(changed);
  return {{"TargetGroups", nlohmann::json::array({TargetGroupJson(group)})}};
}

nlohmann::json DeleteTargetGroup(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const std::string arn = FieldsOf(input).RequiredString("TargetGroupArn");
  const auto it = state.target_groups().find(arn);
  if (it == state.target_groups().end()) return nlohmann::json::object();
  if (!it->second.load_balancer_arns.empty()) {
    Fail("ResourceInUse",
         fmt::format("Target group '{}' is currently in use by a listener or a rule", arn));
  }
  state.tags().erase(arn);
  state.target_groups().erase(it);
  return nlohmann::json::object();
}

nlohmann::json DescribeTargetGroupAttributes(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const TargetGroup& group =
      state.TargetGroupOrFail(FieldsOf(input).RequiredString("TargetGroupArn"));
  return {{"Attributes", AttributesJson(group.attributes)}};
}

nlohmann::json ModifyTargetGroupAttributes(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  TargetGroup& group = state.TargetGroupOrFail(fields.RequiredString("TargetGroupArn"));
  ApplyAttributeChanges(fields, group.attributes, &CheckTargetGroupAttribute);
  return {{"Attributes", AttributesJson(group.attributes)}};
}

}  // namespace kanaria::emulator::elbv2
