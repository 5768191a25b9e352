// AddTags, RemoveTags, DescribeTags over every taggable resource kind.
#include <fmt/format.h>

#include "emulator/api_error.h"
#include "emulator/services/elbv2/elbv2_handlers.h"

namespace kanaria::emulator::elbv2 {
namespace {

constexpr size_t kMaxResourcesPerCall = 20;

// Fails with the not-found error of the resource kind the ARN names.
void CheckExists(Elbv2State& state, const std::string& arn) {
  if (arn.find(":loadbalancer/") != std::string::npos) {
    state.LoadBalancerOrFail(arn);
  } else if (arn.find(":targetgroup/") != std::string::npos) {
    state.TargetGroupOrFail(arn);
  } else if (arn.find(":listener/") != std::string::npos) {
    state.ListenerOrFail(arn);
  } else if (arn.find(":listener-rule/") != std::string::npos) {
    state.RuleOrFail(arn);
  } else {
    Fail(kValidationError, fmt::format("'{}' is not a valid resource ARN", arn));
  }
}

std::vector<std::string> ResourceArns(Elbv2State& state, const InputFields& fields) {
  const std::vector<std::string> arns = fields.StringList("ResourceArns");
  if (arns.empty()) Fail(kValidationError, "At least one resource ARN must be specified");
  if (arns.size() > kMaxResourcesPerCall) {
    Fail(kValidationError,
         fmt::format("At most {} resource ARNs can be specified", kMaxResourcesPerCall));
  }
  for (const std::string& arn : arns) CheckExists(state, arn);
  return arns;
}

}  // namespace

nlohmann::json AddTags(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const std::vector<nlohmann::json> tags = fields.List("Tags");
  if (tags.empty()) Fail(kValidationError, "At least one tag must be specified");
  for (const std::string& arn : ResourceArns(state, fields)) ApplyTags(state, arn, tags);
  return nlohmann::json::object();
}

nlohmann::json RemoveTags(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const std::vector<std::string> keys = fields.StringList("TagKeys");
  for (const std::string& arn : ResourceArns(state, fields)) {
    auto it = state.tags().find(arn);
    if (it == state.tags().end()) continue;
    for (const std::string& key : keys) it->second.erase(key);
  }
  return nlohmann::json::object();
}

nlohmann::json DescribeTags(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& arn : ResourceArns(state, FieldsOf(input))) {
    nlohmann::json tags = nlohmann::json::array();
    for (const auto& [key, value] : state.tags()[arn]) {
      tags.push_back({{"Key", key}, {"Value", value}});
    }
    out.push_back({{"ResourceArn", arn}, {"Tags", std::move(tags)}});
  }
  return {{"TagDescriptions", std::move(out)}};
}

}  // namespace kanaria::emulator::elbv2
