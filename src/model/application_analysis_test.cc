// LoadApplication with ANALYSIS stages: PipeCD's AnalysisStageOptions read as is, kanaria's
// analysis settings under spec.kanaria, providers from the user config, and every refusal with
// its file, line and key.
#include <gtest/gtest.h>

#include "model/application.h"
#include "model/test_app_dir.h"
#include "model/user_config.h"

namespace kanaria::model {
namespace {

using test_app::AppDirTest;
using test_app::kServiceDef;
using test_app::kTaskDef;
using test_app::Replace;

// The canary example with an ANALYSIS stage after the canary gets traffic. Line numbers matter.
constexpr char kAnalysisConfig[] = R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  name: canary
  input:
    serviceDefinitionFile: servicedef.yaml
    taskDefinitionFile: taskdef.yaml
    targetGroups:
      primary:
        targetGroupArn: arn:aws:elasticloadbalancing:ap-northeast-1:XXXX:targetgroup/ecs-canary-blue/YYYY
        containerName: web
        containerPort: 80
      canary:
        targetGroupArn: arn:aws:elasticloadbalancing:ap-northeast-1:XXXX:targetgroup/ecs-canary-green/ZZZZ
        containerName: web
        containerPort: 80
  pipeline:
    stages:
      - name: ECS_CANARY_ROLLOUT
        with:
          scale: 30
      - name: ECS_TRAFFIC_ROUTING
        with:
          canary: 20
      - name: ANALYSIS
        with:
          duration: 10m
          restartThreshold: 1
          metrics:
            - provider: prom
              query: sum(rate(http_requests_total{code=~"5..",variant="{{ .Variant.Name }}"}[{{ .Window }}]))
              interval: 1m
              failureLimit: 1
              expected:
                max: 0.5
            - strategy: CANARY_PRIMARY
              provider: cw
              query: SELECT AVG(TargetResponseTime) FROM "AWS/ApplicationELB" WHERE TargetGroup = '{{ .VariantCustomArgs.tg }}'
              interval: 2m
              deviation: HIGH
              skipOnNoData: true
              timeout: 10s
              canaryArgs:
                tg: targetgroup/ecs-canary-green/ZZZZ
              primaryArgs:
                tg: targetgroup/ecs-canary-blue/YYYY
          https:
            - url: https://canary.example/healthz
              method: HEAD
              headers:
                - key: Host
                  value: web.example
              expectedCode: 200
              expectedResponse: ok
              interval: 30s
              timeout: 5s
              maxLatency: 800ms
      - name: ECS_PRIMARY_ROLLOUT
      - name: ECS_TRAFFIC_ROUTING
        with:
          primary: 100
      - name: ECS_CANARY_CLEAN
  kanaria:
    analysisProviders:
      prom:
        type: prometheus
        address: http://prometheus.example:9090
        auth:
          username: kanaria
          password: s3cret-password
      cw:
        type: cloudwatch
        region: ap-northeast-1
    minSamples: 50
    onInconclusive: PASS
    significance: 0.01
    alarms: [web-5xx, web-latency]
)";

// The ANALYSIS stage of kAnalysisConfig (lines 25-57), to replace in variations.
std::string AnalysisStageText() {
  const std::string config = kAnalysisConfig;
  const size_t from = config.find("      - name: ANALYSIS\n");
  const size_t to = config.find("      - name: ECS_PRIMARY_ROLLOUT\n");
  return config.substr(from, to - from);
}

class AnalysisConfigTest : public AppDirTest {
 protected:
  void SetUp() override {
    AppDirTest::SetUp();
    Write("app.pipecd.yaml", kAnalysisConfig);
    Write("servicedef.yaml", kServiceDef);
    Write("taskdef.yaml", kTaskDef);
  }
  // kAnalysisConfig with `from` replaced by `to`.
  void Config(const std::string& from, const std::string& to) {
    Write("app.pipecd.yaml", Replace(kAnalysisConfig, from, to));
  }
  // kAnalysisConfig with its ANALYSIS stage replaced by `stage` (from line 25 on).
  void ReplaceStage(const std::string& stage) { Config(AnalysisStageText(), stage); }
  // A user config at <dir>/user/config.yaml.
  UserConfig User(const std::string& text) {
    Write("user/config.yaml", text);
    StatusOr<UserConfig> user = LoadUserConfig(U());
    EXPECT_TRUE(user.ok()) << user.status().message();
    return user.ok() ? *user : UserConfig{};
  }
  std::string C() const { return Path("app.pipecd.yaml"); }
  std::string U() const { return Path("user/config.yaml"); }
};

TEST_F(AnalysisConfigTest, FullExampleParsesIntoTheModel) {
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  ASSERT_EQ(app->stages.size(), 6u);
  const Stage& stage = app->stages[2];
  EXPECT_EQ(stage.kind, StageKind::kAnalysis);
  EXPECT_EQ(StageKindName(stage.kind), "ANALYSIS");
  EXPECT_EQ(stage.id, "stage-2");
  EXPECT_EQ(stage.where.line, 25);
  const AnalysisStage& a = stage.analysis;
  EXPECT_EQ(a.duration, std::chrono::minutes(10));
  EXPECT_EQ(a.restart_threshold, 1);
  EXPECT_FALSE(a.default_elb_analysis);

  ASSERT_EQ(a.metrics.size(), 2u);
  const AnalysisMetric& prom = a.metrics[0];
  EXPECT_EQ(prom.strategy, AnalysisStrategy::kThreshold);
  EXPECT_EQ(prom.provider, "prom");
  EXPECT_EQ(
      prom.query,
      R"(sum(rate(http_requests_total{code=~"5..",variant="{{ .Variant.Name }}"}[{{ .Window }}])))");
  EXPECT_EQ(prom.interval, std::chrono::minutes(1));
  EXPECT_EQ(prom.failure_limit, 1);
  EXPECT_FALSE(prom.expected_min.has_value());
  EXPECT_EQ(prom.expected_max, 0.5);
  EXPECT_EQ(prom.timeout, std::chrono::seconds(30));
  EXPECT_EQ(prom.path, "spec.pipeline.stages[2].with.metrics[0]");
  EXPECT_EQ(prom.provider_where.ToString(), C() + ":30");
  const AnalysisMetric& cw = a.metrics[1];
  EXPECT_EQ(cw.strategy, AnalysisStrategy::kCanaryPrimary);
  EXPECT_EQ(cw.provider, "cw");
  EXPECT_EQ(cw.interval, std::chrono::minutes(2));
  EXPECT_EQ(cw.deviation, AnalysisDeviation::kHigh);
  EXPECT_TRUE(cw.skip_on_no_data);
  EXPECT_EQ(cw.timeout, std::chrono::seconds(10));
  EXPECT_EQ(cw.canary_args.at("tg"), "targetgroup/ecs-canary-green/ZZZZ");
  EXPECT_EQ(cw.primary_args.at("tg"), "targetgroup/ecs-canary-blue/YYYY");
  EXPECT_EQ(cw.where.line, 36);

  ASSERT_EQ(a.https.size(), 1u);
  const AnalysisHttpCheck& h = a.https[0];
  EXPECT_EQ(h.url, "https://canary.example/healthz");
  EXPECT_EQ(h.method, "HEAD");
  ASSERT_EQ(h.headers.size(), 1u);
  EXPECT_EQ(h.headers[0].key, "Host");
  EXPECT_EQ(h.headers[0].value, "web.example");
  EXPECT_EQ(h.expected_code, 200);
  EXPECT_EQ(h.expected_response, "ok");
  EXPECT_EQ(h.interval, std::chrono::seconds(30));
  EXPECT_EQ(h.timeout, std::chrono::seconds(5));
  EXPECT_EQ(h.max_latency, std::chrono::milliseconds(800));
  EXPECT_EQ(h.where.line, 48);

  const KanariaOptions& k = app->kanaria;
  ASSERT_EQ(k.analysis_providers.size(), 2u);
  const AnalysisProvider& p = k.analysis_providers.at("prom");
  EXPECT_EQ(p.type, AnalysisProviderType::kPrometheus);
  EXPECT_EQ(p.address, "http://prometheus.example:9090");
  EXPECT_EQ(p.auth.kind, ProviderAuth::Kind::kBasic);
  EXPECT_EQ(p.auth.username, "kanaria");
  EXPECT_EQ(p.auth.password, "s3cret-password");
  EXPECT_EQ(p.where.ToString(), C() + ":65");
  EXPECT_EQ(k.analysis_providers.at("cw").type, AnalysisProviderType::kCloudWatch);
  EXPECT_EQ(k.analysis_providers.at("cw").region, "ap-northeast-1");
  EXPECT_EQ(k.min_samples, 50);
  EXPECT_EQ(k.on_inconclusive, KanariaOptions::Inconclusive::kPass);
  EXPECT_EQ(k.significance, 0.01);
  EXPECT_EQ(k.alarms, (std::vector<std::string>{"web-5xx", "web-latency"}));
  // Only the example task definition's describe-output member (application_test.cc).
  ASSERT_EQ(app->warnings.size(), 1u) << ::testing::PrintToString(app->warnings);
  EXPECT_EQ(app->warnings[0].find(Path("taskdef.yaml") + ":12: compatibilities:"), 0u);
}

TEST_F(AnalysisConfigTest, KanariaAnalysisDefaults) {
  Config(
      "    minSamples: 50\n    onInconclusive: PASS\n    significance: 0.01\n"
      "    alarms: [web-5xx, web-latency]\n",
      "");
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->kanaria.min_samples, 100);
  EXPECT_EQ(app->kanaria.on_inconclusive, KanariaOptions::Inconclusive::kFail);
  EXPECT_EQ(app->kanaria.significance, 0.05);
  EXPECT_TRUE(app->kanaria.alarms.empty());
}

