"""Infer a posting's seniority level from its title, the source's structured field and years of experience.

Signals in priority order: title words ("Senior", "Staff", "Engineer II"), then the structured field
("Mid-Senior level", SmartRecruiters ``mid_senior_level``, JSON-LD ``monthsOfExperience``), then the years of
experience the text asks for ("5+ years"). Rules live in ``data/seniority.toml``.

>>> infer_seniority("Senior Machine Learning Engineer").level
'senior'
>>> infer_seniority("ML Engineer", "You have 3-5 years of experience with PyTorch.").to_dict()["basis"]
'years'
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from jobintel.errors import DictionaryError
from jobintel.nlp.sections import lines_containing
from jobintel.nlp.types import SENIORITY_LEVELS, Seniority

__all__ = ["SENIORITY_PATH", "infer_seniority", "years_of_experience"]

SENIORITY_PATH = Path(__file__).parent / "data" / "seniority.toml"

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_NUM = r"(?:\d{1,2}(?:\.\d)?|" + "|".join(_WORDS) + r")"
_YEARS = re.compile(
    rf"(?:(?P<lead>at least|minimum(?: of)?|a minimum of|min\.?|over|more than|upwards of)\s+)?"
    rf"(?P<a>{_NUM})(?:\s*\(\d{{1,2}}\))?\s*(?P<plus>\+|plus)?"
    rf"(?:\s*(?:-|–|—|to)\s*(?P<b>{_NUM})\s*\+?)?"
    rf"\s*(?:years?|yrs?)\b(?P<after>[^.;\n]{{0,80}})",
    re.IGNORECASE,
)
# "experience" right after the number is a strong cue; other words ("building", "in software") are weaker
# and are dropped when the sentence reads like company history ("For 10 years, we have been building...").
_STRONG = re.compile(r"^[^.;\n]{0,40}?\bexp(?:erience|\.|\b)", re.IGNORECASE)
_WEAK = re.compile(
    r"\b(?:background|industry|professional|hands-on|working|work|track record|building|developing|designing|"
    r"shipping|leading|writing|coding|programming|in (?:a|an|the|software|data|machine|ml|ai|deep|backend|"
    r"front|full|tech|engineering|research|production)|as an?|of (?:relevant|related|progressive|post|"
    r"professional|industry|hands-on|software|python|ml|machine))\b",
    re.IGNORECASE,
)
_NOT_EXPERIENCE = re.compile(r"^(?:\s*(?:old|of age|ago|in business|warranty|running)\b|-old)", re.IGNORECASE)
# "We have over 10 years of experience in fintech" describes the company, not the candidate.
_COMPANY_HAVE = re.compile(
    r"\b(?:we|we've|our\s+\w+|the company|it)\s+(?:have|has|had|bring|brings|spent|been)\b[^.;\n]*$",
    re.IGNORECASE,
)
_HISTORY_BEFORE = re.compile(r"\b(?:for|since|founded|over the (?:past|last)|in the (?:past|last))\W*$", re.I)
_HISTORY_AFTER = re.compile(r"^\W*(?:we|we've|we're|our|the company)\b", re.IGNORECASE)
_PREFERRED = re.compile(r"\b(?:preferred|nice to have|a plus|bonus|ideally)\b", re.IGNORECASE)
_MONTHS = re.compile(r"^\s*(\d{1,3})(?:\.0+)?\s*(?:months?|mos?)?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Rules:
    title: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]
    structured: dict[str, tuple[str, ...]]
    years: list[tuple[float, str]]


def _pattern(text: str, path: Path, where: str) -> re.Pattern[str]:
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as exc:
        raise DictionaryError(f"bad pattern in {where}: {exc}", path=str(path)) from exc


@functools.cache
def _rules(path: Path = SENIORITY_PATH) -> _Rules:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DictionaryError(f"cannot read seniority rules: {exc}", path=str(path)) from exc

    def level(value: str, where: str) -> str:
        if value and value not in SENIORITY_LEVELS:
            raise DictionaryError(f"unknown level {value!r} in {where}", path=str(path))
        return value

    title = [
        (
            level(r["level"], "[[title]]"),
            _pattern(r["pattern"], path, "[[title]]"),
            _pattern(r["unless"], path, "[[title]]") if r.get("unless") else None,
        )
        for r in data.get("title", [])
    ]
    structured = {
        _label_key(k): tuple(level(v, "[structured]") for v in ([val] if isinstance(val, str) else val) if v)
        for k, val in data.get("structured", {}).items()
    }
    years = sorted((float(r["min_years"]), level(r["level"], "[[years]]")) for r in data.get("years", []))
    return _Rules(title, structured, years)


def _label_key(label: str) -> str:
    return re.sub(r"[^a-z]+", "_", label.lower()).strip("_")


def _number(text: str) -> float:
    return float(_WORDS.get(text.lower(), text))


def years_of_experience(text: str) -> tuple[float, str] | None:
    """The years of experience a posting asks for, with the matched snippet; None when it does not say.

    Ranges count by their minimum ("3-5 years" is 3). When the text names several requirements
    ("5+ years of Python, 2+ years of Kubernetes") the largest required one is the job's bar;
    mentions marked preferred/bonus are used only when nothing else is found.

    >>> years_of_experience("Minimum of two years of experience in data engineering.")
    (2.0, 'Minimum of two years of experience in data engineering')
    """
    required: list[tuple[float, str]] = []
    preferred: list[tuple[float, str]] = []
    # Only lines that mention years are scanned: the full pattern is slow on a whole description.
    spans = lines_containing(text.lower(), ("year", "yr"))
    for m in (m for s, e in spans for m in _YEARS.finditer(text, s, e)):
        after = m.group("after")
        before = text[max(0, m.start() - 80) : m.start()]
        if _NOT_EXPERIENCE.search(after) or _COMPANY_HAVE.search(before):
            continue
        strong = _STRONG.search(after) or "experience" in before[-25:].lower()
        history = _HISTORY_BEFORE.search(before) or _HISTORY_AFTER.search(after)
        if not strong and (history or not _WEAK.search(after[:50])):
            continue
        value = _number(m.group("a"))
        if value > 25:  # "30 years" is company history or a typo, not a hiring bar
            continue
        snippet = m.group(0).strip()
        sentence = before.rsplit(".", 1)[-1] + after
        (preferred if _PREFERRED.search(sentence) else required).append((value, snippet))
    found = required or preferred
    return max(found, key=lambda vs: vs[0]) if found else None


def _years_level(years: float) -> str | None:
    level = None
    for min_years, lvl in _rules().years:
        if years >= min_years:
            level = lvl
    return level


def _from_structured(structured: str, years: tuple[float, str] | None) -> Seniority | None:
    label = structured.strip()
    if m := _MONTHS.match(label):
        # JSON-LD experienceRequirements.monthsOfExperience: a number of months.
        years_asked = int(m.group(1)) / 12
        lvl = _years_level(years_asked)
        return Seniority(lvl, "structured", label) if lvl else None
    levels = _rules().structured.get(_label_key(label))
    if not levels:
        return None
    if len(levels) > 1 and years is not None:
        lvl = _years_level(years[0])
        if lvl in levels:
            return Seniority(lvl, "structured", f"{label}; {years[1]}")
        # Clamp to the range: "Mid-Senior level" with "1 year" is still mid.
        order = SENIORITY_LEVELS.index
        lvl = levels[0] if lvl is None or order(lvl) < order(levels[0]) else levels[-1]
        return Seniority(lvl, "structured", f"{label}; {years[1]}")
    return Seniority(levels[0], "structured", label)


def infer_seniority(title: str, text: str = "", structured: str | None = None) -> Seniority:
    """Seniority from the title, else the structured field, else years of experience in ``text``.

    ``structured`` is the source's own label ("Mid-Senior level", "entry_level") or a JSON-LD
    ``monthsOfExperience`` value ("60" or "60 months"). No signal gives ``Seniority(None, "none")``.

    >>> infer_seniority("Staff Software Engineer, ML Infrastructure").level
    'lead'
    >>> infer_seniority("Data Scientist", structured="Entry level").to_dict()["bucket"]
    'entry'
    """
    rules = _rules()
    for level, pattern, unless in rules.title:
        m = pattern.search(title or "")
        if m and not (unless and unless.search(title)):
            return Seniority(level, "title", m.group(0).strip(" ,()/|–—-"))
    years = years_of_experience(text) if text else None
    if structured:
        found = _from_structured(structured, years)
        if found is not None:
            return found
    if years is not None:
        level = _years_level(years[0])
        if level:
            return Seniority(level, "years", years[1])
    return Seniority(None, "none")
