// Listener and rule actions: validation as AWS does it, and the normalised form Describe* shows.
// ModifyRule / ModifyListener replace the whole list, so every call goes through here.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/services/elbv2/elbv2_model.h"

namespace kanaria::emulator::elbv2 {

// Validates `input` (an Actions list from the request tree) against the existing target groups
// and returns it as AWS stores it: sorted by Order (Order filled from the position when absent),
// a forward action always carries ForwardConfig (weights default 1, stickiness default off) and
// also TargetGroupArn when it names exactly one group; authenticate-oidc loses ClientSecret and
// UseExistingClientSecret (AWS never shows the secret); other configs are kept as given.
// Fails with ValidationError, InvalidLoadBalancerAction, TooManyTargetGroups (more than five
// groups in one forward) or TargetGroupNotFound.
nlohmann::json NormalizeActions(const nlohmann::json& input,
                                const std::map<std::string, TargetGroup>& target_groups);

struct WeightedGroup {
  std::string target_group_arn;
  int weight = 0;
};

// The groups of a normalised forward action, in its order.
std::vector<WeightedGroup> ForwardGroups(const nlohmann::json& action);
// Every target group a normalised action list forwards to (any weight).
std::vector<std::string> ForwardedTargetGroups(const nlohmann::json& actions);

}  // namespace kanaria::emulator::elbv2
