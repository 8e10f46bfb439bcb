"""Salary extraction: tables of real-world strings grouped by provenance, structured helpers, invariants.

``tests/data/salary_strings.jsonl`` holds job-board salary strings written for jobintel in the formats seen
on each kind of board (the ``source`` field names it); rows citing ``job-sources.md`` copy that reference's
examples. The file is also scored by ``bench/eval_salary.py``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobintel.models import PERIODS, StructuredSalary
from jobintel.nlp.fx import currency_code, load_fx_table, to_usd
from jobintel.nlp.salary import annualize, find_salary, parse_salary
from jobintel.nlp.salary_sources import (
    from_structured,
    normalize_period,
    salary_from_ashby,
    salary_from_greenhouse_content,
    salary_from_greenhouse_pay_ranges,
    salary_from_jsonld,
    salary_from_lever,
)

DATA = Path(__file__).parent / "data" / "salary_strings.jsonl"

# (text, min, max, currency, period, basis, kind)
DEVELOPMENT_EXAMPLES = [
    ("$120,000 - $150,000", 120000, 150000, "USD", "year", "inferred", "base"),
    ("$120K–$150K", 120000, 150000, "USD", "year", "inferred", "base"),
    ("120k to 150k USD", 120000, 150000, "USD", "year", "inferred", "base"),
    ("£45,000 - £55,000 per annum", 45000, 55000, "GBP", "year", "parsed", "base"),
    ("€60.000–€75.000", 60000, 75000, "EUR", "year", "inferred", "base"),
    ("CHF 120'000", 120000, 120000, "CHF", "year", "inferred", "base"),
    ("₹12,00,000 - ₹18,00,000", 1200000, 1800000, "INR", "year", "inferred", "base"),
    ("$45 - $60 per hour", 45, 60, "USD", "hour", "parsed", "base"),
    ("$8,000/month", 8000, 8000, "USD", "month", "parsed", "base"),
    ("$245,000—$320,000 USD", 245000, 320000, "USD", "year", "inferred", "base"),
    ("$257K - $335K", 257000, 335000, "USD", "year", "inferred", "base"),
    ("USD 150000", 150000, 150000, "USD", "year", "inferred", "base"),
    ("CA$100,000–CA$130,000", 100000, 130000, "CAD", "year", "inferred", "base"),
    ("$95k-$120k (Glassdoor est.)", 95000, 120000, "USD", "year", "estimated", "base"),
    ("$150k base + equity", 150000, 150000, "USD", "year", "inferred", "base"),
    ("$150k base + $50k bonus", 150000, 150000, "USD", "year", "inferred", "base"),
    ("OTE $250,000", 250000, 250000, "USD", "year", "inferred", "ote"),
    ("$120K base / $240K OTE", 120000, 120000, "USD", "year", "inferred", "base"),
    ("12-18 Lacs P.A.", 1200000, 1800000, "INR", "year", "parsed", "base"),
    ("年収 600万円~800万円", 6000000, 8000000, "JPY", "year", "parsed", "base"),
    ("£500pd Outside IR35", 500, 500, "GBP", "day", "parsed", "base"),
    ("$1,200 - $1,500 a week", 1200, 1500, "USD", "week", "parsed", "base"),
    ("Up to $85,000 a year", None, 85000, "USD", "year", "parsed", "base"),
    ("$100,000+", 100000, None, "USD", "year", "inferred", "base"),
    ("$80,000 - $95,000 (CAD)", 80000, 95000, "CAD", "year", "inferred", "base"),
    ("15 000 - 22 000 PLN netto (B2B)", 15000, 22000, "PLN", "month", "inferred", "base"),
]

# Strings that look numeric but carry no base salary.
TRAPS_NO_SALARY = [
    "DOE",
    "Competitive salary",
    "Competitive salary + equity",
    "Salary: Negotiable",
    "Salary: $0",
    "$0 - $0",
    "Call 555-123-4567",
    "Call (415) 555-0199 or +44 20 7946 0958",
    "Founded in 2024",
    "2019-2024",
    "team of 50",
    "500+ employees",
    "401(k) match",
    "401k with 4% match",
    "15%",
    "Python 3.11.2",
    "24/7 support",
    "San Francisco, CA 94105",
    "5+ years of experience",
    "$50k annual bonus",
    "We raised $40M in Series B funding",
]

TRAPS_WITH_SALARY = [
    ("$200K-$150K", 150000, 200000, "USD", "year", "inferred", "base"),  # swapped ends
    ("$100k-$120k/year, 401(k), 20 days PTO", 100000, 120000, "USD", "year", "parsed", "base"),
    ("$1,000 sign-on bonus, $18/hr", 18, 18, "USD", "hour", "parsed", "base"),
    ("$120k–$160k USD + 0.1%–0.5% equity", 120000, 160000, "USD", "year", "inferred", "base"),
    ("9am-5pm, $20/hr", 20, 20, "USD", "hour", "parsed", "base"),
    ("£2,500 pm", 2500, 2500, "GBP", "month", "parsed", "base"),  # "pm" after money is a month
    ("$80K - $100K (Employer est.)", 80000, 100000, "USD", "year", "inferred", "base"),  # employer-stated
    ("$0 - $50,000", None, 50000, "USD", "year", "inferred", "base"),  # zero is null
]

BUGS_CAUGHT = [
    # The space-grouping regex glued a zone number to the amount: "1 120,000".
    ("Zone 1 120,000 - 150,000 USD", 120000, 150000, "USD", "year", "inferred", "base"),
    # "pr. måned" was cut at the abbreviation's full stop.
    ("DKK 50.000 - 60.000 pr. måned", 50000, 60000, "DKK", "month", "parsed", "base"),
    # CJK marks were guarded like Latin letters, so "600万円" lost its yen and the range.
    ("600万円〜800万円", 6000000, 8000000, "JPY", "year", "inferred", "base"),
    # "p.h." (dotted abbreviation) was not read as a period, so the period was only inferred.
    ("$60 - $70 p.h. + super", 60, 70, "USD", "hour", "parsed", "base"),
    # The zip-code mask ("CA 94105") ignored case and ate "to 95000".
    ("Salary 80000 to 95000", 80000, 95000, None, "year", "inferred", "base"),
    # "CAD $80,000": the code before a bare dollar names the dollar.
    ("CAD $80,000 - $95,000", 80000, 95000, "CAD", "year", "inferred", "base"),
    # Total compensation written before the amount ("salary + bonus:") read as a bonus clause.
    ("Base salary + bonus: $150k", 150000, 150000, "USD", "year", "inferred", "base"),
]

KNOWN_FAILURES = [
    # "kr" is SEK, NOK, DKK or ISK; we do not guess which from the language.
    pytest.param(
        "kr 600 000 – 700 000 per år", 600000, 700000, "NOK", "year", "parsed", "base",
        marks=pytest.mark.xfail(strict=True, reason="ambiguous 'kr'"),
    ),
]  # fmt: skip


def _as_tuple(s):
    return None if s is None else (s.min, s.max, s.currency, s.period, s.basis, s.kind)


@pytest.mark.parametrize(
    ("text", "lo", "hi", "cur", "period", "basis", "kind"),
    DEVELOPMENT_EXAMPLES + TRAPS_WITH_SALARY + BUGS_CAUGHT + KNOWN_FAILURES,
)
def test_parse_salary(text, lo, hi, cur, period, basis, kind):
    assert _as_tuple(parse_salary(text)) == (lo, hi, cur, period, basis, kind)


@pytest.mark.parametrize("text", TRAPS_NO_SALARY)
def test_parse_salary_traps_give_none(text):
    assert parse_salary(text) is None


def test_parse_salary_keeps_raw_text_and_annual_usd():
    s = parse_salary("  £45,000 - £55,000 per annum ")
    assert s.text == "£45,000 - £55,000 per annum"
    assert s.annual_usd_min == pytest.approx(45000 * load_fx_table().usd_per_unit["GBP"])
    hourly = parse_salary("$45 - $60 per hour")
    assert (hourly.annual_usd_min, hourly.annual_usd_max) == (45 * 2080, 60 * 2080)


def test_default_currency_only_when_none_written():
    assert parse_salary("65.000 - 80.000", default_currency="eur").currency == "EUR"
    assert parse_salary("$65,000", default_currency="EUR").currency == "USD"


def test_own_table_at_least_95_percent_exact():
    rows = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= 80
    failures = []
    for r in rows:
        s = parse_salary(r["text"])
        got = (s.min, s.max, s.period) if s else (None, None, None)
        if got != (r["min"], r["max"], r["period"]):
            failures.append(f"{r['text']!r}: expected {(r['min'], r['max'], r['period'])}, got {got}")
    assert len(failures) <= 0.05 * len(rows), "\n".join(failures)


# ------------------------------------------------------------------ find_salary over whole postings

POSTING = """About us
Founded in 2019, we are a team of 50 engineers backed by $40M in Series B funding.
Requirements
- 5+ years of Python 3.11; call 555-123-4567 with questions
Benefits
- 401(k) match up to 4%
- $2,000 annual learning stipend
Compensation
The base salary range for this role is $165,000 - $210,000. You are also eligible for equity and a 15% bonus.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (POSTING, (165000, 210000, "USD", "year", "inferred", "base")),
        ("Pay: $45 - $60 per hour. Shifts 9am-5pm, 24/7 rotation.",
         (45, 60, "USD", "hour", "parsed", "base")),
        ("Our OTE is $200,000 - $240,000 with a base of $100,000 - $120,000.",
         (100000, 120000, "USD", "year", "inferred", "base")),
        ("Compensation\n$140k – $180k • Offers Equity", (140000, 180000, "USD", "year", "inferred", "base")),
        ("Python 3.11, Kubernetes 1.29, 3-5 years. Salary range: 120-150k USD.",
         (120000, 150000, "USD", "year", "inferred", "base")),
        ("Salary: Competitive, DOE. 25 days holiday and a £1,000 home office budget.", None),
        # Bug caught: the clause before the range ran across the full stop and saw "relocation".
        ("A $5,000 relocation package. Hiring range: $90,000 to $110,000.",
         (90000, 110000, "USD", "year", "inferred", "base")),
        ("We serve 10,000 customers in 30 countries since 2015.", None),
    ],
)  # fmt: skip
def test_find_salary(text, expected):
    assert _as_tuple(find_salary(text)) == expected


