// The hypothesis tests behind the ANALYSIS stage's judgement (judgement.h): one-sided, because a
// canary is only ever rolled back for being worse than the primary, never for being better.
// Pure functions of their arguments; p-values match SciPy's (scripts/statistics_reference.py
// writes the table statistics_test.cc checks them against).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kanaria::engine::analysis {

// 1 − Φ(z), the standard normal's upper tail. Computed as erfc(z/√2)/2 rather than 1 − Φ(z), so
// that p-values far in the tail (1e-30) keep their relative precision instead of rounding to 0.
double NormalUpperTail(double z);

inline constexpr std::string_view kTwoProportionZ = "two-proportion z";
inline constexpr std::string_view kFisherExact = "Fisher exact";
inline constexpr std::string_view kMannWhitneyU = "Mann-Whitney U";

struct ProportionTestResult {
  std::string_view test;  // kTwoProportionZ or kFisherExact
  // z for kTwoProportionZ (0 when no z could be formed: see TwoProportionTest). For
  // kFisherExact, SciPy's statistic: the sample odds ratio (a·d)/(b·c) of the table
  // [[canary events, canary non-events], [primary events, primary non-events]]; +inf when b or
  // c is 0, NaN when a row or column is empty. Informational only: decisions use p_value.
  double statistic = 0;
  double p_value = 1;
  double canary_rate = 0;   // events / total; 0 when total is 0
  double primary_rate = 0;  // likewise
};

// One-sided test of H0: p_canary − p_primary ≤ margin against H1: the difference is greater,
// i.e. "is the canary's event (error) rate worse than the primary's by more than `margin`?".
//
// REQUIRES: 0 ≤ events ≤ total on both sides, 0 ≤ margin < 1. Inputs outside that are a caller
// bug (asserted in debug builds); release builds return p = 1 (no evidence), never a rejection.
//
// Which test:
//   * margin > 0: Wald z with the unpooled variance,
//       z = (p̂c − p̂p − margin) / sqrt(p̂c(1−p̂c)/nc + p̂p(1−p̂p)/np).
//     The pooled variance assumes p_canary = p_primary, which is not the null hypothesis once a
//     margin is allowed.
//   * margin = 0: pooled z, z = (p̂c − p̂p) / sqrt(p̄(1−p̄)(1/nc + 1/np)), unless any expected
//     cell count (nc·p̄, nc·(1−p̄), np·p̄, np·(1−p̄)) is below 5, where the normal approximation is
//     poor: then Fisher's exact test, alternative "greater" (FisherExactGreater). Both rates 0
//     (or both 1) always falls here and gives p = 1.
// Degenerate inputs, where no z can be formed (statistic 0 in the result):
//   * either total is 0 (margin > 0): p = 1, there is nothing to compare.
//   * unpooled variance 0 (every observed rate is 0 or 1, margin > 0): if p̂c − p̂p ≤ margin,
//     p = 1; otherwise (canary all events, primary none) difference and variance come from the
//     Agresti–Caffo adjusted rates (x+1)/(n+2) instead, so that 1/1 vs 0/5 is weak evidence
//     (p ≈ 0.045) rather than certainty, while 300/300 vs 0/2700 still gives p ≈ 0.
// The z tests' p-values are NormalUpperTail(z): for large samples only; judgement.h does not
// judge before min_samples requests.
ProportionTestResult TwoProportionTest(int64_t canary_events, int64_t canary_total, int64_t primary_events,
                                       int64_t primary_total, double margin);

// One-sided Fisher exact test of the 2×2 table [[a, b], [c, d]] (rows: canary, primary;
// columns: events, non-events), alternative "greater": P(X ≥ a) for X hypergeometric with the
// table's margins, i.e. scipy.stats.fisher_exact([[a, b], [c, d]], alternative='greater').
// The first term of the tail comes from Loader's saddle-point form of the pmf (log-gamma for
// small arguments), the rest from the pmf's ratio recurrence: plain log-gamma differences lose
// about N·1e-16 of relative precision, 1e-10 at a hundred thousand requests, and this does not.
// A table with an empty row or column gives p = 1. REQUIRES: a, b, c, d ≥ 0.
double FisherExactGreater(int64_t a, int64_t b, int64_t c, int64_t d);

// Below this many observations on either side the rank test cannot reach the significance a
// stage uses (with 5 against 5 the smallest exact p is 1/252 ≈ 0.004), so its answer is not a
// verdict: RankTestResult::enough is false and the caller says "inconclusive".
inline constexpr int kMinRankSamples = 5;

struct RankTestResult {
  std::string_view test = kMannWhitneyU;
  bool exact = false;   // exact null distribution (else normal approximation)
  bool enough = false;  // n1 ≥ kMinRankSamples and n2 ≥ kMinRankSamples
  double u = 0;         // U of the canary sample: rank sum − n1(n1+1)/2, ties at mid-rank
  double p_value = 1;
  int64_t n1 = 0;       // canary
  int64_t n2 = 0;       // primary
};

// One-sided Mann-Whitney U test of H1: canary − shift is stochastically greater than primary
// ("the canary is slower than the primary by more than `shift`"). `shift` is subtracted from
// every canary value before ranking.
//   * Both samples ≤ 8 and no ties (after the shift): the exact null distribution of U,
//     p = P(U ≥ u) (scipy.stats.mannwhitneyu(..., alternative='greater', method='exact')).
//   * Otherwise the normal approximation with tie correction and continuity correction
//     (method='asymptotic', use_continuity=True). When every value is tied the variance is 0
//     and p = 1, as SciPy's.
// p is computed whatever the sizes (enough only advises); an empty sample gives U = 0, p = 1.
// REQUIRES: finite values.
RankTestResult MannWhitneyGreater(std::vector<double> canary, std::vector<double> primary, double shift);

}  // namespace kanaria::engine::analysis
