"""Per-source terms: attribution, politeness limits and auth, from ``jobintel/data/source_terms.toml``.

The file is package data so that the exports (which never import spiders/) can read the same
attribution text with ``tomllib``. Here it also becomes Scrapy settings: ``apply_terms`` raises
``DOWNLOAD_DELAY`` to the source's ``min_delay_s`` and caps ``CONCURRENT_REQUESTS_PER_DOMAIN`` at spider
priority, so a command-line ``--set`` still wins (tests, mirrors).

>>> source_terms("remotive").max_requests_per_day
4
>>> source_terms("remoteok").attribution
'Jobs from Remote OK'
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

from jobintel.errors import ConfigError

__all__ = ["SourceTerms", "all_source_terms", "apply_terms", "source_terms"]

_FILE = "source_terms.toml"


@dataclass(frozen=True, slots=True)
class SourceTerms:
    """One source's terms, as written in ``source_terms.toml``."""

    key: str
    name: str
    homepage: str
    api: str
    terms: str
    attribution: str
    link: str
    link_rel: str
    auth: str
    min_delay_s: float
    max_concurrency: int
    max_requests_per_day: int
    refresh_hours: int
    redistribution: str


@functools.cache
def all_source_terms() -> dict[str, SourceTerms]:
    """Every source's terms by source name (loaded once).

    >>> {"greenhouse", "remotive", "usajobs", "jsonld"} <= set(all_source_terms())
    True
    """
    text = resources.files("jobintel.data").joinpath(_FILE).read_text("utf-8")
    data = tomllib.loads(text)
    names = [f.name for f in fields(SourceTerms) if f.name != "key"]
    out: dict[str, SourceTerms] = {}
    for key, table in data.items():
        missing = [n for n in names if n not in table]
        if missing:
            raise ConfigError(f"{_FILE}: [{key}] is missing {', '.join(missing)}")
        out[key] = SourceTerms(key=key, **{n: table[n] for n in names})
    return out


def source_terms(source: str) -> SourceTerms:
    """The terms of one source; ``KeyError`` for a source the file does not list."""
    return all_source_terms()[source]


def apply_terms(source: str, settings: Any) -> None:
    """Tighten ``settings`` (Scrapy ``Settings``) to the source's limits, at ``spider`` priority.

    Only ever slower than the project defaults: the delay is the larger of the two, the concurrency the
    smaller. Settings given on the command line (a higher priority) are left alone.
    """
    terms = all_source_terms().get(source)
    if terms is None:
        return
    delay = max(settings.getfloat("DOWNLOAD_DELAY", 0.0), float(terms.min_delay_s))
    settings.set("DOWNLOAD_DELAY", delay, priority="spider")
    if terms.max_concurrency > 0:
        current = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", terms.max_concurrency)
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", min(current, terms.max_concurrency), priority="spider")
