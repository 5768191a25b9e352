#include "model/analysis_options.h"

#include <fmt/format.h>

#include <limits>
#include <span>

#include "model/duration.h"
#include "model/nearest_name.h"
#include "model/query_template.h"

namespace kanaria::model {
namespace {

struct StrategyRow {
  AnalysisStrategy strategy;
  std::string_view name;
  // Empty = implemented; else why it is refused.
  std::string_view not_implemented;
};

constexpr StrategyRow kStrategies[] = {
    {AnalysisStrategy::kThreshold, "THRESHOLD", ""},
    {AnalysisStrategy::kPrevious, "PREVIOUS",
     "it compares with the previous release's run of the query, which kanaria does not keep"},
    {AnalysisStrategy::kCanaryBaseline, "CANARY_BASELINE",
     "it needs a baseline task set, which kanaria does not create"},
    {AnalysisStrategy::kCanaryPrimary, "CANARY_PRIMARY", ""},
};
constexpr std::string_view kImplementedStrategies[] = {"THRESHOLD", "CANARY_PRIMARY"};

struct DeviationRow {
  AnalysisDeviation deviation;
  std::string_view name;
};
constexpr DeviationRow kDeviations[] = {
    {AnalysisDeviation::kEither, "EITHER"},
    {AnalysisDeviation::kHigh, "HIGH"},
    {AnalysisDeviation::kLow, "LOW"},
};

constexpr std::string_view kMethods[] = {"GET",   "HEAD",   "POST",   "PUT",
                                         "PATCH", "DELETE", "OPTIONS"};

std::string JoinNames(std::span<const std::string_view> names, std::string_view last_separator) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out.append(i + 1 == names.size() ? last_separator : ", ");
    out.append(names[i]);
  }
  return out;
}

class AnalysisReader {
 public:
  explicit AnalysisReader(ValueReader& reader) : reader_(reader) {}

  std::optional<AnalysisStage> Read(const nlohmann::json* with, const JsonPath& path,
                                    const JsonPath& missing_at) {
    const size_t errors_before = reader_.diagnostics().error_count();
    AnalysisStage stage;
    std::optional<Duration> duration;
    const nlohmann::json* duration_value = ValueReader::Member(with, "duration");
    if (duration_value == nullptr) {
      reader_.Error(missing_at,
                    "ANALYSIS needs `with: {duration: D}`; how long the analysis runs, a "
                    "duration above 0 such as 10m");
    } else {
      duration = reader_.DurationValue(duration_value, path.Key("duration"), /*positive=*/true);
      if (duration) stage.duration = *duration;
    }
    stage.restart_threshold =
        NonNegativeInt(ValueReader::Member(with, "restartThreshold"), path.Key("restartThreshold"),
                       "the number of canary task stops tolerated, 0 or more");

    const JsonPath metrics_path = path.Key("metrics");
    if (const nlohmann::json* list = List(with, "metrics", metrics_path,
                                          "a list of metrics (`- provider: NAME`, query, "
                                          "interval, ...)")) {
      for (size_t i = 0; i < list->size(); ++i) {
        if (auto m = ReadMetric((*list)[i], metrics_path.Index(i), duration)) {
          stage.metrics.push_back(std::move(*m));
        }
      }
    }
    const JsonPath https_path = path.Key("https");
    if (const nlohmann::json* list =
            List(with, "https", https_path, "a list of HTTP checks (`- url: URL`, ...)")) {
      for (size_t i = 0; i < list->size(); ++i) {
        if (auto h = ReadHttp((*list)[i], https_path.Index(i), duration)) {
          stage.https.push_back(std::move(*h));
        }
      }
    }
    const nlohmann::json* metrics = ValueReader::Member(with, "metrics");
    const nlohmann::json* https = ValueReader::Member(with, "https");
    stage.default_elb_analysis =
        metrics == nullptr && https == nullptr && ValueReader::Member(with, "logs") == nullptr;
    // `metrics: []` would be an analysis that judges nothing: a WAIT that claims otherwise.
    const auto written = [](const nlohmann::json* list) {
      return list != nullptr && list->is_array() ? list->size() : 0;
    };
    if ((metrics != nullptr || https != nullptr) && written(metrics) + written(https) == 0 &&
        ValueReader::Member(with, "logs") == nullptr) {
      reader_.Error(metrics != nullptr ? metrics_path : https_path,
                    "lists no checks; give at least one metric or HTTP check, or leave out both "
                    "metrics and https for the default analysis (the canary target group's load "
                    "balancer metrics)");
    }
    if (reader_.diagnostics().error_count() != errors_before || skipped_template_) {
      return std::nullopt;
    }
    return stage;
  }

