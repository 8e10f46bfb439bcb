"""Salary extraction: structured pay fields first, then prose, each with a ``basis`` saying its origin.

Pure functions returning ``jobintel.nlp.types.Salary`` (price-parser style: messy input gives ``None``,
never an exception). ``parse_salary`` reads a short salary string, ``find_salary`` scans a whole posting,
``from_structured`` turns a spider's ``StructuredSalary`` into a ``Salary``; the ``salary_from_*`` helpers
map each source's structured pay payload (job-sources.md §1, 2, 3, 14, 15) to a ``StructuredSalary``.

>>> s = parse_salary("$120K–$150K")
>>> (s.min, s.max, s.currency, s.period, s.basis)
(120000.0, 150000.0, 'USD', 'year', 'inferred')
>>> parse_salary("Competitive salary, DOE") is None
True
"""

from __future__ import annotations

import bisect
import html
import json
import re
from dataclasses import dataclass
from typing import Any

from jobintel.models import StructuredSalary
from jobintel.nlp.fx import CURRENCY_CODES, CURRENCY_PATTERN, currency_code, load_fx_table, to_usd
from jobintel.nlp.types import Salary

__all__ = [
    "ANNUAL_FACTORS",
    "annualize",
    "find_salary",
    "from_structured",
    "normalize_period",
    "parse_salary",
    "salary_from_ashby",
    "salary_from_greenhouse_content",
    "salary_from_greenhouse_pay_ranges",
    "salary_from_jsonld",
    "salary_from_lever",
]

#: Working time per year behind annualization (40 h x 52 weeks; 5 days x 52 weeks).
ANNUAL_FACTORS: dict[str, int] = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}

# ---------------------------------------------------------------- periods

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


# A period written next to an amount. Two-letter abbreviations ("pa", "ph", "pm") only count when they follow
# the amount directly: "PA" further on is more likely Pennsylvania, "pm" a clock time.
_PER = r"(?:/\s*|\bper\s+|\bpr\.?\s*|\ban?\s+|\beach\s+|\bevery\s+|\bpro\s+|\bpar\s+|\bpor\s+|\bal\s+)"
_PERIOD_RES: list[tuple[str, re.Pattern[str]]] = [
    (period, re.compile(pattern, re.I))
    for period, pattern in (
        ("hour", rf"{_PER}(?:hour|hr|h|stunde|std\.?|heure|hora|uur)s?\b|\bhourly\b"
                 r"|\bstunden(?:lohn|satz)\b|de l'heure|時給"),
        ("day", rf"{_PER}(?:day|d|diem|tag|jour|d[ií]a)\b|\bdaily\b|\bday[- ]rate\b"
                r"|\bjournalier\b|\btjm\b|\btagessatz\b|日給"),
        ("week", rf"{_PER}(?:week|wk|w|woche|semaine|semana)\b|\bweekly\b"),
        ("month", rf"{_PER}(?:calendar\s+)?(?:month|mo|mth|mnth|m|monat|mois|m[eê]s|m[åa]ned|m[åa]n|maand"
                  r"|md|mnd|mensem)\b"
                  r"|\bmonthly\b|\bmonatlich\b|\bmensu[ae]l\w*|\bmiesi[eę]cznie\b|月薪|月給|/\s*月|\bper\s+mensem\b"),
        ("year", rf"{_PER}(?:year|yr|y|annum|jahr|an|ann[ée]e|a[ñn]o|[åa]r|jaar)\b"
                 r"|\bannually\b|\bannual\b|\byearly\b"
                 r"|\bp\.\s?a\.?|\bper\s+annum\b|\bj[äa]hrlich\b|\bannuel\w*|\banual\w*|\blpa\b|\bctc\b|\brocznie\b"
                 r"|年収|年薪|年俸|/\s*年"),
    )
]  # fmt: skip
_PERIOD_ABBREV = re.compile(r"\s?(?:p\.?\s?([ahdwm])\.?|p/([ahdwm])|(pcm))(?![^\W\d_])", re.I)
_ABBREV_PERIOD = {"a": "year", "h": "hour", "d": "day", "w": "week", "m": "month", "pcm": "month"}


# All periods in one pattern (one scan instead of five); the group name says which period matched.
_PERIOD_ANY = re.compile("|".join(f"(?P<{p}>{rx.pattern})" for p, rx in _PERIOD_RES), re.I)