TEST_F(AnalysisConfigTest, NoChecksOnAnElbAppIsTheDefaultAnalysis) {
  // The canary example's WAIT turned into an ANALYSIS: what kanaria refused before it had one.
  ReplaceStage("      - name: ANALYSIS\n        with:\n          duration: 10m\n");
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_TRUE(app->stages[2].analysis.default_elb_analysis);
  EXPECT_EQ(app->stages[2].analysis.duration, std::chrono::minutes(10));
}

TEST_F(AnalysisConfigTest, CloudMapNeedsExplicitMetrics) {
  const std::string cloud_map = R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  input:
    serviceDefinitionFile: servicedef.yaml
    taskDefinitionFile: taskdef.yaml
    accessType: SERVICE_DISCOVERY
  pipeline:
    stages:
      - name: ECS_CANARY_ROLLOUT
        with:
          scale: 50
      - name: ANALYSIS
        with:
          duration: 10m
      - name: ECS_PRIMARY_ROLLOUT
      - name: ECS_CANARY_CLEAN
  kanaria:
    analysisProviders:
      prom: {type: prometheus, address: "http://prometheus:9090"}
)";
  Write("app.pipecd.yaml", cloud_map);
  EXPECT_EQ(LoadError(), C() +
                             ":13: spec.pipeline.stages[1]: ANALYSIS without metrics or https is "
                             "the default analysis of the canary target group's load balancer "
                             "metrics, and a Cloud Map app has no load balancer metrics to "
                             "default to; add metrics");
  // CANARY_PRIMARY with its own metrics is fine.
  Write("app.pipecd.yaml",
        Replace(cloud_map, "          duration: 10m\n", R"(          duration: 10m
          metrics:
            - strategy: CANARY_PRIMARY
              provider: prom
              query: sum(rate(errors{variant="{{ .Variant.Name }}"}[{{ .Window }}]))
              interval: 1m
)"));
  StatusOr<Application> app = Load();
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_FALSE(app->stages[1].analysis.default_elb_analysis);
  EXPECT_EQ(app->stages[1].analysis.metrics[0].strategy, AnalysisStrategy::kCanaryPrimary);
}

