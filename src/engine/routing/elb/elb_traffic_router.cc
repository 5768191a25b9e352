#include "engine/routing/elb/elb_traffic_router.h"

#include <fmt/format.h>

#include <algorithm>

#include "aws/aws_error.h"

namespace kanaria::engine {
namespace {

using aws::elbv2::WeightedTargetGroup;

std::string ConditionsSummary(const nlohmann::json& conditions) {
  std::vector<std::string> parts;
  for (const auto& condition : conditions) {
    if (condition.is_object() && condition.contains("Field")) {
      parts.push_back(condition["Field"].get<std::string>());
    }
  }
  std::string joined;
  for (const auto& p : parts) joined += (joined.empty() ? "" : ", ") + p;
  return joined;
}

bool IsNotFound(const Status& status) { return status.code() == StatusCode::kNotFound; }

}  // namespace

std::string ListenerOfRule(const std::string& rule_arn) {
  std::string arn = rule_arn;
  const std::string marker = ":listener-rule/";
  std::size_t at = arn.find(marker);
  if (at == std::string::npos) return "";
  arn.replace(at, marker.size(), ":listener/");
  std::size_t last = arn.rfind('/');
  return last == std::string::npos ? "" : arn.substr(0, last);
}

std::string ShortTargetGroupName(const std::string& target_group_arn) {
  std::size_t at = target_group_arn.find(":targetgroup/");
  if (at == std::string::npos) return target_group_arn;
  std::string rest = target_group_arn.substr(at + 13);
  return rest.substr(0, rest.find('/'));
}

ElbTrafficRouter::ElbTrafficRouter(aws::elbv2::Elbv2Client& elbv2, const model::Application& app)
    : elbv2_(elbv2), app_(app) {
  primary_arn_ = app.primary_target_group->target_group_arn;
  if (app.canary_target_group) canary_arn_ = app.canary_target_group->target_group_arn;
}

Status ElbTrafficRouter::CheckTargetGroups() {
  std::vector<std::string> arns = {primary_arn_};
  if (!canary_arn_.empty()) arns.push_back(canary_arn_);
  auto groups = elbv2_.DescribeTargetGroups(arns);
  if (!groups.ok()) {
    if (!IsNotFound(groups.status())) return groups.status();
    // AWS names no ARN when one of several is missing: find it.
    for (const model::TargetGroupBinding* binding :
         {&*app_.primary_target_group,
          app_.canary_target_group ? &*app_.canary_target_group : nullptr}) {
      if (binding == nullptr) continue;
      auto one = elbv2_.DescribeTargetGroups({binding->target_group_arn});
      if (!one.ok() && IsNotFound(one.status())) {
        return InvalidInputError(fmt::format(
            "{}: target group {} does not exist in this account and region; create it or fix "
            "the ARN",
            binding->where.ToString(), binding->target_group_arn));
      }
    }
    return groups.status();
  }
  const aws::elbv2::TargetGroup* primary = nullptr;
  const aws::elbv2::TargetGroup* canary = nullptr;
  for (const auto& group : *groups) {
    if (group.target_group_arn == primary_arn_) primary = &group;
    if (group.target_group_arn == canary_arn_) canary = &group;
  }
  if (primary == nullptr) {
    return InvalidInputError(fmt::format("{}: target group {} was not returned by AWS",
                                         app_.primary_target_group->where.ToString(),
                                         primary_arn_));
  }
  if (primary->load_balancer_arns.size() != 1) {
    return InvalidInputError(fmt::format(
        "{}: the primary target group {} is not attached to a load balancer; kanaria shifts "
        "traffic through a listener rule that forwards to it",
        app_.primary_target_group->where.ToString(), ShortTargetGroupName(primary_arn_)));
  }
  load_balancer_arn_ = primary->load_balancer_arns.front();
  if (canary != nullptr && !canary->load_balancer_arns.empty() &&
      canary->load_balancer_arns.front() != load_balancer_arn_) {
    return InvalidInputError(fmt::format(
        "{}: the canary target group {} belongs to load balancer {} but the primary {} belongs "
        "to {}; both must be behind the same load balancer",
        app_.canary_target_group->where.ToString(), ShortTargetGroupName(canary_arn_),
        canary->load_balancer_arns.front(), ShortTargetGroupName(primary_arn_),
        load_balancer_arn_));
  }
  return Status::Ok();
}

StatusOr<std::vector<ElbTrafficRouter::SelectedRule>> ElbTrafficRouter::ReadSelectedRules() {
  const model::KanariaOptions& selector = app_.kanaria;
  std::vector<SelectedRule> selected;
  auto forwards_to_primary = [&](const aws::elbv2::Rule& rule) {
    auto index = aws::elbv2::FindForwardAction(rule.actions);
    if (!index.ok()) return false;
    auto groups = aws::elbv2::ForwardTargetGroups(rule.actions[*index]);
    if (!groups.ok()) return false;
    return std::any_of(groups->begin(), groups->end(), [&](const WeightedTargetGroup& g) {
      return g.target_group_arn == primary_arn_;
    });
  };

  // Explicitly named rules must forward to the primary target group.
  if (!selector.rule_arns.empty()) {
    auto rules = elbv2_.DescribeRules({.listener_arn = "", .rule_arns = selector.rule_arns, .page_size = {}});
    if (!rules.ok()) {
      if (IsNotFound(rules.status())) {
        return InvalidInputError(fmt::format(
            "{}: spec.kanaria.ruleArns: a rule does not exist ({})", selector.where.ToString(),
            rules.status().message()));
      }
      return rules.status();
    }
    for (auto& rule : *rules) {
      if (!forwards_to_primary(rule)) {
        return InvalidInputError(fmt::format(
            "{}: spec.kanaria.ruleArns: rule {} does not forward to the primary target group {}; "
            "select rules that do",
            selector.where.ToString(), rule.rule_arn, ShortTargetGroupName(primary_arn_)));
      }
      selected.push_back({rule, ListenerOfRule(rule.rule_arn), ""});
    }
  }

  std::vector<std::pair<std::string, std::string>> listeners;  // arn, description
  if (!selector.listener_arns.empty()) {
    for (const auto& arn : selector.listener_arns) listeners.emplace_back(arn, "");
  } else if (selector.rule_arns.empty()) {
    auto all = elbv2_.DescribeListenersOfLoadBalancer(load_balancer_arn_);
    if (!all.ok()) return all.status();
    for (const auto& listener : *all) {
      listeners.emplace_back(listener.listener_arn,
                             fmt::format("{}:{}", listener.protocol, listener.port.value_or(0)));
    }
  }
  for (const auto& [listener_arn, description] : listeners) {
    auto rules = elbv2_.DescribeRules({.listener_arn = listener_arn, .rule_arns = {}, .page_size = {}});
    if (!rules.ok()) {
      if (IsNotFound(rules.status()) && !selector.listener_arns.empty()) {
        return InvalidInputError(fmt::format(
            "{}: spec.kanaria.listenerArns: listener {} does not exist", selector.where.ToString(),
            listener_arn));
      }
      return rules.status();
    }
    int matched = 0;
    for (auto& rule : *rules) {
      if (!forwards_to_primary(rule)) continue;
      bool already = std::any_of(selected.begin(), selected.end(), [&](const SelectedRule& s) {
        return s.rule.rule_arn == rule.rule_arn;
      });
      if (!already) selected.push_back({rule, listener_arn, description});
      ++matched;
    }
    if (matched == 0 && !selector.listener_arns.empty()) {
      return InvalidInputError(fmt::format(
          "{}: spec.kanaria.listenerArns: no rule of listener {} forwards to the primary target "
          "group {}",
          selector.where.ToString(), listener_arn, ShortTargetGroupName(primary_arn_)));
    }
  }
  if (selected.empty()) {
    return InvalidInputError(fmt::format(
        "{}: no listener rule of load balancer {} forwards to the primary target group {}; "
        "kanaria shifts traffic by rewriting such a rule (add one, or name rules in "
        "spec.kanaria.ruleArns)",
        app_.primary_target_group->where.ToString(), load_balancer_arn_,
        ShortTargetGroupName(primary_arn_)));
  }
  for (const auto& s : selected) {
    auto index = aws::elbv2::FindForwardAction(s.rule.actions);
    if (!index.ok()) return index.status();
    auto groups = aws::elbv2::ForwardTargetGroups(s.rule.actions[*index]);
    if (!groups.ok()) return groups.status();
    bool has_canary = std::any_of(groups->begin(), groups->end(), [&](const WeightedTargetGroup& g) {
      return g.target_group_arn == canary_arn_;
    });
    if (!has_canary && !canary_arn_.empty() &&
        groups->size() >= static_cast<std::size_t>(aws::elbv2::kMaxTargetGroupsPerForward)) {
      return InvalidInputError(fmt::format(
          "rule {} already forwards to {} target groups, AWS's maximum; kanaria cannot add the "
          "canary target group {}",
          s.rule.rule_arn, groups->size(), ShortTargetGroupName(canary_arn_)));
    }
  }
  return selected;
}

Status ElbTrafficRouter::Inspect(const aws::ecs::Service& /*live_service*/) {
  RETURN_IF_ERROR(CheckTargetGroups());
  ASSIGN_OR_RETURN(selected_, ReadSelectedRules());
  RefreshRoutes();
  return Status::Ok();
}

Status ElbTrafficRouter::ReadRoutes() {
  for (auto& s : selected_) {
    auto rules = elbv2_.DescribeRules({.listener_arn = "", .rule_arns = {s.rule.rule_arn}, .page_size = {}});
    if (!rules.ok()) return rules.status();
    if (rules->size() != 1) return InternalError("DescribeRules returned no rule for " + s.rule.rule_arn);
    s.rule = rules->front();
  }
  RefreshRoutes();
  return Status::Ok();
}

Route ElbTrafficRouter::RouteOf(const SelectedRule& s) const {
  Route route;
  route.arn = s.rule.is_default ? s.listener_arn : s.rule.rule_arn;
  route.listener_arn = s.listener_arn;
  route.is_default = s.rule.is_default;
  std::string conditions = ConditionsSummary(s.rule.conditions);
  route.description = fmt::format("listener {}{}{}", s.listener_description.empty() ? "" : s.listener_description + " ",
                                  s.rule.is_default ? "default rule" : "rule " + s.rule.priority,
                                  conditions.empty() ? "" : " (" + conditions + ")");
  auto index = aws::elbv2::FindForwardAction(s.rule.actions);
  if (!index.ok()) return route;
  auto groups = aws::elbv2::ForwardTargetGroups(s.rule.actions[*index]);
  if (!groups.ok()) return route;
  for (const auto& g : *groups) {
    if (g.target_group_arn == primary_arn_) route.primary_weight = g.weight;
    if (g.target_group_arn == canary_arn_) {
      route.canary_weight = g.weight;
      route.has_canary = true;
    }
  }
  return route;
}

void ElbTrafficRouter::RefreshRoutes() {
  routes_.clear();
  for (const auto& s : selected_) routes_.push_back(RouteOf(s));
}

PlannedCall ElbTrafficRouter::CallFor(const std::string& step, const Route& route, int primary,
                                      int canary) const {
  return {.step = step,
          .operation = route.is_default ? "elasticloadbalancing:ModifyListener"
                                        : "elasticloadbalancing:ModifyRule",
          .target = fmt::format("{} -> {} {} / {} {}", route.description,
                                ShortTargetGroupName(primary_arn_), primary,
                                ShortTargetGroupName(canary_arn_), canary)};
}

std::vector<PlannedCall> ElbTrafficRouter::PlanPrepare() const {
  std::vector<PlannedCall> calls;
  for (const auto& route : routes_) {
    if (!route.has_canary && !canary_arn_.empty()) calls.push_back(CallFor("prepare", route, 100, 0));
  }
  return calls;
}

Status ElbTrafficRouter::Rewrite(MutationGate& gate, SelectedRule& s, const std::string& step,
                                 const nlohmann::json& actions, int primary, int canary) {
  Route before = RouteOf(s);
  Status status = gate.Run(CallFor(step, before, primary, canary), "", [&]() -> Status {
    if (s.rule.is_default) {
      auto listener = elbv2_.ModifyListener(s.listener_arn, actions);
      if (!listener.ok()) return listener.status();
      s.rule.actions = listener->default_actions;
    } else {
      auto rule = elbv2_.ModifyRule(s.rule.rule_arn, actions);
      if (!rule.ok()) return rule.status();
      s.rule.actions = rule->actions;
    }
    return Status::Ok();
  });
  RETURN_IF_ERROR(status);
  Route after = RouteOf(s);
  std::vector<WeightedTargetGroup> want = {{primary_arn_, primary}, {canary_arn_, canary}};
  std::vector<WeightedTargetGroup> got = {{primary_arn_, after.primary_weight},
                                          {canary_arn_, after.canary_weight}};
  if (!aws::elbv2::SameTrafficSplit(want, got)) {
    return InternalError(fmt::format("{} was written as {}/{} but AWS returned {}/{}",
                                     after.description, primary, canary, after.primary_weight,
                                     after.canary_weight));
  }
  RefreshRoutes();
  return Status::Ok();
}

Status ElbTrafficRouter::Prepare(MutationGate& gate) {
  if (canary_arn_.empty()) return Status::Ok();
  for (auto& s : selected_) {
    if (RouteOf(s).has_canary) continue;
    ASSIGN_OR_RETURN(nlohmann::json actions,
                     aws::elbv2::WithTargetGroupWeights(
                         s.rule.actions, {primary_arn_, 100}, {canary_arn_, 0},
                         aws::elbv2::MissingTargetGroup::kAdd));
    RETURN_IF_ERROR(Rewrite(gate, s, "prepare", actions, 100, 0));
  }
  return Status::Ok();
}

std::vector<PlannedCall> ElbTrafficRouter::PlanWeights(const std::string& step,
                                                       std::vector<Route>& routes, int primary,
                                                       int canary) const {
  std::vector<PlannedCall> calls;
  for (auto& route : routes) {
    std::vector<WeightedTargetGroup> want = {{primary_arn_, primary}, {canary_arn_, canary}};
    std::vector<WeightedTargetGroup> now = {{primary_arn_, route.primary_weight},
                                            {canary_arn_, route.canary_weight}};
    if (aws::elbv2::SameTrafficSplit(want, now)) continue;
    calls.push_back(CallFor(step, route, primary, canary));
    route.primary_weight = primary;
    route.canary_weight = canary;
    route.has_canary = true;
  }
  return calls;
}

Status ElbTrafficRouter::SetWeights(MutationGate& gate, const std::string& step, int primary,
                                    int canary) {
  for (auto& s : selected_) {
    Route route = RouteOf(s);
    std::vector<WeightedTargetGroup> want = {{primary_arn_, primary}, {canary_arn_, canary}};
    std::vector<WeightedTargetGroup> now = {{primary_arn_, route.primary_weight},
                                            {canary_arn_, route.canary_weight}};
    if (route.has_canary && aws::elbv2::SameTrafficSplit(want, now)) continue;
    ASSIGN_OR_RETURN(nlohmann::json actions,
                     aws::elbv2::WithTargetGroupWeights(
                         s.rule.actions, {primary_arn_, primary}, {canary_arn_, canary},
                         aws::elbv2::MissingTargetGroup::kAdd));
    RETURN_IF_ERROR(Rewrite(gate, s, step, actions, primary, canary));
  }
  return Status::Ok();
}

nlohmann::json ElbTrafficRouter::LoadBalancersFor(TaskSetRole role) const {
  const auto& binding =
      role == TaskSetRole::kPrimary ? *app_.primary_target_group : *app_.canary_target_group;
  return nlohmann::json::array({{{"targetGroupArn", binding.target_group_arn},
                                 {"containerName", binding.container_name},
                                 {"containerPort", binding.container_port}}});
}

nlohmann::json ElbTrafficRouter::ServiceRegistriesFor(TaskSetRole role) const {
  // A canary registered in Cloud Map would take DNS traffic outside the weights.
  if (role == TaskSetRole::kCanary) return nullptr;
  return app_.service_definition.json.value("serviceRegistries", nlohmann::json());
}

std::string ElbTrafficRouter::TargetGroupFor(TaskSetRole role) const {
  return role == TaskSetRole::kPrimary ? primary_arn_ : canary_arn_;
}

}  // namespace kanaria::engine
