#!/usr/bin/python3
"""Prints the reference table for src/engine/analysis/statistics.cc, computed with SciPy.

Usage: /usr/bin/python3 scripts/statistics_reference.py \
           > src/engine/analysis/testdata/statistics_reference.json

Run with Debian's Python (apt-get install python3-scipy), not a python3 without SciPy. The table
is generated once and committed: statistics_test.cc reads it, and CI needs no SciPy. Deterministic
(seeded), so re-running it on the same SciPy reproduces the file byte for byte.

Sections (every p-value is SciPy's, or norm.sf of a z computed here):
  fisher_exact    [[a, b], [c, d]] -> scipy.stats.fisher_exact(alternative='greater').pvalue,
                  and exact_p, the same tail in rational arithmetic (SciPy loses digits at a
                  million requests), checked through FisherExactGreater(a, b, c, d).
  two_proportion  canary events/total, primary events/total, margin -> the test statistics.h
                  picks (the rule is mirrored here), its statistic and p, checked through
                  TwoProportionTest. Fisher cases carry the odds ratio as a string ("inf", "nan")
                  when it is not finite, since JSON has no such numbers.
  mann_whitney    canary, primary, shift -> scipy.stats.mannwhitneyu(canary - shift, primary,
                  alternative='greater', method=exact|asymptotic, use_continuity=True), with the
                  method statistics.h picks (exact when both n <= 8 and no ties).

Exit codes: 0 printed the table, 3 SciPy cannot be imported.
"""

import json
import math
import sys
import warnings
from fractions import Fraction

try:
    import numpy as np
    import scipy
    from scipy import stats
except ImportError as e:  # pragma: no cover
    print(f"statistics_reference.py: {e} (use /usr/bin/python3 with python3-scipy)", file=sys.stderr)
    sys.exit(3)

MIN_EXPECTED_CELL = 5
MAX_EXACT_RANK_SAMPLES = 8


