#include "aws/elbv2/elbv2_types.h"

#include <fmt/format.h>

#include <set>

#include "aws/query_fields.h"

namespace kanaria::aws::elbv2 {
namespace {

constexpr std::string_view kForward = "forward";
constexpr std::string_view kAuthenticateOidc = "authenticate-oidc";

// AWS's weight when a ForwardConfig tuple leaves it out.
constexpr int kDefaultWeight = 1;

// The member as the array it should be ("" and absent become []), for trees kept verbatim.
StatusOr<nlohmann::json> ListTree(const nlohmann::json& tree, std::string_view name) {
  ASSIGN_OR_RETURN(std::vector<nlohmann::json> items, ListField(tree, name));
  return nlohmann::json(std::move(items));
}

bool IsForward(const nlohmann::json& action) {
  return StringField(action, "Type") == kForward;
}

}  // namespace

StatusOr<LoadBalancer> ParseLoadBalancer(const nlohmann::json& tree) {
  LoadBalancer lb;
  lb.load_balancer_arn = StringField(tree, "LoadBalancerArn");
  lb.load_balancer_name = StringField(tree, "LoadBalancerName");
  lb.dns_name = StringField(tree, "DNSName");
  lb.type = StringField(tree, "Type");
  lb.scheme = StringField(tree, "Scheme");
  lb.vpc_id = StringField(tree, "VpcId");
  if (tree.contains("State")) lb.state = StringField(tree["State"], "Code");
  ASSIGN_OR_RETURN(lb.security_groups, StringListField(tree, "SecurityGroups"));
  ASSIGN_OR_RETURN(std::vector<nlohmann::json> zones, ListField(tree, "AvailabilityZones"));
  for (const auto& zone : zones) {
    lb.availability_zones.push_back(StringField(zone, "ZoneName"));
    lb.subnet_ids.push_back(StringField(zone, "SubnetId"));
  }
  ASSIGN_OR_RETURN(lb.created_time, TimestampField(tree, "CreatedTime"));
  return lb;
}

StatusOr<TargetGroup> ParseTargetGroup(const nlohmann::json& tree) {
  TargetGroup tg;
  tg.target_group_arn = StringField(tree, "TargetGroupArn");
  tg.target_group_name = StringField(tree, "TargetGroupName");
  tg.protocol = StringField(tree, "Protocol");
  ASSIGN_OR_RETURN(tg.port, IntField(tree, "Port"));
  tg.vpc_id = StringField(tree, "VpcId");
  tg.target_type = StringField(tree, "TargetType");
  tg.protocol_version = StringField(tree, "ProtocolVersion");
  tg.health_check_path = StringField(tree, "HealthCheckPath");
  tg.health_check_port = StringField(tree, "HealthCheckPort");
  ASSIGN_OR_RETURN(tg.health_check_interval_seconds, IntField(tree, "HealthCheckIntervalSeconds"));
  ASSIGN_OR_RETURN(tg.health_check_timeout_seconds, IntField(tree, "HealthCheckTimeoutSeconds"));
  ASSIGN_OR_RETURN(tg.healthy_threshold_count, IntField(tree, "HealthyThresholdCount"));
  ASSIGN_OR_RETURN(tg.unhealthy_threshold_count, IntField(tree, "UnhealthyThresholdCount"));
  ASSIGN_OR_RETURN(tg.load_balancer_arns, StringListField(tree, "LoadBalancerArns"));
  return tg;
}

StatusOr<Listener> ParseListener(const nlohmann::json& tree) {
  Listener listener;
  listener.listener_arn = StringField(tree, "ListenerArn");
  listener.load_balancer_arn = StringField(tree, "LoadBalancerArn");
  ASSIGN_OR_RETURN(listener.port, IntField(tree, "Port"));
  listener.protocol = StringField(tree, "Protocol");
  ASSIGN_OR_RETURN(listener.default_actions, ListTree(tree, "DefaultActions"));
  return listener;
}

StatusOr<Rule> ParseRule(const nlohmann::json& tree) {
  Rule rule;
  rule.rule_arn = StringField(tree, "RuleArn");
  rule.priority = StringField(tree, "Priority");
  ASSIGN_OR_RETURN(std::optional<bool> is_default, BoolField(tree, "IsDefault"));
  rule.is_default = is_default.value_or(rule.priority == "default");
  if (rule.priority != "default" && !rule.priority.empty()) {
    ASSIGN_OR_RETURN(rule.numeric_priority, IntField(tree, "Priority"));
  }
  ASSIGN_OR_RETURN(rule.conditions, ListTree(tree, "Conditions"));
  ASSIGN_OR_RETURN(rule.actions, ListTree(tree, "Actions"));
  return rule;
}

StatusOr<TargetHealthDescription> ParseTargetHealthDescription(const nlohmann::json& tree) {
  TargetHealthDescription description;
  if (tree.contains("Target")) {
    const nlohmann::json& target = tree["Target"];
    description.target_id = StringField(target, "Id");
    ASSIGN_OR_RETURN(description.target_port, IntField(target, "Port"));
    description.availability_zone = StringField(target, "AvailabilityZone");
  }
  description.health_check_port = StringField(tree, "HealthCheckPort");
  if (tree.contains("TargetHealth")) {
    const nlohmann::json& health = tree["TargetHealth"];
    description.state = StringField(health, "State");
    description.reason = StringField(health, "Reason");
    description.description = StringField(health, "Description");
  }
  return description;
}

StatusOr<std::vector<WeightedTargetGroup>> ForwardTargetGroups(const nlohmann::json& action) {
  if (!IsForward(action)) {
    return InvalidInputError(
        fmt::format("action of type '{}' is not a forward action", StringField(action, "Type")));
  }
  std::vector<WeightedTargetGroup> groups;
  if (action.contains("ForwardConfig")) {
    ASSIGN_OR_RETURN(std::vector<nlohmann::json> tuples,
                     ListField(action["ForwardConfig"], "TargetGroups"));
    for (const auto& tuple : tuples) {
      WeightedTargetGroup group;
      group.target_group_arn = StringField(tuple, "TargetGroupArn");
      ASSIGN_OR_RETURN(std::optional<int> weight, IntField(tuple, "Weight"));
      group.weight = weight.value_or(kDefaultWeight);
      groups.push_back(std::move(group));
    }
  }
  if (groups.empty()) {
    std::string arn = StringField(action, "TargetGroupArn");
    if (!arn.empty()) groups.push_back({std::move(arn), kDefaultWeight});
  }
  if (groups.empty()) return InvalidInputError("forward action names no target group");
  return groups;
}

StatusOr<size_t> FindForwardAction(const nlohmann::json& actions) {
  if (!actions.is_array()) return InvalidInputError("actions are not a list");
  std::optional<size_t> found;
  for (size_t i = 0; i < actions.size(); ++i) {
    if (!IsForward(actions[i])) continue;
    if (found) return InvalidInputError("actions hold more than one forward action");
    found = i;
  }
  if (!found) return NotFoundError("actions hold no forward action");
  return *found;
}

StatusOr<nlohmann::json> WithTargetGroupWeights(const nlohmann::json& actions,
                                                const WeightedTargetGroup& first,
                                                const WeightedTargetGroup& second,
                                                MissingTargetGroup missing) {
  for (const WeightedTargetGroup* group : {&first, &second}) {
    if (group->target_group_arn.empty()) return InvalidInputError("target group ARN is empty");
    if (group->weight < 0 || group->weight > kMaxTargetGroupWeight) {
      return InvalidInputError(fmt::format("weight {} for {} is outside 0..{}", group->weight,
                                           group->target_group_arn, kMaxTargetGroupWeight));
    }
  }
  if (first.target_group_arn == second.target_group_arn) {
    return InvalidInputError("the two target groups are the same: " + first.target_group_arn);
  }
  ASSIGN_OR_RETURN(size_t forward_index, FindForwardAction(actions));

  nlohmann::json result = actions;
  nlohmann::json& forward = result[forward_index];
  // The current groups in ForwardConfig form; the plain form becomes one tuple of weight 1.
  nlohmann::json tuples = nlohmann::json::array();
  if (forward.contains("ForwardConfig")) {
    ASSIGN_OR_RETURN(tuples, ListTree(forward["ForwardConfig"], "TargetGroups"));
  }
  if (tuples.empty()) {
    const std::string arn = StringField(forward, "TargetGroupArn");
    if (arn.empty()) return InvalidInputError("forward action names no target group");
    tuples.push_back({{"TargetGroupArn", arn}, {"Weight", std::to_string(kDefaultWeight)}});
  }

  for (const WeightedTargetGroup* group : {&first, &second}) {
    bool updated = false;
    for (auto& tuple : tuples) {
      if (StringField(tuple, "TargetGroupArn") != group->target_group_arn) continue;
      tuple["Weight"] = std::to_string(group->weight);
      updated = true;
    }
    if (updated) continue;
    if (missing == MissingTargetGroup::kReject) {
      return InvalidInputError(
          fmt::format("forward action does not route to {}; kanaria changes "
                      "weights, not which target groups a rule uses",
                      group->target_group_arn));
    }
    tuples.push_back(
        {{"TargetGroupArn", group->target_group_arn}, {"Weight", std::to_string(group->weight)}});
  }
  if (tuples.size() > static_cast<size_t>(kMaxTargetGroupsPerForward)) {
    return InvalidInputError(fmt::format("a forward action routes to at most {} target groups",
                                         kMaxTargetGroupsPerForward));
  }
  bool any_weight = false;
  for (const auto& tuple : tuples) {
    ASSIGN_OR_RETURN(std::optional<int> weight, IntField(tuple, "Weight"));
    if (weight.value_or(kDefaultWeight) > 0) any_weight = true;
  }
  // kanaria never means to send no traffic anywhere; such a request is a bug upstream.
  if (!any_weight) return InvalidInputError("every target group would get weight 0");

  if (!forward.contains("ForwardConfig") || !forward["ForwardConfig"].is_object()) {
    forward["ForwardConfig"] = nlohmann::json::object();
  }
  forward["ForwardConfig"]["TargetGroups"] = std::move(tuples);
  // ELBv2 refuses a TargetGroupArn next to a ForwardConfig that names several groups.
  if (forward["ForwardConfig"]["TargetGroups"].size() >= 2) forward.erase("TargetGroupArn");

  for (auto& action : result) {
    if (StringField(action, "Type") != kAuthenticateOidc) continue;
    if (!action.contains("AuthenticateOidcConfig") ||
        !action["AuthenticateOidcConfig"].is_object()) {
      continue;
    }
    nlohmann::json& oidc = action["AuthenticateOidcConfig"];
    // DescribeRules hides the client secret; without this flag ModifyRule would demand it.
    oidc["UseExistingClientSecret"] = "true";
    oidc.erase("ClientSecret");
  }
  return result;
}

void AppendActionParams(const nlohmann::json& actions, std::string_view name, QueryParams& params) {
  nlohmann::json cleaned = actions;
  if (cleaned.is_array()) {
    for (auto& action : cleaned) {
      for (const char* config : {"AuthenticateOidcConfig", "AuthenticateCognitoConfig"}) {
        if (!action.is_object() || !action.contains(config) || !action[config].is_object())
          continue;
        nlohmann::json& extra = action[config]["AuthenticationRequestExtraParams"];
        if (extra.is_null() || (extra.is_string() && extra.get_ref<const std::string&>().empty())) {
          action[config].erase("AuthenticationRequestExtraParams");
        }
      }
    }
  }
  FlattenQueryParams(nlohmann::json{{std::string(name), std::move(cleaned)}}, "", params);
}

bool SameTrafficSplit(const std::vector<WeightedTargetGroup>& a,
                      const std::vector<WeightedTargetGroup>& b) {
  std::map<std::string, long long> weights_a, weights_b;
  long long total_a = 0, total_b = 0;
  for (const auto& group : a) {
    weights_a[group.target_group_arn] += group.weight;
    total_a += group.weight;
  }
  for (const auto& group : b) {
    weights_b[group.target_group_arn] += group.weight;
    total_b += group.weight;
  }
  if (total_a == 0 || total_b == 0) {
    if (total_a != total_b) return false;
    std::set<std::string> names_a, names_b;
    for (const auto& [arn, weight] : weights_a) names_a.insert(arn);
    for (const auto& [arn, weight] : weights_b) names_b.insert(arn);
    return names_a == names_b;
  }
  std::set<std::string> arns;
  for (const auto& [arn, weight] : weights_a) arns.insert(arn);
  for (const auto& [arn, weight] : weights_b) arns.insert(arn);
  for (const auto& arn : arns) {
    const long long wa = weights_a.count(arn) ? weights_a.at(arn) : 0;
    const long long wb = weights_b.count(arn) ? weights_b.at(arn) : 0;
    // wa / total_a == wb / total_b, without division.
    if (wa * total_b != wb * total_a) return false;
  }
  return true;
}

}  // namespace kanaria::aws::elbv2