def _find_period(text: str, start: int, end: int) -> tuple[str | None, int, int]:
    """The first period phrase in ``text[start:end]``: (period, match start, match end)."""
    m = _PERIOD_ANY.search(text, start, end)
    return (m.lastgroup, m.start(), m.end()) if m else (None, end, end)


# ---------------------------------------------------------------- numbers and tokens

_NUM_RUN = re.compile(r"(?<!\d)\d+(?:(?:[.,'’]|[ \u00a0\u202f\u2009](?=\d{3}(?!\d)))\d+)*")
_MULT_ATTACHED = re.compile(r"(k|K|M|m|mm|MM|mn|bn|L)(?![^\W\d_])()")
_MULT_SPACED = re.compile(
    r"\s?(thousand|tsd\.?|grand|million|mil|mio\.?|lakhs?|lacs?|lpa|crores?|cr|k)(?![^\W\d_])|\s?(万|千)",
    re.I,
)
_MULT_VALUES = {"k": 1e3, "thousand": 1e3, "tsd": 1e3, "tsd.": 1e3, "grand": 1e3, "千": 1e3, "万": 1e4,
                "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6, "mil": 1e6, "mio": 1e6, "mio.": 1e6,
                "bn": 1e9, "l": 1e5, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "lpa": 1e5,
                "cr": 1e7, "crore": 1e7, "crores": 1e7}  # fmt: skip
_INDIAN_MULTS = {"l", "lakh", "lakhs", "lac", "lacs", "lpa", "cr", "crore", "crores"}
_CURRENCY_AFTER = re.compile(r"\s?(" + CURRENCY_PATTERN + ")")
_CODE = r"(?<![^\W\d_])(?:" + "|".join(sorted(CURRENCY_CODES)) + r")(?![^\W\d_])"
# "CAD $80,000": a code may stand before a dollar sign and says which dollar it is.
_CURRENCY_BEFORE = re.compile("(?:(" + _CODE + r")\s?)?(" + CURRENCY_PATTERN + r")\s?[:.]?\s?$")
_CODE_NEARBY = re.compile(_CODE)
_THREE_DECIMALS = {"KWD", "BHD", "OMR", "JOD", "TND"}

_MASKS = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|(?<![\d$€£])\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)"  # phone numbers
    r"|\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,5}(?!\d)"  # international phone numbers
    r"|\b(?:401|403|457)\s?\(?[kb]\)?"  # US retirement plans
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"  # dates
    r"|\b\d{1,2}:\d{2}\b|\b24\s?/\s?7\b"  # clock times, "24/7"
    r"|\b(?:(?-i:[A-Z]{2})|zip|postal code)\s\d{5}(?:-\d{4})?\b",  # US zip codes ("CA 94105")
    re.I,
)
# Words after a bare number that make it a count, not money ("team of 50 engineers", "5+ years").
_COUNTED = re.compile(
    r"\+?\s?(?:[a-z-]+\s)?(?:employees|people|persons|engineers|members|staff|customers|clients|users|countries"
    r"|offices|cities|locations|years|yrs|months|weeks|days|hours|developers|researchers|scientists|companies"
    r"|startups|teams|languages|papers|patents|stars|downloads|gpus|nodes|servers|requests|students|"
    r"hires|reports|direct reports|seats|beds|stores|sites)\b",
    re.I,
)
_NOT_MONEY_BEFORE = re.compile(
    r"(?:\b(?:v|version|release|fortune|top|series|tier|zone|level|grade|step|phase|band|gs|python|java|"
    r"ios|android|windows|over|team of|of the|no\.)|#)\s?-?$",
    re.I,
)
_PERCENT_OR_TIME = re.compile(r"\s?(?:%|percent\b|pct\b|(?:am|pm|a\.m\.|p\.m\.)(?![^\W\d_]))", re.I)


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    value: float
    currency: str | None
    mult: str | None
    period: str | None = None  # only "LPA" carries one
    plus: bool = False  # "100k+" (at least)
    dollar: bool = False  # currency is USD only because of a bare "$"


def _number(raw: str, currency: str | None) -> float | None:
    """Read a digit run with any grouping: 1,234.56 / 1.234,56 / 1 234 / 1'234 / 12,00,000 (lakh)."""
    s = re.sub(r"[ \u00a0\u202f\u2009'’]", "", raw)
    seps = [c for c in ",." if c in s]
    if len(seps) == 2:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        head, _, frac = s.rpartition(dec)
        groups = head.split("." if dec == "," else ",")
        return float("".join(groups) + "." + frac) if dec not in head and _grouped(groups) else None
    if not seps:
        return float(s)
    parts = s.split(seps[0])
    if len(parts) > 2:
        return float("".join(parts)) if _grouped(parts) else None
    head, tail = parts
    # One separator before exactly three digits groups thousands ("€60.000"), except in 3-decimal currencies.
    if len(tail) == 3 and 0 < len(head) <= 3 and head != "0" and currency not in _THREE_DECIMALS:
        return float(head + tail)
    return float(head + "." + tail)


