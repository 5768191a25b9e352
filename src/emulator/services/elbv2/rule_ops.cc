// CreateRule, DescribeRules, ModifyRule, DeleteRule, SetRulePriorities.
#include <fmt/format.h>

#include "emulator/api_error.h"
#include "emulator/services/elbv2/actions.h"
#include "emulator/services/elbv2/conditions.h"
#include "emulator/services/elbv2/elbv2_handlers.h"
#include "emulator/world.h"

namespace kanaria::emulator::elbv2 {
namespace {

int PriorityOf(const InputFields& fields) {
  const std::optional<int> priority =
      IntegerInRange(fields, "Priority", kMinRulePriority, kMaxRulePriority);
  if (!priority) Fail(kValidationError, "A rule priority must be specified");
  return *priority;
}

void FailPriorityInUse(int priority) {
  Fail("PriorityInUse", fmt::format("Priority '{}' is currently in use", priority));
}

nlohmann::json ConditionsOrFail(const InputFields& fields) {
  nlohmann::json conditions = NormalizeConditions(fields.Object("Conditions"));
  if (conditions.empty()) Fail(kValidationError, "A rule must have at least one condition");
  return conditions;
}

}  // namespace

nlohmann::json RuleJson(const Rule& rule) {
  return {{"RuleArn", rule.arn},
          {"Priority", rule.priority ? std::to_string(*rule.priority) : "default"},
          {"Conditions", rule.conditions},
          {"Actions", rule.actions},
          {"IsDefault", rule.is_default()}};
}

nlohmann::json CreateRule(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const Listener& listener = state.ListenerOrFail(fields.RequiredString("ListenerArn"));
  Rule rule;
  rule.listener_arn = listener.arn;
  rule.priority = PriorityOf(fields);
  rule.conditions = ConditionsOrFail(fields);
  if (!fields.Has("Actions")) Fail(kValidationError, "Actions must be specified");
  rule.actions = NormalizeActions(fields.Object("Actions"), state.target_groups());
  for (const Rule* existing : state.RulesOf(listener.arn)) {
    if (existing->priority == rule.priority) FailPriorityInUse(*rule.priority);
  }
  state.CheckAssociations(rule.actions, listener.load_balancer_arn);
  const std::vector<nlohmann::json> tags = fields.List("Tags");

  // listener/app/NAME/LB/L -> listener-rule/app/NAME/LB/L/RULE
  const size_t resource = listener.arn.find(":listener/");
  rule.arn = listener.arn.substr(0, resource) + ":listener-rule/" +
             listener.arn.substr(resource + 10) + "/" + context.world.ids.Hex(16);
  rule.seq = state.NextSeq();
  ApplyTags(state, rule.arn, tags);
  const std::string arn = rule.arn;
  state.rules()[arn] = std::move(rule);
  state.RefreshAssociations(context.now);
  return {{"Rules", nlohmann::json::array({RuleJson(state.rules()[arn])})}};
}

nlohmann::json DescribeRules(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const std::optional<std::string> listener_arn = fields.String("ListenerArn");
  const std::vector<std::string> arns = fields.StringList("RuleArns");
  if (listener_arn.has_value() == !arns.empty()) {
    Fail(kValidationError, "You must specify either listener ARN or rule ARNs");
  }
  std::vector<nlohmann::json> items;
  if (listener_arn) {
    state.ListenerOrFail(*listener_arn);
    for (const Rule* rule : state.RulesOf(*listener_arn)) items.push_back(RuleJson(*rule));
  } else {
    for (const std::string& arn : arns) {
      const auto it = state.rules().find(arn);
      if (it == state.rules().end()) Fail("RuleNotFound", "One or more rules not found");
      items.push_back(RuleJson(it->second));
    }
  }
  return Page(std::move(items), fields, "Rules");
}

nlohmann::json ModifyRule(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  Rule& rule = state.RuleOrFail(fields.RequiredString("RuleArn"));
  Listener& listener = state.ListenerOrFail(rule.listener_arn);
  Rule changed = rule;  // all or nothing: validate on a copy
  if (fields.Has("Conditions")) {
    if (rule.is_default()) {
      Fail("OperationNotPermitted", "The conditions of a default rule cannot be modified");
    }
    changed.conditions = ConditionsOrFail(fields);
  }
  if (fields.Has("Actions")) {
    // The whole list is replaced, as in AWS: what the request leaves out is gone.
    changed.actions = NormalizeActions(fields.Object("Actions"), state.target_groups());
    state.CheckAssociations(changed.actions, listener.load_balancer_arn);
  }
  rule = std::move(changed);
  if (rule.is_default()) listener.default_actions = rule.actions;
  state.RefreshAssociations(context.now);
  return {{"Rules", nlohmann::json::array({RuleJson(rule)})}};
}

nlohmann::json DeleteRule(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const Rule& rule = state.RuleOrFail(FieldsOf(input).RequiredString("RuleArn"));
  if (rule.is_default()) Fail("OperationNotPermitted", "Default rule cannot be deleted");
  const std::string arn = rule.arn;
  state.tags().erase(arn);
  state.rules().erase(arn);
  state.RefreshAssociations(context.now);
  return nlohmann::json::object();
}

nlohmann::json SetRulePriorities(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const std::vector<nlohmann::json> pairs = fields.List("RulePriorities");
  if (pairs.empty()) Fail(kValidationError, "At least one rule priority must be specified");
  std::map<std::string, int> wanted;
  for (const nlohmann::json& pair : pairs) {
    const InputFields item = FieldsOf(pair);
    const Rule& rule = state.RuleOrFail(item.RequiredString("RuleArn"));
    if (rule.is_default()) {
      Fail("OperationNotPermitted", "The priority of a default rule cannot be changed");
    }
    wanted[rule.arn] = PriorityOf(item);
  }
  // The priorities every listener would end with must stay unique.
  std::map<std::string, std::map<int, std::string>> taken;
  for (const auto& [arn, rule] : state.rules()) {
    if (rule.is_default()) continue;
    const auto change = wanted.find(arn);
    const int priority = change != wanted.end() ? change->second : *rule.priority;
    if (!taken[rule.listener_arn].emplace(priority, arn).second) FailPriorityInUse(priority);
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [arn, priority] : wanted) {
    Rule& rule = state.rules()[arn];
    rule.priority = priority;
    out.push_back(RuleJson(rule));
  }
  return {{"Rules", std::move(out)}};
}

}  // namespace kanaria::emulator::elbv2
