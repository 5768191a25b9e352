#include "model/key_policy.h"

#include <gtest/gtest.h>

#include <set>

#include "model/stage_parser.h"

namespace kanaria::model {
namespace {

TEST(KeyPolicyTableTest, RowsAreUniqueAndConsistent) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  std::set<std::string_view> schemas;
  for (const KeyRule& rule : KeyRules()) schemas.insert(rule.schema);
  for (const KeyRule& rule : KeyRules()) {
    EXPECT_TRUE(seen.emplace(rule.schema, rule.key).second) << rule.schema << " " << rule.key;
    if (rule.policy == KeyPolicy::kSupported) {
      EXPECT_TRUE(rule.why.empty()) << rule.key;
    } else {
      EXPECT_FALSE(rule.why.empty()) << rule.key;
      EXPECT_TRUE(rule.child.empty()) << rule.key;
    }
    if (!rule.child.empty() && rule.child != "with") {
      EXPECT_TRUE(schemas.contains(rule.child)) << rule.child;
    }
  }
  // Every stage that takes options has its row set; the others take none.
  for (std::string_view name : StageNames()) {
    const bool has_rows = schemas.contains("with " + std::string(name));
    const bool takes_options = name != "ECS_PRIMARY_ROLLOUT" && name != "ECS_CANARY_CLEAN";
    EXPECT_EQ(has_rows, takes_options) << name;
  }
}

TEST(KeyPolicyTableTest, Lookups) {
  ASSERT_NE(FindKeyRule("spec", "trigger"), nullptr);
  EXPECT_EQ(FindKeyRule("spec", "trigger")->policy, KeyPolicy::kIgnored);
  EXPECT_EQ(FindKeyRule("spec.input", "runStandaloneTask")->policy, KeyPolicy::kUnsupported);
  EXPECT_EQ(FindKeyRule("with ECS_CANARY_ROLLOUT", "scale")->policy, KeyPolicy::kSupported);
  EXPECT_EQ(FindKeyRule("spec", "nope"), nullptr);
  EXPECT_EQ(KeysOf("spec.input.targetGroups"),
            (std::vector<std::string_view>{"primary", "canary"}));
}

TEST(CheckConfigKeysTest, WalksNestedObjectsListsAndStageOptions) {
  StatusOr<YamlDocument> doc = ParseYamlDocument(R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  eventWatcher: []
  input:
    targetGroups:
      canary: {targetGroupArn: x, containerPort: 1, contianerName: web}
  pipeline:
    stages:
      - name: WAIT
        desc: wait a bit
        with: {duration: 1m, skipOn: {paths: [docs]}}
      - name: ECS_PRIMARY_ROLLOUT
        with: {scale: 10}
      - name: CUSTOM_THING
        with: {anything: 1}
)",
                                                 "c.yaml");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  Diagnostics d;
  CheckConfigKeys(*doc, "c.yaml", d);
  EXPECT_EQ(d.errors(),
            (std::vector<std::string>{
                "c.yaml:7: spec.input.targetGroups.canary.contianerName: unknown key; did you "
                "mean `containerName`?",
                "c.yaml:12: spec.pipeline.stages[0].with.skipOn: not supported by kanaria; "
                "skipping stages by commit message or changed paths is not implemented",
                "c.yaml:14: spec.pipeline.stages[1].with.scale: unknown key; no keys are allowed "
                "here"}));
  EXPECT_EQ(d.warnings(),
            (std::vector<std::string>{
                "c.yaml:4: spec.eventWatcher is not used by kanaria (ignored); kanaria does not "
                "watch events or update Git",
                "c.yaml:11: spec.pipeline.stages[0].desc is not used by kanaria (ignored); stage "
                "descriptions are only shown in PipeCD's UI"}));
}

TEST(CheckConfigKeysTest, AnalysisStageOptions) {
  StatusOr<YamlDocument> doc = ParseYamlDocument(R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  pipeline:
    stages:
      - name: ANALYSIS
        with:
          duration: 1m
          dynamic: {metrics: []}
          metrics:
            - {provider: p, query: q, interval: 1m, expected: {max: 1, mx: 2}, canaryArgs: {anything: x}}
          https:
            - {url: u, headers: [{key: k, valeu: v}], maxLatency: 1s}
  kanaria:
    analysisProviders: {p: {type: prometheus, whatever: 1}}
    minSample: 1
)",
                                                 "c.yaml");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  Diagnostics d;
  CheckConfigKeys(*doc, "c.yaml", d);
  // Provider declarations are checked by analysis_providers, not here.
  EXPECT_EQ(d.errors(),
            (std::vector<std::string>{
                "c.yaml:9: spec.pipeline.stages[0].with.dynamic: not supported by kanaria; "
                "PipeCD's former dynamic analysis is not implemented; use metrics with strategy "
                "CANARY_PRIMARY",
                "c.yaml:11: spec.pipeline.stages[0].with.metrics[0].expected.mx: unknown key; "
                "did you mean `max`?",
                "c.yaml:13: spec.pipeline.stages[0].with.https[0].headers[0].valeu: unknown key; "
                "did you mean `value`?",
                "c.yaml:16: spec.kanaria.minSample: unknown key; did you mean `minSamples`?"}));
}

}  // namespace
}  // namespace kanaria::model
