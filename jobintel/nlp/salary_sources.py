"""Structured pay fields: each source's salary payload mapped to a ``StructuredSalary``, then to a ``Salary``.

``salary_from_*`` map the structured pay of Greenhouse, Lever, Ashby and schema.org ``JobPosting``
(job-sources.md §1, 2, 3, 14, 15) to a ``StructuredSalary``; ``from_structured`` turns that into a ``Salary``
with annual USD figures; ``normalize_period`` maps any source's period spelling to ours. Free text inside
these payloads (Ashby summaries, Greenhouse pay-range blocks) goes through ``parse_salary``.

>>> s = from_structured(salary_from_lever({"currency": "GBP", "interval": "per-year-salary",
...                                        "min": 95000, "max": 125000}))
>>> (s.min, s.max, s.currency, s.period, s.basis)
(95000.0, 125000.0, 'GBP', 'year', 'stated')
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from jobintel.models import StructuredSalary
from jobintel.nlp.salary import ANNUAL_FACTORS, _build, _find_period, _prepare, _tokens, parse_salary
from jobintel.nlp.types import Salary

__all__ = [
    "from_structured",
    "normalize_period",
    "salary_from_ashby",
    "salary_from_greenhouse_content",
    "salary_from_greenhouse_pay_ranges",
    "salary_from_jsonld",
    "salary_from_lever",
]

# ---------------------------------------------------------------- periods as sources spell them

# fmt: off
_PERIOD_WORDS: dict[str, str] = {
    **dict.fromkeys((
        "hour", "hours", "hourly", "hr", "hrs", "h", "ph", "wage", "stunde", "heure", "hora", "uur"
    ), "hour"),
    **dict.fromkeys((
        "day", "days", "daily", "diem", "pd", "tag", "jour", "dia", "día"
    ), "day"),
    **dict.fromkeys((
        "week", "weeks", "weekly", "wk", "wks", "pw", "woche", "semaine", "semana"
    ), "week"),
    **dict.fromkeys((
        "month", "months", "monthly", "mo", "mth", "mnth", "pm", "pcm", "monat", "mois", "mes", "måned",
        "maand"
    ), "month"),
    **dict.fromkeys((
        "year", "years", "yearly", "annual", "annually", "annum", "yr", "yrs", "pa", "jahr", "année", "anno",
        "año", "år", "jaar"
    ), "year"),
}
# fmt: on
# Source codes: USAJOBS RateIntervalCode, UN/CEFACT unitCode (schema.org), ISO-8601 durations.
_PERIOD_CODES: dict[str, str | None] = {
    "pa": "year",
    "ph": "hour",
    "pd": "day",
    "pw": "week",
    "pm": "month",
    "bw": None,
    "ann": "year",
    "hur": "hour",
    "mon": "month",
    "wee": "week",
    "p1y": "year",
    "p1m": "month",
    "p1w": "week",
    "p1d": "day",
    "pt1h": "hour",
    "none": None,
}  # fmt: skip


def normalize_period(raw: Any) -> str | None:
    """Map any source's period spelling to hour/day/week/month/year, or ``None`` (unknown, equity, bi-weekly).

    >>> [normalize_period(p) for p in ("per-hour-wage", "1 YEAR", "PA", "monthly", "Per Year", "NONE")]
    ['hour', 'year', 'year', 'month', 'year', None]
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    s = raw.strip().lower()
    if s in _PERIOD_CODES:
        return _PERIOD_CODES[s]
    if re.search(r"bi-?weekly|fortnight|semi-?month|one-?time", s):
        return None
    for word in re.findall(r"[^\W\d_]+", s):
        if word in _PERIOD_WORDS:
            return _PERIOD_WORDS[word]
    return None


# ---------------------------------------------------------------- mappers


def from_structured(s: StructuredSalary) -> Salary:
    """Turn a spider's ``StructuredSalary`` into a ``Salary`` with annual USD figures.

    A missing period is deduced from magnitude and the result marked ``inferred``.

    >>> from_structured(StructuredSalary(180000, 240000, "USD", "per-year-salary")).annual_usd_max
    240000.0
    """
    period = normalize_period(s.period) or (s.period if s.period in ANNUAL_FACTORS else None)
    sal = _build(s.min, s.max, s.currency, period, s.basis or "stated", s.text or "")
    return sal or Salary(None, None, s.currency, period, s.basis or "stated", s.text or "")


