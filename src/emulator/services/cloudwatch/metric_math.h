// CloudWatch metric math, the small part rehearsals use: + - * / and parentheses over numbers
// and other queries' ids ("m1/m2*100", "(m1+m2)/2", "-m1"), and FILL(series, number).
// A binary operation on two series keeps the timestamps both have (as CloudWatch does); a
// division by zero drops that timestamp. A constant expression yields its value at every
// timestamp of the grid.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::emulator {

using MetricSeries = std::map<WallTime, double>;

// `lookup` returns the series of the query with that id, nullopt for an unknown id. `grid` is
// every period start of the query's range (FILL fills those, constants are spread over them).
// A syntax error, an unknown id or function is kInvalidInput with CloudWatch-like wording.
StatusOr<MetricSeries> EvaluateMetricMath(
    std::string_view expression,
    const std::function<std::optional<MetricSeries>(const std::string& id)>& lookup,
    const std::vector<WallTime>& grid);

}  // namespace kanaria::emulator
