#include "model/key_policy.h"

#include <optional>

#include "model/nearest_name.h"
#include "model/stage_parser.h"

namespace kanaria::model {
namespace {

constexpr KeyPolicy S = KeyPolicy::kSupported;
constexpr KeyPolicy I = KeyPolicy::kIgnored;
constexpr KeyPolicy U = KeyPolicy::kUnsupported;

constexpr std::string_view kTemplate =
    "analysis templates (kind: AnalysisTemplate in the repository's .pipe/ directory) are not "
    "implemented; write the check's fields in the stage";

constexpr std::string_view kStandalone =
    "it configures PipeCD's standalone-task mode (RunTask), and kanaria releases ECS services "
    "only; set the service's own launchType/networkConfiguration in the service definition";

// References are to PipeCD's pkg/config (application.go, application_ecs.go) and the
// configuration reference at pipecd.dev (docs v0.50.x).
constexpr KeyRule kRules[] = {
    // --- the file ---
    {"", "apiVersion", S, "", ""},
    {"", "kind", S, "", ""},
    {"", "spec", S, "spec", ""},

    // --- spec (GenericApplicationSpec + ECSApplicationSpec) ---
    {"spec", "name", S, "", ""},
    {"spec", "labels", I, "", "labels only group applications in PipeCD's UI"},
    {"spec", "description", I, "", "the description is only shown in PipeCD's UI"},
    {"spec", "input", S, "spec.input", ""},
    {"spec", "pipeline", S, "spec.pipeline", ""},
    {"spec", "quickSync", S, "spec.quickSync", ""},
    {"spec", "planner", S, "spec.planner", ""},
    {"spec", "timeout", S, "", ""},
    {"spec", "kanaria", S, "spec.kanaria", ""},
    {"spec", "trigger", I, "",
     "kanaria runs when you or your CI run it, not on Git commits, commands or drift"},
    {"spec", "notification", I, "",
     "kanaria reports on its own output; PipeCD's Slack mentions do not apply"},
    {"spec", "eventWatcher", I, "", "kanaria does not watch events or update Git"},
    {"spec", "driftDetection", I, "", "drift detection is a feature of PipeCD's piped"},
    // A KubernetesApp key; PipeCD's ECSApp decoder ignores it too.
    {"spec", "variantLabel", I, "", "it is a KubernetesApp key that ECSApp does not use"},
    // Chooses quick sync or the pipeline from the commit message: without it kanaria would run
    // a pipeline where PipeCD would quick-sync, or the reverse.
    {"spec", "commitMatcher", U, "",
     "kanaria has no commit message to match; remove it and run the pipeline you want"},
    {"spec", "postSync", U, "",
     "deployment chains (postSync.chain) are not implemented; run the next release yourself"},
    {"spec", "encryption", U, "",
     "PipeCD secret decryption is not implemented; the definitions would keep the encrypted "
     "text; pass secrets with {{ must_env \"NAME\" }} or ECS secrets (secretsmanager/ssm)"},
    {"spec", "attachment", U, "",
     "file attachments are not implemented; use {{ env \"NAME\" }} templating instead"},

    // --- spec.planner ---
    // alwaysUsePipeline: PipeCD quick-syncs the first deployment unless it is true; kanaria
    // keeps the value (Application::always_use_pipeline) so the engine can do the same.
    {"spec.planner", "alwaysUsePipeline", S, "", ""},
    // pipedv1 moved autoRollback here from spec.input; both are read.
    {"spec.planner", "autoRollback", S, "", ""},

    // --- spec.input (ECSDeploymentInput) ---
    {"spec.input", "serviceDefinitionFile", S, "", ""},
    {"spec.input", "taskDefinitionFile", S, "", ""},
    {"spec.input", "targetGroups", S, "spec.input.targetGroups", ""},
    {"spec.input", "accessType", S, "", ""},
    {"spec.input", "autoRollback", S, "", ""},
    {"spec.input", "runStandaloneTask", U, "", kStandalone},
    {"spec.input", "clusterArn", U, "", kStandalone},
    {"spec.input", "launchType", U, "", kStandalone},
    {"spec.input", "awsvpcConfiguration", U, "", kStandalone},
    {"spec.input", "listenerRuleSelector", U, "",
     "select listener rules with spec.kanaria.ruleArns or spec.kanaria.listenerArns"},

    {"spec.input.targetGroups", "primary", S, "targetGroup", ""},
    {"spec.input.targetGroups", "canary", S, "targetGroup", ""},
    {"targetGroup", "targetGroupArn", S, "", ""},
    {"targetGroup", "containerName", S, "", ""},
    {"targetGroup", "containerPort", S, "", ""},
    {"targetGroup", "loadBalancerName", U, "",
     "it names a Classic Load Balancer, which has no weighted target groups; give "
     "targetGroupArn only"},

    // --- spec.quickSync (ECSSyncStageOptions) ---
    {"spec.quickSync", "recreate", S, "", ""},
    {"spec.quickSync", "forceNewDeployment", U, "",
     "forcing a new deployment of unchanged definitions is not implemented"},

    // --- spec.pipeline ---
    {"spec.pipeline", "stages", S, "stage", ""},
    {"stage", "id", S, "", ""},
    {"stage", "name", S, "", ""},
    {"stage", "desc", I, "", "stage descriptions are only shown in PipeCD's UI"},
    {"stage", "timeout", S, "", ""},
    {"stage", "with", S, "with", ""},
    {"stage", "skipOn", U, "",
     "skipping stages by commit message or changed paths is not implemented"},

    // --- stage options, per stage ---
    {"with ECS_SYNC", "recreate", S, "", ""},
    {"with ECS_SYNC", "forceNewDeployment", U, "",
     "forcing a new deployment of unchanged definitions is not implemented"},
    {"with ECS_CANARY_ROLLOUT", "scale", S, "", ""},
    {"with ECS_TRAFFIC_ROUTING", "primary", S, "", ""},
    {"with ECS_TRAFFIC_ROUTING", "canary", S, "", ""},
    {"with WAIT", "duration", S, "", ""},
    {"with WAIT", "skipOn", U, "",
     "skipping stages by commit message or changed paths is not implemented"},
    {"with WAIT_APPROVAL", "timeout", S, "", ""},
    // kanaria cannot tell who approves, so a list of approvers would not be enforced.
    {"with WAIT_APPROVAL", "approvers", U, "",
     "kanaria does not check who approves; anyone who can approve the release approves it"},
    // Read by stage_parser: 1 (PipeCD's default) is accepted, anything else refused.
    {"with WAIT_APPROVAL", "minApproverNum", S, "", ""},
    {"with WAIT_APPROVAL", "skipOn", U, "",
     "skipping stages by commit message or changed paths is not implemented"},

    // --- ANALYSIS (AnalysisStageOptions, pkg/config/application.go and analysis.go) ---
    {"with ANALYSIS", "duration", S, "", ""},
    {"with ANALYSIS", "metrics", S, "analysisMetric", ""},
    {"with ANALYSIS", "https", S, "analysisHttp", ""},
    // PipeCD reads it and does nothing with it yet (a TODO); kanaria counts canary task stops.
    {"with ANALYSIS", "restartThreshold", S, "", ""},
    {"with ANALYSIS", "logs", U, "",
     "log analysis is not implemented; judge the canary with metrics or https"},
    // Older PipeCD versions (AnalysisDynamic); since removed from PipeCD.
    {"with ANALYSIS", "dynamic", U, "",
     "PipeCD's former dynamic analysis is not implemented; use metrics with strategy "
     "CANARY_PRIMARY"},
    {"with ANALYSIS", "skipOn", U, "",
     "skipping stages by commit message or changed paths is not implemented"},

    {"analysisMetric", "strategy", S, "", ""},
    {"analysisMetric", "provider", S, "", ""},
    {"analysisMetric", "query", S, "", ""},
    {"analysisMetric", "expected", S, "analysisExpected", ""},
    {"analysisMetric", "interval", S, "", ""},
    {"analysisMetric", "failureLimit", S, "", ""},
    {"analysisMetric", "skipOnNoData", S, "", ""},
    {"analysisMetric", "timeout", S, "", ""},
    {"analysisMetric", "deviation", S, "", ""},
    // Maps of argument names chosen by the user: their keys are not checked.
    {"analysisMetric", "canaryArgs", S, "", ""},
    {"analysisMetric", "primaryArgs", S, "", ""},
    {"analysisMetric", "baselineArgs", S, "", ""},
    {"analysisMetric", "template", U, "", kTemplate},
    {"analysisExpected", "min", S, "", ""},
    {"analysisExpected", "max", S, "", ""},

    {"analysisHttp", "url", S, "", ""},
    {"analysisHttp", "method", S, "", ""},
    {"analysisHttp", "headers", S, "analysisHttpHeader", ""},
    {"analysisHttp", "expectedCode", S, "", ""},
    {"analysisHttp", "expectedResponse", S, "", ""},
    {"analysisHttp", "interval", S, "", ""},
    {"analysisHttp", "failureLimit", S, "", ""},
    {"analysisHttp", "skipOnNoData", S, "", ""},
    {"analysisHttp", "timeout", S, "", ""},
    // kanaria's addition: PipeCD's HTTP analysis has no latency bound (analysis_options.h).
    {"analysisHttp", "maxLatency", S, "", ""},
    {"analysisHttp", "template", U, "", kTemplate},
    {"analysisHttpHeader", "key", S, "", ""},
    {"analysisHttpHeader", "value", S, "", ""},

    // --- kanaria's own keys ---
    {"spec.kanaria", "listenerArns", S, "", ""},
    {"spec.kanaria", "ruleArns", S, "", ""},
    {"spec.kanaria", "stabilityTimeout", S, "", ""},
    {"spec.kanaria", "stabilityPollInterval", S, "", ""},
    {"spec.kanaria", "lockExpiry", S, "", ""},
    // A map from provider names to declarations: analysis_providers checks its keys, since the
    // user config (user_config.h) holds the same map and is not walked here.
    {"spec.kanaria", "analysisProviders", S, "", ""},
    {"spec.kanaria", "minSamples", S, "", ""},
    {"spec.kanaria", "onInconclusive", S, "", ""},
    {"spec.kanaria", "significance", S, "", ""},
    {"spec.kanaria", "alarms", S, "", ""},
};

class Walker {
 public:
  Walker(const YamlDocument& doc, const std::string& file, Diagnostics& diagnostics)
      : doc_(doc), file_(file), diagnostics_(diagnostics) {}