 private:
  const nlohmann::json* List(const nlohmann::json* with, std::string_view key, const JsonPath& path,
                             std::string_view allowed) {
    const nlohmann::json* value = ValueReader::Member(with, key);
    if (value == nullptr) return nullptr;
    if (!value->is_array()) {
      reader_.WrongType(*value, path, allowed);
      return nullptr;
    }
    return value;
  }

  std::optional<AnalysisMetric> ReadMetric(const nlohmann::json& value, const JsonPath& path,
                                           const std::optional<Duration>& duration) {
    if (!reader_.IsObject(&value, path,
                          "a metric: a map with provider, query, interval and, for THRESHOLD, "
                          "expected")) {
      return std::nullopt;
    }
    // Its fields would come from an AnalysisTemplate; key_policy refuses `template`.
    if (ValueReader::Member(&value, "template") != nullptr) {
      skipped_template_ = true;
      return std::nullopt;
    }
    const size_t errors_before = reader_.diagnostics().error_count();
    AnalysisMetric m;
    m.path = path.display();
    m.where = reader_.Where(path);

    const JsonPath strategy_path = path.Key("strategy");
    const nlohmann::json* strategy_value = ValueReader::Member(&value, "strategy");
    bool strategy_ok = true;
    if (strategy_value != nullptr) {
      std::optional<std::string> text =
          reader_.String(strategy_value, strategy_path, "THRESHOLD or CANARY_PRIMARY");
      strategy_ok = text && ReadStrategy(*text, strategy_path, m);
    }

    const JsonPath provider_path = path.Key("provider");
    m.provider_where = reader_.Where(provider_path);
    m.provider = RequiredString(&value, "provider", path,
                                "the name of an analysis provider declared under "
                                "spec.kanaria.analysisProviders or in kanaria's user config");

    const JsonPath query_path = path.Key("query");
    m.query = RequiredString(&value, "query", path, "the query the provider runs");
    const QueryTemplateCheck placeholders = CheckQueryTemplate(m.query);
    for (const std::string& problem : placeholders.problems) reader_.Error(query_path, problem);

    // The checks that depend on the strategy are left out when it is wrong: they would talk
    // about a strategy the user did not write.
    if (strategy_ok) ReadExpected(value, path, m);

    m.interval = RequiredInterval(&value, path, duration,
                                  "how often the query runs, a duration above 0 such as 1m");
    if (auto n =
            NonNegativeInt(ValueReader::Member(&value, "failureLimit"), path.Key("failureLimit"),
                           "the number of failed intervals tolerated, 0 or more")) {
      m.failure_limit = *n;
    }
    m.skip_on_no_data =
        reader_.Bool(ValueReader::Member(&value, "skipOnNoData"), path.Key("skipOnNoData"))
            .value_or(false);
    if (auto d = reader_.DurationValue(ValueReader::Member(&value, "timeout"), path.Key("timeout"),
                                       /*positive=*/true)) {
      m.timeout = *d;
    }

    const JsonPath deviation_path = path.Key("deviation");
    const nlohmann::json* deviation_value = ValueReader::Member(&value, "deviation");
    if (auto text = reader_.String(deviation_value, deviation_path, "EITHER, HIGH or LOW")) {
      const DeviationRow* row = nullptr;
      for (const DeviationRow& r : kDeviations) {
        if (r.name == *text) row = &r;
      }
      if (row == nullptr) {
        reader_.Error(deviation_path,
                      fmt::format("{} is not a deviation; EITHER, HIGH or LOW (the direction in "
                                  "which the canary may not differ from the primary)",
                                  *text));
      } else {
        m.deviation = row->deviation;
        if (strategy_ok && m.strategy == AnalysisStrategy::kThreshold) {
          reader_.Warning(deviation_path,
                          "not used by THRESHOLD (ignored); deviation applies to CANARY_PRIMARY");
        }
      }
    }

    ReadStringMap(ValueReader::Member(&value, "canaryArgs"), path.Key("canaryArgs"), m.canary_args);
    ReadStringMap(ValueReader::Member(&value, "primaryArgs"), path.Key("primaryArgs"),
                  m.primary_args);
    ReadStringMap(ValueReader::Member(&value, "baselineArgs"), path.Key("baselineArgs"),
                  m.baseline_args);
    if (strategy_ok) CheckVariantArgs(placeholders.variant_args, query_path, m);

    if (reader_.diagnostics().error_count() != errors_before) return std::nullopt;
    return m;
  }

