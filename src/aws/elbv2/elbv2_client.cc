#include "aws/elbv2/elbv2_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>

#include "aws/pagination.h"
#include "aws/query_fields.h"

namespace kanaria::aws::elbv2 {
namespace {

// AWS's limit on ResourceArns per DescribeTags call.
constexpr size_t kMaxTagResourcesPerCall = 20;

void AddList(std::string_view name, const std::vector<std::string>& values, QueryParams& params) {
  if (values.empty()) return;  // an empty list on the wire would be "Name=", which AWS rejects
  FlattenQueryParams(nlohmann::json{{std::string(name), values}}, "", params);
}

template <typename T>
using ItemParser = StatusOr<T> (*)(const nlohmann::json&);

// Appends every item of the list member `name` of `result`, parsed with `parse`.
template <typename T>
Status AppendParsed(const nlohmann::json& result, std::string_view name, ItemParser<T> parse,
                    std::vector<T>& out) {
  ASSIGN_OR_RETURN(std::vector<nlohmann::json> items, ListField(result, name));
  for (const auto& item : items) {
    ASSIGN_OR_RETURN(T parsed, parse(item));
    out.push_back(std::move(parsed));
  }
  return Status::Ok();
}

Status CheckActions(const nlohmann::json& actions, std::string_view what) {
  if (!actions.is_array() || actions.empty()) {
    return InvalidInputError(fmt::format("{} must be a non-empty list of actions", what));
  }
  for (const auto& action : actions) {
    if (!action.is_object() || StringField(action, "Type").empty()) {
      return InvalidInputError(fmt::format("every item of {} needs a Type", what));
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<Elbv2Client>> Elbv2Client::Create(std::shared_ptr<ClientContext> context) {
  ASSIGN_OR_RETURN(std::unique_ptr<ServiceClient> client,
                   ServiceClient::Create(kElbv2Service, std::move(context)));
  return std::make_unique<Elbv2Client>(std::move(client));
}

Elbv2Client::Elbv2Client(std::unique_ptr<ServiceClient> client) : client_(std::move(client)) {}

Status Elbv2Client::CallAllPages(std::string_view operation, const QueryParams& params,
                                 const std::function<Status(const nlohmann::json&)>& page) {
  Status status = ForEachQueryPage(
      params, kElbv2Paging,
      [&](const QueryParams& page_params) { return client_->CallQuery(operation, page_params); },
      page);
  // AWS errors already name the operation; decoding and paging errors need it added.
  if (status.ok() || AsAwsError(status) != nullptr) return status;
  return status.WithContext(fmt::format("elbv2 {}", operation));
}

StatusOr<std::vector<LoadBalancer>> Elbv2Client::DescribeLoadBalancers(
    const std::vector<std::string>& load_balancer_arns, const std::vector<std::string>& names) {
  QueryParams params;
  AddList("LoadBalancerArns", load_balancer_arns, params);
  AddList("Names", names, params);
  std::vector<LoadBalancer> out;
  RETURN_IF_ERROR(CallAllPages("DescribeLoadBalancers", params, [&](const nlohmann::json& result) {
    return AppendParsed<LoadBalancer>(result, "LoadBalancers", &ParseLoadBalancer, out);
  }));
  return out;
}

StatusOr<std::vector<TargetGroup>> Elbv2Client::DescribeTargetGroups(
    const std::vector<std::string>& target_group_arns) {
  if (target_group_arns.empty()) return InvalidInputError("DescribeTargetGroups needs ARNs");
  QueryParams params;
  AddList("TargetGroupArns", target_group_arns, params);
  std::vector<TargetGroup> out;
  RETURN_IF_ERROR(CallAllPages("DescribeTargetGroups", params, [&](const nlohmann::json& result) {
    return AppendParsed<TargetGroup>(result, "TargetGroups", &ParseTargetGroup, out);
  }));
  return out;
}

StatusOr<std::vector<TargetGroup>> Elbv2Client::DescribeTargetGroupsOfLoadBalancer(
    const std::string& load_balancer_arn) {
  if (load_balancer_arn.empty()) return InvalidInputError("load balancer ARN is empty");
  const QueryParams params{{"LoadBalancerArn", load_balancer_arn}};
  std::vector<TargetGroup> out;
  RETURN_IF_ERROR(CallAllPages("DescribeTargetGroups", params, [&](const nlohmann::json& result) {
    return AppendParsed<TargetGroup>(result, "TargetGroups", &ParseTargetGroup, out);
  }));
  return out;
}

StatusOr<std::vector<Listener>> Elbv2Client::DescribeListenersOfLoadBalancer(
    const std::string& load_balancer_arn) {
  if (load_balancer_arn.empty()) return InvalidInputError("load balancer ARN is empty");
  const QueryParams params{{"LoadBalancerArn", load_balancer_arn}};
  std::vector<Listener> out;
  RETURN_IF_ERROR(CallAllPages("DescribeListeners", params, [&](const nlohmann::json& result) {
    return AppendParsed<Listener>(result, "Listeners", &ParseListener, out);
  }));
  return out;
}

StatusOr<std::vector<Listener>> Elbv2Client::DescribeListeners(
    const std::vector<std::string>& listener_arns) {
  if (listener_arns.empty()) return InvalidInputError("DescribeListeners needs ARNs");
  QueryParams params;
  AddList("ListenerArns", listener_arns, params);
  std::vector<Listener> out;
  RETURN_IF_ERROR(CallAllPages("DescribeListeners", params, [&](const nlohmann::json& result) {
    return AppendParsed<Listener>(result, "Listeners", &ParseListener, out);
  }));
  return out;
}

StatusOr<std::vector<Rule>> Elbv2Client::DescribeRules(const DescribeRulesRequest& request) {
  if (request.listener_arn.empty() == request.rule_arns.empty()) {
    return InvalidInputError("DescribeRules needs a listener ARN or rule ARNs (exactly one)");
  }
  QueryParams params;
  if (!request.listener_arn.empty()) params.emplace_back("ListenerArn", request.listener_arn);
  AddList("RuleArns", request.rule_arns, params);
  if (request.page_size) params.emplace_back("PageSize", std::to_string(*request.page_size));
  std::vector<Rule> out;
  RETURN_IF_ERROR(CallAllPages("DescribeRules", params, [&](const nlohmann::json& result) {
    return AppendParsed<Rule>(result, "Rules", &ParseRule, out);
  }));
  return out;
}

StatusOr<Rule> Elbv2Client::ModifyRule(const std::string& rule_arn, const nlohmann::json& actions) {
  if (rule_arn.empty()) return InvalidInputError("rule ARN is empty");
  RETURN_IF_ERROR(CheckActions(actions, "ModifyRule actions"));
  QueryParams params{{"RuleArn", rule_arn}};
  AppendActionParams(actions, "Actions", params);
  ASSIGN_OR_RETURN(nlohmann::json result, client_->CallQuery("ModifyRule", params));
  std::vector<Rule> rules;
  RETURN_IF_ERROR(
      AppendParsed<Rule>(result, "Rules", &ParseRule, rules).WithContext("elbv2 ModifyRule"));
  if (rules.size() != 1) {
    return InternalError(
        fmt::format("elbv2 ModifyRule returned {} rules, expected 1", rules.size()));
  }
  return std::move(rules.front());
}

StatusOr<Listener> Elbv2Client::ModifyListener(const std::string& listener_arn,
                                               const nlohmann::json& default_actions) {
  if (listener_arn.empty()) return InvalidInputError("listener ARN is empty");
  RETURN_IF_ERROR(CheckActions(default_actions, "ModifyListener default actions"));
  QueryParams params{{"ListenerArn", listener_arn}};
  AppendActionParams(default_actions, "DefaultActions", params);
  ASSIGN_OR_RETURN(nlohmann::json result, client_->CallQuery("ModifyListener", params));
  std::vector<Listener> listeners;
  RETURN_IF_ERROR(AppendParsed<Listener>(result, "Listeners", &ParseListener, listeners)
                      .WithContext("elbv2 ModifyListener"));
  if (listeners.size() != 1) {
    return InternalError(
        fmt::format("elbv2 ModifyListener returned {} listeners, expected 1", listeners.size()));
  }
  return std::move(listeners.front());
}

StatusOr<std::vector<TargetHealthDescription>> Elbv2Client::DescribeTargetHealth(
    const std::string& target_group_arn, const std::vector<TargetDescription>& targets) {
  if (target_group_arn.empty()) return InvalidInputError("target group ARN is empty");
  QueryParams params{{"TargetGroupArn", target_group_arn}};
  if (!targets.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& target : targets) {
      nlohmann::json item{{"Id", target.id}};
      if (target.port) item["Port"] = std::to_string(*target.port);
      list.push_back(std::move(item));
    }
    FlattenQueryParams(nlohmann::json{{"Targets", std::move(list)}}, "", params);
  }
  ASSIGN_OR_RETURN(nlohmann::json result, client_->CallQuery("DescribeTargetHealth", params));
  std::vector<TargetHealthDescription> out;
  RETURN_IF_ERROR(AppendParsed<TargetHealthDescription>(result, "TargetHealthDescriptions",
                                                        &ParseTargetHealthDescription, out)
                      .WithContext("elbv2 DescribeTargetHealth"));
  return out;
}

StatusOr<TagsByResource> Elbv2Client::DescribeTags(const std::vector<std::string>& resource_arns) {
  TagsByResource out;
  for (size_t start = 0; start < resource_arns.size(); start += kMaxTagResourcesPerCall) {
    const size_t end = std::min(resource_arns.size(), start + kMaxTagResourcesPerCall);
    QueryParams params;
    const std::vector<std::string> batch(resource_arns.begin() + static_cast<std::ptrdiff_t>(start),
                                         resource_arns.begin() + static_cast<std::ptrdiff_t>(end));
    AddList("ResourceArns", batch, params);
    ASSIGN_OR_RETURN(nlohmann::json result, client_->CallQuery("DescribeTags", params));
    ASSIGN_OR_RETURN(std::vector<nlohmann::json> descriptions,
                     ListField(result, "TagDescriptions"));
    for (const auto& description : descriptions) {
      auto& tags = out[StringField(description, "ResourceArn")];
      ASSIGN_OR_RETURN(std::vector<nlohmann::json> tag_list, ListField(description, "Tags"));
      for (const auto& tag : tag_list) tags[StringField(tag, "Key")] = StringField(tag, "Value");
    }
  }
  return out;
}

}  // namespace kanaria::aws::elbv2
