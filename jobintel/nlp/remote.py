"""Decide whether a posting is remote, hybrid or on-site, and for which region.

Signals in priority order: the source's structured field (``Posting.workplace``), location strings
("Remote - US", "Hybrid - Seattle, WA"), the title ("ML Engineer (Remote)"), then cue phrases in the
description ("this role is fully remote", "3 days a week in the office"). Cue phrases live in
``data/geo_workplace.toml``, plus the supplements below (German/French/Spanish words, and English phrasings
found missing by tests/test_remote_realworld.py). A source that says nothing gives ``unknown``, never
``onsite``; company boilerplate ("we are a remote-first company" under "About us") does not make a given job
remote.

>>> infer_remote(structured=None, locations=["London, UK | Remote - EMEA"]).region
'EMEA'
>>> infer_remote(structured=None, locations=["Berlin"], text="This role is fully remote.").basis
'text'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from jobintel.errors import DictionaryError
from jobintel.nlp.locations import parse_locations, split_locations, workplace_cues, workplace_pattern
from jobintel.nlp.sections import detect_sections, is_boilerplate, lines_containing, section_at
from jobintel.nlp.types import Location, Remote, Section

__all__ = ["infer_remote", "normalize_workplace"]

_STRUCTURED = {
    "remote": "remote",
    "fully remote": "remote",
    "telecommute": "remote",
    "hybrid": "hybrid",
    "onsite": "onsite",
    "on site": "onsite",
    "in office": "onsite",
    "office": "onsite",
    "in person": "onsite",
}
# Text kinds in precedence order: an explicit "not remote" beats a hybrid cue, which beats a remote cue.
_TEXT_KINDS = (("onsite_negated", "onsite"), ("hybrid", "hybrid"), ("remote", "remote"), ("onsite", "onsite"))
_GLOBAL_CUE = re.compile(r"\b(?:anywhere|worldwide)\b", re.I)
_REGION_AFTER = re.compile(
    r"^\s*(?:\(([^)]{2,40})\)|[-–—,:]\s*([A-Za-z][A-Za-z .&]{1,30})"
    r"|\s*(?:in|within|from|across|throughout)\s+(?:the\s+)?([A-Za-z][A-Za-z .&]{1,30}))"
)


@dataclass(frozen=True, slots=True)
class _Cues:
    not_workplace: re.Pattern[str]
    text: tuple[tuple[str, re.Pattern[str]], ...]
    text_keywords: tuple[str, ...]
    title: re.Pattern[str]
    #: Foreign workplace words and the English cue they are read as (``[translate]``), hybrid first.
    translate: tuple[tuple[str, re.Pattern[str]], ...]


@functools.cache
def _cues() -> _Cues:
    data = workplace_cues()
    try:
        text = tuple(
            (value, re.compile("|".join(data["text"][kind]), re.I | re.M)) for kind, value in _TEXT_KINDS
        )
        return _Cues(
            not_workplace=re.compile("|".join(data["not_workplace"]["patterns"]), re.I),
            text=text,
            text_keywords=tuple(data["text"]["keywords"]),
            title=workplace_pattern(),
            translate=tuple(
                (cue, re.compile(rf"(?<!\w)(?:{pat})(?!\w)", re.I)) for cue, pat in data["translate"].items()
            ),
        )
    except (KeyError, re.error) as exc:
        raise DictionaryError(
            f"bad workplace cue: {exc}", path="jobintel/nlp/data/geo_workplace.toml"
        ) from exc


def normalize_workplace(value: str | None) -> str | None:
    """Map a source's workplace label to remote/hybrid/onsite; None for unknown ("unspecified", "").

    >>> normalize_workplace("On-Site"), normalize_workplace("unspecified")
    ('onsite', None)
    """
    if not value:
        return None
    key = re.sub(r"[^a-z]+", " ", str(value).lower()).strip()
    return _STRUCTURED.get(key) or _STRUCTURED.get(key.replace(" ", ""))


def _translate(text: str) -> str:
    """Foreign workplace words replaced by the English cue ("Remoto" -> "Remote"); other text unchanged."""
    for cue, pattern in _cues().translate:
        text = pattern.sub(cue, text)
    return text


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """Replace "remote sensing"-style phrases by spaces, keeping offsets."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _region(locs: list[Location], evidence: str = "") -> str | None:
    for loc in locs:
        if loc.remote and (loc.country or loc.region):
            # "Remote - California" is a US region; a supra-region ("EMEA") has no country.
            return loc.country or loc.region
    # "Anywhere" / "Worldwide" is itself the cue, so nothing is left to parse as a region.
    return "Global" if _GLOBAL_CUE.search(evidence) else None