TEST_F(AnalysisConfigTest, UndeclaredProviderNamesTheDeclaredOnes) {
  Config("            - provider: prom\n", "            - provider: promethues\n");
  EXPECT_EQ(LoadError(), C() +
                             ":30: spec.pipeline.stages[2].with.metrics[0].provider: promethues "
                             "is not a declared analysis provider; declared: cw, prom (declare "
                             "providers under spec.kanaria.analysisProviders or in kanaria's "
                             "user config ($XDG_CONFIG_HOME/kanaria/config.yaml or "
                             "~/.config/kanaria/config.yaml))");
  Config("            - provider: prom\n", "            - provider: prm\n");
  EXPECT_EQ(LoadErrorWith(User("analysisProviders: {}\n")),
            C() +
                ":30: spec.pipeline.stages[2].with.metrics[0].provider: prm is not a declared "
                "analysis provider; did you mean `prom`? declared: cw, prom (declare providers "
                "under spec.kanaria.analysisProviders or in " +
                U() + ")");
  // No providers anywhere.
  Config("  kanaria:\n    analysisProviders:\n", "  kanaria:\n    unused:\n");
  const std::string message = LoadError();
  EXPECT_NE(message.find(C() + ":30: spec.pipeline.stages[2].with.metrics[0].provider: prom is "
                               "not a declared analysis provider; no providers are declared: "
                               "declare it under spec.kanaria.analysisProviders or in kanaria's "
                               "user config"),
            std::string::npos)
      << message;
}