def _num(value: Any) -> float | None:
    """A number from a structured field: int, float or a numeric string such as "120,000" or "$95k"."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if value == value and 0 < value < 1e12 else None
    if isinstance(value, str):
        toks = _tokens(_prepare(value))
        return toks[0].value if toks else None
    return None


def _structured(lo, hi, currency, period, basis="stated", text=None) -> StructuredSalary | None:
    s = StructuredSalary(
        _num(lo), _num(hi), currency if isinstance(currency, str) else None, period, basis, text
    )
    return None if s.is_empty else s


def _envelope(rows: list[tuple[float | None, float | None, str | None, str | None, str]]):
    """Widest range over the rows that share the first row's currency and period (pay zones, tiers)."""
    first = rows[0]
    same = [r for r in rows if (r[2], r[3]) == (first[2], first[3])]
    los = [r[0] for r in same if r[0]]
    his = [r[1] for r in same if r[1]]
    return (
        (min(los) if los else None),
        (max(his) if his else None),
        first[2],
        first[3],
        "; ".join(r[4] for r in same if r[4]),
    )


def salary_from_greenhouse_pay_ranges(
    ranges: list[dict[str, Any]] | None, *, content: str | None = None
) -> StructuredSalary | None:
    """Greenhouse ``pay_input_ranges`` (cents; period only hinted by the range ``title``).

    Several zones give their envelope. With no ranges, the ``<div class="pay-range">`` block in ``content``
    (entity-escaped HTML) is read instead.

    >>> s = salary_from_greenhouse_pay_ranges([{"min_cents": 4500, "max_cents": 6000, "currency_type": "USD",
    ...                                         "title": "Hourly Pay Range"}])
    >>> (s.min, s.max, s.currency, s.period, s.basis)
    (45.0, 60.0, 'USD', 'hour', 'stated')
    """
    rows = []
    for r in ranges or []:
        if not isinstance(r, dict):
            continue
        lo, hi = _num(r.get("min_cents")), _num(r.get("max_cents"))
        if not (lo or hi):
            continue
        title = str(r.get("title") or "")
        period = _find_period(title, 0, len(title))[0]
        rows.append((lo and lo / 100, hi and hi / 100, r.get("currency_type"), period, title))
    if rows:
        lo, hi, cur, period, text = _envelope(rows)
        return _structured(lo, hi, cur, period, "stated", text)
    return salary_from_greenhouse_content(content) if content else None


_PAY_RANGE_DIV = re.compile(r"<div[^>]*class=\"[^\"]*\bpay-range\b[^\"]*\"[^>]*>(.*?)</div>", re.I | re.S)


def salary_from_greenhouse_content(content: str | None) -> StructuredSalary | None:
    """The pay-range block Greenhouse boards render inside ``content``.

    >>> salary_from_greenhouse_content('&lt;div class=&quot;pay-range&quot;&gt;&lt;span&gt;$245,000'
    ...     '&lt;/span&gt;&lt;span&gt;&amp;mdash;&lt;/span&gt;&lt;span&gt;$320,000 USD&lt;/span&gt;'
    ...     '&lt;/div&gt;').max
    320000.0
    """
    if not isinstance(content, str):
        return None
    m = _PAY_RANGE_DIV.search(html.unescape(content))
    if not m:
        return None
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split())
    sal = parse_salary(text)
    if sal is None:
        return None
    # The block states the amounts; a period deduced from magnitude is left to from_structured to flag.
    period = sal.period if sal.basis == "parsed" else None
    return _structured(sal.min, sal.max, sal.currency, period, "stated", text)


def salary_from_lever(salary_range: dict[str, Any] | None) -> StructuredSalary | None:
    """Lever ``salaryRange`` ``{"currency", "interval", "min", "max"}``.

    >>> salary_from_lever({"currency": "GBP", "interval": "per-year-salary", "min": 95, "max": 125}).period
    'year'
    """
    if not isinstance(salary_range, dict):
        return None
    r = salary_range
    return _structured(r.get("min"), r.get("max"), r.get("currency"), normalize_period(r.get("interval")))


