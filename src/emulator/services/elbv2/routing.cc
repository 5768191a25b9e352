// Elbv2State's ListenerRouting side: where the data plane sends a request.
#include <algorithm>
#include <cmath>

#include "emulator/services/elbv2/actions.h"
#include "emulator/services/elbv2/elbv2_state.h"
#include "emulator/services/elbv2/rule_matching.h"
#include "emulator/services/elbv2/target_health.h"

namespace kanaria::emulator {
namespace {

using elbv2::WeightedGroup;

std::string CookieValue(const IncomingRequest& request, std::string_view name) {
  const auto header = request.headers.find("cookie");
  if (header == request.headers.end()) return "";
  const std::string& cookies = header->second;
  size_t start = 0;
  while (start < cookies.size()) {
    size_t end = cookies.find(';', start);
    if (end == std::string::npos) end = cookies.size();
    size_t begin = cookies.find_first_not_of(' ', start);
    if (begin < end) {
      const std::string_view pair(cookies.data() + begin, end - begin);
      const size_t equals = pair.find('=');
      if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
        return std::string(pair.substr(equals + 1));
      }
    }
    start = end + 1;
  }
  return "";
}

size_t DrawIndex(double draw, size_t count) {
  const auto index = static_cast<size_t>(std::floor(std::clamp(draw, 0.0, 1.0) * count));
  return std::min(index, count - 1);
}

// The group a weighted forward sends this request to; empty when every weight is 0.
std::string ChooseGroup(const std::vector<WeightedGroup>& groups, double draw) {
  int64_t total = 0;
  for (const WeightedGroup& group : groups) total += group.weight;
  if (total == 0) return "";
  const double point = std::clamp(draw, 0.0, 1.0) * static_cast<double>(total);
  int64_t cumulative = 0;
  for (const WeightedGroup& group : groups) {
    cumulative += group.weight;
    if (group.weight > 0 && point < static_cast<double>(cumulative)) return group.target_group_arn;
  }
  for (auto it = groups.rbegin(); it != groups.rend(); ++it) {
    if (it->weight > 0) return it->target_group_arn;
  }
  return "";
}

int RedirectStatus(const nlohmann::json& action) {
  const auto config = action.find("RedirectConfig");
  if (config != action.end() && config->value("StatusCode", "") == "HTTP_301") return 301;
  return 302;
}

}  // namespace

std::vector<ListenerInfo> Elbv2State::Listeners() const {
  std::vector<const elbv2::Listener*> ordered;
  for (const auto& [arn, listener] : listeners_) ordered.push_back(&listener);
  std::sort(ordered.begin(), ordered.end(),
            [](const auto* a, const auto* b) { return a->seq < b->seq; });
  std::vector<ListenerInfo> out;
  for (const elbv2::Listener* listener : ordered) {
    out.push_back({listener->arn, listener->load_balancer_arn});
  }
  return out;
}

RouteDecision Elbv2State::Route(const std::string& listener_arn, const IncomingRequest& request,
                                double group_draw, double target_draw) const {
  RouteDecision decision;
  const auto listener = listeners_.find(listener_arn);
  if (listener == listeners_.end()) return decision;
  decision.load_balancer_arn = listener->second.load_balancer_arn;

  const nlohmann::json* actions = &listener->second.default_actions;
  for (const elbv2::Rule* rule : RulesOf(listener_arn)) {
    if (!rule->is_default() && elbv2::ConditionsMatch(rule->conditions, request)) {
      actions = &rule->actions;
      break;
    }
  }
  for (const nlohmann::json& action : *actions) {
    const std::string type = action.value("Type", "");
    if (type == "fixed-response") {
      const nlohmann::json config = action.value("FixedResponseConfig", nlohmann::json::object());
      decision.kind = RouteDecision::Kind::kFixedResponse;
      decision.status = std::atoi(config.value("StatusCode", "503").c_str());
      decision.content_type = config.value("ContentType", "text/plain");
      decision.body = config.value("MessageBody", "");
      return decision;
    }
    if (type == "redirect") {
      // The data plane has no Location header to give: the status tells the load generator.
      decision.kind = RouteDecision::Kind::kFixedResponse;
      decision.status = RedirectStatus(action);
      return decision;
    }
    if (type != "forward") continue;  // authentication actions: the emulated client is signed in

    const std::vector<WeightedGroup> groups = elbv2::ForwardGroups(action);
    const nlohmann::json stickiness =
        action.value("ForwardConfig", nlohmann::json::object())
            .value("TargetGroupStickinessConfig", nlohmann::json::object());
    const bool sticky = stickiness.value("Enabled", false);
    std::string chosen;
    if (sticky) {
      const std::string cookie = CookieValue(request, elbv2::kStickinessCookie);
      for (const WeightedGroup& group : groups) {
        if (!cookie.empty() && group.target_group_arn == cookie) chosen = cookie;
      }
    }
    if (chosen.empty()) chosen = ChooseGroup(groups, group_draw);
    decision.target_group_arn = chosen;
    decision.kind = RouteDecision::Kind::kUnavailable;
    const auto group = target_groups_.find(chosen);
    if (group == target_groups_.end()) return decision;
    if (sticky) {
      decision.set_cookie = std::string(elbv2::kStickinessCookie) + "=" + chosen +
                            "; Max-Age=" + std::to_string(stickiness.value("DurationSeconds", 0)) +
                            "; Path=/";
    }
    std::vector<const TargetAddress*> healthy;
    std::vector<const TargetAddress*> registered;
    for (const auto& [address, target] : group->second.targets) {
      if (target.drain_until) continue;  // draining targets take no new requests
      registered.push_back(&address);
      if (elbv2::ViewOf(group->second, target).state == TargetHealthState::kHealthy) {
        healthy.push_back(&address);
      }
    }
    // An ALB fails open: with no healthy target it spreads over all registered ones.
    const std::vector<const TargetAddress*>& pool = healthy.empty() ? registered : healthy;
    if (pool.empty()) return decision;
    decision.kind = RouteDecision::Kind::kForward;
    decision.target = *pool[DrawIndex(target_draw, pool.size())];
    return decision;
  }
  return decision;
}

std::vector<IncomingRequest> Elbv2State::SampleRequests(const std::string& listener_arn) const {
  std::vector<IncomingRequest> out;
  const auto listener = listeners_.find(listener_arn);
  if (listener == listeners_.end()) return out;
  IncomingRequest base;
  if (const auto lb = load_balancers_.find(listener->second.load_balancer_arn);
      lb != load_balancers_.end()) {
    base.host = lb->second.dns_name;
  }
  const std::vector<const elbv2::Rule*> rules = RulesOf(listener_arn);
  for (const elbv2::Rule* rule : rules) {
    if (!rule->is_default()) out.push_back(elbv2::RequestMatching(rule->conditions, base));
  }
  // The default action is reachable only by a request no rule takes; when rules cover every
  // request (a "/*" path rule), there is none to offer.
  IncomingRequest unmatched = base;
  unmatched.path = "/kanaria-default-route";
  for (const IncomingRequest& candidate : {base, unmatched}) {
    const bool taken = std::any_of(rules.begin(), rules.end(), [&](const elbv2::Rule* rule) {
      return !rule->is_default() && elbv2::ConditionsMatch(rule->conditions, candidate);
    });
    if (!taken) {
      out.push_back(candidate);
      break;
    }
  }
  return out;
}

}  // namespace kanaria::emulator
