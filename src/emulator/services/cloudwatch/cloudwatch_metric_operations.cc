// GetMetricData, GetMetricStatistics and PutMetricData.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <regex>
#include <set>

#include "emulator/api_error.h"
#include "emulator/services/cloudwatch/cloudwatch_handlers.h"
#include "emulator/services/cloudwatch/metric_math.h"
#include "emulator/world.h"

namespace kanaria::emulator::cloudwatch {
namespace {

// GetMetricData reports bad input as ValidationError (its model lists no other code);
// the older operations use the model's InvalidParameterValue family.
constexpr const char* kValidation = "ValidationError";
constexpr size_t kMaxQueries = 500;
constexpr int64_t kMaxStatisticsDatapoints = 1440;

struct Query {
  std::string id;
  std::string label;
  bool return_data = true;
  std::optional<MetricId> metric;
  int64_t period = 0;
  std::string stat;
  std::string unit;
  std::string expression;
};

Query ReadQuery(const nlohmann::json& item, size_t index) {
  const InputFields fields(item, kValidation);
  const std::string where = fmt::format("MetricDataQueries.member.{}", index + 1);
  Query query;
  query.id = fields.RequiredString("Id", "The parameter " + where + ".Id is required.");
  static const std::regex kIdPattern("^[a-z][a-zA-Z0-9_]*$");
  if (!std::regex_match(query.id, kIdPattern)) {
    Fail(kValidation, fmt::format("The value {} for parameter {}.Id is not matching the expected "
                                  "pattern ^[a-z][a-zA-Z0-9_]*$.",
                                  query.id, where));
  }
  query.label = fields.String("Label").value_or("");
  query.return_data = fields.Bool("ReturnData").value_or(true);
  query.expression = fields.String("Expression").value_or("");
  const bool has_stat = fields.Has("MetricStat");
  if (has_stat == !query.expression.empty()) {
    Fail(kValidation, "Exactly one of MetricStat and Expression must be set for " + where + ".");
  }
  query.period = fields.Integer("Period").value_or(0);
  if (has_stat) {
    const InputFields stat(fields.Object("MetricStat"), kValidation);
    query.metric = ReadMetric(InputFields(stat.Object("Metric"), kValidation));
    query.period = stat.Integer("Period").value_or(0);
    query.stat =
        stat.RequiredString("Stat", "The parameter " + where + ".MetricStat.Stat is required.");
    query.unit = stat.String("Unit").value_or("");
    if (query.period < 1) {
      Fail(kValidation, "The parameter " + where + ".MetricStat.Period must be at least 1.");
    }
    if (!IsKnownStatistic(query.stat)) {
      Fail(kValidation, fmt::format("The value {} for parameter {}.MetricStat.Stat is not valid.",
                                    query.stat, where));
    }
    if (query.label.empty()) query.label = query.metric->metric_name;
  } else if (query.label.empty()) {
    query.label = query.id;
  }
  return query;
}

// Evaluates queries on demand (an expression may name another expression), once each.
class QueryEvaluator {
 public:
  QueryEvaluator(CallContext& context, const std::vector<Query>& queries, WallTime start,
                 WallTime end)
      : context_(context), queries_(queries), start_(start), end_(end) {}

  MetricSeries Evaluate(const Query& query) {
    if (const auto done = results_.find(query.id); done != results_.end()) return done->second;
    if (!in_progress_.insert(query.id).second) {
      Fail(kValidation, "Circular dependency in MetricDataQueries at id " + query.id + ".");
    }
    MetricSeries series = query.metric ? MetricStat(query) : Expression(query);
    in_progress_.erase(query.id);
    results_[query.id] = series;
    return series;
  }

  int64_t PeriodOf(const Query& query) {
    if (query.period > 0) return query.period;
    // An expression without a Period takes the longest period of the metrics it names.
    int64_t longest = 0;
    for (const Query& other : queries_) {
      if (other.metric && query.expression.find(other.id) != std::string::npos) {
        longest = std::max(longest, other.period);
      }
    }
    return longest > 0 ? longest : 60;
  }

