#include "engine/analysis/cloudwatch/cloudwatch_provider.h"

#include <fmt/format.h>

#include <algorithm>

#include "aws/aws_error.h"
#include "model/yaml_document.h"

namespace kanaria::engine::analysis {

namespace cw = aws::cloudwatch;
using nlohmann::json;

namespace {

constexpr std::string_view kShape =
    "a list of MetricDataQueries as GetMetricData takes them: each {Id, MetricStat: {Metric: "
    "{Namespace, MetricName, Dimensions: [{Name, Value}]}, Stat, Unit?} or Expression, Label?, "
    "ReturnData?}";

Status Wrong(const std::string& where, std::string_view what) {
  return InvalidInputError(fmt::format("CloudWatch query {}: {}; a query is {}", where, what, kShape));
}

StatusOr<std::string> QueryStringMember(const json& object, const char* name, const std::string& where, bool required) {
  auto it = object.find(name);
  if (it == object.end()) {
    if (required) return Wrong(where, fmt::format("{} is missing", name));
    return std::string();
  }
  if (!it->is_string()) return Wrong(where + "." + name, "must be a string");
  return it->get<std::string>();
}

StatusOr<cw::MetricStat> ParseMetricStat(const json& stat, const std::string& where, int period_seconds) {
  if (!stat.is_object()) return Wrong(where, "must be an object");
  for (const auto& [key, value] : stat.items()) {
    if (key == "Period") {
      return Wrong(where + ".Period",
                   "the period is the analysis's resolution (its interval, divided by --time-scale); remove it");
    }
    if (key != "Metric" && key != "Stat" && key != "Unit") return Wrong(where + "." + key, "is not a MetricStat member");
  }
  cw::MetricStat out;
  out.period_seconds = period_seconds;
  ASSIGN_OR_RETURN(out.stat, QueryStringMember(stat, "Stat", where, true));
  ASSIGN_OR_RETURN(out.unit, QueryStringMember(stat, "Unit", where, false));
  auto metric = stat.find("Metric");
  if (metric == stat.end() || !metric->is_object()) return Wrong(where + ".Metric", "must be an object");
  const std::string metric_where = where + ".Metric";
  ASSIGN_OR_RETURN(out.metric.metric_namespace, QueryStringMember(*metric, "Namespace", metric_where, true));
  ASSIGN_OR_RETURN(out.metric.metric_name, QueryStringMember(*metric, "MetricName", metric_where, true));
  if (auto dims = metric->find("Dimensions"); dims != metric->end()) {
    if (!dims->is_array()) return Wrong(metric_where + ".Dimensions", "must be a list");
    for (std::size_t i = 0; i < dims->size(); ++i) {
      const std::string dim_where = fmt::format("{}.Dimensions[{}]", metric_where, i);
      if (!(*dims)[i].is_object()) return Wrong(dim_where, "must be {Name, Value}");
      cw::Dimension dimension;
      ASSIGN_OR_RETURN(dimension.name, QueryStringMember((*dims)[i], "Name", dim_where, true));
      ASSIGN_OR_RETURN(dimension.value, QueryStringMember((*dims)[i], "Value", dim_where, true));
      out.metric.dimensions.push_back(std::move(dimension));
    }
  }
  return out;
}

}  // namespace

int PeriodSeconds(Duration step) {
  return std::max<int>(1, static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(step).count()));
}

StatusOr<std::vector<cw::MetricDataQuery>> ParseCloudWatchQuery(std::string_view text, int period_seconds) {
  auto document = model::ParseYamlDocument(text, "query");
  if (!document.ok()) return InvalidInputError("CloudWatch query: " + document.status().message());
  const json& root = document->json;
  if (!root.is_array() || root.empty()) return Wrong("", "is not a non-empty list");
  std::vector<cw::MetricDataQuery> queries;
  for (std::size_t i = 0; i < root.size(); ++i) {
    const std::string where = fmt::format("[{}]", i);
    const json& item = root[i];
    if (!item.is_object()) return Wrong(where, "must be an object");
    for (const auto& [key, value] : item.items()) {
      if (key != "Id" && key != "MetricStat" && key != "Expression" && key != "Label" && key != "ReturnData") {
        return Wrong(where + "." + key, key == "Period" ? "the period is the analysis's resolution; remove it"
                                                        : "is not a MetricDataQuery member");
      }
    }
    cw::MetricDataQuery query;
    ASSIGN_OR_RETURN(query.id, QueryStringMember(item, "Id", where, true));
    if (query.id.empty() || query.id[0] < 'a' || query.id[0] > 'z') {
      return Wrong(where + ".Id", "must start with a lowercase letter");
    }
    ASSIGN_OR_RETURN(query.expression, QueryStringMember(item, "Expression", where, false));
    ASSIGN_OR_RETURN(query.label, QueryStringMember(item, "Label", where, false));
    if (auto stat = item.find("MetricStat"); stat != item.end()) {
      ASSIGN_OR_RETURN(cw::MetricStat parsed, ParseMetricStat(*stat, where + ".MetricStat", period_seconds));
      query.metric_stat = std::move(parsed);
    }
    if (query.metric_stat.has_value() == !query.expression.empty()) {
      return Wrong(where, "needs exactly one of MetricStat and Expression");
    }
    if (!query.expression.empty()) query.period_seconds = period_seconds;
    if (auto ret = item.find("ReturnData"); ret != item.end()) {
      if (!ret->is_boolean()) return Wrong(where + ".ReturnData", "must be true or false");
      query.return_data = ret->get<bool>();
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

StatusOr<std::vector<MetricSeries>> CloudWatchProvider::QueryRange(const std::string& query,
                                                                   const TimeWindow& window) {
  ASSIGN_OR_RETURN(std::vector<cw::MetricDataQuery> queries, ParseCloudWatchQuery(query, PeriodSeconds(window.step)));
  cw::GetMetricDataRequest request;
  request.queries = std::move(queries);
  request.start_time = window.start;
  request.end_time = window.end;
  request.scan_by = "TimestampAscending";
  auto response = client_.GetMetricData(request);
  if (!response.ok()) {
    const aws::AwsError* error = aws::AsAwsError(response.status());
    if (error != nullptr && (error->code == "InvalidParameterValue" || error->code == "InvalidParameterCombination" ||
                             error->code == "ValidationError" || error->code == "MissingParameter")) {
      return InvalidInputError("CloudWatch refused the query: " + response.status().message());
    }
    return response.status();
  }
  std::vector<MetricSeries> series;
  for (const auto& result : response->results) {
    if (result.status_code == "Forbidden") {
      return UnauthenticatedError(fmt::format("CloudWatch query {}: Forbidden", result.id));
    }
    if (result.status_code == "InternalError") {
      return UnavailableError(fmt::format("CloudWatch query {}: InternalError", result.id));
    }
    MetricSeries one;
    one.labels = {{"id", result.id}, {"label", result.label}};
    for (std::size_t i = 0; i < result.values.size() && i < result.timestamps.size(); ++i) {
      one.points.push_back({result.timestamps[i], result.values[i]});
    }
    std::sort(one.points.begin(), one.points.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    series.push_back(std::move(one));
  }
  return series;
}

}  // namespace kanaria::engine::analysis
