// The ELBv2 operation handlers (one file per resource kind: load_balancer_ops.cc, ...) and the
// helpers they share. Every handler reads a query-protocol input tree (scalars as strings) and
// returns the result tree that EncodeXmlResponse writes.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "emulator/emulated_service.h"
#include "emulator/input_fields.h"
#include "emulator/services/elbv2/elbv2_state.h"

namespace kanaria::emulator::elbv2 {

inline constexpr char kValidationError[] = "ValidationError";

Elbv2State& StateOf(CallContext& context);
InputFields FieldsOf(const nlohmann::json& input);

// One page of `items` (already in AWS's order) under `list_name`, with NextMarker when more
// remain. Marker is the opaque index AWS hands out; PageSize 1..400, default 400.
nlohmann::json Page(std::vector<nlohmann::json> items, const InputFields& input,
                    std::string_view list_name);

// Resource names: 1-32 alphanumerics and hyphens, no hyphen at either end.
void CheckResourceName(const std::string& name, std::string_view what);
// Applies the Tags list of a request to `arn` (DuplicateTagKeys, TooManyTags at 50).
void ApplyTags(Elbv2State& state, const std::string& arn, const std::vector<nlohmann::json>& tags);
// An integer member within [min, max] (ValidationError naming it otherwise).
std::optional<int> IntegerInRange(const InputFields& fields, std::string_view name, int min,
                                  int max);

nlohmann::json TargetGroupJson(const TargetGroup& group);
nlohmann::json ListenerJson(const Listener& listener);
nlohmann::json RuleJson(const Rule& rule);

nlohmann::json CreateLoadBalancer(CallContext& context, const nlohmann::json& input);
nlohmann::json DescribeLoadBalancers(CallContext& context, const nlohmann::json& input);
nlohmann::json DeleteLoadBalancer(CallContext& context, const nlohmann::json& input);
nlohmann::json DescribeLoadBalancerAttributes(CallContext& context, const nlohmann::json& input);
nlohmann::json ModifyLoadBalancerAttributes(CallContext& context, const nlohmann::json& input);
// Applies the request's "Attributes" [{"Key", "Value"}] to `attributes`, each checked by
// `check` (which throws the AWS error) before any is applied: a bad one changes nothing.
void ApplyAttributeChanges(const InputFields& fields, std::map<std::string, std::string>& attributes,
                           void (*check)(const std::string& key, const std::string& value));
// [{"Key", "Value"}] of a load balancer's or target group's attributes.
nlohmann::json AttributesJson(const std::map<std::string, std::string>& attributes);
// The load balancer defaults AWS reports for an application load balancer.
std::map<std::string, std::string> DefaultLoadBalancerAttributes();

nlohmann::json CreateTargetGroup(CallContext& context, const nlohmann::json& input);
nlohmann::json DescribeTargetGroups(CallContext& context, const nlohmann::json& input);
nlohmann::json ModifyTargetGroup(CallContext& context, const nlohmann::json& input);
nlohmann::json DeleteTargetGroup(CallContext& context, const nlohmann::json& input);
nlohmann::json DescribeTargetGroupAttributes(CallContext& context, const nlohmann::json& input);
nlohmann::json ModifyTargetGroupAttributes(CallContext& context, const nlohmann::json& input);

nlohmann::json CreateListener(CallContext& context, const nlohmann::json& input);
nlohmann::json DescribeListeners(CallContext& context, const nlohmann::json& input);
nlohmann::json ModifyListener(CallContext& context, const nlohmann::json& input);
nlohmann::json DeleteListener(CallContext& context, const nlohmann::json& input);

nlohmann::json CreateRule(CallContext& context, const nlohmann::json& input);
nlohmann::json DescribeRules(CallContext& context, const nlohmann::json& input);
nlohmann::json ModifyRule(CallContext& context, const nlohmann::json& input);
nlohmann::json DeleteRule(CallContext& context, const nlohmann::json& input);
nlohmann::json SetRulePriorities(CallContext& context, const nlohmann::json& input);

nlohmann::json RegisterTargets(CallContext& context, const nlohmann::json& input);
nlohmann::json DeregisterTargets(CallContext& context, const nlohmann::json& input);
nlohmann::json DescribeTargetHealth(CallContext& context, const nlohmann::json& input);

nlohmann::json AddTags(CallContext& context, const nlohmann::json& input);
nlohmann::json RemoveTags(CallContext& context, const nlohmann::json& input);
nlohmann::json DescribeTags(CallContext& context, const nlohmann::json& input);

}  // namespace kanaria::emulator::elbv2
