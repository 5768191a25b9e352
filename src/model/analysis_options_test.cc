#include "model/analysis_options.h"

#include <gtest/gtest.h>

#include "model/yaml_document.h"

namespace kanaria::model {
namespace {

using Lines = std::vector<std::string>;

// Parses `text`, a YAML document whose `with` key holds an ANALYSIS stage's options, as
// ParseStages would (file "a.yaml").
class AnalysisOptionsTest : public ::testing::Test {
 protected:
  std::optional<AnalysisStage> Parse(const std::string& text) {
    StatusOr<YamlDocument> doc = ParseYamlDocument(text, file_);
    EXPECT_TRUE(doc.ok()) << doc.status().message();
    if (!doc.ok()) return std::nullopt;
    doc_ = std::move(*doc);
    diagnostics_ = Diagnostics();
    ValueReader reader(file_, doc_.lines, diagnostics_);
    const JsonPath with = JsonPath().Key("with");
    return ParseAnalysisOptions(ValueReader::Member(&doc_.json, "with"), with, with, reader);
  }
  Lines Errors(const std::string& text) {
    EXPECT_FALSE(Parse(text).has_value());
    return diagnostics_.errors();
  }

  const std::string file_ = "a.yaml";
  YamlDocument doc_;
  Diagnostics diagnostics_;
};

TEST_F(AnalysisOptionsTest, EveryFieldIsRead) {
  std::optional<AnalysisStage> s = Parse(R"(with:
  duration: 10m
  restartThreshold: 3
  metrics:
    - provider: prom
      query: up{job="{{ .VariantCustomArgs.job }}"}
      interval: 1m
      failureLimit: 2
      skipOnNoData: true
      timeout: 5s
      expected: {min: 0.5, max: 1}
      canaryArgs: {job: canary}
    - strategy: CANARY_PRIMARY
      provider: cw
      query: q
      interval: 30s
      deviation: LOW
      canaryArgs: {tg: c}
      primaryArgs: {tg: p}
      baselineArgs: {tg: b}
  https:
    - url: http://web.internal/healthz
      method: POST
      headers:
        - {key: Host, value: web.example}
        - {key: X-Empty, value: ""}
      expectedCode: 204
      expectedResponse: ""
      interval: 10s
      failureLimit: 1
      skipOnNoData: true
      timeout: 2s
      maxLatency: 250ms
)");
  ASSERT_TRUE(s.has_value()) << ::testing::PrintToString(diagnostics_.errors());
  EXPECT_EQ(diagnostics_.warnings(), Lines{});
  EXPECT_EQ(s->duration, std::chrono::minutes(10));
  EXPECT_EQ(s->restart_threshold, 3);
  EXPECT_FALSE(s->default_elb_analysis);
  ASSERT_EQ(s->metrics.size(), 2u);
  const AnalysisMetric& m = s->metrics[0];
  EXPECT_EQ(m.strategy, AnalysisStrategy::kThreshold);
  EXPECT_EQ(m.provider, "prom");
  EXPECT_EQ(m.query, R"(up{job="{{ .VariantCustomArgs.job }}"})");  // kept as written
  EXPECT_EQ(m.interval, std::chrono::minutes(1));
  EXPECT_EQ(m.failure_limit, 2);
  EXPECT_TRUE(m.skip_on_no_data);
  EXPECT_EQ(m.timeout, std::chrono::seconds(5));
  EXPECT_EQ(m.expected_min, 0.5);
  EXPECT_EQ(m.expected_max, 1.0);
  EXPECT_EQ(m.canary_args, (std::map<std::string, std::string>{{"job", "canary"}}));
  EXPECT_EQ(m.path, "with.metrics[0]");
  EXPECT_EQ(m.where.ToString(), "a.yaml:5");
  EXPECT_EQ(m.provider_where.ToString(), "a.yaml:5");
  const AnalysisMetric& c = s->metrics[1];
  EXPECT_EQ(c.strategy, AnalysisStrategy::kCanaryPrimary);
  EXPECT_EQ(c.deviation, AnalysisDeviation::kLow);
  EXPECT_EQ(c.timeout, std::chrono::seconds(30));  // PipeCD's default
  EXPECT_EQ(c.failure_limit, 0);
  EXPECT_FALSE(c.expected_min || c.expected_max);
  EXPECT_EQ(c.primary_args.at("tg"), "p");
  EXPECT_EQ(c.baseline_args.at("tg"), "b");
  EXPECT_EQ(c.provider_where.ToString(), "a.yaml:14");
  ASSERT_EQ(s->https.size(), 1u);
  const AnalysisHttpCheck& h = s->https[0];
  EXPECT_EQ(h.url, "http://web.internal/healthz");
  EXPECT_EQ(h.method, "POST");
  ASSERT_EQ(h.headers.size(), 2u);
  EXPECT_EQ(h.headers[0].key, "Host");
  EXPECT_EQ(h.headers[0].value, "web.example");
  EXPECT_EQ(h.headers[1].value, "");
  EXPECT_EQ(h.expected_code, 204);
  EXPECT_EQ(h.expected_response, "");
  EXPECT_EQ(h.interval, std::chrono::seconds(10));
  EXPECT_EQ(h.failure_limit, 1);
  EXPECT_TRUE(h.skip_on_no_data);
  EXPECT_EQ(h.timeout, std::chrono::seconds(2));
  EXPECT_EQ(h.max_latency, std::chrono::milliseconds(250));
  EXPECT_EQ(h.where.ToString(), "a.yaml:22");
}

TEST_F(AnalysisOptionsTest, DefaultsFollowPipeCd) {
  std::optional<AnalysisStage> s = Parse(R"(with:
  duration: 5m
  metrics:
    - {provider: p, query: q, interval: 1m, expected: {max: 1}}
  https:
    - {url: "https://x", expectedCode: 200, interval: 1m}
)");
  ASSERT_TRUE(s.has_value()) << ::testing::PrintToString(diagnostics_.errors());
  EXPECT_FALSE(s->restart_threshold.has_value());
  const AnalysisMetric& m = s->metrics[0];
  EXPECT_EQ(m.strategy, AnalysisStrategy::kThreshold);
  EXPECT_EQ(m.deviation, AnalysisDeviation::kEither);
  EXPECT_EQ(m.failure_limit, 0);
  EXPECT_FALSE(m.skip_on_no_data);
  EXPECT_EQ(m.timeout, std::chrono::seconds(30));
  EXPECT_FALSE(m.expected_min.has_value());
  const AnalysisHttpCheck& h = s->https[0];
  EXPECT_EQ(h.method, "GET");
  EXPECT_EQ(h.timeout, std::chrono::seconds(30));
  EXPECT_FALSE(h.max_latency.has_value());
  EXPECT_FALSE(h.expected_response.has_value());
}

TEST_F(AnalysisOptionsTest, NoChecksIsTheDefaultAnalysis) {
  std::optional<AnalysisStage> s = Parse("with:\n  duration: 5m\n");
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->default_elb_analysis);
  EXPECT_TRUE(s->metrics.empty());
  EXPECT_TRUE(s->https.empty());
}

TEST_F(AnalysisOptionsTest, EmptyListsAreNotTheDefaultAnalysis) {
  EXPECT_EQ(Errors("with:\n  duration: 5m\n  metrics: []\n  https: []\n"),
            Lines{"a.yaml:3: with.metrics: lists no checks; give at least one metric or HTTP "
                  "check, or leave out both metrics and https for the default analysis (the "
                  "canary target group's load balancer metrics)"});
}

TEST_F(AnalysisOptionsTest, DurationIsRequired) {
  EXPECT_EQ(Errors("with:\n  restartThreshold: -1\n"),
            (Lines{"a.yaml:1: with: ANALYSIS needs `with: {duration: D}`; how long the analysis "
                   "runs, a duration above 0 such as 10m",
                   "a.yaml:2: with.restartThreshold: -1 is below 0; the number of canary task "
                   "stops tolerated, 0 or more"}));
  EXPECT_EQ(Errors("with:\n  duration: 0s\n"),
            Lines{"a.yaml:2: with.duration: 0 is not allowed; a duration above 0 such as 30s"});
}

TEST_F(AnalysisOptionsTest, MetricRequiredFields) {
  EXPECT_EQ(Errors(R"(with:
  duration: 5m
  metrics:
    - provider: ""
      failureLimit: -2
)"),
            (Lines{"a.yaml:4: with.metrics[0].provider: \"\" is empty; the name of an analysis "
                   "provider declared under spec.kanaria.analysisProviders or in kanaria's user "
                   "config",
                   "a.yaml:4: with.metrics[0]: query is missing; the query the provider runs",
                   "a.yaml:4: with.metrics[0]: expected is missing; THRESHOLD needs `expected: "
                   "{min: A, max: B}` with at least one bound (a point outside the range fails "
                   "the interval)",
                   "a.yaml:4: with.metrics[0]: interval is missing; how often the query runs, a "
                   "duration above 0 such as 1m",
                   "a.yaml:5: with.metrics[0].failureLimit: -2 is below 0; the number of failed "
                   "intervals tolerated, 0 or more"}));
}

TEST_F(AnalysisOptionsTest, StrategiesKanariaDoesNotRunAreRefused) {
  EXPECT_EQ(Errors(R"(with:
  duration: 5m
  metrics:
    - {strategy: PREVIOUS, provider: p, query: q, interval: 1m}
    - {strategy: CANARY_BASELINE, provider: p, query: q, interval: 1m}
    - {strategy: CANARY_PRIMRY, provider: p, query: q, interval: 1m}
)"),
            (Lines{"a.yaml:4: with.metrics[0].strategy: PREVIOUS is not implemented yet by "
                   "kanaria (it compares with the previous release's run of the query, which "
                   "kanaria does not keep); the strategies kanaria runs are THRESHOLD and "
                   "CANARY_PRIMARY",
                   "a.yaml:5: with.metrics[1].strategy: CANARY_BASELINE is not implemented yet by "
                   "kanaria (it needs a baseline task set, which kanaria does not create); the "
                   "strategies kanaria runs are THRESHOLD and CANARY_PRIMARY",
                   "a.yaml:6: with.metrics[2].strategy: CANARY_PRIMRY is not an analysis "
                   "strategy; did you mean `CANARY_PRIMARY`?"}));
}

TEST_F(AnalysisOptionsTest, ExpectedRange) {
  EXPECT_EQ(Errors(R"(with:
  duration: 5m
  metrics:
    - provider: p
      query: q
      interval: 1m
      expected: {}
    - provider: p
      query: q
      interval: 1m
      expected: {min: 2, max: 1.5}
    - provider: p
      query: q
      interval: 1m
      expected: {max: "1"}
)"),
            (Lines{"a.yaml:7: with.metrics[0].expected: has neither min nor max; `expected: "
                   "{min: A, max: B}` with at least one bound (a point outside the range fails "
                   "the interval)",
                   "a.yaml:11: with.metrics[1].expected: min 2 is above max 1.5; a range whose "
                   "min is at most its max",
                   "a.yaml:15: with.metrics[2].expected.max: \"1\" is a string; a number"}));
}

TEST_F(AnalysisOptionsTest, IntervalsMustFitTheDuration) {
  EXPECT_EQ(Errors(R"(with:
  duration: 5m
  metrics:
    - {provider: p, query: q, interval: 10m, expected: {max: 1}}
  https:
    - {url: "https://x", expectedCode: 200, interval: 6m}
)"),
            (Lines{"a.yaml:4: with.metrics[0].interval: 10m is longer than the stage's duration "
                   "5m; an interval at most the duration (the check runs once per interval while "
                   "the stage lasts)",
                   "a.yaml:6: with.https[0].interval: 6m is longer than the stage's duration 5m; "
                   "an interval at most the duration (the check runs once per interval while the "
                   "stage lasts)"}));
}

TEST_F(AnalysisOptionsTest, UnusedSettingsWarnAndDeviationIsChecked) {
  std::optional<AnalysisStage> s = Parse(R"(with:
  duration: 5m
  metrics:
    - {provider: p, query: q, interval: 1m, expected: {max: 1}, deviation: HIGH}
    - {strategy: CANARY_PRIMARY, provider: p, query: q, interval: 1m, expected: {max: 1}}
)");
  ASSERT_TRUE(s.has_value()) << ::testing::PrintToString(diagnostics_.errors());
  EXPECT_EQ(diagnostics_.warnings(),
            (Lines{"a.yaml:4: with.metrics[0].deviation: not used by THRESHOLD (ignored); "
                   "deviation applies to CANARY_PRIMARY",
                   "a.yaml:5: with.metrics[1].expected: not used by CANARY_PRIMARY (ignored); it "
                   "compares the canary's points with the primary's"}));
  EXPECT_EQ(Errors(R"(with:
  duration: 5m
  metrics:
    - {strategy: CANARY_PRIMARY, provider: p, query: q, interval: 1m, deviation: UP}
)"),
            Lines{"a.yaml:4: with.metrics[0].deviation: UP is not a deviation; EITHER, HIGH or "
                  "LOW (the direction in which the canary may not differ from the primary)"});
}

TEST_F(AnalysisOptionsTest, QueryPlaceholdersAndVariantArguments) {
  EXPECT_EQ(Errors(R"(with:
  duration: 5m
  metrics:
    - provider: p
      query: x{ns="{{ .K8s.Namespace }}", job="{{ .VariantCustomArgs.job }}"}
      interval: 1m
      expected: {max: 1}
    - strategy: CANARY_PRIMARY
      provider: p
      query: x{job="{{ .VariantCustomArgs.job }}", tg="{{ .VariantCustomArgs.tg }}"}
      interval: 1m
      canaryArgs: {job: a, tg: 5}
)"),
            (Lines{"a.yaml:5: with.metrics[0].query: `{{ .K8s.Namespace }}`: an ECS app has no "
                   "Kubernetes namespace; remove it (allowed: .App.Name, .App.Env, .Variant.Name, "
                   ".VariantCustomArgs.KEY, .Window)",
                   "a.yaml:5: with.metrics[0].query: {{ .VariantCustomArgs.job }} is not set in "
                   "canaryArgs; kanaria renders a THRESHOLD query for the canary, with "
                   "canaryArgs: add `job` to them",
                   "a.yaml:10: with.metrics[1].query: {{ .VariantCustomArgs.job }} is not set in "
                   "primaryArgs; CANARY_PRIMARY renders the query with canaryArgs for the canary "
                   "and primaryArgs for the primary, so both need `job`",
                   "a.yaml:10: with.metrics[1].query: {{ .VariantCustomArgs.tg }} is not set in "
                   "canaryArgs or primaryArgs; CANARY_PRIMARY renders the query with canaryArgs "
                   "for the canary and primaryArgs for the primary, so both need `tg`",
                   "a.yaml:12: with.metrics[1].canaryArgs.tg: 5 is an integer; a string (quote "
                   "numbers and booleans: \"5\")"}));
}

TEST_F(AnalysisOptionsTest, HttpCheckProblems) {
  EXPECT_EQ(Errors(R"(with:
  duration: 5m
  https:
    - url: web.internal/healthz
      method: get
      headers:
        - {value: x}
      interval: 1m
    - url: https://x
      expectedCode: 700
      interval: 1m
      timeout: 1s
      maxLatency: 1s
)"),
            (Lines{"a.yaml:4: with.https[0].url: \"web.internal/healthz\" is not an http:// or "
                   "https:// URL; the URL to request, http://... or https://...",
                   "a.yaml:4: with.https[0]: expectedCode is missing; the HTTP status the answer "
                   "must have, from 100 to 599 (PipeCD compares the status with it exactly, so "
                   "without it every check fails)",
                   "a.yaml:5: with.https[0].method: get is not an HTTP method kanaria sends; did "
                   "you mean `GET`?",
                   "a.yaml:7: with.https[0].headers[0]: key is missing; the header's name",
                   "a.yaml:10: with.https[1].expectedCode: 700 is not an HTTP status; the HTTP "
                   "status the answer must have, from 100 to 599",
                   "a.yaml:13: with.https[1].maxLatency: 1s is not below the check's timeout 1s; "
                   "a latency bound shorter than the timeout (a slower answer times out anyway)"}));
}

TEST_F(AnalysisOptionsTest, WrongShapes) {
  EXPECT_EQ(Errors("with:\n  duration: 5m\n  metrics: {provider: p}\n  https: [url]\n"),
            (Lines{"a.yaml:3: with.metrics: the value is a map; a list of metrics (`- provider: "
                   "NAME`, query, interval, ...)",
                   "a.yaml:4: with.https[0]: \"url\" is a string; an HTTP check: a map with url, "
                   "expectedCode, interval, ..."}));
}

TEST_F(AnalysisOptionsTest, ATemplateRefLeavesTheStageOutForKeyPolicyToReport) {
  EXPECT_FALSE(Parse(R"(with:
  duration: 5m
  metrics:
    - template: {name: error-rate}
)")
                   .has_value());
  EXPECT_EQ(diagnostics_.errors(), Lines{});  // key_policy says why
}

TEST(AnalysisNamesTest, Names) {
  EXPECT_EQ(AnalysisStrategyName(AnalysisStrategy::kCanaryPrimary), "CANARY_PRIMARY");
  EXPECT_EQ(AnalysisStrategyName(AnalysisStrategy::kThreshold), "THRESHOLD");
  EXPECT_EQ(AnalysisDeviationName(AnalysisDeviation::kHigh), "HIGH");
}

}  // namespace
}  // namespace kanaria::model
