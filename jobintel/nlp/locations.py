"""Parse free-text job locations into normalized places with a metro area.

Sources give locations as free text, often several joined in one string ("San Francisco, CA; New York, NY",
"London, UK | Remote - EMEA"). ``parse_locations`` splits them, recognizes workplace words ("Remote - US",
"Hybrid - Seattle, WA") and resolves each place against a shipped gazetteer (``data/metros.csv``,
``data/geo_countries.csv``, ``data/geo_regions.csv``; provenance in ``data/geo_README.md``).

>>> [loc.metro for loc in parse_locations("Palo Alto, CA; Brooklyn, NY")]
['San Francisco Bay Area', 'New York']
"""

from __future__ import annotations

import csv
import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from jobintel.nlp.types import Location

__all__ = [
    "DATA_DIR",
    "parse_locations",
    "primary_metro",
    "split_locations",
    "workplace_cues",
    "workplace_pattern",
]

DATA_DIR = Path(__file__).parent / "data"

# Separators between several places. Never a bare comma: "Toronto, ON" is one place.
_SEPARATORS = re.compile(r"\s*(?:;|\||\n|•|·|\s/\s|\s+or\s+)\s*", re.IGNORECASE)
_ZIP = re.compile(r"\s+\d{5}(?:-\d{4})?$|\s+[A-Z]\d[A-Z] ?\d[A-Z]\d$")
_NOISE = re.compile(r"\s+(?:office|offices|hq|headquarters)$", re.I)
_STRIP = " \t-–—,:;./()[]"


@dataclass(frozen=True, slots=True)
class _Place:
    city: str | None
    region: str | None
    country: str
    metro: str
    principal: bool


@dataclass(slots=True)
class _Gazetteer:
    places: dict[str, list[_Place]] = field(default_factory=dict)  # city/nickname key -> candidates
    countries: dict[str, str] = field(default_factory=dict)  # name/alias key -> ISO code
    codes: set[str] = field(default_factory=set)  # ISO alpha-2 codes
    regions: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key -> [(code, country)]
    supra: dict[str, str] = field(default_factory=dict)  # "emea" -> "EMEA"


