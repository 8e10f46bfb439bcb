"""Salary extraction from text: short pay strings and whole postings, each with a ``basis`` saying its origin.

Pure functions returning ``jobintel.nlp.types.Salary`` (price-parser style: messy input gives ``None``,
never an exception). ``parse_salary`` reads a short salary string, ``find_salary`` scans a whole posting.
Structured pay fields (ATS payloads, schema.org) are mapped in ``jobintel.nlp.salary_sources``.

>>> s = parse_salary("$120K–$150K")
>>> (s.min, s.max, s.currency, s.period, s.basis)
(120000.0, 150000.0, 'USD', 'year', 'inferred')
>>> parse_salary("Competitive salary, DOE") is None
True
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from jobintel.nlp.fx import (
    CURRENCY_CODES,
    CURRENCY_MARKS,
    CURRENCY_PATTERN,
    currency_code,
    load_fx_table,
    to_usd,
)
from jobintel.nlp.types import Salary

__all__ = [
    "ANNUAL_FACTORS",
    "annualize",
    "find_salary",
    "parse_salary",
]

#: Working time per year behind annualization (40 h x 52 weeks; 5 days x 52 weeks).
ANNUAL_FACTORS: dict[str, int] = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}

# ---------------------------------------------------------------- periods

# A period written next to an amount. Two-letter abbreviations ("pa", "ph", "pm") only count when they follow
# the amount directly: "PA" further on is more likely Pennsylvania, "pm" a clock time.
_PER = r"(?:/\s*|\bper\s+|\bpr\.?\s*|\ban?\s+|\beach\s+|\bevery\s+|\bpro\s+|\bpar\s+|\bpor\s+|\bal\s+)"
_PERIOD_RES: list[tuple[str, re.Pattern[str]]] = [
    (period, re.compile(pattern, re.I))
    for period, pattern in (
        ("hour", rf"{_PER}(?:hour|hr|h|stunde|std\.?|heure|hora|uur|ora|timme|tim|godz\.?|godzin[eę]|hod"
                 r"|час)s?\b"
                 r"|(?:/\s*|\bper\s+|\bpr\.?\s*)time\b|\bhourly\b|\bstunden(?:lohn|satz)\b|de l'heure"
                 r"|\btim(?:e)?l[øoö]nn?\b|\btimpris\b|\bв\s+час\b|時給"),
        ("day", rf"{_PER}(?:day|d|diem|tag|jour|d[ií]a|dag|dzie[nń]|den|giorno|giornata)\b|\bdaily\b"
                r"|\bday[- ]rate\b"
                r"|\bjournalier\b|\btjm\b|\btagessatz\b|日給"),
        ("week", rf"{_PER}(?:week|wk|w|woche|semaine|semana)\b|\bweekly\b"),
        ("month", rf"{_PER}(?:calendar\s+)?(?:month|mo|mth|mnth|m|monat|mois|m[eê]s|m[åa]ned|m[åa]n|maand"
                  r"|md|mnd|mensem|m[åa]nad|mies\.?|miesi[aą]c|mese|mês|kk|kuukausi|hó|lun[aă]|měsíc|мес\.?|месяц)"
                  r"(?![^\W\d_])"
                  r"|\bmonthly\b|\bmonatlich\b|\bmensu[ae]l\w*|\bmensa(?:l|is)\b|\bmensil[ei]\b|\bmiesi[eę]cznie\b"
                  r"|\bm[åa]n(?:ad|ed)sl[øoö]nn?\b|\bm[åa]nadsl[öo]n\b|\bom\s+m[åa]neden\b|\bi\s+m[åa]neden\b"
                  r"|\bměsíčně\b|\bhavonta\b|\bhavi\b|\bв\s+месяц\b"
                  r"|月薪|月給|/\s*月|\bper\s+mensem\b"),
        ("year", rf"{_PER}(?:year|yr|y|annum|jahr|an|ann[ée]e|a[ñn]o|[åa]r|jaar)\b"
                 r"|\bannually\b|\bannual\b|\byearly\b"
                 r"|\bp\.\s?a\.?|\bper\s+annum\b|\bj[äa]hrlich\b|\bannuel\w*|\banual\w*|\blpa\b|\bctc\b|\brocznie\b"
                 r"|\bannu[ioa]\b|\bannuale\b|\b[åa]rsl[øoö]nn?\b|\bjahresgehalt\b|\bim\s+jahr\b|\bom\s+[åa]ret\b"
                 r"|\broč(?:ně|ní)\b|\bévente\b|\bв\s+год\b"
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
_MULT_ATTACHED = re.compile(r"(k|K|M|m|mm|MM|mn|bn|B|L)(?![^\W\d_])()")
_MULT_SPACED = re.compile(
    r"\s?(thousand|tsd\.?|tys\.?|tis\.?|тыс\.?|grand|million|mil|mio\.?|lakhs?|lacs?|lpa|crores?|cr|k)"
    r"(?![^\W\d_])|\s?(万|千)",
    re.I,
)
_MULT_VALUES = {"k": 1e3, "thousand": 1e3, "tsd": 1e3, "tsd.": 1e3, "grand": 1e3, "千": 1e3, "万": 1e4,
                "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6, "mil": 1e6, "mio": 1e6, "mio.": 1e6,
                "bn": 1e9, "b": 1e9,
                **dict.fromkeys(("tys", "tys.", "tis", "tis.", "тыс", "тыс."), 1e3),
                "l": 1e5, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "lpa": 1e5,
                "cr": 1e7, "crore": 1e7, "crores": 1e7}  # fmt: skip
_INDIAN_MULTS = {"l", "lakh", "lakhs", "lac", "lacs", "lpa", "cr", "crore", "crores"}
_CURRENCY_AFTER = re.compile(r"\s?(" + CURRENCY_PATTERN + ")")
_CODE = r"(?<![^\W\d_])(?:" + "|".join(sorted(CURRENCY_CODES)) + r")(?![^\W\d_])"
# "CAD $80,000": a code may stand before a dollar sign and says which dollar it is.
_CURRENCY_BEFORE = re.compile("(?:(" + _CODE + r")\s?)?(" + CURRENCY_PATTERN + r")\s?[:.]?\s?$")
_CODE_NEARBY = re.compile(_CODE)
# CURRENCY_PATTERN is built from these marks (case-sensitive), keyed here by their last character.
_MARKS_BY_LAST: dict[str, tuple[str, ...]] = {}
_MARKS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _m in CURRENCY_MARKS:
    _MARKS_BY_LAST[_m[-1]] = (*_MARKS_BY_LAST.get(_m[-1], ()), _m)
    _MARKS_BY_FIRST[_m[0]] = (*_MARKS_BY_FIRST.get(_m[0], ()), _m)
del _m


def _currency_after(text: str, end: int) -> re.Match[str] | None:
    """``_CURRENCY_AFTER.match(text, end)``, skipped when no currency mark starts at ``end`` or one later."""
    for i in (end, end + 1) if end < len(text) and text[end].isspace() else (end,):
        marks = _MARKS_BY_FIRST.get(text[i : i + 1])
        if marks and text.startswith(marks, i):
            return _CURRENCY_AFTER.match(text, end)
    return None


def _currency_before(text: str, lo: int, start: int) -> re.Match[str] | None:
    """``_CURRENCY_BEFORE.search(text, lo, start)``, skipped when no currency mark can end the window."""
    # The big alternation costs ~30 us per number; a match needs a mark followed by at most four
    # characters (``\s?[:.]?\s?`` and the newline ``$`` may stand before), which ``endswith`` checks cheaply.
    q = start
    while q > lo:
        c = text[q - 1]
        marks = _MARKS_BY_LAST.get(c)
        if marks and text.endswith(marks, lo, q):
            return _CURRENCY_BEFORE.search(text, lo, start)
        if start - q >= 4 or not (c.isspace() or c in ":."):
            return None
        q -= 1
    return None


_THREE_DECIMALS = {"KWD", "BHD", "OMR", "JOD", "TND"}

_MASKS = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|(?<![\d$€£])\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)"  # phone numbers
    r"|\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,5}(?!\d)"  # international phone numbers
    r"|\b(?:401|403|457)\s?\(?[kb]\)?"  # US retirement plans
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"  # dates
    r"|\b\d{1,2}:\d{2}(?!\d)|\b24\s?/\s?7\b"  # clock times ("5:00pm"), "24/7"
    r"|(?<![\d.,'’])(?<!\d\s)0[1-9]\d{1,3}(?:[\s-]\d{3,4}){1,2}\b"  # domestic phones: "0800 123 4567"
    r"|(?<![\d$€£.,])\b\d{1,3}(?:\.\d)?\s?/\s?\d{1,3}\b(?![.,]?\d)"  # ratios, ratings: "50/50 split", "4.8/5"
    r"|(?-i:\b[A-Z]{1,5}-\d+(?:-\d+)*\b)"  # codes: "R-102934", "CVE-2024-3094", "GS-13", "K-12"
    r"|\b(?:(?-i:[A-Z]{2})|zip|postal code)\s\d{5}(?:-\d{4})?\b",  # US zip codes ("CA 94105")
    re.I,
)
# Words after a bare number that make it a count, not money ("team of 50 engineers", "5+ years").
_COUNTED = re.compile(
    r"\+?\s?(?:[a-z-]+\s)?(?:employees|people|persons|engineers|members|staff|customers|clients|users|countries"
    r"|offices|cities|locations|years|yrs|months|weeks|days|hours|developers|researchers|scientists|companies"
    r"|startups|teams|languages|papers|patents|stars|downloads|gpus|nodes|servers|requests|students"
    r"|hires|reports|direct reports|seats|beds|stores|sites|patients|states|countries|regions|markets|roles"
    r"|positions|openings|vacancies|jobs|holidays|members|subscribers|merchants|businesses|partners|brands"
    r"|devices|vehicles|transactions|orders|products|projects|models|parameters|people|lbs|pounds|kg|kgs"
    r"|miles|feet)\b",
    re.I,
)
_NOT_MONEY_BEFORE = re.compile(
    r"(?:\b(?:v|version|release|fortune|top|series|tier|zone|level|grade|step|phase|band|gs|python|java|"
    r"ios|android|windows|over|team of|of the|no\.|iso|soc|pci|id|ref|req|requisition|building|floor|room"
    r"|suite|unit|rated|type|class|gen|section|chapter|page|tel|phone|fax|call|mobile|whatsapp)|#)"
    r"\s?[:#.]?\s?-?$",
    re.I,
)
_GLUED_AFTER = re.compile(r"(?:x|th|st|nd|rd)(?![^\W\d_])", re.I)
_ZERO_CENTS = re.compile(r"[.,]-{1,2}(?!\s?\d)")
_PERCENT_OR_TIME = re.compile(r"\s?(?:%|percent\b|pct\b|(?:am|pm|a\.m\.|p\.m\.)(?![^\W\d_]))", re.I)


# "Django 5.0", "Postgres 16", "Building 5": a small bare number right after a capitalised name is a
# version or a label, unless the name is a pay word ("Price 29", "Rate 45").
_NAME_BEFORE = re.compile(r"(?-i:\b[A-Z][a-z]+) $")
_MONEY_NAMES = frozenset((
    "price", "salary", "pay", "wage", "wages", "rate", "compensation", "base", "budget", "cost", "total",
    "from", "to", "up", "only", "now", "was", "ote", "stipend", "gehalt", "lohn", "salaire", "sueldo",
    "salario",
    "cena", "pris", "preis", "prix", "precio", "prezzo", "hourly", "daily", "annual", "monthly", "earn",
))  # fmt: skip


def _named_number(text: str, start: int) -> bool:
    m = _NAME_BEFORE.search(text, max(0, start - 20), start)
    return bool(m) and m.group().strip().lower() not in _MONEY_NAMES


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
        before = _currency_before(text, lo, start)
        cur = currency_code(before.group(2)) if before else None
        if before and before.group(1) and cur == "USD":
            cur = currency_code(before.group(1))
        dollar = bool(before and before.group(2) == "$" and cur == "USD")
        if not before and start and text[start - 1].isalpha() and text[start - 1] < "\u3000":
            continue  # glued to a word: "H100", "S3", "GPT4" (but CJK labels glue: "年収500万円")
        if zc := _ZERO_CENTS.match(text, end):
            end = zc.end()  # "4.500,- €", "Fr. 95'000.–": no cents
        mult = None
        if mm := _MULT_ATTACHED.match(text, end) or _MULT_SPACED.match(text, end):
            mult, end = (mm.group(1) or mm.group(2)).lower(), mm.end()
        if ma := _currency_after(text, end):
            code = currency_code(ma.group(1)) if ma.group(1) != "R" else None
            if code:
                # A code after the number overrides a bare "$" before it ("$100,000 CAD").
                cur, end = (code if cur in (None, "USD") else cur), ma.end()
                dollar = ma.group(1) == "$" and not before
        if _PERCENT_OR_TIME.match(text, end) and not (cur and text[end : end + 3].strip().lower() == "pm"):
            _drop_range_start(out, text, start)  # "10-20% travel", "9-5pm"
            continue
        if not cur and _GLUED_AFTER.match(text, end):
            continue  # "3x growth", "5th floor"
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
        if not cur and _COUNTED.match(text, tok.end):
            _drop_range_start(out, text, start)  # "3-5 years": the count covers both ends
            continue
        if not cur and _NOT_MONEY_BEFORE.search(text, max(0, start - 12), start):
            continue
        if not (cur or mult) and value < 1000 and _named_number(text, start):
            continue
        out.append(tok)
    return out


def _drop_range_start(out: list[_Token], text: str, start: int) -> None:
    if out and not out[-1].currency and _CONNECTOR.fullmatch(text, out[-1].end, start):
        out.pop()


# ---------------------------------------------------------------- candidates

_CONNECTOR = re.compile(
    r"\s*(?:-{1,2}|~|to|till|until|through|thru|bis|à|a|au|tot|do|til|до|and|und|och|og|et|e|y|i)\s*", re.I
)
# "and" joins two amounts into a range only after "between": "between $50k and $60k", "zwischen ... und".
_AND = frozenset(("and", "und", "och", "og", "et", "e", "y", "i"))
_BETWEEN = re.compile(r"(?:between|zwischen|mellan|mellem|entre|tra|tussen|между)\s*$", re.I)
_CLAUSE_BREAK = re.compile(r"[+,;()|•\n]|\.\s|\s/\s|\s(?:and|plus|or)\s", re.I)
_NOT_BASE = re.compile(
    r"\b(?:bonus\w*|equity|stock|rsus?|commissions?|options|shares|sign[- ]?on|signing|relocation|stipend"
    r"|allowance|reimburse\w*|tips|raised|rais\w+|funding|funded|series\s[a-f]|valuation|revenue|arr"
    r"|backed|invest\w*|grant|referral|retention|seed|(?:funding|investment)\s+round|aum)\b",
    re.I,
)
# Only after the amount: "Salary budget: $100k" is pay, "$1,000 learning budget" is not.
_NOT_BASE_AFTER = re.compile(
    r"\b(?:budget|credits?|per\s+diem|stipend|allowance|setup|equipment|reimburse\w*)\b", re.I
)
# The noun an amount pays for may come after "and": "$2,000 learning and development budget".
_NOUN_PHRASE_END = re.compile(r"[+,;()|•\n]|\.\s")
_OTE = re.compile(r"\bOTE\b|\bon[- ]target\b|\bOTE:", re.I)
_ESTIMATED = re.compile(r"(?<!employer )\best(?:\.|imated?\b)|glassdoor|\bestimate", re.I)
# A bound word may carry a pay noun before the amount: "Maximum salary: $90,000", "up to a maximum of".
_PAY_NOUN = (
    r"(?:\s+(?:a\s+)?max(?:imum)?)?(?:\s+(?:annual\s+|base\s+)?(?:salary|pay|rate|wage|ctc))?(?:\s+of)?"
)
_UP_TO = re.compile(
    r"(?:\bup\s*to|\bmax(?:imum)?|\bnot\s+to\s+exceed|\bbis\s+zu|\bjusqu'[àa]|\bhasta|\bat[ée]|\bfino\s+a"
    r"|\bupp\s+till|\bunder|\bbelow|(?<![^\W\d_])до)" + _PAY_NOUN + r"\s*:?\s*$",
    re.I,
)
_FROM = re.compile(
    r"(?:\bfrom|\bstarting\s+(?:at|from)|\bstarts?\s+at|\bmin(?:imum)?|\bat\s+least|\bab|\b[àa]\s+partir\s+de"
    r"|\bdesde|\bvanaf|\bfr[åa]n|\bfra|\bod|(?<![^\W\d_])от)" + _PAY_NOUN + r"\s*:?\s*$",
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
        gap = gap[:ps] + gap[pe:].lstrip(".")  # "$95,000.00/Yr. - $120,000.00/Yr."
    gap = _PERIOD_ABBREV.sub("", gap, count=1) if not _CONNECTOR.fullmatch(gap) else gap
    if not _CONNECTOR.fullmatch(gap):
        return False
    if gap.strip().lower() in _AND:
        return bool(_BETWEEN.search(text, max(0, a.start - 12), a.start))
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
        elif currency is None:
            currency = _krona(text, before_start, window_end)
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
    raw_after = text[b.end : min(window_end + 20, next_start)]
    after = _clause(raw_after, first=True)
    before_clause = _clause(text[max(prev_end, a.start - 40) : a.start], first=False)
    before_text = text[before_start : a.start]
    noun_phrase = _NOUN_PHRASE_END.split(raw_after, maxsplit=1)[0]
    if _NOT_BASE.search(after) or _NOT_BASE_AFTER.search(noun_phrase) or _NOT_BASE.search(before_clause):
        # "Stipend: ₹25,000/month" labels an intern's pay; "Base salary + bonus: $150k" a total.
        cand.excluded = not _PAY_LABEL.search(before_text)
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


_PAY_LABEL = re.compile(
    r"(?:\bstipend|\b(?:base|salary|pay)\s*(?:\+|&|\band\b|\bplus\b)\s*(?:bonus|equity))\s*:\s*$", re.I
)
_KR = re.compile(r"(?<![^\W\d_])kr\b\.?", re.I)
# "kr" is SEK, NOK, DKK or ISK; words only one of those languages uses settle it.
_KR_LANGUAGE = (
    ("SEK", re.compile(r"\b(?:m[åa]nad\w*|mån|\w*lön\w*|timme|kronor)\b", re.I)),
    ("NOK", re.compile(r"\b(?:\w*lønn|i\s+måneden|i\s+året)\b", re.I)),
    ("DKK", re.compile(r"\b(?:\w*løn|om\s+måneden|om\s+året)\b", re.I)),
)


def _krona(text: str, start: int, end: int) -> str | None:
    if not _KR.search(text, start, end):
        return None
    return next((code for code, rx in _KR_LANGUAGE if rx.search(text)), None)


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


# Where boards quote pay per month, a large count of a weak currency is still a month's pay
# ("CLP 2.500.000", "1 200 000 HUF", "150 000 ₽"); INR and JPY are quoted per year as often as not.
# fmt: off
_MONTHLY_QUOTED = frozenset((
    "BRL", "MXN", "COP", "CLP", "ARS", "PEN", "PLN", "CZK", "HUF", "RON", "BGN", "UAH", "RUB", "TRY",
    "PHP", "IDR", "VND", "THB", "MYR", "EGP",
))
# fmt: on


def _infer_period(value: float, currency: str | None) -> str:
    """Deduce a period from magnitude only (the caller marks the result ``inferred``)."""
    rate = load_fx_table().usd_per_unit.get(currency or "USD", 1.0)
    usd = value * rate
    # Strong currencies pay hourly in the tens; weak ones (INR, JPY, MXN...) have monthly pay below $250.
    if usd <= (250 if rate >= 0.1 else 50):
        return "hour"
    if usd >= 12_000 or (value >= 200_000 and usd >= 2_500 and currency not in _MONTHLY_QUOTED):
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


_UNIFY_CHARS = re.compile("[" + re.escape("".join(map(chr, _UNIFY))) + "]")


def _unify(text: str) -> str:
    text = html.unescape(text) if "&" in text else text
    # ``translate`` walks every character; most postings have nothing to replace, and a scan says so faster.
    return text.translate(_UNIFY) if _UNIFY_CHARS.search(text) else text


def _mask(text: str, first_digit: int = 0, last_digit: int | None = None) -> str:
    """Phones, dates, codes... overwritten with ``#``; only the span around the digits can hold one."""
    # Every mask holds a digit, starts at most 12 characters before its first one ("postal code 94105")
    # and ends, lookaheads included, at most 6 after its last one ("401 (k)"): scanning the rest is waste.
    pos = max(0, first_digit - 16)
    endpos = len(text) if last_digit is None else min(len(text), last_digit + 16)
    out, done = [], 0
    for m in _MASKS.finditer(text, pos, endpos):
        out += (text[done : m.start()], "#" * (m.end() - m.start()))
        done = m.end()
    return "".join(out) + text[done:] if out else text


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
    prepared = _prepare(text)
    cands = [c for c in _candidates(prepared) if not _weak(c, prepared)]
    cand = _pick(cands)
    sal = _to_salary(cand, text.strip(), default_currency) if cand else None
    if sal and (sal.annual_usd_max or sal.annual_usd_min or 0) > _MAX_ANNUAL_USD:
        return None  # "Seed round of $3.5M", "Series C ($80M)": funding, not pay
    return sal


