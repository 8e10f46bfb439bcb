"""Pure statistics for comparisons: annualizing, salary summaries, shares, confidence, bootstrap.

Nothing here touches the database; every function takes plain numbers or numpy arrays, so the
definitions in ``docs/statistics.md`` can be checked by hand.

>>> lo, hi = np.array([100e3, 120e3, 140e3, 90e3, 200e3]), np.array([150e3, 160e3, 180e3, 110e3, 240e3])
>>> s = summarize_salaries(lo, hi)
>>> (s.n, s.avg_min, s.avg_max, s.median, s.confidence)
(5, 130000.0, 168000.0, 140000.0, 'low')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "CONFIDENCE_HIGH_FROM",
    "CONFIDENCE_MEDIUM_FROM",
    "MIN_N",
    "PERIOD_FACTORS",
    "SalarySummary",
    "annualize",
    "bootstrap_median_ci",
    "confidence_label",
    "format_count",
    "format_money",
    "format_share",
    "histogram",
    "midpoints",
    "nice_bin_edges",
    "percent_higher",
    "salary_bounds",
    "shares",
    "summarize_salaries",
]

#: Paid units per year: 40 h x 52 weeks, 5 days x 52 weeks.
PERIOD_FACTORS: dict[str, int] = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
#: Below this many observations no figure is shown ("n/a (n=3)").
MIN_N = 5
CONFIDENCE_MEDIUM_FROM = 15
CONFIDENCE_HIGH_FROM = 50
#: Above this n the Monte-Carlo bootstrap (B x n draws) is replaced by the order-statistic interval,
#: which the bootstrap percentile interval of the median converges to; it keeps a 1M-posting
#: comparison under two seconds.
_BOOTSTRAP_MAX_N = 10_000
_PERCENTILES = (10, 25, 50, 75, 90)


def annualize(value: float | None, period: str | None) -> float | None:
    """A pay figure per year; ``None`` when the value or the period is unknown.

    >>> annualize(50, "hour"), annualize(8000, "month"), annualize(1, "fortnight")
    (104000.0, 96000.0, None)
    """
    if value is None or period not in PERIOD_FACTORS:
        return None
    return float(value) * PERIOD_FACTORS[period]


def confidence_label(n: int) -> str:
    """``insufficient`` below 5, ``low`` below 15, ``medium`` below 50, ``high`` from 50.

    >>> [confidence_label(n) for n in (3, 5, 14, 15, 49, 50)]
    ['insufficient', 'low', 'low', 'medium', 'medium', 'high']
    """
    if n < MIN_N:
        return "insufficient"
    if n < CONFIDENCE_MEDIUM_FROM:
        return "low"
    if n < CONFIDENCE_HIGH_FROM:
        return "medium"
    return "high"


def salary_bounds(mins: np.ndarray, maxs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Complete ranges: a missing bound takes the other's value; rows with neither are dropped.

    Reversed ranges are reordered so that ``lo <= hi`` always holds.

    >>> salary_bounds(np.array([100.0, np.nan, np.nan]), np.array([np.nan, 80.0, np.nan]))
    (array([100.,  80.]), array([100.,  80.]))
    """
    mins = np.asarray(mins, dtype=float)
    maxs = np.asarray(maxs, dtype=float)
    lo = np.where(np.isnan(mins), maxs, mins)
    hi = np.where(np.isnan(maxs), mins, maxs)
    keep = ~np.isnan(lo)
    lo, hi = lo[keep], hi[keep]
    return np.minimum(lo, hi), np.maximum(lo, hi)


