// Elastic Load Balancing v2 resources as kanaria reads them, and the weighted-forward helpers the
// ELB traffic router builds on.
//
// Invariant I2 (ARCHITECTURE.md): rewriting a forward action changes only the weights. So rules
// and listeners keep their actions and conditions as the query-protocol trees exactly as decoded
// (every scalar a string, lists as arrays; see aws/protocol/query_protocol.h), and ModifyRule /
// ModifyListener send those trees back through FlattenQueryParams. Fields kanaria has never
// heard of (authenticate-oidc/cognito, redirect, fixed-response, jwt-validation configs,
// stickiness, Order, ...) therefore survive a rewrite untouched. The typed members next to the
// trees are read-only conveniences.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/protocol/query_protocol.h"
#include "core/clock.h"
#include "core/status.h"

namespace kanaria::aws::elbv2 {

// AWS limits on weighted forward actions.
inline constexpr int kMaxTargetGroupWeight = 999;
inline constexpr int kMaxTargetGroupsPerForward = 5;

struct LoadBalancer {
  std::string load_balancer_arn;
  std::string load_balancer_name;
  std::string dns_name;
  std::string type;    // "application" | "network" | "gateway"
  std::string scheme;  // "internet-facing" | "internal"
  std::string vpc_id;
  std::string state;  // State.Code: "active", "provisioning", ...
  std::vector<std::string> security_groups;
  std::vector<std::string> availability_zones;  // ZoneName of each
  std::vector<std::string> subnet_ids;          // SubnetId of each zone
  std::optional<WallTime> created_time;
};

struct TargetGroup {
  std::string target_group_arn;
  std::string target_group_name;
  std::string protocol;     // "" for lambda target groups
  std::optional<int> port;  // absent for lambda target groups
  std::string vpc_id;
  std::string target_type;       // "instance" | "ip" | "lambda" | "alb"
  std::string protocol_version;  // "HTTP1" | "HTTP2" | "GRPC" | ""
  std::string health_check_path;
  std::string health_check_port;  // "traffic-port" or a number, as AWS writes it
  std::optional<int> health_check_interval_seconds;
  std::optional<int> health_check_timeout_seconds;
  std::optional<int> healthy_threshold_count;
  std::optional<int> unhealthy_threshold_count;
  // Load balancers that route to this group (a group belongs to at most one).
  std::vector<std::string> load_balancer_arns;
};

struct Listener {
  std::string listener_arn;
  std::string load_balancer_arn;
  std::optional<int> port;
  std::string protocol;
  nlohmann::json default_actions = nlohmann::json::array();  // Action trees, as decoded
};

struct Rule {
  std::string rule_arn;
  std::string priority;  // "1".."50000", or "default" for a listener's default rule
  bool is_default = false;
  // Numeric priority; nullopt for the default rule.
  std::optional<int> numeric_priority;
  nlohmann::json conditions = nlohmann::json::array();  // RuleCondition trees, as decoded
  nlohmann::json actions = nlohmann::json::array();     // Action trees, as decoded
};

struct TargetHealthDescription {
  std::string target_id;
  std::optional<int> target_port;
  std::string availability_zone;
  std::string health_check_port;
  std::string state;   // "initial" | "healthy" | "unhealthy" | "unused" | "draining" | ...
  std::string reason;  // "Elb.InitialHealthChecking", ... ("" when healthy)
  std::string description;
};

// A target for DescribeTargetHealth's optional filter.
struct TargetDescription {
  std::string id;
  std::optional<int> port;
};

// Resource ARN -> (tag key -> value).
using TagsByResource = std::map<std::string, std::map<std::string, std::string>>;

// --- Decoding one element of a result tree. A malformed member is kInternal. ---
StatusOr<LoadBalancer> ParseLoadBalancer(const nlohmann::json& tree);
StatusOr<TargetGroup> ParseTargetGroup(const nlohmann::json& tree);
StatusOr<Listener> ParseListener(const nlohmann::json& tree);
StatusOr<Rule> ParseRule(const nlohmann::json& tree);
StatusOr<TargetHealthDescription> ParseTargetHealthDescription(const nlohmann::json& tree);

// --- Weighted forward actions ---

struct WeightedTargetGroup {
  std::string target_group_arn;
  int weight = 0;
  bool operator==(const WeightedTargetGroup&) const = default;
};

// The target groups a forward action sends to, in the action's order. Reads
// ForwardConfig.TargetGroups when present (a tuple without Weight counts as AWS's default, 1),
// otherwise the plain TargetGroupArn form as one group of weight 1.
// kInvalidInput when `action` is not a forward action or names no target group; kInternal when
// a weight is not an integer.
StatusOr<std::vector<WeightedTargetGroup>> ForwardTargetGroups(const nlohmann::json& action);

// Index of the single forward action in `actions` (an array of Action trees). kNotFound when
// there is none; kInvalidInput when there are several (AWS allows one).
StatusOr<size_t> FindForwardAction(const nlohmann::json& actions);

// What to do when a requested target group is not in the forward action yet.
enum class MissingTargetGroup {
  kReject,  // kInvalidInput: weights change, membership does not (I2)
  kAdd,     // append it: the prepare step, [primary] -> [primary 100, canary 0]
};

// A copy of `actions` (an array of Action trees) in which the forward action gives `first` and
// `second` their new weights. Nothing else changes, except what ModifyRule/ModifyListener need
// to accept the list back:
//  - the forward action is written in the ForwardConfig form; when ForwardConfig then holds two
//    or more groups, the redundant top-level TargetGroupArn is dropped;
//  - authenticate-oidc actions get AuthenticateOidcConfig.UseExistingClientSecret = "true" (and
//    lose any ClientSecret), because DescribeRules never returns the secret.
// Other target groups keep their weights; stickiness, Order and every other member are copied.
// kInvalidInput: no or several forward actions, weights outside 0..999, the two ARNs equal or
// empty, a group missing under kReject, more than 5 groups after kAdd, or all weights 0.
StatusOr<nlohmann::json> WithTargetGroupWeights(
    const nlohmann::json& actions, const WeightedTargetGroup& first,
    const WeightedTargetGroup& second, MissingTargetGroup missing = MissingTargetGroup::kReject);

// Appends the query parameters for an action list under `name` ("Actions" for ModifyRule,
// "DefaultActions" for ModifyListener): the trees flattened as they are, except that an empty
// AuthenticationRequestExtraParams map (decoded as "") is left out, since the query protocol
// writes an empty map as nothing at all.
void AppendActionParams(const nlohmann::json& actions, std::string_view name, QueryParams& params);

// True when the two lists split traffic the same way: every group receives the same share
// (weight / total). Groups absent from one side count as weight 0, so [A 50, B 50] equals
// [A 500, B 500] and [A 100] equals [A 100, B 0]. Two lists whose weights are all 0 are equal
// only when they name the same groups.
bool SameTrafficSplit(const std::vector<WeightedTargetGroup>& a,
                      const std::vector<WeightedTargetGroup>& b);

}  // namespace kanaria::aws::elbv2