  bool ReadStrategy(const std::string& text, const JsonPath& path, AnalysisMetric& m) {
    for (const StrategyRow& row : kStrategies) {
      if (row.name != text) continue;
      if (!row.not_implemented.empty()) {
        reader_.Error(path, fmt::format("{} is not implemented yet by kanaria ({}); the "
                                        "strategies kanaria runs are THRESHOLD and CANARY_PRIMARY",
                                        text, row.not_implemented));
        return false;
      }
      m.strategy = row.strategy;
      return true;
    }
    reader_.Error(path, fmt::format("{} is not an analysis strategy; {}", text,
                                    SuggestName(text, kImplementedStrategies)));
    return false;
  }

  void ReadExpected(const nlohmann::json& value, const JsonPath& path, AnalysisMetric& m) {
    const JsonPath expected_path = path.Key("expected");
    const nlohmann::json* expected = ValueReader::Member(&value, "expected");
    constexpr std::string_view kBounds =
        "`expected: {min: A, max: B}` with at least one bound (a point outside the range fails "
        "the interval)";
    if (expected == nullptr) {
      if (m.strategy == AnalysisStrategy::kThreshold) {
        reader_.Error(path, fmt::format("expected is missing; THRESHOLD needs {}", kBounds));
      }
      return;
    }
    if (!reader_.IsObject(expected, expected_path, "a map with min and/or max (numbers)")) return;
    m.expected_min =
        reader_.Number(ValueReader::Member(expected, "min"), expected_path.Key("min"), "a number");
    m.expected_max =
        reader_.Number(ValueReader::Member(expected, "max"), expected_path.Key("max"), "a number");
    if (m.strategy == AnalysisStrategy::kCanaryPrimary) {
      reader_.Warning(expected_path,
                      "not used by CANARY_PRIMARY (ignored); it compares the canary's points "
                      "with the primary's");
      return;
    }
    if (ValueReader::Member(expected, "min") == nullptr &&
        ValueReader::Member(expected, "max") == nullptr) {
      reader_.Error(expected_path, fmt::format("has neither min nor max; {}", kBounds));
    } else if (m.expected_min && m.expected_max && *m.expected_min > *m.expected_max) {
      reader_.Error(expected_path,
                    fmt::format("min {} is above max {}; a range whose min is at most its max",
                                *m.expected_min, *m.expected_max));
    }
  }

  // Every .VariantCustomArgs.KEY of the query must be set for each variant it is rendered for:
  // the canary (every strategy) and the primary (CANARY_PRIMARY). Go's templates would render a
  // missing key as "<no value>" and the provider would answer something else than was meant.
  void CheckVariantArgs(const std::vector<std::string>& keys, const JsonPath& query_path,
                        const AnalysisMetric& m) {
    for (const std::string& key : keys) {
      const bool in_canary = m.canary_args.contains(key);
      const bool in_primary = m.primary_args.contains(key);
      if (m.strategy == AnalysisStrategy::kCanaryPrimary) {
        if (in_canary && in_primary) continue;
        reader_.Error(
            query_path,
            fmt::format("{{{{ .VariantCustomArgs.{} }}}} is not set in {}; CANARY_PRIMARY "
                        "renders the query with canaryArgs for the canary and "
                        "primaryArgs for the primary, so both need `{}`",
                        key,
                        in_canary ? "primaryArgs"
                                  : (in_primary ? "canaryArgs" : "canaryArgs or primaryArgs"),
                        key));
      } else if (!in_canary) {
        reader_.Error(query_path,
                      fmt::format("{{{{ .VariantCustomArgs.{} }}}} is not set in canaryArgs; "
                                  "kanaria renders a THRESHOLD query for the canary, with "
                                  "canaryArgs: add `{}` to them",
                                  key, key));
      }
    }
  }

