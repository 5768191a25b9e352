#include "engine/analysis/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kanaria::engine::analysis {
namespace {

// Written by scripts/statistics_reference.py from SciPy; see there for what each section holds.
const nlohmann::json& Reference() {
  static const nlohmann::json table = [] {
    std::ifstream in(std::string(KANARIA_SOURCE_DIR) + "/src/engine/analysis/testdata/statistics_reference.json");
    EXPECT_TRUE(in.good()) << "missing statistics_reference.json";
    return in.good() ? nlohmann::json::parse(in) : nlohmann::json::object();
  }();
  return table;
}

// 1e-9 relative, or 1e-12 absolute for values near 0 (SciPy and libm differ in the last bits
// of far-tail values).
::testing::AssertionResult Near(double actual, double expected) {
  const double error = std::abs(actual - expected);
  if (error <= 1e-12 || error <= 1e-9 * std::abs(expected)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << actual << ", expected " << expected << " (error " << error << ")";
}

TEST(StatisticsTest, ReferenceTableIsComplete) {
  const auto& table = Reference();
  ASSERT_TRUE(table.contains("fisher_exact"));
  EXPECT_GE(table["fisher_exact"].size(), 40u);
  EXPECT_GE(table["two_proportion"].size(), 20u);
  EXPECT_GE(table["mann_whitney"].size(), 40u);
}

TEST(StatisticsTest, NormalUpperTailKeepsPrecisionInTheFarTail) {
  EXPECT_EQ(NormalUpperTail(0), 0.5);
  EXPECT_TRUE(Near(NormalUpperTail(1.959963984540054), 0.025));
  EXPECT_TRUE(Near(NormalUpperTail(-1.959963984540054), 0.975));
  // scipy.stats.norm.sf(10) and (30): 1 − Φ(z) in doubles would give 0 for both.
  EXPECT_LE(std::abs(NormalUpperTail(10) / 7.619853024160527e-24 - 1), 1e-12);
  EXPECT_LE(std::abs(NormalUpperTail(30) / 4.906713927148187e-198 - 1), 1e-12);
  EXPECT_EQ(NormalUpperTail(-40), 1.0);
}

TEST(StatisticsTest, FisherExactMatchesScipy) {
  for (const auto& c : Reference()["fisher_exact"]) {
    const int64_t a = c["a"], b = c["b"], cc = c["c"], d = c["d"];
    const double p = FisherExactGreater(a, b, cc, d);
    EXPECT_TRUE(Near(p, c["p"].get<double>())) << "table [[" << a << ", " << b << "], [" << cc << ", " << d << "]]";
    // Against the rational-arithmetic value, closer than SciPy itself gets at a million requests.
    const double exact = c["exact_p"];
    EXPECT_LE(std::abs(p - exact), 1e-12 * exact + 1e-300)
        << "table [[" << a << ", " << b << "], [" << cc << ", " << d << "]]: " << p << " vs exact " << exact;
  }
}

TEST(StatisticsTest, TwoProportionTestMatchesScipy) {
  for (const auto& c : Reference()["two_proportion"]) {
    const int64_t ce = c["canary_events"], ct = c["canary_total"], pe = c["primary_events"], pt = c["primary_total"];
    const double margin = c["margin"];
    const std::string where = ::testing::PrintToString(c.dump());
    const ProportionTestResult r = TwoProportionTest(ce, ct, pe, pt, margin);
    EXPECT_EQ(r.test, c["test"].get<std::string>()) << where;
    EXPECT_TRUE(Near(r.p_value, c["p"].get<double>())) << where;
    if (c["statistic"].is_string()) {
      const std::string s = c["statistic"];
      if (s == "nan") {
        EXPECT_TRUE(std::isnan(r.statistic)) << where;
      } else {
        ASSERT_EQ(s, "inf") << where;
        EXPECT_EQ(r.statistic, std::numeric_limits<double>::infinity()) << where;
      }
    } else {
      EXPECT_TRUE(Near(r.statistic, c["statistic"].get<double>())) << where;
    }
    EXPECT_EQ(r.canary_rate, ct > 0 ? static_cast<double>(ce) / static_cast<double>(ct) : 0.0) << where;
    EXPECT_EQ(r.primary_rate, pt > 0 ? static_cast<double>(pe) / static_cast<double>(pt) : 0.0) << where;
  }
}

TEST(StatisticsTest, MannWhitneyMatchesScipy) {
  for (const auto& c : Reference()["mann_whitney"]) {
    const auto canary = c["canary"].get<std::vector<double>>();
    const auto primary = c["primary"].get<std::vector<double>>();
    const std::string where = "n1 = " + std::to_string(canary.size()) + ", n2 = " + std::to_string(primary.size()) +
                              ", shift " + std::to_string(c["shift"].get<double>()) + ", U " + c["u"].dump();
    const RankTestResult r = MannWhitneyGreater(canary, primary, c["shift"].get<double>());
    EXPECT_EQ(r.test, kMannWhitneyU);
    EXPECT_EQ(r.exact, c["method"] == "exact") << where;
    EXPECT_EQ(r.u, c["u"].get<double>()) << where;
    EXPECT_TRUE(Near(r.p_value, c["p"].get<double>())) << where;
    EXPECT_EQ(r.n1, static_cast<int64_t>(canary.size()));
    EXPECT_EQ(r.n2, static_cast<int64_t>(primary.size()));
    EXPECT_EQ(r.enough, canary.size() >= 5 && primary.size() >= 5) << where;
  }
}

// An independent check of the exact distribution: enumerate every way to place 4 canary values
// among 9 distinct ones and count the placements with U at least the observed one.
TEST(StatisticsTest, ExactRankDistributionMatchesEnumeration) {
  const std::vector<double> canary = {3, 5, 8, 9};
  const std::vector<double> primary = {1, 2, 4, 6, 7};
  const RankTestResult r = MannWhitneyGreater(canary, primary, 0);
  ASSERT_TRUE(r.exact);
  EXPECT_EQ(r.u, 2 + 3 + 5 + 5);  // primary values below each canary value
  int at_least = 0, total = 0;
  for (int mask = 0; mask < (1 << 9); ++mask) {
    if (__builtin_popcount(mask) != 4) continue;
    ++total;
    int u = 0, primaries_below = 0;
    for (int position = 0; position < 9; ++position) {
      if (mask & (1 << position)) {
        u += primaries_below;
      } else {
        ++primaries_below;
      }
    }
    if (u >= r.u) ++at_least;
  }
  EXPECT_EQ(total, 126);
  EXPECT_DOUBLE_EQ(r.p_value, static_cast<double>(at_least) / total);
}

TEST(StatisticsTest, MannWhitneyShiftIsTakenOffTheCanary) {
  const std::vector<double> primary = {50, 51, 52, 53, 54, 55};
  const std::vector<double> slower = {80, 81, 82, 83, 84, 85};  // +30 ms
  EXPECT_LT(MannWhitneyGreater(slower, primary, 0).p_value, 0.01);
  EXPECT_LT(MannWhitneyGreater(slower, primary, 20).p_value, 0.01);
  // Once the shift exceeds the difference the canary ranks below: no evidence at all.
  const RankTestResult shifted = MannWhitneyGreater(slower, primary, 40);
  EXPECT_EQ(shifted.u, 0);
  EXPECT_GT(shifted.p_value, 0.99);
}

TEST(StatisticsTest, MannWhitneyDegenerateSamples) {
  const RankTestResult empty = MannWhitneyGreater({}, {1, 2, 3, 4, 5}, 0);
  EXPECT_FALSE(empty.enough);
  EXPECT_EQ(empty.p_value, 1);
  EXPECT_EQ(MannWhitneyGreater({1, 2, 3}, {}, 0).p_value, 1);
  // Below kMinRankSamples the p-value is still computed, but not enough to judge on.
  const RankTestResult small = MannWhitneyGreater({10, 11, 12, 13}, {1, 2, 3, 4, 5, 6}, 0);
  EXPECT_FALSE(small.enough);
  EXPECT_TRUE(small.exact);
  EXPECT_DOUBLE_EQ(small.p_value, 1.0 / 210);  // C(10, 4) placements, one with U = 24
  const RankTestResult tied = MannWhitneyGreater(std::vector<double>(30, 50), std::vector<double>(40, 50), 0);
  EXPECT_TRUE(tied.enough);
  EXPECT_FALSE(tied.exact);
  EXPECT_EQ(tied.u, 30 * 40 / 2);
  EXPECT_EQ(tied.p_value, 1);
}

TEST(StatisticsTest, FisherExactHandlesLargeTablesAndMonotonicity) {
  // Tens of thousands of requests: neither overflow nor NaN, and more canary errors only ever
  // lower p.
  double previous = 1;
  for (int64_t a = 0; a <= 60; a += 5) {
    const double p = FisherExactGreater(a, 30000 - a, 27, 269973);
    ASSERT_TRUE(p >= 0 && p <= 1) << a;
    EXPECT_LE(p, previous) << a;
    previous = p;
  }
  EXPECT_LT(previous, 1e-20);
  EXPECT_EQ(FisherExactGreater(0, 0, 0, 0), 1);
  EXPECT_EQ(FisherExactGreater(0, 300, 5, 2695), 1);  // no canary events: X ≥ 0 is certain
}

TEST(StatisticsTest, TwoProportionMarginOnlyEverRaisesP) {
  double previous = 0;
  for (double margin : {0.0, 0.001, 0.005, 0.01, 0.02, 0.05}) {
    const double p = TwoProportionTest(30, 600, 54, 5400, margin).p_value;
    EXPECT_GE(p, previous) << margin;
    previous = p;
  }
  EXPECT_GT(previous, 0.5);  // the observed difference (4 pp) is below the last margin
}

TEST(StatisticsTest, TwoProportionZeroVarianceIsNotCertainty) {
  // One request, one error: the unpooled variance is 0, but one error is weak evidence.
  const ProportionTestResult one = TwoProportionTest(1, 1, 0, 5, 0.01);
  EXPECT_EQ(one.test, kTwoProportionZ);
  EXPECT_GT(one.p_value, 0.01);
  // The same shape at the documented traffic is overwhelming evidence.
  EXPECT_LT(TwoProportionTest(300, 300, 0, 2700, 0.01).p_value, 1e-100);
  // Zero variance with the canary no worse: p = 1 exactly.
  EXPECT_EQ(TwoProportionTest(0, 300, 0, 2700, 0.01).p_value, 1);
  EXPECT_EQ(TwoProportionTest(0, 0, 3, 2700, 0.01).p_value, 1);
}

}  // namespace
}  // namespace kanaria::engine::analysis
