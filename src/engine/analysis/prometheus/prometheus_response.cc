#include "engine/analysis/prometheus/prometheus_response.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/redact.h"

namespace kanaria::engine::analysis {
namespace {

using nlohmann::json;

constexpr size_t kBodyExcerpt = 200;

std::string Excerpt(std::string_view body) {
  std::string out = Scrub(body.substr(0, kBodyExcerpt));
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (body.size() > kBodyExcerpt) out.append("...");
  return out;
}

// A string member of an object, "" when absent or not a string (never throws).
std::string StringField(const json& object, const char* name) {
  if (!object.is_object()) return "";
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

Status Malformed(std::string_view why) {
  return UnavailableError(fmt::format("Prometheus answered with an unexpected body: {}", why));
}

// [<unix seconds as a JSON number>, "<value>"]
StatusOr<MetricPoint> DecodeSample(const json& sample) {
  if (!sample.is_array() || sample.size() != 2 || !sample[0].is_number() ||
      !sample[1].is_string()) {
    return Malformed(fmt::format("a sample is not [time, \"value\"]: {}", Excerpt(sample.dump())));
  }
  const auto value = ParsePrometheusValue(sample[1].get_ref<const std::string&>());
  if (!value) {
    return Malformed(fmt::format("sample value {} is not a number", Excerpt(sample[1].dump())));
  }
  const double seconds = sample[0].get<double>();
  const auto ms = std::chrono::milliseconds(std::llround(seconds * 1000));
  return MetricPoint{WallTime(ms), *value};
}

StatusOr<std::map<std::string, std::string>> DecodeLabels(const json& entry) {
  std::map<std::string, std::string> labels;
  const auto it = entry.find("metric");
  if (it == entry.end()) return labels;
  if (!it->is_object()) return Malformed("\"metric\" is not an object");
  for (const auto& [name, value] : it->items()) {
    if (!value.is_string()) return Malformed(fmt::format("label {} is not a string", name));
    labels.emplace(name, value.get<std::string>());
  }
  return labels;
}

Status NativeHistogramsRefused() {
  return InvalidInputError(
      "the query returns native histogram samples, which kanaria cannot judge: query the "
      "_bucket series, or histogram_quantile() of them");
}

StatusOr<std::vector<MetricSeries>> DecodeData(const json& data) {
  if (!data.is_object()) return Malformed("no \"data\" object");
  const auto type_it = data.find("resultType");
  const auto result_it = data.find("result");
  if (type_it == data.end() || !type_it->is_string() || result_it == data.end()) {
    return Malformed("\"data\" lacks resultType or result");
  }
  const std::string& type = type_it->get_ref<const std::string&>();
  const json& result = *result_it;
  std::vector<MetricSeries> out;
  if (type == "scalar") {
    ASSIGN_OR_RETURN(MetricPoint point, DecodeSample(result));
    out.push_back(MetricSeries{{}, {point}});
    return out;
  }
  if (type == "string") {
    return InvalidInputError("the query returns a string, not numbers");
  }
  if (type != "matrix" && type != "vector") {
    return Malformed(fmt::format("unknown resultType \"{}\"", Excerpt(type)));
  }
  if (!result.is_array()) return Malformed("\"result\" is not an array");
  out.reserve(result.size());
  for (const json& entry : result) {
    if (!entry.is_object()) return Malformed("a result entry is not an object");
    MetricSeries series;
    ASSIGN_OR_RETURN(series.labels, DecodeLabels(entry));
    if (type == "matrix") {
      if (entry.contains("histograms")) return NativeHistogramsRefused();
      const auto values = entry.find("values");
      if (values == entry.end() || !values->is_array()) {
        return Malformed("a matrix series has no \"values\" array");
      }
      series.points.reserve(values->size());
      for (const json& sample : *values) {
        ASSIGN_OR_RETURN(MetricPoint point, DecodeSample(sample));
        series.points.push_back(point);
      }
    } else {
      if (entry.contains("histogram")) return NativeHistogramsRefused();
      const auto value = entry.find("value");
      if (value == entry.end()) return Malformed("a vector entry has no \"value\"");
      ASSIGN_OR_RETURN(MetricPoint point, DecodeSample(*value));
      series.points.push_back(point);
    }
    out.push_back(std::move(series));
  }
  return out;
}

// The error for a non-2xx answer (or a 2xx one whose status is "error").
Status ErrorFor(int http_status, const json& answer, std::string_view body) {
  const std::string type = StringField(answer, "errorType");
  const std::string message = StringField(answer, "error");
  // Prometheus's own words when it gave some; otherwise the start of whatever answered.
  const std::string detail = !message.empty() ? Scrub(message)
                             : body.empty()   ? std::string("(empty body)")
                                              : Excerpt(body);
  const std::string what = type.empty() ? fmt::format("HTTP {}", http_status)
                                        : fmt::format("HTTP {}, {}", http_status, type);
  if (http_status == 401 || http_status == 403) {
    return UnauthenticatedError(
        fmt::format("Prometheus refused the credentials ({}): {}", what, detail));
  }
  if (http_status == 404) {
    return InvalidInputError(fmt::format(
        "no Prometheus query API at the address ({}): check the address and its path prefix",
        what));
  }
  if (http_status == 429 || http_status >= 500 || type == "timeout" || type == "canceled" ||
      type == "unavailable" || type == "internal") {
    return UnavailableError(fmt::format("Prometheus could not answer ({}): {}", what, detail));
  }
  // 400 bad_data, 422 execution, and any other refusal of the request itself.
  return InvalidInputError(fmt::format("Prometheus refused the query ({}): {}", what, detail));
}

}  // namespace

std::optional<double> ParsePrometheusValue(std::string_view text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "+Inf" || text == "Inf") return std::numeric_limits<double>::infinity();
  if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

StatusOr<std::vector<MetricSeries>> DecodePrometheusAnswer(const aws::HttpResponse& response) {
  const json answer = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  const bool success = response.status >= 200 && response.status < 300;
  if (!success) return ErrorFor(response.status, answer, response.body);
  if (!answer.is_object()) {
    return Malformed(fmt::format("HTTP {} with a body that is not JSON: {}", response.status,
                                 Excerpt(response.body)));
  }
  const std::string status = StringField(answer, "status");
  if (status == "error") return ErrorFor(response.status, answer, response.body);
  if (status != "success") {
    return Malformed(fmt::format("\"status\" is \"{}\", not \"success\"", Excerpt(status)));
  }
  const auto data = answer.find("data");
  if (data == answer.end()) return Malformed("no \"data\" object");
  return DecodeData(*data);
}

}  // namespace kanaria::engine::analysis