def test_find_salary_evidence_is_the_original_line():
    s = find_salary("Intro.\nCall 555-123-4567. Pay: $20/hr")
    assert s.text == "Call 555-123-4567. Pay: $20/hr"


# ------------------------------------------------------------------ structured sources (job-sources.md)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("per-year-salary", "year"), ("per-hour-wage", "hour"), ("per-month-salary", "month"),
        ("1 YEAR", "year"), ("1 HOUR", "hour"), ("NONE", None), ("PA", "year"), ("PH", "hour"),
        ("Per Year", "year"), ("annual", "year"), ("monthly", "month"), ("HOUR", "hour"), ("day", "day"),
        ("WEEK", "week"), ("Month", "month"), ("year", "year"), ("P1Y", "year"), ("BW", None), ("", None),
        (None, None), ("bi-weekly", None),
    ],
)  # fmt: skip
def test_normalize_period(raw, expected):
    assert normalize_period(raw) == expected


def test_greenhouse_pay_ranges_envelope_over_zones():
    s = salary_from_greenhouse_pay_ranges([
        {"min_cents": 24500000, "max_cents": 32000000, "currency_type": "USD", "title": "Zone 1 (SF, NYC)"},
        {"min_cents": 22000000, "max_cents": 28800000, "currency_type": "USD", "title": "Zone 2 (other US)"},
    ])  # fmt: skip
    assert (s.min, s.max, s.currency, s.period, s.basis) == (220000, 320000, "USD", None, "stated")
    sal = from_structured(s)
    assert (sal.period, sal.basis) == ("year", "inferred")  # never guessed silently


