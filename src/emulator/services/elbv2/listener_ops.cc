// CreateListener, DescribeListeners, ModifyListener, DeleteListener. A listener's default
// actions are also its default rule (DescribeRules shows it), so both change together.
#include <fmt/format.h>

#include <algorithm>

#include "emulator/api_error.h"
#include "emulator/services/elbv2/actions.h"
#include "emulator/services/elbv2/elbv2_handlers.h"
#include "emulator/world.h"

namespace kanaria::emulator::elbv2 {
namespace {

constexpr char kDefaultSslPolicy[] = "ELBSecurityPolicy-2016-08";

void CheckProtocol(const std::string& protocol) {
  if (protocol != "HTTP" && protocol != "HTTPS") {
    Fail("UnsupportedProtocol",
         fmt::format("Protocol '{}' is not supported for load balancers of type 'application'",
                     protocol));
  }
}

void CheckPortFree(Elbv2State& state, const std::string& lb_arn, int port,
                   const std::string& except_listener) {
  for (const auto& [arn, listener] : state.listeners()) {
    if (arn != except_listener && listener.load_balancer_arn == lb_arn && listener.port == port) {
      Fail("DuplicateListener",
           fmt::format("A listener already exists on port {} of load balancer '{}'", port, lb_arn));
    }
  }
}

void CheckCertificates(const Listener& listener) {
  if (listener.protocol == "HTTPS" &&
      (!listener.certificates.is_array() || listener.certificates.empty())) {
    Fail(kValidationError, "A certificate must be specified for HTTPS listeners");
  }
}

}  // namespace

nlohmann::json ListenerJson(const Listener& listener) {
  nlohmann::json out{{"ListenerArn", listener.arn},
                     {"LoadBalancerArn", listener.load_balancer_arn},
                     {"Port", listener.port},
                     {"Protocol", listener.protocol},
                     {"DefaultActions", listener.default_actions}};
  if (!listener.certificates.is_null()) out["Certificates"] = listener.certificates;
  if (!listener.ssl_policy.is_null()) out["SslPolicy"] = listener.ssl_policy;
  if (!listener.alpn_policy.is_null()) out["AlpnPolicy"] = listener.alpn_policy;
  return out;
}

nlohmann::json CreateListener(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const LoadBalancer& lb = state.LoadBalancerOrFail(fields.RequiredString("LoadBalancerArn"));
  nlohmann::json settings = input;
  settings.erase("Tags");

  Listener listener;
  listener.load_balancer_arn = lb.arn;
  listener.protocol = fields.String("Protocol").value_or("HTTP");
  CheckProtocol(listener.protocol);
  const std::optional<int> port = IntegerInRange(fields, "Port", 1, 65535);
  if (!port) Fail(kValidationError, "A listener port must be specified");
  listener.port = *port;
  for (const auto& [arn, existing] : state.listeners()) {
    // CreateListener is idempotent for the same settings, as in AWS.
    if (existing.load_balancer_arn == lb.arn && existing.port == listener.port &&
        existing.settings == settings) {
      return {{"Listeners", nlohmann::json::array({ListenerJson(existing)})}};
    }
  }
  CheckPortFree(state, lb.arn, listener.port, "");
  if (fields.Has("Certificates")) listener.certificates = fields.List("Certificates");
  CheckCertificates(listener);
  if (auto policy = fields.String("SslPolicy")) {
    listener.ssl_policy = *policy;
  } else if (listener.protocol == "HTTPS") {
    listener.ssl_policy = kDefaultSslPolicy;
  }
  if (fields.Has("AlpnPolicy")) listener.alpn_policy = fields.StringList("AlpnPolicy");
  if (!fields.Has("DefaultActions")) Fail(kValidationError, "DefaultActions must be specified");
  listener.default_actions =
      NormalizeActions(fields.Object("DefaultActions"), state.target_groups());
  state.CheckAssociations(listener.default_actions, lb.arn);
  const std::vector<nlohmann::json> tags = fields.List("Tags");

  const std::string id = context.world.ids.Hex(16);
  listener.arn = context.world.Arn("elasticloadbalancing",
                                   fmt::format("listener/app/{}/{}/{}", lb.name, lb.id, id));
  Rule default_rule;
  default_rule.arn = context.world.Arn(
      "elasticloadbalancing",
      fmt::format("listener-rule/app/{}/{}/{}/{}", lb.name, lb.id, id, context.world.ids.Hex(16)));
  default_rule.listener_arn = listener.arn;
  default_rule.actions = listener.default_actions;
  default_rule.seq = state.NextSeq();
  listener.default_rule_arn = default_rule.arn;
  listener.settings = std::move(settings);
  listener.seq = state.NextSeq();
  ApplyTags(state, listener.arn, tags);
  state.rules()[default_rule.arn] = std::move(default_rule);
  const std::string arn = listener.arn;
  state.listeners()[arn] = std::move(listener);
  state.RefreshAssociations(context.now);
  return {{"Listeners", nlohmann::json::array({ListenerJson(state.listeners()[arn])})}};
}

nlohmann::json DescribeListeners(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const std::optional<std::string> lb_arn = fields.String("LoadBalancerArn");
  const std::vector<std::string> arns = fields.StringList("ListenerArns");
  if (lb_arn.has_value() == !arns.empty()) {
    Fail(kValidationError, "You must specify either listener ARNs or a load balancer ARN");
  }
  std::vector<const Listener*> selected;
  if (lb_arn) {
    state.LoadBalancerOrFail(*lb_arn);
    for (const auto& [arn, listener] : state.listeners()) {
      if (listener.load_balancer_arn == *lb_arn) selected.push_back(&listener);
    }
    std::sort(selected.begin(), selected.end(),
              [](const auto* a, const auto* b) { return a->seq < b->seq; });
  } else {
    for (const std::string& arn : arns) {
      const auto it = state.listeners().find(arn);
      if (it == state.listeners().end()) {
        Fail("ListenerNotFound", "One or more listeners not found");
      }
      selected.push_back(&it->second);
    }
  }
  std::vector<nlohmann::json> items;
  for (const Listener* listener : selected) items.push_back(ListenerJson(*listener));
  return Page(std::move(items), fields, "Listeners");
}

nlohmann::json ModifyListener(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  Listener& listener = state.ListenerOrFail(fields.RequiredString("ListenerArn"));
  Listener changed = listener;  // all or nothing: validate on a copy
  if (auto protocol = fields.String("Protocol")) {
    CheckProtocol(*protocol);
    changed.protocol = *protocol;
  }
  if (auto port = IntegerInRange(fields, "Port", 1, 65535)) {
    CheckPortFree(state, listener.load_balancer_arn, *port, listener.arn);
    changed.port = *port;
  }
  if (fields.Has("Certificates")) changed.certificates = fields.List("Certificates");
  if (auto policy = fields.String("SslPolicy")) changed.ssl_policy = *policy;
  if (changed.protocol == "HTTPS" && changed.ssl_policy.is_null()) {
    changed.ssl_policy = kDefaultSslPolicy;
  }
  if (changed.protocol == "HTTP") {
    changed.ssl_policy = nullptr;
    changed.certificates = nullptr;
  }
  CheckCertificates(changed);
  if (fields.Has("AlpnPolicy")) changed.alpn_policy = fields.StringList("AlpnPolicy");
  if (fields.Has("DefaultActions")) {
    changed.default_actions =
        NormalizeActions(fields.Object("DefaultActions"), state.target_groups());
    state.CheckAssociations(changed.default_actions, listener.load_balancer_arn);
  }
  listener = std::move(changed);
  if (auto rule = state.rules().find(listener.default_rule_arn); rule != state.rules().end()) {
    rule->second.actions = listener.default_actions;
  }
  state.RefreshAssociations(context.now);
  return {{"Listeners", nlohmann::json::array({ListenerJson(listener)})}};
}

nlohmann::json DeleteListener(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const Listener& listener = state.ListenerOrFail(FieldsOf(input).RequiredString("ListenerArn"));
  state.EraseListener(std::string(listener.arn));
  state.RefreshAssociations(context.now);
  return nlohmann::json::object();
}

}  // namespace kanaria::emulator::elbv2