def _mult_value(mult: str, currency: str | None) -> float:
    # "R$ 8 mil" is eight thousand in Portuguese and Spanish, eight million in English.
    if mult == "mil" and currency in {"BRL", "MXN", "ARS", "COP", "CLP", "PEN", "EUR"}:
        return 1e3
    return _MULT_VALUES.get(mult, 1.0)


def _grouped(groups: list[str]) -> bool:
    if not 1 <= len(groups[0]) <= 3 or len(groups[-1]) != 3:
        return False
    middle = {len(g) for g in groups[1:-1]}
    return middle <= {3} or middle <= {2}  # western thousands, or Indian lakh/crore grouping


def _space_grouped(raw: str) -> bool:
    pieces = re.split(r"[ \u00a0\u202f\u2009]", raw)
    if len(pieces) == 1:
        return True
    return len(pieces[0]) <= 3 and all(re.fullmatch(r"\d{3}(?:[.,]\d{1,2})?", p) for p in pieces[1:])


def _tokens(text: str) -> list[_Token]:
    """Every amount-like number in ``text`` with its currency and multiplier, minus obvious non-money."""
    out: list[_Token] = []
    pos = 0
    while m := _NUM_RUN.search(text, pos):
        start, raw = m.start(), m.group()
        if not _space_grouped(raw):
            raw = re.split(r"[ \u00a0\u202f\u2009]", raw)[0]
        end = start + len(raw)
        pos = end
        lo = max(out[-1].end if out else 0, start - 10)
        before = _CURRENCY_BEFORE.search(text, lo, start)
        cur = currency_code(before.group(2)) if before else None
        if before and before.group(1) and cur == "USD":
            cur = currency_code(before.group(1))
        dollar = bool(before and before.group(2) == "$" and cur == "USD")
        if not before and start and text[start - 1].isalpha():
            continue  # glued to a word: "H100", "S3", "GPT4"
        mult = None
        if mm := _MULT_ATTACHED.match(text, end) or _MULT_SPACED.match(text, end):
            mult, end = (mm.group(1) or mm.group(2)).lower(), mm.end()
        if ma := _CURRENCY_AFTER.match(text, end):
            code = currency_code(ma.group(1)) if ma.group(1) != "R" else None
            if code:
                # A code after the number overrides a bare "$" before it ("$100,000 CAD").
                cur, end = (code if cur in (None, "USD") else cur), ma.end()
                dollar = ma.group(1) == "$" and not before
        if _PERCENT_OR_TIME.match(text, end) and not (cur and text[end : end + 3].strip().lower() == "pm"):
            continue
        value = _number(raw, cur)
        if value is None or value > 1e12:
            continue
        if mult:
            value *= _mult_value(mult, cur)
        tok = _Token(start - (len(before.group(0)) if before else 0), end, value, cur, mult, dollar=dollar)
        if mult in _INDIAN_MULTS and not cur:
            tok.currency = "INR"
        if mult == "lpa":
            tok.period = "year"
        if text[end : end + 1] == "+":
            tok.plus, tok.end = True, end + 1
        if not cur and (
            _COUNTED.match(text, tok.end) or _NOT_MONEY_BEFORE.search(text, max(0, start - 12), start)
        ):
            continue
        out.append(tok)
    return out


# ---------------------------------------------------------------- candidates