 private:
  MetricSeries MetricStat(const Query& query) {
    MetricSeries series;
    for (const PeriodStatistics& stats : context_.world.cloudwatch.Statistics(
             *query.metric, start_, end_, query.period, context_.now)) {
      if (!query.unit.empty() && stats.unit != query.unit) continue;
      if (const auto value = StatisticValue(stats, query.stat)) series[stats.timestamp] = *value;
    }
    return series;
  }

  MetricSeries Expression(const Query& query) {
    const int64_t period = PeriodOf(query);
    std::vector<WallTime> grid;
    for (WallTime t = PeriodStart(start_, period); t < end_ && t <= context_.now;
         t += std::chrono::seconds(period)) {
      grid.push_back(t);
    }
    auto lookup = [this](const std::string& id) -> std::optional<MetricSeries> {
      for (const Query& other : queries_) {
        if (other.id == id) return Evaluate(other);
      }
      return std::nullopt;
    };
    StatusOr<MetricSeries> result = EvaluateMetricMath(query.expression, lookup, grid);
    if (!result.ok()) Fail(kValidation, result.status().message());
    return std::move(result).value();
  }

  CallContext& context_;
  const std::vector<Query>& queries_;
  WallTime start_, end_;
  std::map<std::string, MetricSeries> results_;
  std::set<std::string> in_progress_;
};

void CheckTimeRange(const InputFields& fields, WallTime& start, WallTime& end) {
  const auto start_time = fields.Timestamp("StartTime");
  const auto end_time = fields.Timestamp("EndTime");
  if (!start_time) Fail("MissingParameter", "The parameter StartTime is required.");
  if (!end_time) Fail("MissingParameter", "The parameter EndTime is required.");
  if (*start_time >= *end_time) {
    Fail(fields.error_code(), "The parameter StartTime must be less than the parameter EndTime.");
  }
  start = *start_time;
  end = *end_time;
}

}  // namespace

MetricId ReadMetric(const InputFields& fields) {
  MetricId metric;
  metric.name_space = fields.RequiredString("Namespace", "The parameter Namespace is required.");
  metric.metric_name = fields.RequiredString("MetricName", "The parameter MetricName is required.");
  for (const nlohmann::json& item : fields.List("Dimensions")) {
    const InputFields dimension(item, fields.error_code());
    metric.dimensions.emplace_back(
        dimension.RequiredString("Name", "The parameter Dimensions.Name is required."),
        dimension.RequiredString("Value", "The parameter Dimensions.Value is required."));
  }
  return metric;
}

nlohmann::json DimensionsTree(const MetricDimensions& dimensions) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, value] : dimensions) out.push_back({{"Name", name}, {"Value", value}});
  return out;
}

nlohmann::json GetMetricData(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, kValidation);
  // Every answer fits in one page, so no token the emulator could have issued exists.
  if (fields.Has("NextToken")) Fail("InvalidNextToken", "The service returned an invalid NextToken.");
  WallTime start, end;
  CheckTimeRange(fields, start, end);
  const std::string scan_by = fields.String("ScanBy").value_or("TimestampDescending");
  if (scan_by != "TimestampDescending" && scan_by != "TimestampAscending") {
    Fail(kValidation, "The value " + scan_by + " for parameter ScanBy is not valid.");
  }
  std::vector<Query> queries;
  std::set<std::string> ids;
  const std::vector<nlohmann::json> items = fields.List("MetricDataQueries");
  if (items.empty()) Fail(kValidation, "The parameter MetricDataQueries is required.");
  if (items.size() > kMaxQueries) {
    Fail(kValidation, "The collection MetricDataQueries must not have a size greater than 500.");
  }
  for (size_t i = 0; i < items.size(); ++i) {
    queries.push_back(ReadQuery(items[i], i));
    if (!ids.insert(queries.back().id).second) {
      Fail(kValidation, "The values for parameter id in MetricDataQueries are not unique.");
    }
  }

  QueryEvaluator evaluator(context, queries, start, end);
  nlohmann::json results = nlohmann::json::array();
  for (const Query& query : queries) {
    const MetricSeries series = evaluator.Evaluate(query);
    if (!query.return_data) continue;
    nlohmann::json timestamps = nlohmann::json::array();
    nlohmann::json values = nlohmann::json::array();
    auto emit = [&](const auto& entry) {
      // Expression results can carry period starts before StartTime only through FILL's grid.
      timestamps.push_back(TimestampValue(context, entry.first));
      values.push_back(entry.second);
    };
    if (scan_by == "TimestampAscending") {
      std::for_each(series.begin(), series.end(), emit);
    } else {
      std::for_each(series.rbegin(), series.rend(), emit);
    }
    results.push_back({{"Id", query.id},
                       {"Label", query.label},
                       {"Timestamps", timestamps},
                       {"Values", values},
                       {"StatusCode", "Complete"}});
  }
  return {{"MetricDataResults", results}, {"Messages", nlohmann::json::array()}};
}