def finite_or_name(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def fisher_greater(a, b, c, d):
    return float(stats.fisher_exact([[a, b], [c, d]], alternative="greater").pvalue)


def fisher_greater_exact(a, b, c, d):
    """P(X >= a) in rational arithmetic: a check on SciPy's value, not a replacement."""
    n, k, total = a + b, a + c, a + b + c + d
    if n in (0, total) or k in (0, total):
        return 1.0
    n, k = min(n, k), max(n, k)  # the pmf is symmetric in them; the smaller makes smaller integers
    tail = sum(math.comb(k, x) * math.comb(total - k, n - x) for x in range(a, n + 1))
    return float(Fraction(tail, math.comb(total, n)))


def two_proportion(ce, ct, pe, pt, margin):
    """Mirrors TwoProportionTest's choice of test and its degenerate cases (statistics.h)."""
    pc = ce / ct if ct else 0.0
    pp = pe / pt if pt else 0.0
    if margin == 0:
        pooled = (ce + pe) / (ct + pt) if ct + pt else 0.0
        min_expected = min(min(ct, pt) * pooled, min(ct, pt) * (1 - pooled))
        if ct == 0 or pt == 0 or min_expected < MIN_EXPECTED_CELL:
            res = stats.fisher_exact([[ce, ct - ce], [pe, pt - pe]], alternative="greater")
            return "Fisher exact", finite_or_name(res.statistic), float(res.pvalue)
        z = (pc - pp) / math.sqrt(pooled * (1 - pooled) * (1 / ct + 1 / pt))
        # An independent check of the pooled z: it is the signed root of Pearson's chi-square.
        chi2 = stats.chi2_contingency([[ce, ct - ce], [pe, pt - pe]], correction=False)[0]
        assert math.isclose(z * z, chi2, rel_tol=1e-9), (ce, ct, pe, pt, z * z, chi2)
        return "two-proportion z", z, float(stats.norm.sf(z))
    if ct == 0 or pt == 0:
        return "two-proportion z", 0.0, 1.0
    diff = pc - pp
    var = pc * (1 - pc) / ct + pp * (1 - pp) / pt
    if var <= 0:
        if diff <= margin:
            return "two-proportion z", 0.0, 1.0
        ac = (ce + 1) / (ct + 2)
        ap = (pe + 1) / (pt + 2)
        diff = ac - ap
        var = ac * (1 - ac) / (ct + 2) + ap * (1 - ap) / (pt + 2)
    z = (diff - margin) / math.sqrt(var)
    return "two-proportion z", z, float(stats.norm.sf(z))


def mann_whitney(canary, primary, shift):
    x = [v - shift for v in canary]
    combined = x + list(primary)
    ties = len(set(combined)) < len(combined)
    exact = len(x) <= MAX_EXACT_RANK_SAMPLES and len(primary) <= MAX_EXACT_RANK_SAMPLES and not ties
    method = "exact" if exact else "asymptotic"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # all-tied samples divide by a zero variance
        res = stats.mannwhitneyu(np.array(x), np.array(primary, dtype=float), alternative="greater",
                                 method=method, use_continuity=True)
    return method, float(res.statistic), float(res.pvalue)


def fisher_cases():
    tables = [
        # zeros and empty rows / columns
        (0, 0, 0, 0), (0, 0, 0, 10), (0, 0, 3, 7), (0, 10, 0, 90), (5, 0, 0, 0), (0, 5, 0, 5),
        (3, 0, 4, 0), (0, 3, 0, 0), (0, 300, 0, 2700), (300, 0, 2700, 0),
        # tiny counts
        (1, 2, 0, 4), (1, 0, 0, 1), (1, 0, 0, 5), (2, 1, 0, 4), (3, 0, 0, 4), (0, 3, 1, 3),
        (1, 3, 1, 3), (2, 2, 1, 5), (1, 9, 0, 10), (4, 1, 1, 4), (8, 2, 1, 5), (0, 4, 4, 0),
        # the canary with errors, the primary without, at the documented traffic
        (1, 299, 0, 2700), (2, 298, 0, 2700), (3, 297, 0, 2700), (5, 295, 1, 2699),
        (15, 285, 0, 2700), (29, 571, 0, 5400), (1, 299, 3, 2697), (3, 297, 27, 2673),
        (0, 300, 5, 2695), (6, 294, 2, 2698), (10, 590, 3, 5397), (2, 2998, 0, 27000),
        # larger tables, centre and far tails
        (30, 270, 270, 2430), (40, 260, 270, 2430), (60, 240, 270, 2430), (20, 280, 270, 2430),
        (150, 150, 0, 2700), (300, 0, 0, 2700), (100, 200, 900, 1800), (120, 180, 900, 1800),
        (500, 4500, 4000, 41000), (7, 9993, 40, 89960), (12, 88, 3, 897),
        # a million requests and more, where log-gamma differences lose precision
        (2, 99998, 1, 899999), (5, 199995, 10, 1799990), (9, 1, 499990, 500010), (3, 7, 1, 999989),
    ]
    out = []
    for a, b, c, d in tables:
        p = fisher_greater(a, b, c, d)
        exact = fisher_greater_exact(a, b, c, d)
        # SciPy drifts at a million requests (1e-10 relative); the test's tolerance is 1e-9.
        assert math.isclose(p, exact, rel_tol=1e-9, abs_tol=1e-300), ((a, b, c, d), p, exact)
        out.append({"a": a, "b": b, "c": c, "d": d, "p": p, "exact_p": exact})
    return out


def two_proportion_cases():
    inputs = [
        # margin > 0: unpooled z
        (29, 600, 0, 5400, 0.01), (15, 300, 0, 2700, 0.01), (12, 300, 0, 2700, 0.01),
        (13, 300, 0, 2700, 0.01), (3, 300, 3, 2700, 0.01), (3, 300, 27, 2700, 0.01),
        (30, 300, 27, 2700, 0.01), (6, 600, 5, 5400, 0.01), (60, 3000, 27, 27000, 0.01),
        (100, 3000, 30, 27000, 0.005), (250, 3000, 200, 27000, 0.02), (40, 300, 270, 2700, 0.05),
        (1, 300, 0, 2700, 0.01), (0, 300, 4, 2700, 0.01), (10, 100, 0, 900, 0.01),
        (5000, 30000, 40000, 270000, 0.001),
        # margin > 0, degenerate: zero variance, empty sides
        (0, 300, 0, 2700, 0.01), (300, 300, 2700, 2700, 0.01), (0, 300, 2700, 2700, 0.01),
        (1, 1, 0, 5, 0.01), (300, 300, 0, 2700, 0.01), (0, 0, 3, 2700, 0.01), (3, 300, 0, 0, 0.01),
        # margin = 0: pooled z when every expected cell is >= 5, Fisher otherwise
        (30, 300, 270, 2700, 0.0), (45, 300, 270, 2700, 0.0), (20, 300, 270, 2700, 0.0),
        (29, 600, 0, 5400, 0.0), (60, 600, 300, 5400, 0.0), (600, 3000, 5000, 27000, 0.0),
        (3, 300, 3, 2700, 0.0), (0, 300, 0, 2700, 0.0), (1, 3, 0, 4, 0.0), (0, 0, 5, 10, 0.0),
        (10, 20, 5, 20, 0.0), (300, 300, 2000, 2700, 0.0),
    ]
    out = []
    for ce, ct, pe, pt, margin in inputs:
        test, statistic, p = two_proportion(ce, ct, pe, pt, margin)
        out.append({"canary_events": ce, "canary_total": ct, "primary_events": pe, "primary_total": pt,
                    "margin": margin, "test": test, "statistic": statistic, "p": p})
    return out


def mann_whitney_cases():
    rng = np.random.default_rng(20240611)

    def lognormal(n, median, sigma, decimals=3):
        return [round(float(v), decimals) for v in rng.lognormal(math.log(median), sigma, n)]

    def distinct(n, median, sigma):
        while True:
            v = lognormal(n, median, sigma, decimals=6)
            if len(set(v)) == n:
                return v

    cases = []
    # Exact: both n <= 8, continuous values (ties are checked after the shift by mann_whitney).
    for n1, n2, delta, shift in [(1, 1, 0, 0), (1, 4, 10, 0), (3, 4, 0, 0), (4, 3, 30, 0), (5, 5, 0, 0),
                                 (5, 5, 200, 20), (5, 5, 30, 20), (6, 7, 15, 0), (7, 6, -20, 0),
                                 (8, 8, 0, 0), (8, 8, 100, 20), (8, 8, 25, 5), (5, 8, 60, 0),
                                 (8, 5, 60, 10), (2, 8, 40, 0), (8, 2, 40, 0)]:
        canary = [v + delta for v in distinct(n1, 50, 0.3)]
        cases.append((canary, distinct(n2, 50, 0.3), float(shift)))
    # Extremes of the exact distribution: every canary value above, or below, every primary one.
    cases.append(([101.0, 102.0, 103.0, 104.0, 105.0], [1.0, 2.0, 3.0, 4.0, 5.0], 0.0))
    cases.append(([1.0, 2.0, 3.0, 4.0, 5.0], [101.0, 102.0, 103.0, 104.0, 105.0], 0.0))
    cases.append(([101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0],
                  [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], 0.0))
    # Small n but one side above 8: statistics.h uses the normal approximation there.
    cases.append(([v + 30 for v in distinct(6, 50, 0.3)], distinct(20, 50, 0.3), 0.0))
    cases.append((distinct(12, 50, 0.3), distinct(7, 50, 0.3), 0.0))
    # Asymptotic, large n, realistic per-second averages.
    for n1, n2, delta, shift, sigma in [(9, 9, 0, 0, 0.3), (20, 20, 0, 0, 0.3), (60, 60, 0, 20, 0.2),
                                        (60, 60, 200, 20, 0.2), (60, 60, 25, 20, 0.2),
                                        (120, 120, 10, 5, 0.25), (300, 300, 0, 20, 0.2),
                                        (300, 300, 22, 20, 0.2), (600, 600, 3, 0, 0.2),
                                        (50, 400, 15, 10, 0.3), (400, 50, -15, 0, 0.3),
                                        (10, 200, 80, 20, 0.5), (200, 10, 5, 0, 0.5)]:
        canary = [round(v + delta, 3) for v in lognormal(n1, 50, sigma)]
        cases.append((canary, lognormal(n2, 50, sigma), float(shift)))
    # Heavy ties: latencies rounded to whole 10 ms, so most values are shared.
    for n1, n2, delta, shift in [(5, 5, 0, 0), (6, 8, 10, 0), (30, 30, 0, 0), (30, 30, 20, 0),
                                 (60, 60, 10, 10), (100, 300, 0, 0), (200, 200, 30, 20), (8, 8, 20, 0)]:
        canary = [10.0 * round((v + delta) / 10) for v in lognormal(n1, 50, 0.2)]
        primary = [10.0 * round(v / 10) for v in lognormal(n2, 50, 0.2)]
        cases.append((canary, primary, float(shift)))
    # All equal, and all equal once the shift is taken off.
    cases.append(([50.0] * 5, [50.0] * 5, 0.0))
    cases.append(([50.0] * 60, [50.0] * 60, 0.0))
    cases.append(([70.0] * 10, [50.0] * 12, 20.0))
    cases.append(([50.0] * 10, [50.0] * 12, 20.0))
    # Two values only: a canary that is sometimes slow.
    cases.append(([50.0] * 40 + [250.0] * 20, [50.0] * 58 + [250.0] * 2, 20.0))
    # Shifts that are not representable exactly (0.1 ms steps).
    cases.append(([50.3, 61.7, 49.9, 70.1, 55.5, 58.2], [40.2, 45.1, 39.8, 50.0, 44.4, 41.3], 10.1))
    cases.append(([v + 20.1 for v in lognormal(40, 50, 0.2)], lognormal(40, 50, 0.2), 20.1))

    out = []
    for canary, primary, shift in cases:
        method, u, p = mann_whitney(canary, primary, shift)
        out.append({"canary": canary, "primary": primary, "shift": shift, "method": method, "u": u, "p": p})
    return out


def main():
    table = {
        "generator": "scripts/statistics_reference.py",
        "scipy_version": scipy.__version__,
        "fisher_exact": fisher_cases(),
        "two_proportion": two_proportion_cases(),
        "mann_whitney": mann_whitney_cases(),
    }
    json.dump(table, sys.stdout, indent=1, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