def test_greenhouse_hourly_title_and_empty_ranges():
    s = salary_from_greenhouse_pay_ranges(
        [{"min_cents": 2500, "max_cents": 3200, "currency_type": "USD", "title": "Hourly Pay Range"}]
    )
    assert (s.min, s.max, s.period) == (25, 32, "hour")
    assert salary_from_greenhouse_pay_ranges([]) is None
    assert salary_from_greenhouse_pay_ranges(None) is None


def test_greenhouse_content_pay_range_block():
    content = (
        "&lt;p&gt;Build LLM inference.&lt;/p&gt;&lt;div class=&quot;content-pay-transparency&quot;&gt;"
        "&lt;div class=&quot;pay-range&quot;&gt;&lt;span&gt;$245,000&lt;/span&gt;&lt;span class=&quot;divider"
        "&quot;&gt;&amp;mdash;&lt;/span&gt;&lt;span&gt;$320,000 USD&lt;/span&gt;&lt;/div&gt;&lt;/div&gt;"
    )
    s = salary_from_greenhouse_content(content)
    assert (s.min, s.max, s.currency, s.period) == (245000, 320000, "USD", None)
    assert salary_from_greenhouse_pay_ranges([], content=content) == s
    assert salary_from_greenhouse_content("<p>No pay here</p>") is None


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"currency": "GBP", "interval": "per-year-salary", "min": 95000, "max": 125000},
         (95000, 125000, "GBP", "year")),
        ({"currency": "USD", "interval": "per-hour-wage", "min": 40, "max": 55}, (40, 55, "USD", "hour")),
        ({"currency": "USD", "interval": "per-year-salary", "min": 0, "max": 0}, None),
        (None, None),
    ],
)  # fmt: skip
def test_lever(payload, expected):
    s = salary_from_lever(payload)
    assert (None if s is None else (s.min, s.max, s.currency, s.period)) == expected


