#include "emulator/faults.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

namespace kanaria::emulator {
namespace {

Status Invalid(std::string message) { return Status(StatusCode::kInvalidInput, std::move(message)); }

Status CheckKeys(const nlohmann::json& item, const std::set<std::string>& allowed,
                 std::string_view where) {
  if (!item.is_object()) return Invalid(fmt::format("{} must be an object", where));
  for (const auto& [key, value] : item.items()) {
    if (!allowed.count(key)) {
      std::string names;
      for (const std::string& name : allowed) names += (names.empty() ? "" : ", ") + name;
      return Invalid(fmt::format("{}: unknown field \"{}\" (allowed: {})", where, key, names));
    }
  }
  return Status();
}

Status ReadRate(const nlohmann::json& item, const char* key, std::string_view where, double& out) {
  if (!item.contains(key)) return Status();
  const nlohmann::json& value = item.at(key);
  if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 1) {
    return Invalid(fmt::format("{}.{} must be a number from 0 to 1", where, key));
  }
  out = value.get<double>();
  return Status();
}

StatusOr<ApiFault> ParseApiFault(const nlohmann::json& item, std::string_view where) {
  RETURN_IF_ERROR(CheckKeys(item,
                            {"service", "operation", "throttleRate", "error500Rate",
                             "error503Rate", "latencyMs", "dropRate", "responseLostRate",
                             "accessDeniedRate", "count", "skip"},
                            where));
  ApiFault fault;
  if (!item.contains("service") || !item["service"].is_string()) {
    return Invalid(fmt::format(
        "{}.service must name a service (ecs, elasticloadbalancing, servicediscovery, "
        "monitoring, sts)",
        where));
  }
  fault.service = item["service"].get<std::string>();
  if (item.contains("operation")) {
    if (!item["operation"].is_string()) return Invalid(fmt::format("{}.operation must be a string", where));
    fault.operation = item["operation"].get<std::string>();
  }
  RETURN_IF_ERROR(ReadRate(item, "throttleRate", where, fault.throttle_rate));
  RETURN_IF_ERROR(ReadRate(item, "error500Rate", where, fault.error500_rate));
  RETURN_IF_ERROR(ReadRate(item, "error503Rate", where, fault.error503_rate));
  RETURN_IF_ERROR(ReadRate(item, "dropRate", where, fault.drop_rate));
  RETURN_IF_ERROR(ReadRate(item, "responseLostRate", where, fault.response_lost_rate));
  RETURN_IF_ERROR(ReadRate(item, "accessDeniedRate", where, fault.access_denied_rate));
  if (item.contains("latencyMs")) {
    const nlohmann::json& latency = item["latencyMs"];
    if (!latency.is_number() || latency.get<double>() < 0 || latency.get<double>() > 60000) {
      return Invalid(fmt::format("{}.latencyMs must be a number from 0 to 60000", where));
    }
    fault.latency_ms = latency.get<double>();
  }
  if (item.contains("count")) {
    const nlohmann::json& count = item["count"];
    if (!count.is_number_integer() || count.get<int64_t>() < 1) {
      return Invalid(fmt::format("{}.count must be a whole number of calls, 1 or more", where));
    }
    fault.count = count.get<int>();
  }
  if (item.contains("skip")) {
    const nlohmann::json& skip = item["skip"];
    if (!skip.is_number_integer() || skip.get<int64_t>() < 0) {
      return Invalid(fmt::format("{}.skip must be a whole number of calls, 0 or more", where));
    }
    fault.skip = skip.get<int>();
  }
  return fault;
}

StatusOr<TaskDefinitionFault> ParseTaskDefinitionFault(const nlohmann::json& item,
                                                       std::string_view where) {
  RETURN_IF_ERROR(CheckKeys(
      item, {"taskDefinition", "startFailure", "unhealthyAfterStart", "stuckStabilizing"}, where));
  TaskDefinitionFault fault;
  if (!item.contains("taskDefinition") || !item["taskDefinition"].is_string() ||
      item["taskDefinition"].get<std::string>().empty()) {
    return Invalid(fmt::format("{}.taskDefinition must be \"family\" or \"family:revision\"", where));
  }
  fault.task_definition = item["taskDefinition"].get<std::string>();
  if (item.contains("startFailure")) {
    if (!item["startFailure"].is_string()) return Invalid(fmt::format("{}.startFailure must be a string", where));
    fault.start_failure = item["startFailure"].get<std::string>();
  }
  for (const auto& [key, field] : {std::pair{"unhealthyAfterStart", &fault.unhealthy_after_start},
                                   std::pair{"stuckStabilizing", &fault.stuck_stabilizing}}) {
    if (!item.contains(key)) continue;
    if (!item[key].is_boolean()) return Invalid(fmt::format("{}.{} must be true or false", where, key));
    *field = item[key].get<bool>();
  }
  return fault;
}

}  // namespace