def _key(text: str) -> str:
    """Lookup key: case-, accent- and punctuation-insensitive ("São Paulo" == "sao paulo", "St." == "St")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace(".", "").replace("–", "-").replace("’", "'")
    return " ".join(text.split())


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@functools.cache
def workplace_cues() -> dict:
    """The parsed ``data/geo_workplace.toml`` (shared with ``jobintel.nlp.remote``)."""
    with open(DATA_DIR / "geo_workplace.toml", "rb") as fh:
        return tomllib.load(fh)


@functools.cache
def _gazetteer() -> _Gazetteer:
    gz = _Gazetteer()
    for row in _read_csv("geo_countries.csv"):
        gz.codes.add(row["code"])
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            gz.countries.setdefault(_key(name), row["code"])
    for row in _read_csv("geo_regions.csv"):
        for name in [row["code"], row["name"], *filter(None, row["aliases"].split("|"))]:
            gz.regions.setdefault(_key(name), []).append((row["code"], row["country"]))
    for row in _read_csv("metros.csv"):
        metro, country, region = row["metro"], row["country"], row["region"] or None
        cities = [(row["principal_city"], region, True)]
        for entry in filter(None, row["cities"].split("|")):
            name, _, other_region = entry.partition(":")
            cities.append((name, other_region or region, False))
        for name, reg, principal in cities:
            gz.places.setdefault(_key(name), []).append(_Place(name, reg, country, metro, principal))
        for entry in filter(None, row["nicknames"].split("|")):
            # "NYC>New York" names a city; a bare "Bay Area" names the metro only (no city).
            name, _, city = entry.partition(">")
            place = _Place(city or None, region, country, metro, bool(city))
            gz.places.setdefault(_key(name), []).append(place)
    for canonical, aliases in workplace_cues()["supra_regions"].items():
        for alias in [canonical, *aliases]:
            gz.supra[_key(alias)] = canonical
    # Principal cities first, then file (population) order: "Dublin" alone is Dublin, Ireland.
    for key, cands in gz.places.items():
        gz.places[key] = sorted(cands, key=lambda p: not p.principal)
    return gz


@functools.cache
def _workplace_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = workplace_cues()["location"]
    groups = "|".join(f"(?P<{kind}>{'|'.join(cues[kind])})" for kind in ("remote", "hybrid", "onsite"))
    connectors = "|".join(map(re.escape, cues["connectors"]))
    return (
        re.compile(rf"(?<!\w)(?:{groups})(?![\w])", re.IGNORECASE),
        re.compile(rf"^(?:(?:{connectors})\b\s*)+|(?:\s*\b(?:{connectors}))+$", re.IGNORECASE),
    )


def workplace_pattern() -> re.Pattern[str]:
    """Regex finding a workplace word in a location or title; ``m.lastgroup`` is remote/hybrid/onsite."""
    return _workplace_re()[0]


def split_locations(raw: str) -> list[str]:
    """Split on separators outside parentheses; never on a bare comma.

    >>> split_locations("San Francisco, CA; Remote (US or Canada)")
    ['San Francisco, CA', 'Remote (US or Canada)']
    """
    parts, start, depth_at = [], 0, _paren_depths(raw)
    for m in _SEPARATORS.finditer(raw):
        if depth_at[m.start()] == 0:
            parts.append(raw[start : m.start()])
            start = m.end()
    parts.append(raw[start:])
    return [p.strip() for p in parts if p.strip(_STRIP)]


def _paren_depths(text: str) -> list[int]:
    depths, depth = [], 0
    for ch in text:
        depth += ch == "("
        depths.append(depth)
        depth -= ch == ")" and depth > 0
    return depths


def _clean(text: str) -> str:
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    text = text.strip(_STRIP)
    text = _ZIP.sub("", text).strip(_STRIP)
    return _NOISE.sub("", text).strip(_STRIP) or text


def _tail_interpretations(tail: list[str]) -> list[tuple[str | None, str | None]]:
    """Possible (region, country) readings of the tokens after the city, most likely first."""
    gz = _gazetteer()
    last = tail[-1]
    is_code = len(last) == 2 and last.isalpha()
    country = gz.countries.get(_key(last)) or (last.upper() if is_code and last.upper() in gz.codes else None)
    if len(tail) >= 2:
        regions = [rc for rc in gz.regions.get(_key(tail[-2]), []) if country in (None, rc[1])]
        return regions[:1] or [(tail[-2], country)]
    # One token: "Austin, TX" (state) or "Berlin, DE" (country) or "Atlanta, Georgia". US-style
    # "City, ST" is the common case, so regions come first; the gazetteer check below fixes "Berlin, DE".
    readings: list[tuple[str | None, str | None]] = list(gz.regions.get(_key(last), []))
    if country:
        readings.append((None, country))
    return readings or [(last, None)]


def _resolve(text: str, raw: str, remote: bool) -> Location:
    """Resolve "City[, Region][, Country]" (or a lone region/country/nickname) against the gazetteer."""
    gz = _gazetteer()
    tokens = [t for t in (_clean(t) for t in text.split(",")) if t]
    if not tokens:
        return Location(raw=raw, remote=remote)
    key = _key(tokens[0])
    if len(tokens) == 1:
        if key in gz.places:
            p = gz.places[key][0]
            return Location(raw, p.city, p.region, p.country, p.metro, remote)
        if key in gz.countries:
            return Location(raw=raw, country=gz.countries[key], remote=remote)
        if len(key) == 2 and key.upper() in gz.codes:
            return Location(raw=raw, country=key.upper(), remote=remote)
        if key in gz.regions:
            code, country = gz.regions[key][0]
            return Location(raw=raw, region=code, country=country, remote=remote)
        return Location(raw=raw, city=tokens[0], remote=remote)
    readings = _tail_interpretations(tokens[1:])
    best, best_score = None, 0
    for p in gz.places.get(key, []):
        for region, country in readings:
            if region is not None and region == p.region and country in (None, p.country):
                score = 2
            elif region is None and country == p.country:
                score = 1
            else:
                continue
            if score > best_score:
                best, best_score = p, score
    if best is not None:
        return Location(raw, best.city, best.region, best.country, best.metro, remote)
    region, country = readings[0]
    return Location(raw=raw, city=tokens[0], region=region, country=country, remote=remote)


def _remote_locations(rest: str, raw: str) -> list[Location]:
    """ "Remote - US", "Remote (US, Canada)", "Remote, EMEA": one Location per country or supra-region."""
    gz = _gazetteer()
    rest = _clean(rest)
    if not rest:
        return [Location(raw=raw, remote=True)]
    whole = _key(rest)
    if whole in gz.supra:
        return [Location(raw=raw, region=gz.supra[whole], remote=True)]
    tokens = [_clean(t) for t in re.split(r",|/|\s+or\s+|\s+and\s+|\s*&\s*", rest)]
    tokens = [t for t in tokens if t]
    found: list[Location] = []
    for tok in tokens:
        key = _key(tok)
        if key in gz.supra:
            found.append(Location(raw=raw, region=gz.supra[key], remote=True))
        elif key in gz.countries or (len(tok) == 2 and tok.upper() in gz.codes):
            found.append(Location(raw=raw, country=gz.countries.get(key, tok.upper()), remote=True))
        else:
            break
    else:
        return found
    return [_resolve(rest, raw, remote=True)]


def _parse_one(part: str) -> list[Location]:
    cue_re, connector_re = _workplace_re()
    m = cue_re.search(part)
    if m is None:
        return [_resolve(part, part, remote=False)]
    rest = (part[: m.start()] + " " + part[m.end() :]).strip()
    rest = connector_re.sub("", _clean(rest)).strip(_STRIP)
    if m.lastgroup == "remote":
        return _remote_locations(rest, part)
    return [_resolve(rest, part, remote=False)] if rest else []


def parse_locations(raw: list[str] | str | None) -> list[Location]:
    """Parse one or several raw location strings into ``Location`` values, in order, without duplicates.

    >>> parse_locations("Remote (US)")[0].country
    'US'
    >>> parse_locations(["Toronto, ON"])[0].to_dict()["metro"]
    'Toronto'
    """
    if not raw:
        return []
    items = [raw] if isinstance(raw, str) else raw
    out: list[Location] = []
    seen: set[tuple] = set()
    for item in items:
        for part in split_locations(item or ""):
            for loc in _parse_one(part):
                ident = (loc.city, loc.region, loc.country, loc.metro, loc.remote)
                if ident not in seen:
                    seen.add(ident)
                    out.append(loc)
    return out


def primary_metro(locations: list[Location]) -> str | None:
    """The metro of the first on-site location that has one; "Remote" when there is none but a remote one.

    >>> primary_metro(parse_locations("Remote - US; Kirkland, WA"))
    'Seattle'
    """
    for loc in locations:
        if not loc.remote and loc.metro:
            return loc.metro
    return "Remote" if any(loc.remote for loc in locations) else None