TEST_F(AnalysisConfigTest, AnalysisNeedsARunningCanary) {
  Write("app.pipecd.yaml", Replace(Replace(kAnalysisConfig, AnalysisStageText(), ""),
                                   "      - name: ECS_CANARY_ROLLOUT\n",
                                   AnalysisStageText() + "      - name: ECS_CANARY_ROLLOUT\n"));
  EXPECT_EQ(LoadError(), C() +
                             ":19: spec.pipeline.stages[0]: no canary task set runs at this "
                             "point, so there is nothing to analyse; put ANALYSIS after "
                             "ECS_CANARY_ROLLOUT");
  Write("app.pipecd.yaml", Replace(Replace(kAnalysisConfig, AnalysisStageText(), ""),
                                   "  kanaria:\n", AnalysisStageText() + "  kanaria:\n"));
  const std::string message = LoadError();
  EXPECT_NE(message.find(C() + ":30: spec.pipeline.stages[5]: the canary task set was deleted by "
                               "spec.pipeline.stages[4] before this point, so there is nothing "
                               "to analyse; put ANALYSIS before ECS_CANARY_CLEAN"),
            std::string::npos)
      << message;
}

TEST_F(AnalysisConfigTest, DefaultAnalysisNeedsCanaryTraffic) {
  Write("app.pipecd.yaml",
        Replace(Replace(kAnalysisConfig, "          canary: 20\n", "          canary: 0\n"),
                AnalysisStageText(),
                "      - name: ANALYSIS\n        with:\n          duration: 10m\n"));
  EXPECT_EQ(LoadError(), C() +
                             ":25: spec.pipeline.stages[2]: ANALYSIS without metrics or https "
                             "judges the canary target group's load balancer metrics, but the "
                             "canary receives no traffic at this point; put ECS_TRAFFIC_ROUTING "
                             "{canary: N} before it, or give the stage metrics or https");
}

