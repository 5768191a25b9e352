// Traffic through ELB weighted target groups: the selected listener rules forward to the primary
// and the canary target groups, and a shift rewrites only their two weights (I2).
//
// Selection (spec.kanaria): rule ARNs and/or listener ARNs (each listener's rules that forward to
// the primary target group); neither = every rule of the primary target group's load balancer
// that forwards to it.
#pragma once

#include <string>
#include <vector>

#include "aws/elbv2/elbv2_client.h"
#include "engine/routing/traffic_router.h"
#include "model/application.h"

namespace kanaria::engine {

class ElbTrafficRouter final : public TrafficRouter {
 public:
  // REQUIRES: app.primary_target_group is set (model validation guarantees it for ELB apps).
  ElbTrafficRouter(aws::elbv2::Elbv2Client& elbv2, const model::Application& app);

  Status Inspect(const aws::ecs::Service& live_service) override;
  const std::vector<Route>& routes() const override { return routes_; }
  Status ReadRoutes() override;
  bool SupportsWeights() const override { return true; }
  std::vector<PlannedCall> PlanPrepare() const override;
  Status Prepare(MutationGate& gate) override;
  std::vector<PlannedCall> PlanWeights(const std::string& step, std::vector<Route>& routes,
                                       int primary, int canary) const override;
  Status SetWeights(MutationGate& gate, const std::string& step, int primary,
                    int canary) override;
  nlohmann::json LoadBalancersFor(TaskSetRole role) const override;
  nlohmann::json ServiceRegistriesFor(TaskSetRole role) const override;
  std::string TargetGroupFor(TaskSetRole role) const override;

  std::string LoadBalancerArn() const override { return load_balancer_arn_; }

 private:
  struct SelectedRule {
    aws::elbv2::Rule rule;
    std::string listener_arn;
    std::string listener_description;  // "HTTP:80"
  };

  Status CheckTargetGroups();
  StatusOr<std::vector<SelectedRule>> ReadSelectedRules();
  // Rewrites one rule's actions and checks the answer.
  Status Rewrite(MutationGate& gate, SelectedRule& selected, const std::string& step,
                 const nlohmann::json& actions, int primary, int canary);
  Route RouteOf(const SelectedRule& selected) const;
  PlannedCall CallFor(const std::string& step, const Route& route, int primary,
                      int canary) const;
  void RefreshRoutes();

  aws::elbv2::Elbv2Client& elbv2_;
  const model::Application& app_;
  std::string primary_arn_;
  std::string canary_arn_;
  std::string load_balancer_arn_;
  std::vector<SelectedRule> selected_;
  std::vector<Route> routes_;
};

// The listener of a listener rule ARN ("...:listener-rule/app/lb/1/2/3" -> "...:listener/app/lb/1/2").
std::string ListenerOfRule(const std::string& rule_arn);
// "targetgroup/name/id" -> "name", for messages.
std::string ShortTargetGroupName(const std::string& target_group_arn);

}  // namespace kanaria::engine