Status Faults::AddFromJson(const nlohmann::json& body) {
  RETURN_IF_ERROR(CheckKeys(body, {"api", "taskDefinitions"}, "body"));
  std::vector<ApiFault> api;
  std::vector<TaskDefinitionFault> task_definitions;
  // Parse everything before adding anything: a bad entry adds nothing.
  if (body.contains("api")) {
    if (!body["api"].is_array()) return Invalid("api must be a list");
    for (size_t i = 0; i < body["api"].size(); ++i) {
      ASSIGN_OR_RETURN(ApiFault fault, ParseApiFault(body["api"][i], fmt::format("api[{}]", i)));
      api.push_back(std::move(fault));
    }
  }
  if (body.contains("taskDefinitions")) {
    if (!body["taskDefinitions"].is_array()) return Invalid("taskDefinitions must be a list");
    for (size_t i = 0; i < body["taskDefinitions"].size(); ++i) {
      ASSIGN_OR_RETURN(TaskDefinitionFault fault,
                       ParseTaskDefinitionFault(body["taskDefinitions"][i],
                                                fmt::format("taskDefinitions[{}]", i)));
      task_definitions.push_back(std::move(fault));
    }
  }
  for (ApiFault& fault : api) Add(std::move(fault));
  for (TaskDefinitionFault& fault : task_definitions) Add(std::move(fault));
  return Status();
}

void Faults::Add(ApiFault fault) {
  std::lock_guard<std::mutex> lock(mu_);
  api_.push_back(std::move(fault));
}

void Faults::Add(TaskDefinitionFault fault) {
  std::lock_guard<std::mutex> lock(mu_);
  task_definitions_.push_back(std::move(fault));
}

void Faults::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  api_.clear();
  task_definitions_.clear();
}

nlohmann::json Faults::ToJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json out = {{"api", nlohmann::json::array()}, {"taskDefinitions", nlohmann::json::array()}};
  for (const ApiFault& f : api_) {
    out["api"].push_back({{"service", f.service}, {"operation", f.operation},
                          {"throttleRate", f.throttle_rate}, {"error500Rate", f.error500_rate},
                          {"error503Rate", f.error503_rate}, {"latencyMs", f.latency_ms},
                          {"dropRate", f.drop_rate}, {"responseLostRate", f.response_lost_rate},
                          {"accessDeniedRate", f.access_denied_rate}});
    if (f.count) out["api"].back()["count"] = *f.count;
    if (f.skip > 0) out["api"].back()["skip"] = f.skip;
  }
  for (const TaskDefinitionFault& f : task_definitions_) {
    out["taskDefinitions"].push_back({{"taskDefinition", f.task_definition},
                                      {"startFailure", f.start_failure},
                                      {"unhealthyAfterStart", f.unhealthy_after_start},
                                      {"stuckStabilizing", f.stuck_stabilizing}});
  }
  return out;
}

ApiFaultDecision Faults::Decide(std::string_view service, std::string_view operation) {
  std::vector<ApiFault> matching;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (ApiFault& fault : api_) {
      if (fault.service == service && (fault.operation == "*" || fault.operation == operation)) {
        if (fault.skip > 0) {
          --fault.skip;
          continue;
        }
        matching.push_back(fault);
        if (fault.count) --*fault.count;
      }
    }
    std::erase_if(api_, [](const ApiFault& fault) { return fault.count && *fault.count <= 0; });
  }
  ApiFaultDecision decision;
  if (matching.empty()) return decision;
  const std::string stream = fmt::format("fault/{}/{}", service, operation);
  for (const ApiFault& fault : matching) {
    decision.latency_ms += fault.latency_ms;
    // One draw per fault kind, in a fixed order, so a seeded sequence replays.
    const std::pair<double, ApiFaultDecision::Outcome> kinds[] = {
        {fault.drop_rate, ApiFaultDecision::Outcome::kDrop},
        {fault.throttle_rate, ApiFaultDecision::Outcome::kThrottle},
        {fault.error500_rate, ApiFaultDecision::Outcome::kError500},
        {fault.error503_rate, ApiFaultDecision::Outcome::kError503},
        {fault.response_lost_rate, ApiFaultDecision::Outcome::kResponseLost},
        {fault.access_denied_rate, ApiFaultDecision::Outcome::kAccessDenied},
    };
    for (const auto& [rate, outcome] : kinds) {
      if (rate <= 0) continue;
      const double draw = random_->Next(stream);
      if (decision.outcome == ApiFaultDecision::Outcome::kNone && draw < rate) {
        decision.outcome = outcome;
      }
    }
  }
  return decision;
}

std::optional<TaskDefinitionFault> Faults::ForTaskDefinition(std::string_view family,
                                                             int revision) const {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string exact = fmt::format("{}:{}", family, revision);
  std::optional<TaskDefinitionFault> by_family;
  for (auto it = task_definitions_.rbegin(); it != task_definitions_.rend(); ++it) {
    if (it->task_definition == exact) return *it;
    if (!by_family && it->task_definition == family) by_family = *it;
  }
  return by_family;
}

}  // namespace kanaria::emulator