  void Walk(const nlohmann::json& object, std::string_view schema, const JsonPath& path,
            const nlohmann::json* stage) {
    for (const auto& [key, value] : object.items()) {
      const JsonPath child = path.Key(key);
      const SourceLocation where = LocateInLines(doc_.lines, file_, child.pointer());
      const KeyRule* rule = FindKeyRule(schema, key);
      if (rule == nullptr) {
        Unknown(schema, key, child, where, stage);
        continue;
      }
      switch (rule->policy) {
        case KeyPolicy::kIgnored:
          diagnostics_.Warning(
              where, "",
              child.display() + " is not used by kanaria (ignored); " + std::string(rule->why));
          continue;
        case KeyPolicy::kUnsupported:
          diagnostics_.Error(where, child.display(),
                             "not supported by kanaria; " + std::string(rule->why));
          continue;
        case KeyPolicy::kSupported:
          break;
      }
      if (rule->child.empty()) continue;
      if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) {
          if (value[i].is_object()) Descend(*rule, value[i], child.Index(i), object);
        }
      } else if (value.is_object()) {
        Descend(*rule, value, child, object);
      }
    }
  }

 private:
  void Descend(const KeyRule& rule, const nlohmann::json& value, const JsonPath& path,
               const nlohmann::json& parent) {
    if (rule.child == "with") {
      // The options of a stage kanaria runs; other stages are reported by stage_parser.
      const std::optional<std::string> schema = WithSchema(parent);
      if (schema) Walk(value, *schema, path, &parent);
      return;
    }
    Walk(value, rule.child, path, rule.child == "stage" ? &value : nullptr);
  }