def test_ashby_skips_equity_components():
    comp = {
        "compensationTierSummary": "$257K – $335K • Offers Equity",
        "scrapeableCompensationSalarySummary": "$257K - $335K",
        "summaryComponents": [
            {"compensationType": "EquityCashValue", "interval": "1 YEAR", "currencyCode": "USD",
             "minValue": None, "maxValue": None, "summary": "Offers Equity"},
            {"compensationType": "EquityPercentage", "interval": "NONE", "currencyCode": None,
             "minValue": 0.1, "maxValue": 0.5},
            {"compensationType": "Salary", "interval": "1 YEAR", "currencyCode": "USD",
             "minValue": 257000, "maxValue": 335000, "summary": "$257K – $335K"},
        ],
    }  # fmt: skip
    s = salary_from_ashby(comp)
    assert (s.min, s.max, s.currency, s.period, s.basis) == (257000, 335000, "USD", "year", "stated")


def test_ashby_falls_back_to_summary_text():
    s = salary_from_ashby({"summaryComponents": [], "scrapeableCompensationSalarySummary": "$257K - $335K"})
    assert (s.min, s.max, s.currency, s.period) == (257000, 335000, "USD", "year")
    assert salary_from_ashby({"summaryComponents": []}) is None


@pytest.mark.parametrize(
    ("payload", "kwargs", "expected"),
    [
        ({"@type": "MonetaryAmount", "currency": "USD", "value": {"@type": "QuantitativeValue",
          "minValue": 190000, "maxValue": 245000, "unitText": "YEAR"}}, {},
         (190000, 245000, "USD", "year", "stated")),
        ({"@type": "MonetaryAmount", "currency": "EUR", "unitText": "month",
          "value": {"@type": "QuantitativeValue", "value": "4500"}}, {},
         (4500, 4500, "EUR", "month", "stated")),
        ({"Currency": "GBP", "Value": {"MinValue": "45,000", "MaxValue": "55,000", "UnitText": "Year"}}, {},
         (45000, 55000, "GBP", "year", "stated")),
        ({"currency": "USD", "minValue": 50, "maxValue": 60, "unitText": "HOUR"}, {},
         (50, 60, "USD", "hour", "stated")),
        (85000, {"currency": "USD"}, (85000, 85000, "USD", None, "stated")),
        ("120000", {}, (120000, 120000, None, None, "stated")),
        ({"@type": "MonetaryAmountDistribution", "currency": "USD", "duration": "P1Y", "percentile10": 90000,
          "median": 110000, "percentile90": 140000}, {"estimated": True},
         (90000, 140000, "USD", "year", "estimated")),
        ({"@type": "MonetaryAmount", "currency": "USD", "value": {"minValue": 0, "maxValue": 0}}, {}, None),
        ([{"currency": "USD"}, {"currency": "USD", "value": 99000}], {},
         (99000, 99000, "USD", None, "stated")),
        ("competitive", {}, None),
    ],
)  # fmt: skip
def test_jsonld(payload, kwargs, expected):
    s = salary_from_jsonld(payload, **kwargs)
    assert (None if s is None else (s.min, s.max, s.currency, s.period, s.basis)) == expected


