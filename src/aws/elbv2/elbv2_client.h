// The ELBv2 operations kanaria calls, typed, over the query protocol (ServiceClient::CallQuery).
// Describe* calls follow Marker/NextMarker to the end and return every page. Failures carry an
// AwsError (aws/aws_error.h) with the service's code, e.g. "RuleNotFound", "ListenerNotFound",
// "TargetGroupNotFound", "ValidationError", "Throttling".
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/elbv2/elbv2_types.h"
#include "aws/service_client.h"

namespace kanaria::aws::elbv2 {

// DescribeRules selects by listener or by rule ARNs (exactly one of them).
struct DescribeRulesRequest {
  std::string listener_arn;
  std::vector<std::string> rule_arns;
  std::optional<int> page_size;  // 1..400; AWS's default when unset
};

class Elbv2Client {
 public:
  static StatusOr<std::unique_ptr<Elbv2Client>> Create(std::shared_ptr<ClientContext> context);
  explicit Elbv2Client(std::unique_ptr<ServiceClient> client);

  // By ARNs and/or names; both empty lists every load balancer of the account and region.
  StatusOr<std::vector<LoadBalancer>> DescribeLoadBalancers(
      const std::vector<std::string>& load_balancer_arns,
      const std::vector<std::string>& names = {});

  // By ARNs (non-empty) ...
  StatusOr<std::vector<TargetGroup>> DescribeTargetGroups(
      const std::vector<std::string>& target_group_arns);
  // ... or every target group of one load balancer.
  StatusOr<std::vector<TargetGroup>> DescribeTargetGroupsOfLoadBalancer(
      const std::string& load_balancer_arn);

  // Every listener of one load balancer, or the named ones.
  StatusOr<std::vector<Listener>> DescribeListenersOfLoadBalancer(
      const std::string& load_balancer_arn);
  StatusOr<std::vector<Listener>> DescribeListeners(const std::vector<std::string>& listener_arns);

  // REQUIRES: exactly one of listener_arn / rule_arns is set (else kInvalidInput, no call).
  StatusOr<std::vector<Rule>> DescribeRules(const DescribeRulesRequest& request);

  // Replaces the rule's actions with `actions` (Action trees as Rule::actions holds them, e.g.
  // from WithTargetGroupWeights). Conditions and transforms are not sent, so AWS keeps them.
  // Returns the rule as AWS stored it.
  StatusOr<Rule> ModifyRule(const std::string& rule_arn, const nlohmann::json& actions);

  // Replaces the listener's default actions (its default rule). Nothing else is sent, so port,
  // protocol, certificates and policies stay. Returns the listener as AWS stored it.
  StatusOr<Listener> ModifyListener(const std::string& listener_arn,
                                    const nlohmann::json& default_actions);

  // Health of every registered target, or of `targets` only.
  StatusOr<std::vector<TargetHealthDescription>> DescribeTargetHealth(
      const std::string& target_group_arn, const std::vector<TargetDescription>& targets = {});

  // Tags of any number of resources (split into calls of 20 ARNs, AWS's limit).
  StatusOr<TagsByResource> DescribeTags(const std::vector<std::string>& resource_arns);

  ServiceClient& service_client() { return *client_; }

 private:
  // Calls `operation` page after page (Marker/NextMarker) and hands each result tree to `page`.
  Status CallAllPages(std::string_view operation, const QueryParams& params,
                      const std::function<Status(const nlohmann::json&)>& page);

  std::unique_ptr<ServiceClient> client_;
};

}  // namespace kanaria::aws::elbv2
