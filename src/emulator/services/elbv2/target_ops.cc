// RegisterTargets, DeregisterTargets, DescribeTargetHealth: the API face of the same target
// registry that ECS reaches through LoadBalancerLinks.
#include <arpa/inet.h>
#include <fmt/format.h>

#include "emulator/api_error.h"
#include "emulator/services/elbv2/elbv2_handlers.h"
#include "emulator/services/elbv2/target_health.h"

namespace kanaria::emulator::elbv2 {
namespace {

// The targets a request names, with the group's port where a target gives none.
std::vector<TargetAddress> TargetsOf(const InputFields& fields, const TargetGroup& group,
                                     bool required) {
  const std::vector<nlohmann::json> targets = fields.List("Targets");
  if (required && targets.empty()) Fail(kValidationError, "At least one target must be specified");
  std::vector<TargetAddress> out;
  for (const nlohmann::json& target : targets) {
    const InputFields item = FieldsOf(target);
    TargetAddress address;
    address.ip = item.RequiredString("Id", "A target ID must be specified");
    const std::optional<int> port = IntegerInRange(item, "Port", 1, 65535);
    if (!port && !group.port) Fail(kValidationError, "A target port must be specified");
    address.port = port ? *port : *group.port;
    if (group.target_type == "ip") {
      in_addr parsed{};
      in6_addr parsed6{};
      if (inet_pton(AF_INET, address.ip.c_str(), &parsed) != 1 &&
          inet_pton(AF_INET6, address.ip.c_str(), &parsed6) != 1) {
        Fail("InvalidTarget",
             fmt::format("The IP address '{}' is not a valid IPv4 address", address.ip));
      }
    } else if (group.target_type == "instance" && address.ip.rfind("i-", 0) != 0) {
      Fail("InvalidTarget",
           fmt::format("The following targets are not valid instances: '{}'", address.ip));
    }
    out.push_back(std::move(address));
  }
  return out;
}

nlohmann::json DescriptionJson(const TargetGroup& group, const TargetAddress& address,
                               const HealthView& view) {
  nlohmann::json health{{"State", view.state_name}};
  if (!view.reason.empty()) health["Reason"] = view.reason;
  if (!view.description.empty()) health["Description"] = view.description;
  const std::string port =
      group.health_check_port == "traffic-port" || group.health_check_port.empty()
          ? std::to_string(address.port)
          : group.health_check_port;
  return {{"Target", {{"Id", address.ip}, {"Port", address.port}}},
          {"HealthCheckPort", port},
          {"TargetHealth", std::move(health)}};
}

}  // namespace

nlohmann::json RegisterTargets(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const TargetGroup& group = state.TargetGroupOrFail(fields.RequiredString("TargetGroupArn"));
  for (const TargetAddress& address : TargetsOf(fields, group, true)) {
    state.RegisterTarget(group.arn, address, context.now);
  }
  return nlohmann::json::object();
}

nlohmann::json DeregisterTargets(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const TargetGroup& group = state.TargetGroupOrFail(fields.RequiredString("TargetGroupArn"));
  // Deregistering a target that is not registered changes nothing and is no error.
  for (const TargetAddress& address : TargetsOf(fields, group, true)) {
    state.DeregisterTarget(group.arn, address, context.now);
  }
  return nlohmann::json::object();
}

nlohmann::json DescribeTargetHealth(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const TargetGroup& group = state.TargetGroupOrFail(fields.RequiredString("TargetGroupArn"));
  nlohmann::json out = nlohmann::json::array();
  const std::vector<TargetAddress> asked = TargetsOf(fields, group, false);
  if (asked.empty()) {
    for (const auto& [address, target] : group.targets) {
      out.push_back(DescriptionJson(group, address, ViewOf(group, target)));
    }
  }
  for (const TargetAddress& address : asked) {
    const auto it = group.targets.find(address);
    out.push_back(DescriptionJson(
        group, address,
        it == group.targets.end() ? NotRegisteredView() : ViewOf(group, it->second)));
  }
  return {{"TargetHealthDescriptions", std::move(out)}};
}

}  // namespace kanaria::emulator::elbv2
