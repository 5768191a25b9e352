// An application as kanaria releases it: the app config (PipeCD's `kind: ECSApp` in
// app.pipecd.yaml, or kanaria.yaml with the same schema) and the service and task definitions it
// names, parsed, templated and validated once (STYLE.md 4). Everything here is immutable after
// LoadApplication returns; the engine takes it by const reference.
//
// Nothing in model/ talks to AWS: checks that need AWS (the cluster exists, the container is
// attached to the right target group, ...) are the engine's pre-flight.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"
#include "model/analysis_options.h"
#include "model/analysis_providers.h"
#include "model/definition_file.h"
#include "model/percentage.h"
#include "model/source_location.h"

namespace kanaria::model {

enum class StageKind {
  kSync,            // ECS_SYNC: the new version replaces the old at 100 % (quick sync)
  kCanaryRollout,   // ECS_CANARY_ROLLOUT {scale}
  kTrafficRouting,  // ECS_TRAFFIC_ROUTING {primary | canary}
  kPrimaryRollout,  // ECS_PRIMARY_ROLLOUT
  kCanaryClean,     // ECS_CANARY_CLEAN
  kWait,            // WAIT {duration}
  kWaitApproval,    // WAIT_APPROVAL {timeout}
  kAnalysis,        // ANALYSIS {duration, metrics, https, restartThreshold}
};

// The stage's name as PipeCD writes it ("ECS_CANARY_ROLLOUT").
std::string_view StageKindName(StageKind kind);

struct Stage {
  StageKind kind = StageKind::kSync;
  // `id` from the file, or "stage-<index>" when absent (PipeCD's planner does the same,
  // pkg/app/piped/planner/ecs/pipeline.go); unique within the pipeline.
  std::string id;
  int index = 0;         // position in the pipeline, from 0
  SourceLocation where;  // the `- name:` line
  // ECS_CANARY_ROLLOUT: the canary task set's scale (% of the service's desiredCount).
  Percentage scale;
  // ECS_TRAFFIC_ROUTING: the canary target group's share; the primary gets the rest
  // (`primary: 90` is stored as canary 10).
  Percentage canary_share;
  // ECS_SYNC: scale the old version to 0 before starting the new (downtime; quickSync.recreate
  // or the stage's `recreate`).
  bool recreate = false;
  // WAIT: how long to hold. WAIT_APPROVAL: how long to wait for an approval before failing
  // (PipeCD's default, 6 h, when absent).
  Duration duration{0};
  // The stage's own `timeout` (PipeCD's stage-level key); unset = none beyond the app's.
  std::optional<Duration> timeout;
  // ANALYSIS: what to judge and for how long (analysis_options.h).
  AnalysisStage analysis;
};

// Where `stage` is written, for messages: "spec.pipeline.stages[2]".
std::string StagePath(const Stage& stage);

enum class AccessType { kElb, kServiceDiscovery };

// One entry of `spec.input.targetGroups`.
struct TargetGroupBinding {
  std::string target_group_arn;
  std::string container_name;
  int container_port = 0;
  SourceLocation where;  // the `targetGroupArn` line
  // Where the binding is written, for messages about its container: "spec.input.targetGroups.
  // primary", the `containerName` line and the `containerPort` line.
  std::string path;
  SourceLocation container_name_where;
  SourceLocation container_port_where;
};

// kanaria's own keys, under `spec.kanaria`. Durations are unscaled (the engine divides them by
// --time-scale).
struct KanariaOptions {
  // Rule selector: listener ARNs (every rule of the listener that forwards to the primary target
  // group) and/or rule ARNs. Both empty = every rule of the primary target group's load balancer
  // that forwards to the primary target group.
  std::vector<std::string> listener_arns;
  std::vector<std::string> rule_arns;
  Duration stability_timeout = std::chrono::minutes(10);
  Duration stability_poll_interval = std::chrono::seconds(5);  // the slowest poll; it starts faster
  Duration lock_expiry = std::chrono::minutes(10);

