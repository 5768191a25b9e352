// How traffic reaches the primary and the canary task sets, behind one interface (STYLE.md 1):
// ELB weighted target groups (routing/elb/) or Cloud Map service discovery (routing/cloudmap/).
// Routers are listed in one table (traffic_routers.cc).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/ecs/ecs_types.h"
#include "core/status.h"
#include "engine/mutation_gate.h"

namespace kanaria::engine {

// One place the router changes, e.g. one listener rule.
struct Route {
  std::string arn;           // rule ARN (or the listener ARN for a listener's default rule)
  std::string listener_arn;
  bool is_default = false;   // the listener's default rule: changed with ModifyListener
  std::string description;   // "listener :80 rule 10 (path /api/*)"
  int primary_weight = 0;
  int canary_weight = 0;
  bool has_canary = false;   // false: forwards only to the primary (the prepare step adds it)
};

enum class TaskSetRole { kPrimary, kCanary };

class TrafficRouter {
 public:
  virtual ~TrafficRouter() = default;

  // Pre-flight, read-only: reads what the router will change and checks that it can (target
  // groups exist and share one load balancer, the selected rules forward to the primary target
  // group, ...). kInvalidInput says what is wrong and where it was configured; other codes are
  // AWS failures. `live_service` is the service as pre-flight read it.
  virtual Status Inspect(const aws::ecs::Service& live_service) = 0;
  // The routes as last read (Inspect, SetWeights, ReadRoutes). Empty for Cloud Map.
  virtual const std::vector<Route>& routes() const = 0;
  // Re-reads the routes (status, verification). "Cannot verify" is an empty list.
  virtual Status ReadRoutes() = 0;

  // Whether ECS_TRAFFIC_ROUTING can set weights (Cloud Map splits by task count instead).
  virtual bool SupportsWeights() const = 0;
  // The mutating calls Prepare makes on the routes as last read.
  virtual std::vector<PlannedCall> PlanPrepare() const = 0;
  // Rewrites every selected route that forwards only to the primary into the weighted form
  // [primary 100, canary 0]. Idempotent.
  virtual Status Prepare(MutationGate& gate) = 0;
  // The calls SetWeights(primary, canary) would make on `routes` (a simulation of the state).
  virtual std::vector<PlannedCall> PlanWeights(const std::string& step,
                                               std::vector<Route>& routes, int primary,
                                               int canary) const = 0;
  // Sets every selected route to (primary, canary) weights, leaving everything else in the
  // action list as it is (I2). Skips routes already at that ratio; checks each route the call
  // returns. REQUIRES: SupportsWeights(), and the caller checked I1 for a weight it raises.
  virtual Status SetWeights(MutationGate& gate, const std::string& step, int primary,
                            int canary) = 0;

  // CreateTaskSet's loadBalancers and serviceRegistries for a task set of `role`.
  virtual nlohmann::json LoadBalancersFor(TaskSetRole role) const = 0;
  virtual nlohmann::json ServiceRegistriesFor(TaskSetRole role) const = 0;
  // The target group a task set of `role` is attached to ("" for Cloud Map).
  virtual std::string TargetGroupFor(TaskSetRole role) const = 0;
  // The load balancer whose metrics the default analysis reads; "" when there is none.
  virtual std::string LoadBalancerArn() const { return ""; }
};

}  // namespace kanaria::engine