  std::optional<AnalysisHttpCheck> ReadHttp(const nlohmann::json& value, const JsonPath& path,
                                            const std::optional<Duration>& duration) {
    if (!reader_.IsObject(&value, path,
                          "an HTTP check: a map with url, expectedCode, interval, ...")) {
      return std::nullopt;
    }
    if (ValueReader::Member(&value, "template") != nullptr) {
      skipped_template_ = true;
      return std::nullopt;
    }
    const size_t errors_before = reader_.diagnostics().error_count();
    AnalysisHttpCheck h;
    h.path = path.display();
    h.where = reader_.Where(path);

    constexpr std::string_view kUrl = "the URL to request, http://... or https://...";
    h.url = RequiredString(&value, "url", path, kUrl);
    if (!h.url.empty() && !h.url.starts_with("http://") && !h.url.starts_with("https://")) {
      reader_.Error(path.Key("url"),
                    fmt::format("\"{}\" is not an http:// or https:// URL; {}", h.url, kUrl));
    }
    const JsonPath method_path = path.Key("method");
    const std::string methods = JoinNames(kMethods, " or ");
    if (auto method = reader_.String(ValueReader::Member(&value, "method"), method_path, methods)) {
      bool known = false;
      for (std::string_view m : kMethods) known = known || m == *method;
      if (known) {
        h.method = *method;
      } else {
        reader_.Error(method_path, fmt::format("{} is not an HTTP method kanaria sends; {}",
                                               *method, SuggestName(*method, kMethods)));
      }
    }
    ReadHeaders(ValueReader::Member(&value, "headers"), path.Key("headers"), h);

    const JsonPath code_path = path.Key("expectedCode");
    constexpr std::string_view kCode = "the HTTP status the answer must have, from 100 to 599";
    const nlohmann::json* code = ValueReader::Member(&value, "expectedCode");
    if (code == nullptr) {
      reader_.Error(path, fmt::format("expectedCode is missing; {} (PipeCD compares the status "
                                      "with it exactly, so without it every check fails)",
                                      kCode));
    } else if (auto n = reader_.Integer(code, code_path, kCode)) {
      if (*n < 100 || *n > 599) {
        reader_.Error(code_path, fmt::format("{} is not an HTTP status; {}", *n, kCode));
      } else {
        h.expected_code = static_cast<int>(*n);
      }
    }
    h.expected_response =
        reader_.String(ValueReader::Member(&value, "expectedResponse"),
                       path.Key("expectedResponse"), "the whole body the answer must have");

    h.interval = RequiredInterval(&value, path, duration,
                                  "how often the request is sent, a duration above 0 such as 30s");
    if (auto n =
            NonNegativeInt(ValueReader::Member(&value, "failureLimit"), path.Key("failureLimit"),
                           "the number of failed intervals tolerated, 0 or more")) {
      h.failure_limit = *n;
    }
    h.skip_on_no_data =
        reader_.Bool(ValueReader::Member(&value, "skipOnNoData"), path.Key("skipOnNoData"))
            .value_or(false);
    if (auto d = reader_.DurationValue(ValueReader::Member(&value, "timeout"), path.Key("timeout"),
                                       /*positive=*/true)) {
      h.timeout = *d;
    }
    const JsonPath latency_path = path.Key("maxLatency");
    if (auto d = reader_.DurationValue(ValueReader::Member(&value, "maxLatency"), latency_path,
                                       /*positive=*/true)) {
      if (*d >= h.timeout) {
        reader_.Error(latency_path,
                      fmt::format("{} is not below the check's timeout {}; a latency bound "
                                  "shorter than the timeout (a slower answer times out anyway)",
                                  FormatDuration(*d), FormatDuration(h.timeout)));
      } else {
        h.max_latency = *d;
      }
    }
    if (reader_.diagnostics().error_count() != errors_before) return std::nullopt;
    return h;
  }