  // Analysis (ANALYSIS stages). Providers by name: those of `analysisProviders` here merged with
  // the user config's (user_config.h), the app's declaration winning on a shared name; each
  // provider's `where` says which file declared it.
  std::map<std::string, AnalysisProvider> analysis_providers;
  // `minSamples`: a comparison (CANARY_PRIMARY, the default analysis) with fewer points than
  // this on either side is inconclusive rather than a pass or a failure.
  int min_samples = 100;
  // `onInconclusive`: what an inconclusive analysis (too few samples, no data) means.
  enum class Inconclusive { kFail, kPass };
  Inconclusive on_inconclusive = Inconclusive::kFail;
  // `significance`: the test's alpha, 0 < alpha < 1; a difference with p below it fails.
  double significance = 0.05;
  // `alarms`: CloudWatch alarm names; any of them in ALARM during an ANALYSIS stage fails it.
  std::vector<std::string> alarms;

  SourceLocation where;  // the `kanaria:` line, or the file when absent
};

struct Application {
  std::string directory;    // as given
  std::string config_file;  // path of app.pipecd.yaml or kanaria.yaml
  std::string name;         // spec.name, or the directory's base name

  DefinitionFile service_definition;  // templated; `cluster` and `serviceName` required
  DefinitionFile task_definition;     // templated; `family` and `containerDefinitions` required

  AccessType access_type = AccessType::kElb;
  std::optional<TargetGroupBinding> primary_target_group;  // required for ELB
  std::optional<TargetGroupBinding> canary_target_group;   // required by canary pipelines on ELB

  bool quick_sync_recreate = false;  // spec.quickSync.recreate
  // spec.input.autoRollback (PipeCD's ECSApp) or spec.planner.autoRollback (pipedv1's place);
  // when both are written they must agree.
  bool auto_rollback = true;
  // spec.planner.alwaysUsePipeline. PipeCD quick-syncs the first deployment of an application
  // (no previous successful commit) unless this is true; kanaria keeps the value for the engine,
  // which knows whether the service already runs a release.
  bool always_use_pipeline = false;
  Duration timeout = std::chrono::hours(6);  // spec.timeout: the whole release

  // Empty = quick sync (one ECS_SYNC stage is what runs).
  std::vector<Stage> stages;
  KanariaOptions kanaria;

  // Harmless keys that were ignored, e.g. "app.pipecd.yaml:12: spec.trigger is not used by
  // kanaria (ignored); <why>", and read-only members pasted from describe output that were
  // dropped from the task definition.
  std::vector<std::string> warnings;

  // Hex SHA-256 over the config file's bytes, both templated definitions (canonical JSON,
  // digest.h) and the user config's analysis providers the app uses:
  // the same release resumes, a different one is refused while another holds the lock.
  std::string digest;

  // The service definition's `cluster` and `serviceName`.
  const std::string& cluster() const;
  const std::string& service_name() const;
};

struct UserConfig;  // user_config.h

// Looks up an environment variable; nullopt when unset. Injected so tests need no real env.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup ProcessEnvironment();

// Reads `directory`/app.pipecd.yaml or `directory`/kanaria.yaml (both present is an error) and
// the definition files it names (relative to the directory), applies {{ env }} / {{ must_env }}
// templating to the definitions, and validates everything that can be validated without AWS.
// Every problem found is reported, not only the first: kInvalidInput whose message has one line
// per problem, each "FILE:LINE: KEY: what is wrong; what is allowed".
StatusOr<Application> LoadApplication(const std::string& directory, const EnvLookup& env);
// The same, with the analysis providers of the user's config (user_config.h, loaded by the
// caller) available to ANALYSIS metrics. The user config's providers that the app uses and does
// not declare itself count in the digest, so changing one of them makes a different release.
StatusOr<Application> LoadApplication(const std::string& directory, const EnvLookup& env,
                                      const UserConfig& user);

}  // namespace kanaria::model
