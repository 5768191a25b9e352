#include "engine/iam_policy.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "aws/operations.h"

namespace kanaria::engine {
namespace {

struct EngineCall {
  std::string_view service;
  std::string_view operation;
};

// Every operation the engine calls (pre-flight, release, rollback, status, approve/abort).
constexpr std::array kEngineCalls = {
    EngineCall{"ecs", "DescribeServices"},        EngineCall{"ecs", "DescribeTaskDefinition"},
    EngineCall{"ecs", "RegisterTaskDefinition"},  EngineCall{"ecs", "CreateTaskSet"},
    EngineCall{"ecs", "UpdateTaskSet"},           EngineCall{"ecs", "DeleteTaskSet"},
    EngineCall{"ecs", "DescribeTaskSets"},        EngineCall{"ecs", "UpdateServicePrimaryTaskSet"},
    EngineCall{"ecs", "UpdateService"},           EngineCall{"ecs", "ListTasks"},
    EngineCall{"ecs", "DescribeTasks"},           EngineCall{"ecs", "TagResource"},
    EngineCall{"ecs", "UntagResource"},           EngineCall{"ecs", "ListTagsForResource"},
    EngineCall{"elasticloadbalancing", "DescribeTargetGroups"},
    EngineCall{"elasticloadbalancing", "DescribeListeners"},
    EngineCall{"elasticloadbalancing", "DescribeRules"},
    EngineCall{"elasticloadbalancing", "ModifyRule"},
    EngineCall{"elasticloadbalancing", "ModifyListener"},
    EngineCall{"servicediscovery", "GetService"},
    EngineCall{"sts", "GetCallerIdentity"},
    EngineCall{"monitoring", "GetMetricData"},    // ANALYSIS: CloudWatch metrics
    EngineCall{"monitoring", "DescribeAlarms"},   // ANALYSIS: alarm gates
};

// Whether the app's ANALYSIS stages read CloudWatch metrics (the default analysis or a
// cloudwatch provider) and alarms.
std::pair<bool, bool> CloudWatchUse(const model::Application& app) {
  bool metrics = false, alarms = false;
  for (const auto& stage : app.stages) {
    if (stage.kind != model::StageKind::kAnalysis) continue;
    alarms = alarms || !app.kanaria.alarms.empty();
    metrics = metrics || stage.analysis.default_elb_analysis;
    for (const auto& metric : stage.analysis.metrics) {
      auto provider = app.kanaria.analysis_providers.find(metric.provider);
      metrics = metrics || (provider != app.kanaria.analysis_providers.end() &&
                            provider->second.type == model::AnalysisProviderType::kCloudWatch);
    }
  }
  return {metrics, alarms};
}

constexpr std::string_view kPassRole = "iam:PassRole";

}  // namespace

std::vector<std::string> EngineIamActions() {
  std::vector<std::string> actions;
  for (const auto& call : kEngineCalls) {
    const aws::OperationInfo* info = aws::FindOperation(call.service, call.operation);
    if (info != nullptr && !info->iam_action.empty()) actions.emplace_back(info->iam_action);
  }
  std::sort(actions.begin(), actions.end());
  actions.erase(std::unique(actions.begin(), actions.end()), actions.end());
  return actions;
}

std::vector<std::string> IamActionsFor(const model::Application& app) {
  std::vector<std::string> actions;
  const std::string_view unused_prefix = app.access_type == model::AccessType::kElb
                                             ? "servicediscovery:"
                                             : "elasticloadbalancing:";
  const auto [metrics, alarms] = CloudWatchUse(app);
  for (const auto& action : EngineIamActions()) {
    if (std::string_view(action).starts_with(unused_prefix)) continue;
    if (action == "cloudwatch:GetMetricData" && !metrics) continue;
    if (action == "cloudwatch:DescribeAlarms" && !alarms) continue;
    actions.push_back(action);
  }
  const auto& td = app.task_definition.json;
  if (td.contains("taskRoleArn") || td.contains("executionRoleArn")) actions.emplace_back(kPassRole);
  std::sort(actions.begin(), actions.end());
  return actions;
}

nlohmann::json IamPolicyDocument() {
  return {{"Version", "2012-10-17"},
          {"Statement",
           nlohmann::json::array(
               {{{"Sid", "KanariaReleases"}, {"Effect", "Allow"}, {"Action", EngineIamActions()}, {"Resource", "*"}},
                {{"Sid", "KanariaPassTaskRoles"},
                 {"Effect", "Allow"},
                 {"Action", kPassRole},
                 {"Resource", "*"},
                 {"Condition", {{"StringLike", {{"iam:PassedToService", "ecs-tasks.amazonaws.com"}}}}}}})}};
}

}  // namespace kanaria::engine