  void ReadHeaders(const nlohmann::json* value, const JsonPath& path, AnalysisHttpCheck& h) {
    if (value == nullptr) return;
    constexpr std::string_view kAllowed = "a list of headers (`- key: NAME` and `value: VALUE`)";
    if (!value->is_array()) {
      reader_.WrongType(*value, path, kAllowed);
      return;
    }
    for (size_t i = 0; i < value->size(); ++i) {
      const JsonPath element = path.Index(i);
      const nlohmann::json& header = (*value)[i];
      if (!reader_.IsObject(&header, element, "a header: a map with key and value")) continue;
      AnalysisHttpHeader out;
      out.key = RequiredString(&header, "key", element, "the header's name");
      if (auto v = reader_.String(ValueReader::Member(&header, "value"), element.Key("value"),
                                  "the header's value (a string; quote numbers)")) {
        out.value = *v;
      }
      h.headers.push_back(std::move(out));
    }
  }

  // A non-empty string member; "" (reported) when it is missing, empty or not a string.
  std::string RequiredString(const nlohmann::json* object, std::string_view key,
                             const JsonPath& object_path, std::string_view what) {
    const JsonPath path = object_path.Key(key);
    const nlohmann::json* value = ValueReader::Member(object, key);
    if (value == nullptr) {
      reader_.Error(object_path, fmt::format("{} is missing; {}", key, what));
      return "";
    }
    std::optional<std::string> text = reader_.String(value, path, what);
    if (text && text->empty()) {
      reader_.Error(path, fmt::format("\"\" is empty; {}", what));
      return "";
    }
    return text.value_or("");
  }

  // `interval`: required, above 0, at most the stage's duration (when that was read).
  Duration RequiredInterval(const nlohmann::json* object, const JsonPath& object_path,
                            const std::optional<Duration>& duration, std::string_view what) {
    const JsonPath path = object_path.Key("interval");
    const nlohmann::json* value = ValueReader::Member(object, "interval");
    if (value == nullptr) {
      reader_.Error(object_path, fmt::format("interval is missing; {}", what));
      return Duration(0);
    }
    std::optional<Duration> d = reader_.DurationValue(value, path, /*positive=*/true);
    if (!d) return Duration(0);
    if (duration && *d > *duration) {
      reader_.Error(path, fmt::format("{} is longer than the stage's duration {}; an interval "
                                      "at most the duration (the check runs once per interval "
                                      "while the stage lasts)",
                                      FormatDuration(*d), FormatDuration(*duration)));
    }
    return *d;
  }

  std::optional<int> NonNegativeInt(const nlohmann::json* value, const JsonPath& path,
                                    std::string_view what) {
    std::optional<int64_t> n = reader_.Integer(value, path, what);
    if (!n) return std::nullopt;
    if (*n < 0) {
      reader_.Error(path, fmt::format("{} is below 0; {}", *n, what));
      return std::nullopt;
    }
    if (*n > std::numeric_limits<int>::max()) {
      reader_.Error(path, fmt::format("{} is too large; {}", *n, what));
      return std::nullopt;
    }
    return static_cast<int>(*n);
  }

  // canaryArgs / primaryArgs / baselineArgs: PipeCD's map[string]string.
  void ReadStringMap(const nlohmann::json* value, const JsonPath& path,
                     std::map<std::string, std::string>& out) {
    if (value == nullptr) return;
    if (!reader_.IsObject(value, path, "a map of argument names to strings")) return;
    for (const auto& [key, v] : value->items()) {
      if (auto text =
              reader_.String(&v, path.Key(key), "a string (quote numbers and booleans: \"5\")")) {
        out[key] = *text;
      }
    }
  }

  ValueReader& reader_;
  bool skipped_template_ = false;
};

}  // namespace

std::string_view AnalysisStrategyName(AnalysisStrategy strategy) {
  for (const StrategyRow& row : kStrategies) {
    if (row.strategy == strategy) return row.name;
  }
  return "UNKNOWN";
}

std::string_view AnalysisDeviationName(AnalysisDeviation deviation) {
  for (const DeviationRow& row : kDeviations) {
    if (row.deviation == deviation) return row.name;
  }
  return "UNKNOWN";
}

std::optional<AnalysisStage> ParseAnalysisOptions(const nlohmann::json* with,
                                                  const JsonPath& with_path,
                                                  const JsonPath& missing_at, ValueReader& reader) {
  return AnalysisReader(reader).Read(with, with_path, missing_at);
}

}  // namespace kanaria::model
