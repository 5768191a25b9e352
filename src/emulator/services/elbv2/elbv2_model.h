// The emulated ELBv2 resources as plain data. Elbv2State owns them; the operation files read and
// change them through it. Actions and conditions are kept in the form Describe* returns them
// (already normalised by actions.h / conditions.h), so output is a copy and routing reads the
// same trees the API shows.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "emulator/services/links.h"

namespace kanaria::emulator::elbv2 {

inline constexpr char kValidation[] = "ValidationError";

struct LoadBalancer {
  std::string arn;
  std::string name;
  std::string id;  // the 16 hex digits at the end of the ARN
  std::string dns_name;
  std::string scheme;  // "internet-facing" | "internal"
  std::string type;    // "application"
  std::string ip_address_type;
  std::vector<std::string> subnets;
  std::vector<std::string> security_groups;
  WallTime created;
  nlohmann::json settings;  // the create input without tags: a repeated create must match it
  uint64_t seq = 0;         // creation order, the order Describe* lists in
  std::map<std::string, std::string> attributes;  // ModifyLoadBalancerAttributes
};

// Where a target's health checks stand. The states AWS shows are derived from it together with
// the group's use and the target's draining (target_health.h).
enum class HealthPhase { kInitial, kHealthy, kUnhealthy };

struct Target {
  TargetAddress address;  // Id (an IP or instance id) and port
  WallTime registered_at;
  // Health checks happen at check_epoch + k × interval (k = 1, 2, ...): the registration, or the
  // moment the group came into use by a load balancer, whichever is later.
  WallTime check_epoch;
  int64_t checks_done = 0;
  int consecutive_passes = 0;
  int consecutive_failures = 0;
  HealthPhase phase = HealthPhase::kInitial;
  std::string failure_reason;           // "Target.Timeout" | "Target.FailedHealthChecks"
  std::optional<WallTime> drain_until;  // set while draining
};

struct TargetGroup {
  std::string arn;
  std::string name;
  std::string id;
  std::string protocol;
  std::optional<int> port;
  std::string vpc_id;
  std::string target_type;
  std::string protocol_version;
  std::string ip_address_type;
  std::string health_check_protocol;
  std::string health_check_port;  // "traffic-port" or a number
  bool health_check_enabled = true;
  std::string health_check_path;
  int health_check_interval_seconds = 30;
  int health_check_timeout_seconds = 5;
  int healthy_threshold_count = 5;
  int unhealthy_threshold_count = 2;
  nlohmann::json matcher;
  std::map<std::string, std::string> attributes;
  // Recomputed after every change to listeners and rules (Elbv2State::RefreshAssociations).
  std::set<std::string> load_balancer_arns;
  std::map<TargetAddress, Target> targets;
  nlohmann::json settings;
  uint64_t seq = 0;
};

struct Listener {
  std::string arn;
  std::string load_balancer_arn;
  std::string protocol;
  int port = 0;
  nlohmann::json certificates;  // as given (null when none)
  nlohmann::json ssl_policy;
  nlohmann::json alpn_policy;
  nlohmann::json default_actions = nlohmann::json::array();
  std::string default_rule_arn;
  nlohmann::json settings;
  uint64_t seq = 0;
};

struct Rule {
  std::string arn;
  std::string listener_arn;
  std::optional<int> priority;  // nullopt: the listener's default rule
  nlohmann::json conditions = nlohmann::json::array();
  nlohmann::json actions = nlohmann::json::array();
  uint64_t seq = 0;
  bool is_default() const { return !priority.has_value(); }
};

inline constexpr int kMinRulePriority = 1;
inline constexpr int kMaxRulePriority = 50000;
inline constexpr int kMaxTargetGroupWeight = 999;
inline constexpr int kMaxTargetGroupsPerForward = 5;
inline constexpr char kStickinessCookie[] = "AWSALBTG";

}  // namespace kanaria::emulator::elbv2