def _from_locations(raw: list[str], cues: _Cues) -> tuple[str, str] | None:
    """(value, evidence) from workplace words in location strings; remote beats hybrid beats on-site."""
    found: dict[str, str] = {}
    for item in raw:
        for part in split_locations(item or ""):
            m = cues.title.search(_blank(_translate(part), cues.not_workplace))
            if m:
                found.setdefault(m.lastgroup or "", part)
    for value in ("remote", "hybrid", "onsite"):
        if value in found:
            return value, found[value]
    return None


def _text_region(text: str, end: int) -> str | None:
    m = _REGION_AFTER.match(text[end : end + 60])
    if not m:
        return None
    candidate = re.split(r"[.;:]|\s+(?:or|and)\s+|,|/", next(g for g in m.groups() if g))[0].strip()
    locs = parse_locations(f"Remote - {candidate}") if candidate else []
    return _region(locs) if locs and not locs[0].city else None


def _from_text(text: str, sections: list[Section] | None, cues: _Cues) -> Remote | None:
    lines = lines_containing(text.lower(), cues.text_keywords)
    if not lines:
        return None
    # Blank "remote sensing"-style phrases on the candidate lines only; offsets stay those of ``text``.
    scrubbed = {(s, e): _blank(text[s:e], cues.not_workplace) for s, e in lines}
    for value, pattern in cues.text:
        for (s, _), line in scrubbed.items():
            for m in pattern.finditer(line):
                start, end = s + m.start(), s + m.end()
                if sections is None:
                    sections = detect_sections(text)
                if is_boilerplate(section_at(sections, start)):
                    continue
                region = _text_region(text, end) if value == "remote" else None
                return Remote(value, "text", region, text[start:end].strip())
    return None


def infer_remote(
    *,
    structured: str | None,
    locations: list[str],
    title: str = "",
    text: str = "",
    sections: list[Section] | None = None,
) -> Remote:
    """Remote status from structured field > locations > title > description text.

    ``structured`` is ``Posting.workplace`` ("remote", "hybrid", "onsite" or None for unknown).
    ``sections`` (from ``detect_sections(text)``) is computed on demand when not given.

    >>> infer_remote(structured=None, locations=["Remote (US)"]).to_dict()
    {'value': 'remote', 'basis': 'location', 'region': 'US', 'evidence': 'Remote (US)'}
    >>> infer_remote(structured="hybrid", locations=["New York, NY"]).value
    'hybrid'
    """
    cues = _cues()
    raw = [locations] if isinstance(locations, str) else list(locations or [])
    locs = parse_locations([_translate(item or "") for item in raw])
    value = normalize_workplace(structured)
    if value:
        return Remote(value, "structured", _region(locs) if value == "remote" else None, str(structured))
    if found := _from_locations(raw, cues):
        value, evidence = found
        return Remote(value, "location", _region(locs, evidence) if value == "remote" else None, evidence)
    english_title = _translate(title) if title else ""
    if english_title and (m := cues.title.search(_blank(english_title, cues.not_workplace))):
        value = m.lastgroup or "unknown"
        region = _text_region(english_title, m.end()) if value == "remote" else None
        # a translated title keeps its own words as evidence
        evidence = m.group().strip() if english_title == title else title
        return Remote(value, "title", region, evidence)
    if text and (found_text := _from_text(text, sections, cues)):
        return found_text
    return Remote("unknown", "none")
