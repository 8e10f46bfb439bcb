"""Split a job description into sections: requirements, nice-to-have, benefits, boilerplate...

The input is clean text as produced by BeautifulSoup ``get_text("\\n")``: headings and list items sit on their
own lines. Headings are recognized from a phrase table in ``data/sections.toml``; EEO and pay-transparency
paragraphs are also recognized without a heading. Sections cover the whole text, in order.

>>> text = "We build robots.\\nRequirements:\\n- Python\\nNice to have:\\n- Rust\\n"
>>> [(s.name, text[s.start:s.end].split("\\n")[0]) for s in detect_sections(text)]
[('intro', 'We build robots.'), ('requirements', 'Requirements:'), ('nice_to_have', 'Nice to have:')]
"""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jobintel.errors import DictionaryError
from jobintel.nlp.types import SECTION_NAMES, Section

__all__ = [
    "BOILERPLATE_SECTIONS",
    "COUNTED_SECTIONS",
    "detect_sections",
    "is_boilerplate",
    "is_required",
    "lines_containing",
    "section_at",
]

SECTIONS_PATH = Path(__file__).parent / "data" / "sections.toml"

#: Sections whose skill mentions describe the company, not the job: a skill seen only there does not count.
BOILERPLATE_SECTIONS: frozenset[str] = frozenset({"about_company", "benefits", "eeo"})
COUNTED_SECTIONS: frozenset[str] = frozenset(SECTION_NAMES) - BOILERPLATE_SECTIONS

_LINE = re.compile(r"[^\n]*\n?")
_LEAD = re.compile(r"^[\W_]+")  # bullets, emoji, "##", numbering punctuation before a heading
_TAIL = re.compile(r"[\s:!?.\-–—*_#]+$")
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@dataclass(frozen=True, slots=True)
class _Rules:
    phrases: dict[str, str]  # normalized heading phrase -> section name
    strong_only: frozenset[str]
    phrase_re: re.Pattern[str]
    prefixes: list[tuple[str, str]]
    eeo_re: re.Pattern[str]
    eeo_keywords: tuple[str, ...]
    salary_re: re.Pattern[str]
    salary_keywords: tuple[str, ...]
    max_chars: int
    max_words: int


def _norm(text: str) -> str:
    text = _TAIL.sub("", _LEAD.sub("", text.translate(_APOS).lower()))
    return " ".join(text.replace("*", " ").split())


@functools.cache
def _rules(path: Path = SECTIONS_PATH) -> _Rules:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DictionaryError(f"cannot read section headings: {exc}", path=str(path)) from exc
    phrases: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for entry in data.get("section", []):
        name = entry.get("name")
        if name not in SECTION_NAMES:
            raise DictionaryError(f"unknown section name {name!r}", path=str(path))
        for phrase in entry.get("headings", []):
            phrases.setdefault(_norm(phrase), name)
        prefixes += [(_norm(p), name) for p in entry.get("prefixes", [])]
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    boiler = data.get("boilerplate", {})
    settings = data.get("settings", {})
    try:
        return _Rules(
            phrases=phrases,
            strong_only=frozenset(_norm(p) for p in settings.get("strong_only", [])),
            phrase_re=re.compile(rf"(?<![\w'])(?:{alternation})(?![\w'])"),
            prefixes=prefixes,
            eeo_re=re.compile("|".join(boiler.get("eeo", ["(?!)"])), re.IGNORECASE),
            eeo_keywords=tuple(k.lower() for k in boiler.get("eeo_keywords", [])),
            salary_re=re.compile("|".join(boiler.get("salary", ["(?!)"])), re.IGNORECASE),
            salary_keywords=tuple(k.lower() for k in boiler.get("salary_keywords", [])),
            max_chars=int(settings.get("max_heading_chars", 80)),
            max_words=int(settings.get("max_heading_words", 10)),
        )
    except re.error as exc:
        raise DictionaryError(f"bad boilerplate pattern: {exc}", path=str(path)) from exc


def _classify_heading(line: str, rules: _Rules) -> tuple[str, str] | None:
    """(section name, heading text) when ``line`` is a section heading, else None."""
    stripped = line.strip()
    if not stripped:
        return None
    if ":" in stripped[:60] and not stripped.endswith(":") and (inline := _inline_heading(stripped, rules)):
        return inline
    if len(stripped) > rules.max_chars:
        return None
    words = stripped.split()
    if len(words) > rules.max_words:
        return None
    markdown = stripped.startswith("#")
    strong = markdown or stripped.endswith(":") or (len(stripped) >= 3 and stripped.isupper())
    # A short line ending in a sentence period is prose or a list item, not a heading.
    if not strong and (stripped.endswith((".", ";", ",")) or len(words) > 7):
        return None
    key = _norm(stripped)
    if key in rules.phrases and (strong or key not in rules.strong_only):
        return rules.phrases[key], stripped
    matches = list(rules.phrase_re.finditer(key))
    if matches:
        best = max(matches, key=lambda m: (len(m.group()), -m.start()))
        extra = len(key.split()) - len(best.group().split())
        # Weak candidates (plain short lines, e.g. list items) must look like Title Case headings.
        # Generic phrases ("experience") count only as the whole heading: "Experience with:" is a lead-in.
        generic = best.group() in rules.strong_only
        weak_ok = best.start() == 0 and extra <= 4 and _title_case(stripped)
        if not generic and ((strong and extra <= 5) or weak_ok):
            return rules.phrases[best.group()], stripped
    for prefix, name in rules.prefixes:
        rest = key[len(prefix) :]
        if key.startswith(prefix + " ") and len(rest.split()) <= 4:
            after = _LEAD.sub("", stripped).split()[len(prefix.split()) :]
            if after and after[0][:1].isupper():
                return name, stripped
    if markdown:
        return "other", stripped
    return None