  static std::optional<std::string> WithSchema(const nlohmann::json& stage) {
    auto name = stage.find("name");
    if (name == stage.end() || !name->is_string()) return std::nullopt;
    if (!ParseStageKind(name->get<std::string>())) return std::nullopt;
    return "with " + name->get<std::string>();
  }

  void Unknown(std::string_view schema, const std::string& key, const JsonPath& path,
               const SourceLocation& where, const nlohmann::json* stage) {
    // `scale: 10` written beside `name:` instead of under `with:`.
    if (schema == "stage" && stage != nullptr) {
      if (auto with = WithSchema(*stage); with && FindKeyRule(*with, key) != nullptr) {
        diagnostics_.Error(where, path.display(),
                           "unknown key; `" + key + "` belongs under `with:` of this stage");
        return;
      }
    }
    const std::vector<std::string_view> keys = KeysOf(schema);
    diagnostics_.Error(where, path.display(), "unknown key; " + SuggestName(key, keys));
  }

  const YamlDocument& doc_;
  const std::string& file_;
  Diagnostics& diagnostics_;
};

}  // namespace

std::span<const KeyRule> KeyRules() {
  return kRules;
}

const KeyRule* FindKeyRule(std::string_view schema, std::string_view key) {
  for (const KeyRule& rule : kRules) {
    if (rule.schema == schema && rule.key == key) return &rule;
  }
  return nullptr;
}

std::vector<std::string_view> KeysOf(std::string_view schema) {
  std::vector<std::string_view> keys;
  for (const KeyRule& rule : kRules) {
    if (rule.schema == schema) keys.push_back(rule.key);
  }
  return keys;
}

void CheckConfigKeys(const YamlDocument& doc, const std::string& file, Diagnostics& diagnostics) {
  if (!doc.json.is_object()) return;  // app_config_parser reports it
  Walker(doc, file, diagnostics).Walk(doc.json, "", JsonPath(), nullptr);
}

}  // namespace kanaria::model
