#include "engine/analysis/statistics.h"

#include <algorithm>
#include <vector>
#include <cassert>
#include <cmath>
#include <limits>

namespace kanaria::engine::analysis {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Below this the normal approximation of a 2×2 table is poor (the usual rule of thumb behind
// Pearson's χ² and the pooled z test); Fisher's exact test takes over.
constexpr double kMinExpectedCell = 5;

// The exact rank distribution is used only while it is cheap and SciPy agrees on it.
constexpr int64_t kMaxExactRankSamples = 8;

double Rate(int64_t events, int64_t total) {
  return total > 0 ? static_cast<double>(events) / static_cast<double>(total) : 0.0;
}

constexpr double kLogSqrt2Pi = 0.918938533204672741780329736406;  // log(√(2π))

// log(n!) − log(√(2πn) (n/e)^n), the error of Stirling's formula, for n ≥ 1: from log-gamma
// while its values are small (the difference stays precise), the asymptotic series beyond.
double StirlingError(double n) {
  if (n <= 15) return std::lgamma(n + 1) - (n + 0.5) * std::log(n) + n - kLogSqrt2Pi;
  constexpr double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
  const double nn = n * n;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

// x·log(x/m) + m − x, the binomial deviance term, without the cancellation of computing it as
// written when x ≈ m (Loader's bd0).
double Deviance(double x, double m) {
  if (std::abs(x - m) < 0.1 * (x + m)) {
    const double v = (x - m) / (x + m);
    double sum = (x - m) * v;
    double term = 2 * x * v;
    for (int j = 1; j < 1000; ++j) {
      term *= v * v;
      const double next = sum + term / (2 * j + 1);
      if (next == sum) break;
      sum = next;
    }
    return sum;
  }
  return x * std::log(x / m) + m - x;
}

// log of the binomial pmf C(n, x) p^x q^(n−x), q = 1 − p, after Loader ("Fast and accurate
// computation of binomial probabilities", 2000): every term stays small, so the result keeps
// its precision where log-gamma differences of numbers near n·log(n) would lose it.
double LogBinomialPmf(double x, double n, double p, double q) {
  if (x == 0) return n == 0 ? 0 : (p < 0.1 ? -Deviance(n, n * q) - n * p : n * std::log(q));
  if (x == n) return q < 0.1 ? -Deviance(n, n * p) - n * q : n * std::log(p);
  return StirlingError(n) - StirlingError(x) - StirlingError(n - x) - Deviance(x, n * p) -
         Deviance(n - x, n * q) + 0.5 * std::log(n / (x * (n - x))) - kLogSqrt2Pi;
}

// log P(X = x) for X hypergeometric: n draws from N cells of which K are events. As a ratio of
// binomial pmfs at p = n/N (the identity R's dhyper uses), each computed by LogBinomialPmf.
double LogHypergeometricPmf(double x, double big_n, double big_k, double n) {
  const double p = n / big_n, q = (big_n - n) / big_n;
  return LogBinomialPmf(x, big_k, p, q) + LogBinomialPmf(n - x, big_n - big_k, p, q) -
         LogBinomialPmf(n, big_n, p, q);
}

// Sums the hypergeometric pmf from `from` outwards in one direction (step +1 or −1) to `to`,
// starting from the log of pmf(from) and continuing with the pmf's ratio recurrence. The caller
// starts on the far side of the mode, so the terms only shrink and the sum stops once they no
// longer change it.
// X counts events in the canary row: N cells, K events in all, n canary requests.
double HypergeometricTail(int64_t from, int64_t to, int step, double big_n, double big_k, double n) {
  const double log_first = LogHypergeometricPmf(static_cast<double>(from), big_n, big_k, n);
  double sum = 0;
  double term = 1;  // pmf(x) / pmf(from)
  for (int64_t x = from;; x += step) {
    sum += term;
    if (x == to || term < sum * 1e-17) break;
    const double xd = static_cast<double>(x);
    if (step > 0) {
      term *= (big_k - xd) * (n - xd) / ((xd + 1) * (big_n - big_k - n + xd + 1));
    } else {
      term *= xd * (big_n - big_k - n + xd) / ((big_k - xd + 1) * (n - xd + 1));
    }
  }
  return std::exp(log_first) * sum;
}

double OddsRatio(int64_t a, int64_t b, int64_t c, int64_t d) {
  if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0) return kNaN;
  if (b == 0 || c == 0) return kInfinity;
  return (static_cast<double>(a) * static_cast<double>(d)) / (static_cast<double>(b) * static_cast<double>(c));
}

bool ValidCounts(int64_t events, int64_t total) { return total >= 0 && events >= 0 && events <= total; }

// Number of orderings of m canary and n primary values (no ties) with U = k, for every k, from
// the recurrence f(m, n, k) = f(m − 1, n, k − n) + f(m, n − 1, k): the largest value is either a
// canary value (beating all n primary values) or a primary one.
std::vector<double> ExactRankCounts(int64_t m, int64_t n) {
  const int64_t max_u = m * n;
  // counts[i][j] is the distribution for i canary and j primary values.
  std::vector<std::vector<std::vector<double>>> counts(
      m + 1, std::vector<std::vector<double>>(n + 1, std::vector<double>(max_u + 1, 0.0)));
  for (int64_t i = 0; i <= m; ++i) {
    for (int64_t j = 0; j <= n; ++j) {
      if (i == 0 || j == 0) {
        counts[i][j][0] = 1;
        continue;
      }
      for (int64_t k = 0; k <= i * j; ++k) {
        double ways = counts[i][j - 1][k];
        if (k >= j) ways += counts[i - 1][j][k - j];
        counts[i][j][k] = ways;
      }
    }
  }
  return counts[m][n];
}

}  // namespace

double NormalUpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

double FisherExactGreater(int64_t a, int64_t b, int64_t c, int64_t d) {
  assert(a >= 0 && b >= 0 && c >= 0 && d >= 0);
  if (a < 0 || b < 0 || c < 0 || d < 0) return 1;
  const int64_t n = a + b;      // canary requests
  const int64_t big_k = a + c;  // events on both sides
  const int64_t big_n = a + b + c + d;
  if (n == 0 || n == big_n || big_k == 0 || big_k == big_n) return 1;
  const int64_t lo = std::max<int64_t>(0, n + big_k - big_n);
  const int64_t hi = std::min(n, big_k);
  if (a <= lo) return 1;
  const auto nd = static_cast<double>(n);
  const auto kd = static_cast<double>(big_k);
  const auto bigd = static_cast<double>(big_n);
  // The mode: terms grow up to it and shrink after.
  const auto mode = static_cast<int64_t>(std::floor((nd + 1) * (kd + 1) / (bigd + 2)));
  double p;
  if (a > mode) {
    p = HypergeometricTail(a, hi, +1, bigd, kd, nd);
  } else {
    // P(X ≥ a) is at least about a half: 1 − P(X ≤ a − 1) loses nothing that matters.
    p = 1 - HypergeometricTail(a - 1, lo, -1, bigd, kd, nd);
  }
  return std::clamp(p, 0.0, 1.0);
}

ProportionTestResult TwoProportionTest(int64_t canary_events, int64_t canary_total, int64_t primary_events,
                                       int64_t primary_total, double margin) {
  const bool valid = ValidCounts(canary_events, canary_total) && ValidCounts(primary_events, primary_total) &&
                     margin >= 0 && margin < 1;
  assert(valid);
  ProportionTestResult result;
  result.test = kTwoProportionZ;
  if (!valid) return result;
  const double pc = Rate(canary_events, canary_total);
  const double pp = Rate(primary_events, primary_total);
  result.canary_rate = pc;
  result.primary_rate = pp;
  const auto nc = static_cast<double>(canary_total);
  const auto np = static_cast<double>(primary_total);

  if (margin == 0) {
    const double pooled = (static_cast<double>(canary_events) + static_cast<double>(primary_events)) / (nc + np);
    const double min_expected = std::min(std::min(nc, np) * pooled, std::min(nc, np) * (1 - pooled));
    if (canary_total == 0 || primary_total == 0 || min_expected < kMinExpectedCell) {
      result.test = kFisherExact;
      const int64_t a = canary_events, b = canary_total - canary_events;
      const int64_t c = primary_events, d = primary_total - primary_events;
      result.statistic = OddsRatio(a, b, c, d);
      result.p_value = FisherExactGreater(a, b, c, d);
      return result;
    }
    // Every expected cell is ≥ 5, so the pooled variance is positive.
    const double z = (pc - pp) / std::sqrt(pooled * (1 - pooled) * (1 / nc + 1 / np));
    result.statistic = z;
    result.p_value = NormalUpperTail(z);
    return result;
  }

  if (canary_total == 0 || primary_total == 0) return result;  // nothing to compare: p = 1
  double difference = pc - pp;
  double variance = pc * (1 - pc) / nc + pp * (1 - pp) / np;
  if (variance <= 0) {
    if (difference <= margin) return result;  // no evidence against H0: p = 1
    // Canary all events, primary none: the plug-in variance claims certainty whatever n is.
    // Agresti–Caffo's adjusted rates (one event and one non-event added to each side) give a
    // difference and a variance whose evidence grows with n, as it should.
    const double ac = (static_cast<double>(canary_events) + 1) / (nc + 2);
    const double ap = (static_cast<double>(primary_events) + 1) / (np + 2);
    difference = ac - ap;
    variance = ac * (1 - ac) / (nc + 2) + ap * (1 - ap) / (np + 2);
  }
  const double z = (difference - margin) / std::sqrt(variance);
  result.statistic = z;
  result.p_value = NormalUpperTail(z);
  return result;
}

RankTestResult MannWhitneyGreater(std::vector<double> canary, std::vector<double> primary, double shift) {
  RankTestResult result;
  result.n1 = static_cast<int64_t>(canary.size());
  result.n2 = static_cast<int64_t>(primary.size());
  result.enough = result.n1 >= kMinRankSamples && result.n2 >= kMinRankSamples;
  if (canary.empty() || primary.empty()) return result;

  for (double& x : canary) x -= shift;
  // Callers that needed the samples sorted anyway (JudgeLatency, for the medians) pass them
  // sorted; checking is linear, sorting again is not.
  if (!std::is_sorted(canary.begin(), canary.end())) std::sort(canary.begin(), canary.end());
  if (!std::is_sorted(primary.begin(), primary.end())) std::sort(primary.begin(), primary.end());

  // Walk both sorted samples as one, a group of equal values at a time: each group's members
  // share the mid-rank of the positions they span.
  double canary_rank_sum = 0;
  double tie_term = 0;  // Σ (t³ − t) over groups of t equal values
  bool ties = false;
  size_t i = 0, j = 0;
  double rank_before = 0;  // values ranked so far
  while (i < canary.size() || j < primary.size()) {
    double value;
    if (j == primary.size() || (i < canary.size() && canary[i] <= primary[j])) {
      value = canary[i];
    } else {
      value = primary[j];
    }
    double in_canary = 0, in_primary = 0;
    while (i < canary.size() && canary[i] == value) ++i, ++in_canary;
    while (j < primary.size() && primary[j] == value) ++j, ++in_primary;
    const double t = in_canary + in_primary;
    canary_rank_sum += in_canary * (rank_before + (t + 1) / 2);
    rank_before += t;
    if (t > 1) {
      ties = true;
      tie_term += t * t * t - t;
    }
  }
  const auto n1 = static_cast<double>(result.n1);
  const auto n2 = static_cast<double>(result.n2);
  result.u = canary_rank_sum - n1 * (n1 + 1) / 2;

  if (result.n1 <= kMaxExactRankSamples && result.n2 <= kMaxExactRankSamples && !ties) {
    result.exact = true;
    const std::vector<double> counts = ExactRankCounts(result.n1, result.n2);
    double at_least = 0, total = 0;
    for (size_t k = 0; k < counts.size(); ++k) {
      total += counts[k];
      if (static_cast<double>(k) >= result.u) at_least += counts[k];
    }
    result.p_value = at_least / total;
    return result;
  }

  const double n = n1 + n2;
  const double variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)));
  if (!(variance > 0)) return result;  // every value tied: no evidence either way, p = 1
  const double z = (result.u - n1 * n2 / 2 - 0.5) / std::sqrt(variance);
  result.p_value = std::clamp(NormalUpperTail(z), 0.0, 1.0);
  return result;
}

}  // namespace kanaria::engine::analysis
