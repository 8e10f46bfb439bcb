"""jobintel.compare.stats: definitions from docs/statistics.md, checked by hand and by properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobintel.compare import stats


# -- development examples ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "period", "expected"),
    [
        (50, "hour", 104_000.0),
        (400, "day", 104_000.0),
        (2_000, "week", 104_000.0),
        (8_000, "month", 96_000.0),
        (120_000, "year", 120_000.0),
        (None, "year", None),
        (5, None, None),
        (5, "fortnight", None),
    ],
)
def test_annualize(value, period, expected):
    assert stats.annualize(value, period) == expected


@pytest.mark.parametrize(
    ("n", "label"),
    [
        (0, "insufficient"),
        (4, "insufficient"),
        (5, "low"),
        (14, "low"),
        (15, "medium"),
        (49, "medium"),
        (50, "high"),
    ],
)
def test_confidence_labels(n, label):
    assert stats.confidence_label(n) == label


def test_one_bound_ranges_use_that_bound():
    lo, hi = stats.salary_bounds(
        np.array([100.0, np.nan, 90.0, np.nan, 150.0]), np.array([np.nan, 80.0, 110.0, np.nan, 120.0])
    )
    assert lo.tolist() == [100.0, 80.0, 90.0, 120.0]  # both-missing dropped; reversed 150/120 reordered
    assert hi.tolist() == [100.0, 80.0, 110.0, 150.0]
    assert stats.midpoints(lo, hi).tolist() == [100.0, 80.0, 100.0, 135.0]


def test_summary_hand_computed():
    s = stats.summarize_salaries(np.array([100.0, 120, 90, 200, 130]), np.array([150.0, 160, 110, 200, 170]))
    assert (s.n, s.avg_min, s.avg_max, s.median, s.p25, s.p75) == (5, 128.0, 158.0, 140.0, 125.0, 150.0)
    assert s.p10 == pytest.approx(110.0) and s.p90 == pytest.approx(180.0)
    assert s.confidence == "low" and not s.withheld


def test_summary_withheld_below_five():
    s = stats.summarize_salaries(np.array([1.0, 2, 3]), np.array([2.0, 3, 4]))
    assert s.withheld and s.n == 3 and s.median is None and s.avg_min is None and s.median_ci is None


def test_bootstrap_is_seeded_and_order_independent():
    x = np.random.default_rng(1).lognormal(11.5, 0.3, 400)
    a = stats.bootstrap_median_ci(x, seed=3)
    b = stats.bootstrap_median_ci(x[::-1].copy(), seed=3)
    assert a == b and a[2] == "bootstrap"
    assert a[0] <= np.median(x) <= a[1]


def test_large_n_uses_order_statistic_interval():
    x = np.arange(20_001, dtype=float)
    lo, hi, method = stats.bootstrap_median_ci(x)
    assert method == "order-statistic"
    # ranks n/2 +- 1.96 sqrt(n)/2 ~ 10000 +- 139
    assert 9855 <= lo <= 9865 and 10135 <= hi <= 10145


def test_bootstrap_coverage_is_about_95_percent():
    rng = np.random.default_rng(0)
    hits = 0
    for i in range(200):
        ci = stats.bootstrap_median_ci(rng.normal(100.0, 10.0, 60), resamples=300, seed=i)
        hits += ci[0] <= 100.0 <= ci[1]
    assert 0.88 <= hits / 200 <= 0.99


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (0.003, "0.3%"),  # the seed page printed this as "0%"
        (0.0004, "<0.1%"),
        (0.00049, "<0.1%"),
        (0.0005, "0.1%"),
        (0.0, "0.0%"),
        (0.9101, "91.0%"),
        (0.99996, ">99.9%"),
        (1.0, "100.0%"),
    ],
)
def test_format_share_never_rounds_nonzero_to_zero(fraction, text):
    assert stats.format_share(fraction) == text


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        (120_400, "USD", "$120K"),
        (93_499, "USD", "$93K"),
        (1_250_000, "EUR", "€1.25M"),
        (95_000, "CAD", "CAD 95K"),
        (None, "USD", "n/a (n=3)"),
    ],
)
def test_format_money(value, currency, text):
    assert stats.format_money(value, currency, n=3) == text


def test_shares_and_withholding():
    assert stats.shares({"a": 1, "b": 3, "c": 1}) == {"a": 0.2, "b": 0.6, "c": 0.2}
    assert stats.shares({"a": 1, "b": 3}) == {"a": None, "b": None}  # total 4 < 5
    assert stats.percent_higher(173, 120) == pytest.approx(44.1666, rel=1e-4)


def test_histogram_edges_are_round_and_shared():
    edges = stats.nice_bin_edges([np.array([95e3, 150e3]), np.array([120e3, 240e3])])
    widths = np.diff(edges)
    assert np.all(widths == widths[0]) and widths[0] in (1e4, 2e4, 2.5e4)
    assert len(edges) - 1 <= 12
    counts = stats.histogram(np.array([1.0, 95e3, 150e3, 10e6]), edges)
    assert sum(counts) == 4 and counts[0] >= 2 and counts[-1] >= 1  # outliers clipped into end bins


# -- properties ---------------------------------------------------------------------------------------
_money = st.floats(min_value=1_000, max_value=2_000_000, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_money, _money), min_size=5, max_size=60))
def test_summary_orderings(pairs):
    lo, hi = stats.salary_bounds(np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]))
    s = stats.summarize_salaries(lo, hi, resamples=50)
    tol = 1e-6 * s.p90
    assert (
        s.p10 <= s.p25 + tol and s.p25 <= s.median + tol and s.median <= s.p75 + tol and s.p75 <= s.p90 + tol
    )
    assert s.avg_min <= s.avg_max + tol
    assert s.median_ci[0] <= s.median + tol and s.median <= s.median_ci[1] + tol
    assert (s.avg_min + s.avg_max) / 2 == pytest.approx(float(np.mean(stats.midpoints(lo, hi))))


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.sampled_from(["entry", "mid", "senior", "x"]), st.integers(0, 10_000), min_size=1))
def test_shares_sum_to_one_and_display_to_100(counts):
    sh = stats.shares(counts)
    if sum(counts.values()) < stats.MIN_N:
        assert all(v is None for v in sh.values())
        return
    assert sum(sh.values()) == pytest.approx(1.0)
    shown = [float(stats.format_share(v).strip("<>%")) for v in sh.values()]
    assert abs(sum(shown) - 100.0) <= 0.05 * len(shown) + 0.1