TEST_F(AnalysisConfigTest, UnimplementedAndUnknownKeys) {
  ReplaceStage(R"(      - name: ANALYSIS
        with:
          duration: 10m
          logs:
            - provider: stackdriver
              query: severity=ERROR
          metrics:
            - template:
                name: error-rate
            - provider: prom
              query: up
              intervall: 1m
              expected: {max: 1}
          https:
            - url: https://x
              expectedCode: 200
              interval: 1m
              template: {name: smoke}
)");
  EXPECT_EQ(LoadError(),
            C() +
                ":28: spec.pipeline.stages[2].with.logs: not supported by kanaria; log analysis "
                "is not implemented; judge the canary with metrics or https\n" +
                C() +
                ":32: spec.pipeline.stages[2].with.metrics[0].template: not supported by "
                "kanaria; analysis templates (kind: AnalysisTemplate in the repository's .pipe/ "
                "directory) are not implemented; write the check's fields in the stage\n" +
                C() +
                ":34: spec.pipeline.stages[2].with.metrics[1]: interval is missing; how often "
                "the query runs, a duration above 0 such as 1m\n" +
                C() +
                ":36: spec.pipeline.stages[2].with.metrics[1].intervall: unknown key; did you "
                "mean `interval`?\n" +
                C() +
                ":42: spec.pipeline.stages[2].with.https[0].template: not supported by kanaria; "
                "analysis templates (kind: AnalysisTemplate in the repository's .pipe/ "
                "directory) are not implemented; write the check's fields in the stage");
}

TEST_F(AnalysisConfigTest, StageProblemsCarryFileLineAndKey) {
  ReplaceStage(R"(      - name: ANALYSIS
        with:
          duration: 5m
          metrics:
            - strategy: PREVIOUS
              provider: prom
              query: up
              interval: 1m
            - provider: prom
              query: x{ns="{{ .K8s.Namespace }}"}
              interval: 10m
              failureLimit: -1
              expected: {max: 1}
)");
  EXPECT_EQ(LoadError(),
            C() +
                ":29: spec.pipeline.stages[2].with.metrics[0].strategy: PREVIOUS is not "
                "implemented yet by kanaria (it compares with the previous release's run of "
                "the query, which kanaria does not keep); the strategies kanaria runs are "
                "THRESHOLD and CANARY_PRIMARY\n" +
                C() +
                ":34: spec.pipeline.stages[2].with.metrics[1].query: `{{ .K8s.Namespace }}`: an "
                "ECS app has no Kubernetes namespace; remove it (allowed: .App.Name, .App.Env, "
                ".Variant.Name, .VariantCustomArgs.KEY, .Window)\n" +
                C() +
                ":35: spec.pipeline.stages[2].with.metrics[1].interval: 10m is longer than the "
                "stage's duration 5m; an interval at most the duration (the check runs once "
                "per interval while the stage lasts)\n" +
                C() +
                ":36: spec.pipeline.stages[2].with.metrics[1].failureLimit: -1 is below 0; the "
                "number of failed intervals tolerated, 0 or more");
}

TEST_F(AnalysisConfigTest, KanariaAnalysisSettingProblems) {
  Config(
      "    minSamples: 50\n    onInconclusive: PASS\n    significance: 0.01\n"
      "    alarms: [web-5xx, web-latency]\n",
      "    minSamples: -1\n    onInconclusive: MAYBE\n    significance: 1.5\n"
      "    alarms: [web-5xx, web-5xx, \"\"]\n");
  EXPECT_EQ(LoadError(),
            C() +
                ":74: spec.kanaria.minSamples: -1 is out of range; the fewest points a "
                "comparison needs on each side before it can pass or fail, 0 or more\n" +
                C() +
                ":75: spec.kanaria.onInconclusive: MAYBE is not FAIL or PASS; FAIL (an analysis "
                "without enough data fails the release, the default) or PASS\n" +
                C() +
                ":76: spec.kanaria.significance: 1.5 is not between 0 and 1; a significance "
                "level above 0 and below 1, such as 0.05 (a difference whose p-value is below it "
                "fails the comparison)\n" +
                C() + ":77: spec.kanaria.alarms[1]: web-5xx is listed twice; each alarm once\n" +
                C() +
                ":77: spec.kanaria.alarms[2]: \"\" has 0 characters; a CloudWatch alarm name, 1 "
                "to 255 characters");
}