_CONNECTOR = re.compile(r"\s*(?:-{1,2}|~|to|till|until|through|thru|and|bis|à|a|au|tot|do)\s*", re.I)
_CLAUSE_BREAK = re.compile(r"[+,;()|•\n]|\.\s|\s/\s|\s(?:and|plus|or)\s", re.I)
_NOT_BASE = re.compile(
    r"\b(?:bonus\w*|equity|stock|rsus?|commissions?|options|shares|sign[- ]?on|signing|relocation|stipend"
    r"|allowance|reimburse\w*|tips|raised|rais\w+|funding|funded|series\s[a-f]|valuation|revenue|arr"
    r"|backed|invest\w*|grant|referral|retention)\b",
    re.I,
)
# Only after the amount: "Salary budget: $100k" is pay, "$1,000 learning budget" is not.
_NOT_BASE_AFTER = re.compile(r"\b(?:budget|credits?|per\s+diem)\b", re.I)
_OTE = re.compile(r"\bOTE\b|\bon[- ]target\b|\bOTE:", re.I)
_ESTIMATED = re.compile(r"(?<!employer )\best(?:\.|imated?\b)|glassdoor|\bestimate", re.I)
_UP_TO = re.compile(
    r"(?:up\s+to|max(?:imum)?|not\s+to\s+exceed|bis\s+zu|jusqu'[àa]|hasta|under|below)\s*:?\s*$", re.I
)
_FROM = re.compile(
    r"(?:from|starting\s+(?:at|from)|starts?\s+at|min(?:imum)?|at\s+least|ab|[àa]\s+partir\s+de|desde)\s*:?\s*$",
    re.I,
)
_OR_MORE = re.compile(r"\s*(?:or\s+more|and\s+up|and\s+above)", re.I)


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    lo: float | None
    hi: float | None
    currency: str | None
    period: str | None
    bare: bool  # no currency anywhere in it
    mult: bool
    kind: str = "base"
    excluded: bool = False
    estimated: bool = False
    is_range: bool = False