def test_from_structured_keeps_stated_basis_and_annualizes():
    sal = from_structured(StructuredSalary(40, 55, "usd", "per-hour-wage"))
    assert (sal.period, sal.basis, sal.annual_usd_min, sal.annual_usd_max) == (
        "hour",
        "stated",
        83200,
        114400,
    )
    est = from_structured(StructuredSalary(90000, 140000, "USD", "year", basis="estimated"))
    assert est.basis == "estimated"
    empty = from_structured(StructuredSalary(0, 0, "USD", "year"))
    assert (empty.min, empty.max, empty.annual_usd_max) == (None, None, None)


# ------------------------------------------------------------------ annualization and FX


@pytest.mark.parametrize(
    ("amount", "period", "expected"),
    [(50, "hour", 104000), (400, "day", 104000), (2000, "week", 104000), (8000, "month", 96000),
     (120000, "year", 120000), (1, None, None), (None, "year", None)],
)  # fmt: skip
def test_annualize(amount, period, expected):
    assert annualize(amount, period) == expected


def test_fx_table_is_dated_and_broad():
    table = load_fx_table()
    assert table.date and table.source
    assert len(table.usd_per_unit) >= 25 and table.usd_per_unit["USD"] == 1.0
    for code in [
        "EUR",
        "GBP",
        "CAD",
        "AUD",
        "INR",
        "CHF",
        "SGD",
        "JPY",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "BRL",
        "MXN",
        "ILS",
        "NZD",
        "HKD",
    ]:
        assert 0 < table.usd_per_unit[code] < 5, code
    assert to_usd(100, "XXX") is None
    assert (currency_code("C$"), currency_code("A$"), currency_code("US$"), currency_code("S$")) == (
        "CAD",
        "AUD",
        "USD",
        "SGD",
    )


# ------------------------------------------------------------------ invariants


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises_and_keeps_invariants(text):
    for s in (parse_salary(text), find_salary(text)):
        if s is None:
            continue
        assert s.min is not None or s.max is not None
        if s.min is not None and s.max is not None:
            assert s.min <= s.max
        assert s.period in PERIODS
        for v in (s.min, s.max, s.annual_usd_min, s.annual_usd_max):
            assert v is None or (v > 0 and math.isfinite(v))


money = st.integers(min_value=0, max_value=10_000_000)


@settings(max_examples=200, deadline=None)
@given(
    money,
    money,
    st.sampled_from(["$", "£", "€", "USD ", "CHF ", "₹"]),
    st.sampled_from(["", " per hour", "/yr"]),
)
def test_generated_ranges_are_ordered(a, b, sign, suffix):
    s = parse_salary(f"{sign}{a:,} - {sign}{b:,}{suffix}")
    hours = 2080 if suffix == " per hour" else 1
    if (a == 0 and b == 0) or max(a, b) * hours * load_fx_table().usd_per_unit[currency_code(sign)] > 5e6:
        assert s is None  # nothing, or above any base pay (funding, revenue)
        return
    assert s is not None
    assert (s.min or s.max) <= (s.max or s.min)
    assert {s.min, s.max} - {None} <= {float(a), float(b)}
    assert s.annual_usd_min is None or s.annual_usd_min >= 0