def _inline_heading(stripped: str, rules: _Rules) -> tuple[str, str] | None:
    """ "Requirements: 5+ years of Python" starts a section with the heading before the colon."""
    head, colon, _ = stripped[:60].partition(":")
    key = _norm(head)
    name = rules.phrases.get(key) if colon else None
    # "Location: Berlin" or "Note: ..." are one-line facts, not the start of a section.
    if name and name != "other" and key not in rules.strong_only:
        return name, head.strip()
    return None


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w']*", text) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


def detect_sections(text: str) -> list[Section]:
    """Sections covering ``text`` from offset 0 to ``len(text)``, in order.

    Text before the first heading is ``intro``. An EEO paragraph without a heading starts an ``eeo`` section
    that runs to the next heading; a pay-transparency paragraph is a ``salary`` section of its own.

    >>> [s.name for s in detect_sections("About Acme\\nWe sell.\\nWHAT YOU'LL DO\\nShip ML.")]
    ['about_company', 'responsibilities']
    """
    if not text:
        return []
    rules = _rules()
    lower = text.lower()
    eeo_lines = _matching_lines(text, lower, rules.eeo_re, rules.eeo_keywords)
    salary_lines = _matching_lines(text, lower, rules.salary_re, rules.salary_keywords)
    sections: list[Section] = []
    current, heading, start = "intro", "", 0
    for m in _LINE.finditer(text):
        line_start, line_end = m.start(), m.end()
        if line_start == line_end:
            break
        found = _classify_heading(m.group(), rules)
        name, new_heading = current, heading
        line_name = None
        if found:
            name, new_heading = found
        elif line_start in eeo_lines:
            name, new_heading = ("eeo", "") if current != "eeo" else (current, heading)
        elif line_start in salary_lines and current != "salary":
            line_name = "salary"
        if line_name:
            if line_start > start:
                sections.append(Section(current, start, line_start, heading))
            sections.append(Section(line_name, line_start, line_end, ""))
            start = line_end
            continue
        if found or name != current:
            if line_start > start:
                sections.append(Section(current, start, line_start, heading))
            current, heading, start = name, new_heading, line_start
    if start < len(text) or not sections:
        sections.append(Section(current, start, len(text), heading))
    return _merge(sections)


def lines_containing(lower: str, keywords: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of the lines of ``lower`` (lower-cased text) that contain any keyword, in order.

    Running a big regex only on these lines is many times faster than scanning the whole text.

    >>> lines_containing("a\\nremote b\\nc", ("remote",))
    [(2, 10)]
    """
    spans: set[tuple[int, int]] = set()
    for kw in filter(None, keywords):
        i = lower.find(kw)
        while i >= 0:
            start = lower.rfind("\n", 0, i) + 1
            end = lower.find("\n", i)
            end = len(lower) if end < 0 else end
            spans.add((start, end))
            i = lower.find(kw, end)
    return sorted(spans)


def _matching_lines(text: str, lower: str, pattern: re.Pattern[str], keywords: tuple[str, ...]) -> set[int]:
    """Start offsets of the lines where ``pattern`` matches."""
    if keywords:
        spans = lines_containing(lower, keywords)
    else:  # no gate configured: try every line
        spans = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    return {s for s, e in spans if pattern.search(text, s, e)}


def _merge(sections: list[Section]) -> list[Section]:
    """Join neighbours with the same name when the second has no heading of its own."""
    merged: list[Section] = []
    for s in sections:
        if merged and merged[-1].name == s.name and not s.heading:
            prev = merged[-1]
            merged[-1] = Section(prev.name, prev.start, s.end, prev.heading)
        else:
            merged.append(s)
    return merged


def section_at(sections: Sequence[Section], offset: int) -> str:
    """Name of the section that contains character ``offset`` ("other" when none does).

    >>> section_at(detect_sections("Intro\\nRequirements:\\n- SQL\\n"), 22)
    'requirements'
    """
    i = bisect.bisect_right(sections, offset, key=lambda s: s.start) - 1
    if 0 <= i < len(sections) and sections[i].start <= offset < sections[i].end:
        return sections[i].name
    return "other"


def is_required(section_name: str) -> bool | None:
    """True in requirements, False in nice-to-have, None elsewhere.

    >>> is_required("nice_to_have")
    False
    """
    if section_name == "requirements":
        return True
    if section_name == "nice_to_have":
        return False
    return None


def is_boilerplate(section_name: str) -> bool:
    """Whether skills mentioned only in this section should be ignored (about us, benefits, EEO).

    >>> is_boilerplate("benefits"), is_boilerplate("requirements")
    (True, False)
    """
    return section_name in BOILERPLATE_SECTIONS
