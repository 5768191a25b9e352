// Reading the answers of Prometheus's HTTP query API (/api/v1/query, /api/v1/query_range):
//
//   {"status": "success", "data": {"resultType": "matrix",
//    "result": [{"metric": {"job": "api"}, "values": [[1700000000.5, "1.25"], ...]}]}}
//   {"status": "error", "errorType": "bad_data", "error": "1:5: parse error: ..."}
//
// resultType "matrix" (values), "vector" (one value per series) and "scalar" ([t, "v"]) become
// MetricSeries; sample values are strings that may read "NaN", "+Inf", "-Inf".
// https://prometheus.io/docs/prometheus/latest/querying/api/ documents the format.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "aws/http.h"
#include "core/status.h"
#include "engine/analysis/metric_provider.h"

namespace kanaria::engine::analysis {

// The series of a successful answer, or the error it stands for, classified as
// MetricProvider promises:
//   - 400 / 422 (bad_data, execution): kInvalidInput carrying Prometheus's own message;
//   - 401 / 403: kUnauthenticated;
//   - 404: kInvalidInput (no query API at that address: a wrong path prefix);
//   - 429, 5xx (timeout, canceled, unavailable, internal), or an answer that is not the API's
//     JSON (a proxy's error page, a truncated body): kUnavailable;
//   - resultType "string", or native-histogram samples: kInvalidInput (not numbers kanaria can
//     judge).
// No series is "no data": ok and empty. Messages never quote more than 200 bytes of a body,
// scrubbed of secrets.
StatusOr<std::vector<MetricSeries>> DecodePrometheusAnswer(const aws::HttpResponse& response);

// A sample value as Prometheus writes it: a decimal or exponent float, "NaN", "+Inf", "-Inf"
// ("Inf" too). nullopt when it is none of these.
std::optional<double> ParsePrometheusValue(std::string_view text);

}  // namespace kanaria::engine::analysis