nlohmann::json GetMetricStatistics(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, kInvalidValue);
  if (!fields.Has("Namespace")) Fail("MissingParameter", "The parameter Namespace is required.");
  if (!fields.Has("MetricName")) Fail("MissingParameter", "The parameter MetricName is required.");
  const MetricId metric = ReadMetric(fields);
  WallTime start, end;
  CheckTimeRange(fields, start, end);
  const std::optional<int64_t> period = fields.Integer("Period");
  if (!period) Fail("MissingParameter", "The parameter Period is required.");
  if (*period < 1) Fail(kInvalidValue, "The parameter Period must be greater than 0.");
  const std::vector<std::string> statistics = fields.StringList("Statistics");
  const std::vector<std::string> extended = fields.StringList("ExtendedStatistics");
  if (statistics.empty() && extended.empty()) {
    Fail("InvalidParameterCombination", "Must specify either Statistics or ExtendedStatistics.");
  }
  for (const std::string& stat : statistics) {
    if (!IsKnownStatistic(stat) || stat[0] == 'p') {
      Fail(kInvalidValue, "The parameter Statistics contains an invalid value: " + stat + ".");
    }
  }
  for (const std::string& stat : extended) {
    if (stat.empty() || stat[0] != 'p' || !IsKnownStatistic(stat)) {
      Fail(kInvalidValue,
           "The parameter ExtendedStatistics contains an invalid value: " + stat + ".");
    }
  }
  const int64_t requested =
      (std::chrono::duration_cast<std::chrono::seconds>(end - PeriodStart(start, *period)).count() +
       *period - 1) /
      *period;
  if (requested > kMaxStatisticsDatapoints) {
    Fail("InvalidParameterCombination",
         fmt::format("You have requested up to {} datapoints, which exceeds the limit of 1,440. "
                     "You may reduce the datapoints requested by increasing Period, or decreasing "
                     "the time range.",
                     requested));
  }
  const std::string unit = fields.String("Unit").value_or("");

  nlohmann::json datapoints = nlohmann::json::array();
  for (const PeriodStatistics& stats :
       context.world.cloudwatch.Statistics(metric, start, end, *period, context.now)) {
    if (!unit.empty() && stats.unit != unit) continue;
    nlohmann::json point = {{"Timestamp", TimestampValue(context, stats.timestamp)},
                            {"Unit", stats.unit}};
    for (const std::string& stat : statistics) {
      if (const auto value = StatisticValue(stats, stat)) point[stat] = *value;
    }
    if (!extended.empty()) {
      // A map: {"p99": v} in JSON, <entry><key/><value/></entry> items in XML.
      nlohmann::json map = nlohmann::json::object();
      nlohmann::json entries = nlohmann::json::array();
      for (const std::string& stat : extended) {
        const auto value = StatisticValue(stats, stat);
        if (!value) continue;
        map[stat] = *value;
        entries.push_back({{"key", stat}, {"value", *value}});
      }
      point["ExtendedStatistics"] =
          context.protocol == WireProtocol::kQuery ? nlohmann::json{{"entry", entries}} : map;
    }
    datapoints.push_back(point);
  }
  return {{"Label", metric.metric_name}, {"Datapoints", datapoints}};
}