#: No base salary is above this many US dollars a year; larger amounts are funding, revenue or valuation.
_MAX_ANNUAL_USD = 5e6
_WORD_BEFORE = re.compile(r"[^\W\d_]{2,}[.:]?\s*$")
_PRICE_CUE = re.compile(r"\b(?:price|pris|preis|prix|precio|prezzo|cena|cost|rate|fee)", re.I)


def _weak(c: _Candidate, text: str) -> bool:
    """A small bare number after a word, with no pay word anywhere: "Office hours 9-5", "Must be 21"."""
    if not c.bare or c.mult or c.period or max(c.lo or 0, c.hi or 0) >= 100:
        return False
    if not _WORD_BEFORE.search(text, max(0, c.start - 20), c.start):
        return False
    return not (_CUE.search(text) or _PRICE_CUE.search(text))


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
    if not isinstance(text, str) or not (_DIGIT.search(text) or any(ch.isdigit() for ch in text)):
        return None
    # Masks (phones, dates, 401(k)...) all involve digits, so they are applied per digit-bearing line.
    prepared = _unify(text)
    original = html.unescape(text) if "&" in text else text  # same offsets as ``prepared``
    # Cue words are looked up only around lines that carry a number (a few per posting): the cue
    # pattern is the costliest regex here, and most lines have no digits at all.
    digits = [m.start() for m in _DIGIT.finditer(prepared)]
    best: tuple[float, int, Salary] | None = None
    prev_seg: tuple[int, int] | None = None  # the previous non-blank segment
    cues: dict[tuple[int, int], bool] = {}  # segment -> has a cue word, looked up once and only if needed

    def has_cue(seg: tuple[int, int]) -> bool:
        if (found := cues.get(seg)) is None:
            found = cues[seg] = bool(_CUE.search(prepared, *seg))
        return found

    order = 0
    for line in re.finditer(r"[^\n]+", prepared):
        bounds = [line.start()]
        if line.end() - line.start() > 300:  # only long lines are split into sentences
            bounds += [m.end() for m in _SENTENCE.finditer(prepared, line.start(), line.end())]
        for lo, hi in zip(bounds, [*bounds[1:], line.end()], strict=True):
            if not _any_between(digits, lo, hi):
                if prepared[lo:hi].strip():
                    prev_seg = (lo, hi)
                continue
            first = bisect.bisect_left(digits, lo)
            last = bisect.bisect_left(digits, hi) - 1
            seg = _mask(prepared[lo:hi], digits[first] - lo, digits[last] - lo)
            seg_prev = prev_seg
            for c in _candidates(seg):
                order += 1
                if c.excluded or not (c.lo or c.hi):
                    continue
                cue = has_cue((lo, hi))
                prev_cue = seg_prev is not None and has_cue(seg_prev)
                top = c.hi or c.lo or 0
                if c.bare and not ((cue or prev_cue) and (c.period or c.mult or top >= 10_000)):
                    continue
                sal = _to_salary(c, original[lo:hi].strip()[:200])
                if sal is None or (sal.annual_usd_max or sal.annual_usd_min or 0) > _MAX_ANNUAL_USD:
                    continue  # funding rounds and revenue, not pay
                score = 3 * cue + 2 * prev_cue + 2 * (not c.bare) + (c.period is not None) + c.is_range
                score += 2 * (c.kind == "base") - 0.5 * c.estimated
                if best is None or score > best[0]:
                    best = (score, order, sal)
            if seg.strip():
                prev_seg = (lo, hi)
    return best[2] if best else None
