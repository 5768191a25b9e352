#include "emulator/services/elbv2/actions.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <set>

#include "emulator/api_error.h"
#include "emulator/input_fields.h"

namespace kanaria::emulator::elbv2 {
namespace {

constexpr int kMaxStickinessSeconds = 604800;
constexpr int kMaxActionOrder = 50000;

bool IsTerminal(const std::string& type) {
  return type == "forward" || type == "redirect" || type == "fixed-response";
}

nlohmann::json NormalizeForward(const nlohmann::json& action,
                                const std::map<std::string, TargetGroup>& target_groups) {
  const InputFields fields(action, kValidation);
  const std::optional<std::string> top_arn = fields.String("TargetGroupArn");
  const nlohmann::json& config = fields.Object("ForwardConfig");
  if (!config.is_null() && !config.is_object()) fields.Reject("ForwardConfig must be a structure.");

  std::vector<WeightedGroup> groups;
  nlohmann::json stickiness{{"Enabled", false}};
  if (config.is_object()) {
    const InputFields forward(config, kValidation);
    for (const nlohmann::json& tuple : forward.List("TargetGroups")) {
      const InputFields item(tuple, kValidation);
      const std::string arn =
          item.RequiredString("TargetGroupArn", "A target group ARN must be specified.");
      const int64_t weight = item.Integer("Weight").value_or(1);
      if (weight < 0 || weight > kMaxTargetGroupWeight) {
        Fail(kValidation, fmt::format("Target group weight must be between 0 and {}, got {}.",
                                      kMaxTargetGroupWeight, weight));
      }
      groups.push_back({arn, static_cast<int>(weight)});
    }
    const nlohmann::json& sticky = forward.Object("TargetGroupStickinessConfig");
    if (sticky.is_object()) {
      const InputFields sticky_fields(sticky, kValidation);
      const bool enabled = sticky_fields.Bool("Enabled").value_or(false);
      stickiness = {{"Enabled", enabled}};
      const std::optional<int64_t> duration = sticky_fields.Integer("DurationSeconds");
      if (enabled && !duration) {
        Fail(kValidation,
             "The target group stickiness duration must be specified when "
             "stickiness is enabled.");
      }
      if (duration) {
        if (*duration < 1 || *duration > kMaxStickinessSeconds) {
          Fail(kValidation, fmt::format("The target group stickiness duration must be between 1 "
                                        "and {} seconds.",
                                        kMaxStickinessSeconds));
        }
        stickiness["DurationSeconds"] = *duration;
      }
    }
  }

  if (groups.empty()) {
    if (!top_arn || top_arn->empty()) {
      Fail(kValidation, "A target group ARN must be specified for a forward action.");
    }
    groups.push_back({*top_arn, 1});
  } else if (top_arn && !top_arn->empty()) {
    // AWS accepts the redundant top-level ARN only when it repeats the one group of ForwardConfig.
    if (groups.size() != 1 || groups.front().target_group_arn != *top_arn) {
      Fail(kValidation,
           "You cannot specify a target group ARN in the action and a forward "
           "configuration with other or more target groups; specify the target "
           "groups in the forward configuration only.");
    }
  }
  if (groups.size() > static_cast<size_t>(kMaxTargetGroupsPerForward)) {
    Fail("TooManyTargetGroups",
         fmt::format("You cannot specify more than {} target groups in a forward action.",
                     kMaxTargetGroupsPerForward));
  }
  std::set<std::string> seen;
  for (const WeightedGroup& group : groups) {
    if (!seen.insert(group.target_group_arn).second) {
      Fail(kValidation, fmt::format("Target group '{}' is specified more than once in the "
                                    "forward action.",
                                    group.target_group_arn));
    }
    if (target_groups.count(group.target_group_arn) == 0) {
      Fail("TargetGroupNotFound",
           fmt::format("Target groups '{}' not found", group.target_group_arn));
    }
  }

  nlohmann::json out = action;
  out.erase("TargetGroupArn");
  nlohmann::json tuples = nlohmann::json::array();
  for (const WeightedGroup& group : groups) {
    tuples.push_back({{"TargetGroupArn", group.target_group_arn}, {"Weight", group.weight}});
  }
  out["ForwardConfig"] = {{"TargetGroups", std::move(tuples)},
                          {"TargetGroupStickinessConfig", std::move(stickiness)}};
  if (groups.size() == 1) out["TargetGroupArn"] = groups.front().target_group_arn;
  return out;
}

void CheckFixedResponse(const nlohmann::json& action) {
  const InputFields fields(action, kValidation);
  const nlohmann::json& config = fields.Object("FixedResponseConfig");
  if (!config.is_object()) {
    Fail(kValidation, "A fixed-response action must have a FixedResponseConfig.");
  }
  const InputFields config_fields(config, kValidation);
  static const std::regex kStatus("^[245][0-9][0-9]$");
  const std::string status = config_fields.RequiredString("StatusCode");
  if (!std::regex_match(status, kStatus)) {
    Fail(kValidation,
         fmt::format("Status code '{}' must match the pattern ^(2|4|5)\\d\\d$.", status));
  }
  if (config_fields.String("MessageBody").value_or("").size() > 1024) {
    Fail(kValidation, "The fixed-response message body cannot be longer than 1024 characters.");
  }
}

void CheckRedirect(const nlohmann::json& action) {
  const nlohmann::json& config = InputFields(action, kValidation).Object("RedirectConfig");
  if (!config.is_object()) Fail(kValidation, "A redirect action must have a RedirectConfig.");
  const std::string status = InputFields(config, kValidation).RequiredString("StatusCode");
  if (status != "HTTP_301" && status != "HTTP_302") {
    Fail(kValidation,
         fmt::format("Redirect status code '{}' must be HTTP_301 or HTTP_302.", status));
  }
}

}  // namespace

nlohmann::json NormalizeActions(const nlohmann::json& input,
                                const std::map<std::string, TargetGroup>& target_groups) {
  const std::vector<nlohmann::json> actions =
      InputFields(nlohmann::json{{"Actions", input}}, kValidation).List("Actions");
  if (actions.empty()) Fail(kValidation, "At least one action must be specified.");

  std::vector<std::pair<int64_t, nlohmann::json>> ordered;
  std::set<int64_t> orders;
  for (size_t i = 0; i < actions.size(); ++i) {
    if (!actions[i].is_object()) Fail(kValidation, "Every action must be a structure.");
    const InputFields fields(actions[i], kValidation);
    const std::string type = fields.RequiredString("Type", "An action type must be specified.");
    const int64_t order = fields.Integer("Order").value_or(static_cast<int64_t>(i) + 1);
    if (order < 1 || order > kMaxActionOrder) {
      Fail(kValidation, fmt::format("Action order must be between 1 and {}.", kMaxActionOrder));
    }
    if (!orders.insert(order).second) {
      Fail(kValidation, fmt::format("Action order '{}' is used by more than one action.", order));
    }
    nlohmann::json action = actions[i];
    if (type == "forward") {
      action = NormalizeForward(action, target_groups);
    } else if (type == "fixed-response") {
      CheckFixedResponse(action);
    } else if (type == "redirect") {
      CheckRedirect(action);
    } else if (type == "authenticate-oidc") {
      // DescribeRules never shows the secret; a client sends UseExistingClientSecret to keep it.
      if (action.contains("AuthenticateOidcConfig") &&
          action["AuthenticateOidcConfig"].is_object()) {
        action["AuthenticateOidcConfig"].erase("ClientSecret");
        action["AuthenticateOidcConfig"].erase("UseExistingClientSecret");
      }
    } else if (type != "authenticate-cognito" && type != "jwt-validation") {
      Fail(kValidation, fmt::format("Action type '{}' must be one of [forward, "
                                    "authenticate-oidc, authenticate-cognito, redirect, "
                                    "fixed-response, jwt-validation].",
                                    type));
    }
    action["Order"] = order;
    ordered.emplace_back(order, std::move(action));
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  // An ALB runs the actions in order and stops at the first that answers: exactly one of those,
  // and it must come last.
  size_t terminals = 0;
  for (const auto& [order, action] : ordered) {
    if (IsTerminal(action["Type"].get<std::string>())) ++terminals;
  }
  if (terminals != 1) {
    Fail("InvalidLoadBalancerAction",
         "Exactly one forward, redirect or fixed-response action must be specified.");
  }
  if (!IsTerminal(ordered.back().second["Type"].get<std::string>())) {
    Fail("InvalidLoadBalancerAction",
         "A forward, redirect or fixed-response action must be the last action.");
  }
  nlohmann::json out = nlohmann::json::array();
  for (auto& [order, action] : ordered) out.push_back(std::move(action));
  return out;
}

std::vector<WeightedGroup> ForwardGroups(const nlohmann::json& action) {
  std::vector<WeightedGroup> out;
  if (!action.is_object() || action.value("Type", "") != "forward") return out;
  const auto config = action.find("ForwardConfig");
  if (config == action.end() || !config->contains("TargetGroups")) return out;
  for (const nlohmann::json& tuple : (*config)["TargetGroups"]) {
    out.push_back({tuple.value("TargetGroupArn", ""), tuple.value("Weight", 1)});
  }
  return out;
}

std::vector<std::string> ForwardedTargetGroups(const nlohmann::json& actions) {
  std::vector<std::string> out;
  if (!actions.is_array()) return out;
  for (const nlohmann::json& action : actions) {
    for (const WeightedGroup& group : ForwardGroups(action)) out.push_back(group.target_group_arn);
  }
  return out;
}

}  // namespace kanaria::emulator::elbv2