nlohmann::json PutMetricData(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, kInvalidValue);
  if (!fields.Has("Namespace")) Fail("MissingParameter", "The parameter Namespace is required.");
  const std::string name_space = *fields.String("Namespace");
  if (name_space.rfind("AWS/", 0) == 0) {
    Fail(kInvalidValue, "The value " + name_space + " for parameter Namespace is invalid.");
  }
  const std::vector<nlohmann::json> data = fields.List("MetricData");
  if (data.empty()) Fail("MissingParameter", "The parameter MetricData is required.");
  CloudWatchState& state = context.world.cloudwatch;
  for (const nlohmann::json& item : data) {
    const InputFields datum(item, kInvalidValue);
    nlohmann::json with_namespace = item;
    with_namespace["Namespace"] = name_space;
    const MetricId metric = ReadMetric(InputFields(with_namespace, kInvalidValue));
    const WallTime at = datum.Timestamp("Timestamp").value_or(context.now);
    const std::string unit = datum.String("Unit").value_or("");
    if (const auto value = datum.Double("Value")) {
      state.PutValue(metric, at, *value, 1, unit);
    } else if (datum.Has("Values")) {
      const std::vector<nlohmann::json> values = datum.List("Values");
      const std::vector<nlohmann::json> counts = datum.List("Counts");
      if (!counts.empty() && counts.size() != values.size()) {
        Fail("InvalidParameterCombination",
             "The parameters Values and Counts must be of the "
             "same size.");
      }
      for (size_t i = 0; i < values.size(); ++i) {
        const nlohmann::json holder = {{"v", values[i]},
                                       {"c", counts.empty() ? nlohmann::json(1) : counts[i]}};
        const InputFields pair(holder, kInvalidValue);
        state.PutValue(metric, at, *pair.Double("v"), *pair.Double("c"), unit);
      }
    } else if (datum.Has("StatisticValues")) {
      // Kept as SampleCount values of their mean: Sum, SampleCount and Average stay exact.
      const InputFields stats(datum.Object("StatisticValues"), kInvalidValue);
      const double count = stats.Double("SampleCount").value_or(0);
      const double sum = stats.Double("Sum").value_or(0);
      if (count <= 0) Fail(kInvalidValue, "The parameter SampleCount must be greater than 0.");
      state.PutValue(metric, at, sum / count, count, unit);
    } else {
      Fail("MissingParameter", "The parameter MetricData.member.N.Value is required.");
    }
  }
  return nlohmann::json::object();
}

nlohmann::json ListMetrics(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, kInvalidValue);
  const std::optional<std::string> name_space = fields.String("Namespace");
  const std::optional<std::string> metric_name = fields.String("MetricName");
  for (const auto& [value, what] :
       {std::pair{&name_space, "Namespace"}, std::pair{&metric_name, "MetricName"}}) {
    if (*value && ((*value)->empty() || (*value)->size() > 255)) {
      Fail(kInvalidValue, std::string("The parameter ") + what + " must be 1 to 255 characters long.");
    }
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> wanted_dimensions;
  for (const nlohmann::json& filter : fields.List("Dimensions")) {
    const InputFields item(filter, kInvalidValue);
    wanted_dimensions.emplace_back(item.RequiredString("Name"), item.String("Value"));
  }
  // Every answer fits in one page (see GetMetricData).
  if (fields.Has("NextToken")) Fail(kInvalidValue, "The parameter NextToken is not valid.");
  nlohmann::json metrics = nlohmann::json::array();
  for (const MetricId& metric : context.world.cloudwatch.ListedMetrics()) {
    if (name_space && metric.name_space != *name_space) continue;
    if (metric_name && metric.metric_name != *metric_name) continue;
    bool matches = true;
    for (const auto& [name, value] : wanted_dimensions) {
      const auto found = std::find_if(metric.dimensions.begin(), metric.dimensions.end(),
                                      [&](const auto& d) { return d.first == name; });
      matches &= found != metric.dimensions.end() && (!value || found->second == *value);
    }
    if (!matches) continue;
    metrics.push_back({{"Namespace", metric.name_space},
                       {"MetricName", metric.metric_name},
                       {"Dimensions", DimensionsTree(metric.dimensions)}});
  }
  return {{"Metrics", metrics}};
}

}  // namespace kanaria::emulator::cloudwatch
