"""Sources files: which boards and pages to crawl, as TOML.

One table per source. API sources list ``boards``; ``jsonld`` lists ``urls``, ``sitemaps`` and/or
``domains`` (discovered through robots.txt, /sitemap.xml and /careers). Feeds and aggregators
(``FEED_SOURCES``) need no boards and take their query in ``args`` (the names in ``FEED_ARGS``);
Hacker News takes months (``"2026-11"``) or ``"latest"`` as boards. Any section may set ``base_url``
(a mirror or the local demo server); relative URLs then resolve against it. An optional ``companies``
table names the employer of boards whose API does not.

    [greenhouse]
    boards = ["anthropic"]          # Anthropic

    [ashby]
    boards = ["openai"]
    companies = { openai = "OpenAI" }

    [jsonld]
    base_url = "http://127.0.0.1:8123"
    sitemaps = ["/sitemap.xml"]

    [remotive]                      # at most 4 runs per 24 h (source_terms.toml)
    args = { category = "data" }

>>> [job.source for job in parse_sources('[lever]\\nboards = ["acme"]\\n')]
['lever']
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from jobintel.errors import SourcesFileError

__all__ = [
    "API_SOURCES",
    "FEED_ARGS",
    "FEED_SOURCES",
    "PAGE_SOURCES",
    "CrawlJob",
    "load_sources",
    "parse_sources",
]

#: Query arguments each feed accepts (the spider class's ``arguments``; kept here so that checking a
#: sources file never imports Scrapy).
FEED_ARGS: dict[str, tuple[str, ...]] = {
    "hackernews": (),
    "remoteok": (),
    "remotive": ("search", "category"),
    "arbeitnow": ("visa_sponsorship",),
    "himalayas": (
        "q", "country", "worldwide", "exclude_worldwide", "seniority", "employment_type", "company",
        "timezone", "sort",
    ),
    "usajobs": (
        "keyword", "position_title", "job_category_code", "location_name", "radius", "remote",
        "date_posted", "hiring_path", "who_may_apply",
    ),
}  # fmt: skip
#: Sources without boards (a whole feed); a subset of ``API_SOURCES``.
FEED_SOURCES: tuple[str, ...] = tuple(FEED_ARGS)
API_SOURCES: tuple[str, ...] = (
    "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "recruitee", "personio", *FEED_SOURCES,
)  # fmt: skip
PAGE_SOURCES: tuple[str, ...] = ("jsonld",)
_API_KEYS = {"boards", "base_url", "companies"}
_FEED_KEYS = {"boards", "base_url", "companies", "args"}
_PAGE_KEYS = {"urls", "sitemaps", "domains", "base_url"}


@dataclass
class CrawlJob:
    """One spider run: a source and what to crawl on it."""

    source: str
    boards: list[str] = field(default_factory=list)
    base_url: str | None = None
    urls: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    companies: dict[str, str] = field(default_factory=dict)
    domains: list[str] = field(default_factory=list)
    args: dict[str, str] = field(default_factory=dict)

    def spider_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for the source's spider class.

        >>> CrawlJob("greenhouse", boards=["acme"]).spider_kwargs()
        {'boards': ['acme'], 'base_url': None, 'companies': {}}
        """
        if self.source in PAGE_SOURCES:
            kwargs: dict[str, Any] = {"urls": list(self.urls), "sitemaps": list(self.sitemaps)}
            if self.domains:
                kwargs["domains"] = list(self.domains)
            return kwargs
        kwargs = {"boards": list(self.boards), "base_url": self.base_url, "companies": dict(self.companies)}
        if self.source in FEED_SOURCES:
            kwargs["params"] = dict(self.args)
        return kwargs

    def validate(self, where: str = "", *, require_absolute: bool = True) -> CrawlJob:
        """Raise ``SourcesFileError`` unless the job names a known source and something to crawl.

        Relative page/sitemap URLs resolve against ``base_url``. Without one they are an error, unless
        ``require_absolute=False`` (a sources file whose base URL is supplied later, like the demo's).
        """
        prefix = f"{where}: " if where else ""
        if self.source not in API_SOURCES + PAGE_SOURCES:
            known = ", ".join(API_SOURCES + PAGE_SOURCES)
            raise SourcesFileError(f"{prefix}unknown source {self.source!r} (known: {known})")
        if self.base_url is not None:
            parts = urlsplit(self.base_url)
            if parts.scheme not in {"http", "https"} or not parts.netloc:
                raise SourcesFileError(
                    f"{prefix}[{self.source}] base_url must be http(s)://host, got {self.base_url!r}"
                )
        if self.source in API_SOURCES and self.source not in FEED_SOURCES and not self.boards:
            raise SourcesFileError(f"{prefix}[{self.source}] needs a non-empty `boards` list")
        if self.args:
            allowed = FEED_ARGS.get(self.source, ())
            extra = sorted(set(self.args) - set(allowed))
            if extra:
                names = ", ".join(allowed) or "none"
                raise SourcesFileError(
                    f"{prefix}[{self.source}] unknown argument(s) {', '.join(extra)} (allowed: {names})"
                )
        if self.source in PAGE_SOURCES:
            if not self.urls and not self.sitemaps and not self.domains:
                raise SourcesFileError(f"{prefix}[{self.source}] needs `urls` or `sitemaps` (or `domains`)")
            self.urls = [self._absolute(u, prefix, require_absolute) for u in self.urls]
            self.sitemaps = [self._absolute(u, prefix, require_absolute) for u in self.sitemaps]
        return self

    def _absolute(self, url: str, prefix: str, require_absolute: bool) -> str:
        if urlsplit(url).scheme in {"http", "https"}:
            return url
        if urlsplit(url).scheme:
            raise SourcesFileError(f"{prefix}[{self.source}] only http(s) URLs can be crawled, got {url!r}")
        if not self.base_url:
            if not require_absolute:
                return url
            raise SourcesFileError(f"{prefix}[{self.source}] relative URL {url!r} needs a base_url")
        return urljoin(self.base_url.rstrip("/") + "/", url.lstrip("/"))