TEST_F(AnalysisConfigTest, ProviderProblemsInTheAppConfig) {
  Config("        address: http://prometheus.example:9090\n", "        adress: x\n");
  EXPECT_EQ(LoadError(), C() +
                             ":65: spec.kanaria.analysisProviders.prom: address is missing; the "
                             "Prometheus server's URL, such as http://prometheus:9090\n" +
                             C() +
                             ":67: spec.kanaria.analysisProviders.prom.adress: unknown key; did "
                             "you mean `address`?");
}

TEST_F(AnalysisConfigTest, UserConfigProvidersAndPrecedence) {
  const UserConfig user = User(R"(analysisProviders:
  prom:
    type: prometheus
    address: http://user-prometheus:9090
  shared-prom:
    type: prometheus
    address: http://shared:9090
)");
  // A metric may use a provider only the user config declares.
  Config("            - provider: prom\n", "            - provider: shared-prom\n");
  StatusOr<Application> app = LoadWith(user);
  ASSERT_TRUE(app.ok()) << app.status().message();
  const auto& providers = app->kanaria.analysis_providers;
  ASSERT_EQ(providers.size(), 3u);
  EXPECT_EQ(providers.at("shared-prom").address, "http://shared:9090");
  EXPECT_EQ(providers.at("shared-prom").where.ToString(), U() + ":5");
  // The app's declaration wins on a shared name, with a warning that says so.
  EXPECT_EQ(providers.at("prom").address, "http://prometheus.example:9090");
  EXPECT_EQ(providers.at("prom").where.ToString(), C() + ":65");
  ASSERT_EQ(app->warnings.size(), 2u) << ::testing::PrintToString(app->warnings);
  EXPECT_EQ(app->warnings[0], C() + ":65: spec.kanaria.analysisProviders.prom: also declared in " +
                                  U() +
                                  ":2; the app's declaration is used (it wins over the user "
                                  "config's)");
  // Without the user config, shared-prom is not declared.
  EXPECT_NE(LoadError().find("shared-prom is not a declared analysis provider"), std::string::npos);
}

TEST_F(AnalysisConfigTest, DigestCoversAnalysisSettingsAndTheUserProvidersInUse) {
  StatusOr<Application> base = Load();
  ASSERT_TRUE(base.ok()) << base.status().message();
  // An empty user config changes nothing.
  StatusOr<Application> with_empty_user = LoadWith(User("analysisProviders: {}\n"));
  ASSERT_TRUE(with_empty_user.ok()) << with_empty_user.status().message();
  EXPECT_EQ(with_empty_user->digest, base->digest);

  // Any analysis setting in the app config.
  Config("              failureLimit: 1\n", "              failureLimit: 2\n");
  StatusOr<Application> changed = Load();
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  EXPECT_NE(changed->digest, base->digest);
  Config("    significance: 0.01\n", "    significance: 0.02\n");
  StatusOr<Application> alpha = Load();
  ASSERT_TRUE(alpha.ok()) << alpha.status().message();
  EXPECT_NE(alpha->digest, base->digest);

  // A user provider the app uses counts; one it does not use does not.
  Config("            - provider: prom\n", "            - provider: shared\n");
  const std::string used =
      "analysisProviders:\n  shared: {type: prometheus, address: \"http://a\"}\n";
  StatusOr<Application> a = LoadWith(User(used));
  ASSERT_TRUE(a.ok()) << a.status().message();
  StatusOr<Application> b = LoadWith(User(Replace(used, "http://a", "http://b")));
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_NE(a->digest, b->digest);
  StatusOr<Application> c = LoadWith(User(used + "  other: {type: cloudwatch}\n"));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->digest, a->digest);
  // A user provider shadowed by the app's own declaration does not count either.
  Config("            - provider: prom\n", "            - provider: prom\n");
  StatusOr<Application> d = LoadWith(User("analysisProviders:\n  prom: {type: cloudwatch}\n"));
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->digest, base->digest);
}

}  // namespace
}  // namespace kanaria::model
