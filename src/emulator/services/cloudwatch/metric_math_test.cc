#include "emulator/services/cloudwatch/metric_math.h"

#include <gtest/gtest.h>

namespace kanaria::emulator {
namespace {

const WallTime kMathStart = WallTime(std::chrono::seconds(1700000040));
WallTime T(int seconds) {
  return kMathStart + std::chrono::seconds(seconds);
}

class CloudWatchMetricMathTest : public ::testing::Test {
 protected:
  StatusOr<MetricSeries> Eval(const std::string& expression) {
    return EvaluateMetricMath(
        expression,
        [this](const std::string& id) -> std::optional<MetricSeries> {
          const auto it = series_.find(id);
          if (it == series_.end()) return std::nullopt;
          return it->second;
        },
        grid_);
  }
  std::map<std::string, MetricSeries> series_ = {
      {"m1", {{T(0), 2}, {T(60), 4}}},
      {"m2", {{T(0), 10}, {T(60), 0}, {T(120), 5}}},
  };
  std::vector<WallTime> grid_ = {T(0), T(60), T(120)};
};

TEST_F(CloudWatchMetricMathTest, ArithmeticWithPrecedenceAndParentheses) {
  // m1/m2*100: timestamps both have; the division by zero at 60 drops that timestamp.
  auto result = Eval("m1/m2*100");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(*result, (MetricSeries{{T(0), 20}}));
  result = Eval("m1 + 2 * 3");
  EXPECT_EQ(*result, (MetricSeries{{T(0), 8}, {T(60), 10}}));
  result = Eval("(m1 + 2) * 3");
  EXPECT_EQ(*result, (MetricSeries{{T(0), 12}, {T(60), 18}}));
  result = Eval("-m1 - -1");
  EXPECT_EQ(*result, (MetricSeries{{T(0), -1}, {T(60), -3}}));
  result = Eval("1.5");  // a constant spreads over the grid
  EXPECT_EQ(*result, (MetricSeries{{T(0), 1.5}, {T(60), 1.5}, {T(120), 1.5}}));
}

TEST_F(CloudWatchMetricMathTest, FillCompletesTheGrid) {
  auto result = Eval("FILL(m1, 0)");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, (MetricSeries{{T(0), 2}, {T(60), 4}, {T(120), 0}}));
  result = Eval("FILL(m1, 0) / m2");
  EXPECT_EQ(*result, (MetricSeries{{T(0), 0.2}, {T(120), 0}}));
}

TEST_F(CloudWatchMetricMathTest, ErrorsNameTheProblem) {
  for (const char* bad : {"m3 * 2", "m1 +", "(m1", "m1 $ 2", "SQRT(m1)", "FILL(1, m1)", ""}) {
    const auto result = Eval(bad);
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput) << bad;
  }
  EXPECT_NE(Eval("m3 * 2").status().message().find("m3"), std::string::npos);
}

}  // namespace
}  // namespace kanaria::emulator