def load_sources(path: str | Path) -> list[CrawlJob]:
    """Read a sources TOML file into crawl jobs, in file order.

    Raises ``SourcesFileError`` for a missing file, bad TOML (with its line), an unknown source, a
    section without boards/urls, or a value of the wrong type. Relative URLs without a ``base_url``
    are kept as they are; ``run_crawl`` rejects them unless a base URL was filled in by then.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesFileError(f"{p}: sources file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesFileError(f"{p}: cannot read sources file ({exc})") from exc
    return parse_sources(text, where=str(p))


def parse_sources(text: str, *, where: str = "<sources>") -> list[CrawlJob]:
    """Parse sources TOML text (see the module docstring for the format)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message ends with "(at line N, column M)".
        raise SourcesFileError(f"{where}: invalid TOML: {exc}") from None
    if not data:
        raise SourcesFileError(f"{where}: no sources (expected tables like [greenhouse] boards = [...])")
    jobs = []
    for source, section in data.items():
        if source not in API_SOURCES + PAGE_SOURCES:
            known = ", ".join(API_SOURCES + PAGE_SOURCES)
            raise SourcesFileError(f"{where}: unknown source [{source}] (known: {known})")
        if not isinstance(section, dict):
            raise SourcesFileError(f"{where}: `{source}` must be a table ([{source}]), not a value")
        allowed = _FEED_KEYS if source in FEED_SOURCES else _API_KEYS if source in API_SOURCES else _PAGE_KEYS
        extra = sorted(set(section) - allowed)
        if extra:
            allowed_keys = ", ".join(sorted(allowed))
            raise SourcesFileError(
                f"{where}: [{source}] unknown key(s) {', '.join(extra)} (allowed: {allowed_keys})"
            )
        if source in API_SOURCES and source not in FEED_SOURCES and "boards" not in section:
            raise SourcesFileError(f"{where}: [{source}] is missing `boards = [...]`")
        base_url = section.get("base_url")
        if base_url is not None and not isinstance(base_url, str):
            raise SourcesFileError(f"{where}: [{source}] base_url must be a string")
        companies = section.get("companies", {})
        if not isinstance(companies, dict) or not all(isinstance(v, str) for v in companies.values()):
            raise SourcesFileError(f'{where}: [{source}] companies must map board = "Company name"')
        args = section.get("args", {})
        if not isinstance(args, dict) or not all(isinstance(v, str | int | bool) for v in args.values()):
            raise SourcesFileError(f"{where}: [{source}] args must map name = value (string, number, bool)")
        job = CrawlJob(
            source=source,
            boards=_strings(section, "boards", where, source),
            base_url=base_url,
            urls=_strings(section, "urls", where, source),
            sitemaps=_strings(section, "sitemaps", where, source),
            companies=dict(companies),
            domains=_strings(section, "domains", where, source),
            args={k: _arg_text(v) for k, v in args.items()},
        )
        jobs.append(job.validate(where, require_absolute=False))
    return jobs


def _strings(section: dict[str, Any], key: str, where: str, source: str) -> list[str]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SourcesFileError(f"{where}: [{source}] {key} must be a list of non-empty strings")
    return list(dict.fromkeys(v.strip() for v in value))


def _arg_text(value: str | int | bool) -> str:
    # TOML booleans become the spelling the APIs expect ("true", not "True").
    return str(value).lower() if isinstance(value, bool) else str(value)