def _candidates(text: str) -> list[_Candidate]:
    """Group tokens into single amounts and ranges and read period, kind and exclusions around each."""
    toks = _tokens(text)
    groups: list[list[_Token]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if i + 1 < len(toks) and _is_range_gap(text, t, toks[i + 1]):
            groups.append([t, toks[i + 1]])
            i += 2
        else:
            groups.append([t])
            i += 1
    cands = []
    for gi, g in enumerate(groups):
        prev_end = groups[gi - 1][-1].end if gi else 0
        next_start = groups[gi + 1][0].start if gi + 1 < len(groups) else len(text)
        cands.append(_candidate(text, g, prev_end, next_start))
    return cands


def _is_range_gap(text: str, a: _Token, b: _Token) -> bool:
    gap = text[a.end : b.start]
    if len(gap) > 30:
        return False
    period, ps, pe = _find_period(gap, 0, len(gap))
    if period:
        gap = gap[:ps] + gap[pe:]
    gap = _PERIOD_ABBREV.sub("", gap, count=1) if not _CONNECTOR.fullmatch(gap) else gap
    if not _CONNECTOR.fullmatch(gap):
        return False
    if gap.strip().lower() == "and":
        return bool(re.search(r"between\s*$", text[max(0, a.start - 12) : a.start], re.I))
    return True


def _candidate(text: str, g: list[_Token], prev_end: int, next_start: int) -> _Candidate:
    a, b = g[0], g[-1]
    vals = [t.value for t in g]
    if len(g) == 2:
        # "$120-150K", "12-18 LPA": a multiplier written once applies to both ends.
        for x, y in ((0, 1), (1, 0)):
            if g[y].mult and not g[x].mult and vals[x] < 1000:
                vals[x] *= _mult_value(g[y].mult, g[y].currency)
    currency = next((t.currency for t in (b, a) if t.currency and t.currency != "USD"), None)
    currency = currency or next((t.currency for t in g if t.currency), None)
    # Period: written in or right after the amount first, then before it in the same clause.
    period = next((t.period for t in g if t.period), None)
    end = b.end
    window_end = min(next_start, end + 40, _stop(text, end))
    if not period and (ab := _PERIOD_ABBREV.match(text, end)):
        period = _ABBREV_PERIOD[(ab.group(1) or ab.group(2) or ab.group(3)).lower()]
        end = ab.end()
    if not period:
        p, _, pe = _find_period(text, a.end, window_end)
        if p:
            period, end = p, pe
    before_start = max(prev_end, a.start - 60)
    for stop in _STOP.finditer(text, before_start, a.start):
        before_start = stop.end()
    if not period:
        before = text[before_start : a.start]
        last = _last(_PERIOD_ANY, before, 0, len(before))
        period = last.lastgroup if last else None
    if currency is None or all(t.dollar for t in g if t.currency):
        # "$80,000 - $95,000 (CAD)", "Salary (EUR): 50.000 - 60.000": a code written near the amounts.
        near = _CODE_NEARBY.search(text, b.end, window_end) or _last(
            _CODE_NEARBY, text, before_start, a.start
        )
        if near:
            currency = currency_code(near.group())
    lo, hi = (min(vals), max(vals)) if len(g) == 2 else (vals[0], vals[0])
    if len(g) == 1:
        head = text[max(prev_end, a.start - 25) : a.start]
        if _UP_TO.search(head):
            lo = None
        elif a.plus or _FROM.search(head) or _OR_MORE.match(text, a.end):
            hi = None
    cand = _Candidate(a.start, end, lo or None, hi or None, currency, period,
                      bare=not any(t.currency for t in g), mult=any(t.mult for t in g),
                      is_range=len(g) == 2)  # fmt: skip
    after = _clause(text[b.end : min(window_end + 20, next_start)], first=True)
    before_clause = _clause(text[max(prev_end, a.start - 40) : a.start], first=False)
    if _NOT_BASE.search(after) or _NOT_BASE_AFTER.search(after) or _NOT_BASE.search(before_clause):
        cand.excluded = True
    context = text[max(prev_end, a.start - 40) : min(next_start, b.end + 40)]
    if _OTE.search(after) or _OTE.search(before_clause):
        cand.kind = "ote"
    cand.estimated = bool(_ESTIMATED.search(context))
    if (
        cand.bare
        and period is None
        and not cand.mult
        and all(1900 <= v <= 2100 and v == int(v) for v in vals)
    ):
        cand.excluded = True  # "Founded in 2024", "2019-2024"
    return cand


_STOP = re.compile(r"[|•;\n]|\.\s+(?=[A-Z])")  # "pr. måned", "p.a. plus" do not end a sentence


def _last(rx: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    found = None
    for found in rx.finditer(text, start, end):  # noqa: B007
        pass
    return found


def _stop(text: str, pos: int) -> int:
    m = _STOP.search(text, pos)
    return m.start() if m else len(text)


def _clause(s: str, *, first: bool) -> str:
    parts = _CLAUSE_BREAK.split(s)
    return parts[0] if first else parts[-1]


# ---------------------------------------------------------------- building Salary values


def annualize(amount: float | None, period: str | None) -> float | None:
    """``amount`` per ``period`` as a yearly figure (hour x 2080, day x 260, week x 52, month x 12).

    >>> annualize(50, "hour"), annualize(8000, "month"), annualize(1, None)
    (104000.0, 96000.0, None)
    """
    if amount is None or period not in ANNUAL_FACTORS:
        return None
    return float(amount) * ANNUAL_FACTORS[period]


def _infer_period(value: float, currency: str | None) -> str:
    """Deduce a period from magnitude only (the caller marks the result ``inferred``)."""
    rate = load_fx_table().usd_per_unit.get(currency or "USD", 1.0)
    usd = value * rate
    # Strong currencies pay hourly in the tens; weak ones (INR, JPY, MXN...) have monthly pay below $250.
    if usd <= (250 if rate >= 0.1 else 50):
        return "hour"
    if usd >= 12_000 or (value >= 200_000 and usd >= 2_500):
        return "year"
    return "month"


def _build(lo, hi, currency, period, basis, text, kind="base", *, infer=True) -> Salary | None:
    lo = float(lo) if lo else None
    hi = float(hi) if hi else None
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    if period is None and infer:
        period = _infer_period(hi if hi is not None else lo, currency)
        basis = "inferred" if basis in ("stated", "parsed") else basis
    usd_lo, usd_hi = (_round(to_usd(annualize(v, period), currency)) for v in (lo, hi))
    return Salary(lo, hi, currency, period, basis, text, usd_lo, usd_hi, kind)


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 2)


def _pick(cands: list[_Candidate]) -> _Candidate | None:
    usable = [c for c in cands if not c.excluded and (c.lo or c.hi)]
    if not usable:
        return None
    return min(usable, key=lambda c: (c.kind != "base", c.bare, not c.is_range, c.start))


def _to_salary(c: _Candidate, text: str, default_currency: str | None = None) -> Salary | None:
    basis = "estimated" if c.estimated else "parsed"
    currency = c.currency or (default_currency.upper() if default_currency else None)
    return _build(c.lo, c.hi, currency, c.period, basis, text, c.kind)


# One-for-one replacements keep offsets: every dash is "-", wave dashes "~", odd spaces " ".
_UNIFY = str.maketrans(
    {
        **{chr(c): "-" for c in (*range(0x2010, 0x2016), 0x2212, 0xFE63, 0xFF0D)},
        "\u301c": "~",
        "\uff5e": "~",
        **{c: " " for c in "\u00a0\u2007\u202f\u2009\u200a"},
    }
)


def _unify(text: str) -> str:
    return (html.unescape(text) if "&" in text else text).translate(_UNIFY)


def _mask(text: str) -> str:
    return _MASKS.sub(lambda m: "#" * len(m.group()), text)


def _prepare(text: str) -> str:
    return _mask(_unify(text))


# ---------------------------------------------------------------- public text API


def parse_salary(text: str, *, default_currency: str | None = None) -> Salary | None:
    """Parse a short salary string (a board's pay field, a pay-range line) into a ``Salary``.

    ``basis`` is ``parsed`` when the period is written, ``inferred`` when deduced from magnitude and
    ``estimated`` for third-party estimates. Bonus and equity amounts are never taken as base pay.

    >>> s = parse_salary("£45,000 - £55,000 per annum")
    >>> (s.min, s.max, s.currency, s.period, s.basis)
    (45000.0, 55000.0, 'GBP', 'year', 'parsed')
    >>> parse_salary("$150k base + $50k bonus").max
    150000.0
    """
    if not isinstance(text, str) or not any(ch.isdigit() for ch in text):
        return None
    cand = _pick(_candidates(_prepare(text)))
    return _to_salary(cand, text.strip(), default_currency) if cand else None


_CUE = re.compile(
    r"salar|\bpay\b|pay\s+(?:range|band|scale|rate)|compensation|\bwages?\b|\b(?:hourly|day|daily)\s+rate|\bote\b"
    r"|remuneration|\bctc\b|\bbase\b|\bearn|gehalt|vergütung|salaire|rémunération|salario|sueldo|年収|月薪|給与",
    re.I,
)
_SENTENCE = re.compile(r"[.!?]\s+(?=[A-Z$€£])")
_DIGIT = re.compile(r"\d")


def _any_between(positions: list[int], lo: int, hi: int) -> bool:
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def find_salary(text: str) -> Salary | None:
    """Find the base-pay range in a whole posting description.

    Lines with salary cues ("salary", "pay range", "compensation", "base", a currency) win; bonus, equity,
    funding, 401(k), headcounts and years are ignored. ``text`` of the result is the evidence line.

    >>> find_salary("We are a team of 50.\\nThe base salary range is $140,000 - $180,000 plus equity.").max
    180000.0
    """
    if not isinstance(text, str) or not any(ch.isdigit() for ch in text):
        return None
    # Masks (phones, dates, 401(k)...) all involve digits, so they are applied per digit-bearing line.
    prepared = _unify(text)
    original = html.unescape(text) if "&" in text else text  # same offsets as ``prepared``
    # Cue words are looked up only around lines that carry a number (a few per posting): the cue
    # pattern is the costliest regex here, and most lines have no digits at all.
    digits = [m.start() for m in _DIGIT.finditer(prepared)]
    best: tuple[float, int, Salary] | None = None
    prev_seg: tuple[int, int] | None = None  # the previous non-blank segment
    order = 0
    for line in re.finditer(r"[^\n]+", prepared):
        bounds = [line.start(), *(m.end() for m in _SENTENCE.finditer(prepared, line.start(), line.end()))]
        if line.end() - line.start() <= 300:
            bounds = bounds[:1]
        for lo, hi in zip(bounds, [*bounds[1:], line.end()], strict=True):
            if not _any_between(digits, lo, hi):
                if prepared[lo:hi].strip():
                    prev_seg = (lo, hi)
                continue
            seg = _mask(prepared[lo:hi])
            cue = bool(_CUE.search(prepared, lo, hi))
            prev_cue = prev_seg is not None and bool(_CUE.search(prepared, *prev_seg))
            for c in _candidates(seg):
                order += 1
                if c.excluded or not (c.lo or c.hi):
                    continue
                top = c.hi or c.lo or 0
                if c.bare and not ((cue or prev_cue) and (c.period or c.mult or top >= 10_000)):
                    continue
                sal = _to_salary(c, original[lo:hi].strip()[:200])
                if sal is None or (sal.annual_usd_max or sal.annual_usd_min or 0) > 5e6:
                    continue  # funding rounds and revenue, not pay
                score = 3 * cue + 2 * prev_cue + 2 * (not c.bare) + (c.period is not None) + c.is_range
                score += 2 * (c.kind == "base") - 0.5 * c.estimated
                if best is None or score > best[0]:
                    best = (score, order, sal)
            if seg.strip():
                prev_seg = (lo, hi)
    return best[2] if best else None


# ---------------------------------------------------------------- structured sources


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
