"""Cross-source dedupe: is a newly seen posting the same job as one already stored from another source?

Three tests, strongest first, each only across *different* sources (one source never lists the same
job twice under two ids, so two ids of one source are two jobs):

1. **exact ids**: a URL that names an ATS job (``?gh_jid=123``, ``boards.greenhouse.io/acme/jobs/123``,
   ``jobs.lever.co/acme/<uuid>``, ``jobs.ashbyhq.com/acme/<uuid>``) is that job;
2. **canonical URL**: the same URL once tracking parameters (``utm_*``, ``gh_src``, ``lever-source``,
   ``ref``, ``source`` ...) are stripped, with titles that do not veto;
3. **company + title + location**: same normalized company, ``token_sort_ratio >= 92`` on normalized
   titles, compatible locations, and exactly one candidate.

Level and qualifier words veto a merge: "Senior" vs "Staff", "Engineer II" vs "Engineer III",
"AI Engineer" vs "AI Engineer, Ads". When in doubt (two candidates, a missing location on one side)
the postings stay split: a double count is visible and cheap, a wrong merge silently loses a job.

>>> titles_compatible("Sr. ML Engineer (m/w/d)", "Senior Machine Learning Engineer")
True
>>> titles_compatible("AI Engineer", "AI Engineer, Ads"), titles_compatible("Senior SWE", "Staff SWE")
(False, False)
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rapidfuzz import fuzz, process

__all__ = [
    "FUZZY_CUTOFF",
    "DuplicateMatch",
    "TitleKey",
    "canonical_url",
    "external_ref",
    "find_duplicate",
    "link_keys",
    "locations_compatible",
    "normalize_company",
    "title_key",
    "titles_compatible",
]

#: token_sort_ratio on normalized titles needed for a company+title merge.
FUZZY_CUTOFF = 92.0
#: A URL match is strong evidence already; the title only has to be clearly the same job.
_URL_TITLE_CUTOFF = 80.0

_TRACKING_PARAMS = frozenset(
    {
        "gh_src",
        "lever-source",
        "lever-source[]",
        "lever-origin",
        "ref",
        "referrer",
        "source",
        "src",
        "trk",
        "trkid",
        "fbclid",
        "gclid",
        "mc_cid",
        "mc_eid",
        "ashby_src",
        "utm",
    }
)
_COMPANY_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "ltd",
        "limited",
        "gmbh",
        "corp",
        "corporation",
        "co",
        "plc",
        "sa",
        "ag",
        "bv",
        "nv",
        "srl",
        "sas",
        "pty",
        "oy",
        "ab",
        "lp",
        "llp",
        "kk",
        "se",
    }
)
_ABBREVIATIONS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior", "mgr": "manager",
    "eng": "engineer", "engr": "engineer", "dev": "developer", "ml": "machine learning",
    "swe": "software engineer", "sde": "software engineer", "vp": "vice president",
    "assoc": "associate", "mts": "member of technical staff", "nlp": "natural language processing",
    "cv": "computer vision", "&": "and",
}  # fmt: skip
#: Words that put a job at a level; two titles must agree on all of them.
_LEVELS = {
    "intern": "intern", "internship": "intern", "trainee": "intern", "apprentice": "intern",
    "junior": "junior", "entry": "junior", "graduate": "junior", "associate": "associate",
    "mid": "mid", "senior": "senior", "staff": "staff", "principal": "principal", "lead": "lead",
    "head": "head", "director": "director", "manager": "manager", "chief": "chief",
    "distinguished": "distinguished", "fellow": "fellow", "vice": "vp", "president": "vp",
}  # fmt: skip
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
# Qualifiers that say where or how, not which job: aggregators append them to ATS titles.
_PLACE_QUALIFIERS = frozenset(
    {"remote", "hybrid", "onsite", "on site", "in office", "anywhere", "worldwide", "global", "us",
     "usa", "united states", "uk", "eu", "emea", "apac", "americas", "europe", "remote us", "us remote",
     "remote usa", "remote eu", "remote uk", "remote europe", "north america", "canada"}
)  # fmt: skip
# German-style gender markers: "(m/w/d)", "(f/m/x)", "(all genders)".
_GENDER = re.compile(r"[(\[]\s*(?:all genders?|[mwfdxhi](?:\s*/\s*[mwfdxhi]){1,3})\s*[)\]]", re.I)
_SEPARATORS = re.compile(r"\s*(?:,|;|:|\||\(|\)|\[|\]|\s[-–—]\s|\s/\s)\s*")
_WORD = re.compile(r"[a-z0-9+#]+(?:\.[a-z0-9]+)*|&")
_LEVEL_NUMBER = re.compile(r"^(?:l|level|lvl|grade|ic|e)?(\d{1,2})$")


@dataclass(frozen=True, slots=True)
class TitleKey:
    """A title split into what must match fuzzily (``main``) and what must match exactly."""

    main: str
    levels: frozenset[str]
    numbers: tuple[int, ...]
    qualifiers: frozenset[str]


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """The stored posting a new (source, source_id) duplicates, and why we think so."""

    posting_id: int
    match: str  # exact_id | url | fuzzy
    score: float
    other_source: str
    other_source_id: str
    other_title: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _words(text: str) -> list[str]:
    out: list[str] = []
    for word in _WORD.findall(text):
        out.extend(_ABBREVIATIONS.get(word, word).split())
    return out


def normalize_company(name: str | None) -> str:
    """A company key: case, accents, punctuation, spaces and legal suffixes removed.

    >>> normalize_company("Example AI, Inc."), normalize_company("exampleai")
    ('exampleai', 'exampleai')
    >>> normalize_company("Zürich Versicherung GmbH")
    'zurichversicherung'
    """
    tokens = re.findall(r"[a-z0-9]+", _fold(name or "").replace("&", " and "))
    while len(tokens) > 1 and tokens[-1] in _COMPANY_SUFFIXES:
        tokens.pop()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens.pop(0)
    return "".join(tokens)


@functools.lru_cache(maxsize=65536)
def title_key(title: str) -> TitleKey:
    """Split and normalize a job title.

    >>> key = title_key("Sr. Software Engineer II, Ads (Remote)")
    >>> key.main, sorted(key.levels), key.numbers, sorted(key.qualifiers)
    ('software engineer', ['senior'], (2,), ['ads'])
    """
    text = _GENDER.sub(" ", _fold(title or ""))
    parts = [p.strip() for p in _SEPARATORS.split(text) if p and p.strip()]
    levels: set[str] = set()
    numbers: list[int] = []
    pieces: list[str] = []
    for part in parts or [""]:
        kept = []
        for word in _words(part):
            bare = word.rstrip(".")
            if bare in _LEVELS:
                levels.add(_LEVELS[bare])
            elif bare in _ROMAN:
                numbers.append(_ROMAN[bare])
            elif m := _LEVEL_NUMBER.match(bare):
                numbers.append(int(m.group(1)))
            else:
                kept.append(bare)
        pieces.append(" ".join(kept))
    main, qualifiers = pieces[0], {q for q in pieces[1:] if q and q not in _PLACE_QUALIFIERS}
    return TitleKey(main, frozenset(levels), tuple(sorted(numbers)), frozenset(qualifiers))


def titles_compatible(a: str, b: str, *, cutoff: float = FUZZY_CUTOFF) -> bool:
    """Could two titles name the same job? Levels, numbers and qualifiers must agree exactly."""
    return title_score(title_key(a), title_key(b)) >= cutoff


def title_score(a: TitleKey, b: TitleKey) -> float:
    """``token_sort_ratio`` of the main parts, or 0 when a level/number/qualifier vetoes."""
    if a.levels != b.levels or a.numbers != b.numbers or a.qualifiers != b.qualifiers:
        return 0.0
    if not a.main or not b.main:
        return 0.0
    return fuzz.token_sort_ratio(a.main, b.main)


def _place(loc: str) -> str:
    first = re.split(r",|\s[-–—]\s|\(", _fold(loc))[0]
    return " ".join(re.findall(r"[a-z0-9]+", first))


def locations_compatible(a: list[str], b: list[str]) -> bool:
    """Do two location lists share a place (first component: the city, or "remote")?

    One empty side is doubt, so not compatible; both empty is.

    >>> locations_compatible(["San Francisco, CA"], ["San Francisco, California, United States"])
    True
    >>> locations_compatible(["London, UK"], ["Austin, TX"]), locations_compatible([], ["Austin, TX"])
    (False, False)
    """
    pa = {p for p in map(_place, a) if p}
    pb = {p for p in map(_place, b) if p}
    if not pa and not pb:
        return True
    return any(x == y or (len(x) > 3 and len(y) > 3 and (x in y or y in x)) for x in pa for y in pb)


def canonical_url(url: str | None) -> str | None:
    """The URL without tracking parameters, fragment, ``www.``, scheme or trailing slash differences.

    Job ids in the query (``gh_jid``) stay: they name the job.

    >>> canonical_url("https://www.Example.com/careers/?gh_jid=42&utm_source=li&gh_src=abc#apply")
    'https://example.com/careers?gh_jid=42'
    """
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    ]
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def external_ref(url: str | None) -> tuple[str, str] | None:
    """The ATS job a URL names, as ``(source, source_id)``.

    >>> external_ref("https://careers.acme.com/jobs?gh_jid=4012345&gh_src=x")
    ('greenhouse', '4012345')
    >>> external_ref("https://jobs.lever.co/acme/3f1d7a0e-6a4b-4bb5-9a53-0c2f6f7d9e11/apply")
    ('lever', '3f1d7a0e-6a4b-4bb5-9a53-0c2f6f7d9e11')
    """
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    params = dict(parse_qsl(parts.query))
    if params.get("gh_jid", "").isdigit():
        return ("greenhouse", params["gh_jid"])
    if host.endswith("greenhouse.io"):
        m = re.match(r"^/[^/]+/jobs/(\d+)", parts.path)
        if m:
            return ("greenhouse", m.group(1))
        if params.get("token", "").isdigit():
            return ("greenhouse", params["token"])
    if host.endswith("lever.co"):
        m = re.match(rf"^/[^/]+/({_UUID})", parts.path.lower())
        if m:
            return ("lever", m.group(1))
    if host == "jobs.ashbyhq.com":
        m = re.match(rf"^/[^/]+/({_UUID})", parts.path.lower())
        if m:
            return ("ashby", m.group(1))
    return None


def link_keys(
    *, source: str, url: str | None, title: str | None, company: str | None, source_id: str = ""
) -> dict:
    """The derived ``posting_links`` columns used to find duplicates of this (source, source_id)."""
    ref = external_ref(url)
    if ref is not None and ref == (source, str(source_id)):
        ref = None  # an ATS posting's own URL names itself
    return {
        "canonical_url": canonical_url(url),
        "ref_source": ref[0] if ref else None,
        "ref_id": ref[1] if ref else None,
        "company_key": normalize_company(company),
        "title_key": title_key(title or "").main,
    }


def find_duplicate(
    conn: sqlite3.Connection,
    *,
    source: str,
    source_id: str,
    title: str,
    locations: list[str],
    keys: dict[str, Any],
) -> DuplicateMatch | None:
    """The posting already stored from another source that this new one duplicates, or ``None``.

    ``keys`` come from ``link_keys``. Exact ids, then canonical URL, then company+title+location.
    """
    # 1. exact ids, both directions: this URL names a stored ATS job, or a stored URL names this job.
    if keys["ref_source"]:
        rows = _links(conn, "source = ? AND source_id = ?", (keys["ref_source"], keys["ref_id"]))
        if (m := _unique(conn, rows, source, "exact_id")) is not None:
            return m
    rows = _links(conn, "ref_source = ? AND ref_id = ?", (source, source_id))
    if (m := _unique(conn, rows, source, "exact_id")) is not None:
        return m
    # 2. canonical URL, with titles that clearly agree.
    if keys["canonical_url"]:
        rows = _links(conn, "canonical_url = ? AND" + _OTHER_SOURCE, (keys["canonical_url"], source, source))
        mine = title_key(title)
        rows = [r for r in rows if title_score(mine, title_key(r[3])) >= _URL_TITLE_CUTOFF]
        if (m := _unique(conn, rows, source, "url")) is not None:
            return m
    # 3. company + title + location: only one candidate may pass.
    if not keys["company_key"]:
        return None
    rows = _links(conn, "company_key = ? AND" + _OTHER_SOURCE, (keys["company_key"], source, source))
    if not rows:
        return None
    mine = title_key(title)
    # A batch pre-filter on the main parts (cheap, C++) before the veto checks (Python).
    hits = process.extract(
        mine.main,
        {i: title_key(r[3]).main for i, r in enumerate(rows)},
        scorer=fuzz.token_sort_ratio,
        processor=None,
        score_cutoff=FUZZY_CUTOFF,
        limit=None,
    )
    passing = []
    for _choice, _score, i in hits:
        r = rows[i]
        score = title_score(mine, title_key(r[3]))
        if score >= FUZZY_CUTOFF and locations_compatible(locations, json.loads(r[4] or "[]")):
            passing.append((*r, score))
    return _unique(conn, passing, source, "fuzzy")


# Two index ranges instead of `source != ?`, which would scan every link of a big one-source company
# (10,000 postings on one board made the crawl quadratic).
_OTHER_SOURCE = " (source < ? OR source > ?)"


def _links(conn: sqlite3.Connection, where: str, params: tuple) -> list[tuple]:
    return conn.execute(
        f"SELECT posting_id, source, source_id, title, locations FROM posting_links WHERE {where}", params
    ).fetchall()


def _unique(conn: sqlite3.Connection, rows: list[tuple], source: str, how: str) -> DuplicateMatch | None:
    """The match when every row points at one posting that has no link from ``source`` yet."""
    postings = {r[0] for r in rows}
    if len(postings) != 1:
        return None  # none, or two candidates: doubt keeps them split
    posting_id = postings.pop()
    taken = conn.execute(
        "SELECT 1 FROM posting_links WHERE posting_id = ? AND source = ? LIMIT 1", (posting_id, source)
    ).fetchone()
    if taken:
        return None
    best = max(rows, key=lambda r: r[5] if len(r) > 5 else 100.0)
    score = float(best[5]) if len(best) > 5 else 100.0
    return DuplicateMatch(posting_id, how, round(score, 1), best[1], best[2], best[3])