def salary_from_ashby(compensation: dict[str, Any] | None) -> StructuredSalary | None:
    """Ashby ``compensation``: the ``Salary`` components only (equity and commission often come first).

    >>> salary_from_ashby({"summaryComponents": [
    ...     {"compensationType": "EquityPercentage", "interval": "NONE", "minValue": 0.1, "maxValue": 0.5},
    ...     {"compensationType": "Salary", "interval": "1 YEAR", "currencyCode": "USD",
    ...      "minValue": 257000, "maxValue": 335000, "summary": "$257K – $335K"}]}).min
    257000.0
    """
    if not isinstance(compensation, dict):
        return None
    comps = [c for c in compensation.get("summaryComponents") or [] if isinstance(c, dict)]
    if not any(_is_ashby_salary(c) for c in comps):
        comps = [
            c
            for tier in compensation.get("compensationTiers") or []
            if isinstance(tier, dict)
            for c in tier.get("components") or []
            if isinstance(c, dict)
        ]
    rows = [
        (_num(c.get("minValue")), _num(c.get("maxValue")), c.get("currencyCode"),
         normalize_period(c.get("interval")), str(c.get("summary") or ""))
        for c in comps
        if _is_ashby_salary(c)
    ]  # fmt: skip
    if rows:
        lo, hi, cur, period, text = _envelope(rows)
        return _structured(lo, hi, cur, period, "stated", text)
    summary = compensation.get("scrapeableCompensationSalarySummary")
    sal = parse_salary(summary) if isinstance(summary, str) else None
    if sal is None:
        return None
    return _structured(sal.min, sal.max, sal.currency, sal.period, sal.basis, summary)


def _is_ashby_salary(c: dict[str, Any]) -> bool:
    return str(c.get("compensationType", "")).lower() == "salary" and bool(
        _num(c.get("minValue")) or _num(c.get("maxValue"))
    )


def _keys(d: dict[str, Any]) -> dict[str, Any]:
    # Some sites capitalise the first letter of schema.org properties ("MinValue", "UnitText").
    return {(k[:1].lower() + k[1:]) if isinstance(k, str) else k: v for k, v in d.items()}


def salary_from_jsonld(
    base_salary: Any, estimated: bool = False, *, currency: str | None = None
) -> StructuredSalary | None:
    """schema.org ``baseSalary`` (or ``estimatedSalary`` with ``estimated=True``) as a ``StructuredSalary``.

    Handles MonetaryAmount with a nested QuantitativeValue, ``unitText`` inner or outer in any case, bare
    numbers and numeric strings, and MonetaryAmountDistribution percentiles. ``currency`` is the posting's
    legacy ``salaryCurrency``, used when the amount names none.

    >>> salary_from_jsonld({"@type": "MonetaryAmount", "currency": "USD", "value": {
    ...     "@type": "QuantitativeValue", "minValue": 190000, "maxValue": 245000, "unitText": "YEAR"}}).max
    245000.0
    """
    basis = "estimated" if estimated else "stated"
    if isinstance(base_salary, list):
        for item in base_salary:
            if found := salary_from_jsonld(item, estimated, currency=currency):
                return found
        return None
    if isinstance(base_salary, int | float | str) and not isinstance(base_salary, bool):
        v = _num(base_salary)
        return _structured(v, v, currency, None, basis)
    if not isinstance(base_salary, dict):
        return None
    d = _keys(base_salary)
    cur = d.get("currency") or d.get("salaryCurrency") or d.get("priceCurrency") or currency
    unit = d.get("unitText") or d.get("unitCode") or d.get("duration")
    lo, hi, single = _num(d.get("minValue")), _num(d.get("maxValue")), None
    value = d.get("value")
    if isinstance(value, dict):
        q = _keys(value)
        lo, hi = _num(q.get("minValue")) or lo, _num(q.get("maxValue")) or hi
        single = _num(q.get("value"))
        unit = q.get("unitText") or q.get("unitCode") or unit
    elif value is not None:
        single = _num(value)
    if lo is None and hi is None:  # MonetaryAmountDistribution (estimates)
        lo, hi = _num(d.get("percentile10")), _num(d.get("percentile90"))
        single = single or _num(d.get("median"))
    if lo is None and hi is None:
        lo = hi = single
    text = json.dumps(base_salary, ensure_ascii=False, default=str)[:300]
    return _structured(lo, hi, cur, normalize_period(unit), basis, text)