def midpoints(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Range midpoints; a one-bound posting (lo == hi after ``salary_bounds``) gives that bound."""
    return (np.asarray(lo, dtype=float) + np.asarray(hi, dtype=float)) / 2.0


def bootstrap_median_ci(
    values: np.ndarray, *, resamples: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[float, float, str] | None:
    """A ``level`` confidence interval for the median: ``(low, high, method)``; ``None`` below n = 5.

    Percentile bootstrap with a seeded generator (values are sorted first, so the result does not
    depend on row order). For n above 10,000 the distribution-free order-statistic interval
    (ranks n/2 +- z*sqrt(n)/2) is returned instead, ``method`` says which.

    >>> lo, hi, method = bootstrap_median_ci(np.arange(1.0, 101.0))
    >>> lo < 50.5 < hi, method
    (True, 'bootstrap')
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    if n < MIN_N:
        return None
    alpha = (1.0 - level) / 2.0
    if n > _BOOTSTRAP_MAX_N:
        z = _normal_quantile(1.0 - alpha)
        k = z * math.sqrt(n) / 2.0
        lo_rank = max(0, math.floor(n / 2.0 - k) - 1)
        hi_rank = min(n - 1, math.ceil(n / 2.0 + k))
        return float(x[lo_rank]), float(x[hi_rank]), "order-statistic"
    rng = np.random.default_rng(seed)
    medians = np.empty(resamples)
    # Chunks bound the (chunk x n) index matrix to ~2M entries whatever n is.
    chunk = max(1, 2_000_000 // n)
    for start in range(0, resamples, chunk):
        stop = min(resamples, start + chunk)
        idx = rng.integers(0, n, size=(stop - start, n))
        medians[start:stop] = np.median(x[idx], axis=1)
    low, high = np.percentile(medians, [100 * alpha, 100 * (1 - alpha)])
    return float(low), float(high), "bootstrap"


def _normal_quantile(p: float) -> float:
    """Inverse standard normal CDF by bisection on erf (no scipy needed; 1e-10 precision)."""
    lo, hi = -10.0, 10.0
    for _ in range(80):
        mid = (lo + hi) / 2.0
        if 0.5 * (1.0 + math.erf(mid / math.sqrt(2.0))) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


@dataclass(frozen=True, slots=True)
class SalarySummary:
    """Salary statistics of one group; every figure is ``None`` when ``n < 5`` (``withheld``)."""

    n: int
    confidence: str
    avg_min: float | None = None
    avg_max: float | None = None
    median: float | None = None
    median_ci: tuple[float, float] | None = None
    ci_method: str | None = None
    p10: float | None = None
    p25: float | None = None
    p75: float | None = None
    p90: float | None = None

    @property
    def withheld(self) -> bool:
        return self.n < MIN_N


def summarize_salaries(
    lo: np.ndarray, hi: np.ndarray, *, resamples: int = 1000, seed: int = 0
) -> SalarySummary:
    """Means of the range bounds, and percentiles of the midpoints (numpy's linear interpolation).

    ``lo``/``hi`` are complete bounds (see ``salary_bounds``) in one currency, annualized.
    ``resamples=0`` skips the median's confidence interval.
    """
    lo = np.asarray(lo, dtype=float)
    hi = np.asarray(hi, dtype=float)
    n = int(lo.size)
    if n < MIN_N:
        return SalarySummary(n=n, confidence=confidence_label(n))
    mid = midpoints(lo, hi)
    p10, p25, p50, p75, p90 = (float(v) for v in np.percentile(mid, _PERCENTILES))
    ci = bootstrap_median_ci(mid, resamples=resamples, seed=seed) if resamples else None
    return SalarySummary(
        n=n,
        confidence=confidence_label(n),
        avg_min=float(lo.mean()),
        avg_max=float(hi.mean()),
        median=p50,
        median_ci=(ci[0], ci[1]) if ci else None,
        ci_method=ci[2] if ci else None,
        p10=p10,
        p25=p25,
        p75=p75,
        p90=p90,
    )


def shares(counts: Mapping[str, int], keys: Sequence[str] | None = None) -> dict[str, float | None]:
    """Each count over the sum of ``keys`` (default: all); ``None`` when that sum is below 5.

    >>> shares({"entry": 1, "mid": 2, "senior": 1, "x": 4})
    {'entry': 0.125, 'mid': 0.25, 'senior': 0.125, 'x': 0.5}
    >>> shares({"entry": 1, "mid": 2})
    {'entry': None, 'mid': None}
    """
    keys = list(keys) if keys is not None else list(counts)
    total = sum(counts.get(k, 0) for k in keys)
    if total < MIN_N:
        return {k: None for k in keys}
    return {k: counts.get(k, 0) / total for k in keys}


def percent_higher(a: float, b: float) -> float:
    """How much higher ``a`` is than ``b``, in percent of ``b``.

    >>> round(percent_higher(173, 120), 1)
    44.2
    """
    return (a / b - 1.0) * 100.0


def format_share(fraction: float | None, n: int | None = None) -> str:
    """A share with one decimal; a nonzero share never shows as 0: ``<0.1%``.

    >>> format_share(0.003), format_share(0.0004), format_share(0.0), format_share(None, 3)
    ('0.3%', '<0.1%', '0.0%', 'n/a (n=3)')
    """
    if fraction is None:
        return "n/a" if n is None else f"n/a (n={n})"
    pct = fraction * 100.0
    if 0 < pct < 0.05:
        return "<0.1%"
    if 99.95 <= pct < 100:
        return ">99.9%"
    return f"{pct:.1f}%"


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def format_money(value: float | None, currency: str = "USD", n: int | None = None) -> str:
    """Compact money: ``$120K``, ``$1.25M``, ``CAD 95K``; ``n/a (n=3)`` for a withheld figure.

    >>> format_money(120_400), format_money(1_250_000, "EUR"), format_money(95_000, "CAD")
    ('$120K', '€1.25M', 'CAD 95K')
    """
    if value is None:
        return "n/a" if n is None else f"n/a (n={n})"
    prefix = _SYMBOLS.get(currency, f"{currency} ")
    if abs(value) >= 1_000_000:
        return f"{prefix}{value / 1_000_000:.2f}M"
    if abs(value) >= 1_000:
        return f"{prefix}{value / 1_000:.0f}K"
    return f"{prefix}{value:.0f}"


def format_count(n: int) -> str:
    """Thousands separators: ``23,752``."""
    return f"{n:,}"


def nice_bin_edges(samples: Sequence[np.ndarray], max_bins: int = 12) -> np.ndarray:
    """Common histogram edges for several samples: round widths (5K, 10K, 25K, ...).

    The range spans the 1st to 99th percentile of all values pooled, so one outlier offer cannot
    flatten the chart; ``histogram`` clips values beyond it into the end bins.

    >>> nice_bin_edges([np.array([52e3, 148e3])]).tolist()[:3]
    [50000.0, 60000.0, 70000.0]
    """
    pooled = np.concatenate([np.asarray(s, dtype=float) for s in samples]) if samples else np.array([])
    if pooled.size == 0:
        return np.array([], dtype=float)
    low, high = np.percentile(pooled, [1, 99])
    for width in (1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 2.5e4, 5e4, 1e5, 2e5, 2.5e5, 5e5, 1e6, 2e6, 5e6):
        start = math.floor(low / width) * width
        stop = max(math.ceil(high / width) * width, start + width)
        if (stop - start) / width <= max_bins:
            return np.arange(start, stop + width / 2, width)
    return np.array([low, high], dtype=float)


def histogram(values: np.ndarray, edges: np.ndarray) -> list[int]:
    """Counts per bin, values outside the edges clipped into the first/last bin."""
    if len(edges) < 2:
        return []
    clipped = np.clip(np.asarray(values, dtype=float), edges[0], edges[-1])
    counts, _ = np.histogram(clipped, bins=edges)
    return [int(c) for c in counts]
