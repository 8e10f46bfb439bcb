"""Shared spider bases: per-board JSON APIs and schema.org structured-data pages.

``ApiBoardSpider`` crawls one listing request per board. A board whose listing fails (404 token, 500,
bad JSON, robots.txt) is recorded as failed and never stops the other boards; the store pipeline reads
``spider.board_status`` to write one ``crawl_runs`` row per board.

Spiders of both bases set ``description_html`` only (unescaped when the source entity-escapes it);
``SanitizePipeline`` sanitizes it and renders ``description_text`` from the same parse. A text a
spider sets itself (a source's plain-text twin) is kept only when the HTML has no text.

>>> from jobintel.spiders.greenhouse import GreenhouseSpider
>>> spider = GreenhouseSpider(board="acme", base_url="http://127.0.0.1:8123")
>>> spider.listing_url("acme")
'http://127.0.0.1:8123/v1/boards/acme/jobs?content=true'
"""

from __future__ import annotations

import gzip
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from jobintel.errors import ConfigError
from jobintel.models import Posting
from jobintel.spiders.structured_data import extract_structured, job_postings

__all__ = ["ApiBoardSpider", "BoardStatus", "FeedSpider", "StructuredDataSpider", "domain_root", "split_arg"]

logger = logging.getLogger(__name__)

# Mapping errors on one job (a vendor's odd payload) are counted; anything else is a real bug and raises.
_JOB_ERRORS = (KeyError, TypeError, ValueError, AttributeError)
_BOARD_META = "jobintel_board"


def split_arg(value: Any) -> list[str]:
    """Spider args arrive as strings from ``-a board=a,b`` or as lists from the runner.

    >>> split_arg("acme, beta"), split_arg(["acme"]), split_arg(None)
    (['acme', 'beta'], ['acme'], [])
    """
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(v).strip() for v in items if str(v).strip()]


@dataclass
class BoardStatus:
    """What happened to one board (or one host, for structured-data pages) during a crawl."""

    board: str
    fetched: int = 0  # listing / start pages parsed
    failed: int = 0  # listing / start pages that could not be fetched or parsed
    errors: int = 0  # item-level problems: a job that did not map, a detail page that failed
    postings: int = 0
    reason: str | None = None

    @property
    def status(self) -> str:
        """``complete``, ``partial`` or ``failed``, as stored in ``crawl_runs.status``."""
        if self.fetched == 0:
            return "failed"
        return "partial" if self.failed or self.errors else "complete"


class _BoardTracking:
    """Per-board bookkeeping and stats counters shared by both bases."""

    name: str
    board_status: dict[str, BoardStatus]

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """Spider ``custom_settings``, then the source's rate limits from ``source_terms.toml``."""
        super().update_settings(settings)  # type: ignore[misc]
        from jobintel.spiders.terms import apply_terms

        apply_terms(cls.name, settings)

    def _init_tracking(self, boards: Iterable[str]) -> None:
        self.board_status = {b: BoardStatus(b) for b in boards}
        self.local_stats: Counter[str] = Counter()

    def inc_stat(self, key: str, count: int = 1) -> None:
        """Count a data-quality event under ``jobintel/...`` (crawler stats, or a local Counter in tests)."""
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(f"jobintel/{key}", count)
        self.local_stats[key] += count

    def setting(self, key: str, default: Any = None) -> Any:
        settings = getattr(self, "settings", None)
        return default if settings is None else settings.get(key, default)

    def _board(self, board: str) -> BoardStatus:
        return self.board_status.setdefault(board, BoardStatus(board))

    def board_fetched(self, board: str) -> None:
        self._board(board).fetched += 1
        self.inc_stat("pages/ok")

    def board_failed(self, board: str, reason: str) -> None:
        status = self._board(board)
        status.failed += 1
        status.reason = status.reason or reason
        self.inc_stat("errors")
        self.inc_stat(f"errors/{self.name}/{_reason_key(reason)}")
        logger.warning("%s board %r failed: %s", self.name, board, reason)

    def board_item_error(self, board: str, reason: str) -> None:
        status = self._board(board)
        status.errors += 1
        status.reason = status.reason or reason
        self.inc_stat("errors")
        self.inc_stat(f"errors/{self.name}/{_reason_key(reason)}")

    def board_posting(self, board: str) -> None:
        self._board(board).postings += 1

    def failure_reason(self, failure: Failure) -> str:
        """A short human reason for a failed request: ``HTTP 404``, ``robots.txt``, ``TimeoutError``."""
        if failure.check(HttpError):
            return f"HTTP {failure.value.response.status}"
        if failure.check(IgnoreRequest):
            return str(failure.value) or "request ignored (robots.txt or filtered)"
        return type(failure.value).__name__


def _reason_key(reason: str) -> str:
    return reason.split(":")[0].strip().lower().replace(" ", "_")


class ApiBoardSpider(_BoardTracking, Spider):
    """One JSON listing request per board; subclasses map the payload to ``Posting`` items.

    Subclasses set ``name``, ``api_base`` (the public scheme+host) and implement ``listing_path`` and
    ``parse_listing``. The base URL override replaces scheme and host only; the path stays the API's.
    """

    api_base: ClassVar[str]
    #: False for feeds and aggregators (RemoteOK, Remotive, ...): the crawl needs no ``board``.
    requires_board: ClassVar[bool] = True
    #: The failure reason when ``decode_listing`` raises ``ValueError``.
    invalid_payload_reason: ClassVar[str] = "invalid JSON"

    def __init__(
        self,
        board: Any = None,
        boards: Any = None,
        base_url: str | None = None,
        companies: dict[str, str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.boards = list(dict.fromkeys(split_arg(board) + split_arg(boards)))
        if not self.boards:
            raise ConfigError(f"{self.name}: give at least one board (board=TOKEN)")
        self.base_url_arg = base_url
        self.companies = dict(companies or {})
        self._init_tracking(self.boards)

    def resolve_base_url(self) -> str:
        """Spider arg > ``JOBINTEL_BASE_URL_<SOURCE>`` > ``JOBINTEL_BASE_URL`` > the public API host."""
        for candidate in (
            self.base_url_arg,
            self.setting(f"JOBINTEL_BASE_URL_{self.name.upper()}"),
            self.setting("JOBINTEL_BASE_URL"),
        ):
            if candidate:
                parts = urlsplit(str(candidate))
                if parts.scheme not in {"http", "https"} or not parts.netloc:
                    raise ConfigError(
                        f"{self.name}: base URL must be http(s)://host[:port], got {candidate!r}"
                    )
                # A path prefix on the override is kept (a proxy mount); the API path follows it.
                return str(candidate).rstrip("/")
        return self.api_base

    def listing_path(self, board: str) -> str:
        raise NotImplementedError

    def listing_url(self, board: str) -> str:
        return self.resolve_base_url() + self.listing_path(board)

    def company_for(self, board: str, payload_name: Any = None) -> str:
        """The payload's employer name, else the sources file's name, else the board token."""
        if isinstance(payload_name, str) and payload_name.strip():
            return payload_name.strip()
        return self.companies.get(board) or board

    async def start(self) -> AsyncIterator[Any]:
        for board in self.boards:
            yield Request(
                self.listing_url(board),
                callback=self.parse,
                errback=self.listing_failed,
                meta={_BOARD_META: board},
                dont_filter=True,
            )

    def _board_of(self, response: Response) -> str:
        board = response.meta.get(_BOARD_META) if response.request is not None else None
        return board or self.boards[0]

    def decode_listing(self, response: Response) -> Any:
        """The listing payload (JSON here; Personio overrides it for XML). Raises ``ValueError``."""
        return response.json()

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        board = self._board_of(response)
        try:
            data = self.decode_listing(response)
        except (ValueError, AttributeError):
            self.board_failed(board, self.invalid_payload_reason)
            return
        jobs = self.jobs_in(data)
        if jobs is None:
            self.board_failed(board, f"unexpected payload ({type(data).__name__})")
            return
        self.board_fetched(board)
        self.inc_stat(f"{self.name}/jobs_listed", len(jobs))
        for job in jobs:
            if not isinstance(job, dict):
                self.board_item_error(board, "job is not an object")
                continue
            try:
                out = list(self.parse_job(job, board, response))
            except _JOB_ERRORS as exc:
                self.board_item_error(board, f"bad job: {type(exc).__name__}")
                logger.warning("%s board %r: cannot map job %r: %r", self.name, board, job.get("id"), exc)
                continue
            for item in out:
                if isinstance(item, Posting):
                    self.board_posting(board)
                yield item
        yield from self.next_pages(data, board, response)

    def next_pages(self, data: Any, board: str, response: Response) -> Iterable[Request]:
        """Follow-up listing requests of a paged API (none by default).

        A page that fails later marks the board ``partial``, since earlier pages were stored.
        """
        return ()

    def listing_request(self, url: str, board: str, **meta: Any) -> Request:
        """A listing (or next-page) request parsed by ``parse`` and failed by ``listing_failed``."""
        return Request(
            url,
            callback=self.parse,
            errback=self.listing_failed,
            meta={_BOARD_META: board, **meta},
            dont_filter=True,
        )

    def jobs_in(self, data: Any) -> list[Any] | None:
        """The list of job payloads in a listing response (``None`` if the shape is wrong)."""
        raise NotImplementedError

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        """Yield the ``Posting`` (or follow-up ``Request``) for one job payload."""
        raise NotImplementedError

    def listing_failed(self, failure: Failure) -> None:
        board = failure.request.meta.get(_BOARD_META) or self.boards[0]
        self.board_failed(board, self.failure_reason(failure))


class FeedSpider(ApiBoardSpider):
    """A whole-site feed or aggregator (RemoteOK, Remotive, Arbeitnow, Himalayas, USAJOBS, HN).

    There is no board token: the crawl is one feed, recorded as board ``"all"``, or the search it ran
    (``"search=python"``). Subclasses list the query ``arguments`` they accept; each arrives as a spider
    argument (``-a search=python``) or in ``params`` (sources files: ``args = {search = "python"}``).
    """

    requires_board = False
    arguments: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        board: Any = None,
        boards: Any = None,
        base_url: str | None = None,
        companies: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        **kwargs: Any,
    ):
        merged = dict(params or {})
        for name in self.arguments:
            if name in kwargs:
                merged[name] = kwargs.pop(name)
        unknown = sorted(set(merged) - set(self.arguments))
        if unknown:
            allowed = ", ".join(self.arguments) or "none"
            raise ConfigError(f"{self.name}: unknown argument(s) {', '.join(unknown)} (allowed: {allowed})")
        self.params = {k: str(v).strip() for k, v in merged.items() if v is not None and str(v).strip()}
        chosen = split_arg(board) + split_arg(boards)
        super().__init__(
            boards=chosen or [self.feed_label()], base_url=base_url, companies=companies, **kwargs
        )

    def feed_label(self) -> str:
        """The ``crawl_runs.board`` of a board-less crawl: ``all`` or the search it ran.

        >>> from jobintel.spiders.remotive import RemotiveSpider
        >>> RemotiveSpider(search="mlops", category="data").feed_label()
        'category=data; search=mlops'
        """
        if not self.params:
            return "all"
        return "; ".join(f"{k}={v}" for k, v in sorted(self.params.items()))

    def company_for(self, board: str, payload_name: Any = None) -> str:
        # A feed's "board" is a search label, never an employer: without a name the row is dropped.
        if isinstance(payload_name, str) and payload_name.strip():
            return payload_name.strip()
        return ""


def domain_root(value: str) -> str:
    """``scheme://host[:port]`` of a domain argument; a bare host means https.

    >>> domain_root("careers.example.com"), domain_root("http://127.0.0.1:8123/x")
    ('https://careers.example.com', 'http://127.0.0.1:8123')
    """
    text = value.strip()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"not a domain or http(s) URL: {value!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


class StructuredDataSpider(_BoardTracking, Spider):
    """Pages carrying schema.org ``JobPosting`` (JSON-LD or microdata), from URLs, sitemaps or domains.

    The "board" of a page is its host, so a crawl of two career sites records two crawl runs.
    Subclasses implement ``posting_from_node(node, response, board, index)``.
    """

    #: A crawl needs targets (``url``, ``sitemap`` or ``domain``), the page-source analogue of a board.
    requires_board: ClassVar[bool] = True

    def __init__(
        self,
        url: Any = None,
        urls: Any = None,
        sitemap: Any = None,
        sitemaps: Any = None,
        domain: Any = None,
        domains: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.page_urls = list(dict.fromkeys(split_arg(url) + split_arg(urls)))
        self.sitemap_urls = list(dict.fromkeys(split_arg(sitemap) + split_arg(sitemaps)))
        # Domains are discovered by subclasses (robots.txt sitemaps, careers index pages).
        self.domain_roots = list(
            dict.fromkeys(domain_root(d) for d in split_arg(domain) + split_arg(domains))
        )
        if not self.page_urls and not self.sitemap_urls and not self.domain_roots:
            raise ConfigError(f"{self.name}: give at least one url, sitemap or domain")
        for u in self.page_urls + self.sitemap_urls:
            if urlsplit(u).scheme not in {"http", "https"}:
                raise ConfigError(f"{self.name}: not an http(s) URL: {u!r}")
        targets = self.domain_roots + self.sitemap_urls + self.page_urls
        self._init_tracking(dict.fromkeys(self.host_of(u) for u in targets))
        self._pages_queued = 0

    @staticmethod
    def host_of(url: str) -> str:
        return urlsplit(url).netloc.lower()

    async def start(self) -> AsyncIterator[Any]:
        for url in self.sitemap_urls:
            yield Request(url, callback=self.parse_sitemap, errback=self.start_failed, dont_filter=True)
        for url in self.page_urls:
            yield Request(url, callback=self.parse, errback=self.start_failed, dont_filter=True)

    def start_failed(self, failure: Failure) -> None:
        # Name the board after the seed, not after where a (refused) redirect pointed.
        first_url = failure.request.meta.get("redirect_urls", [failure.request.url])[0]
        self.board_failed(self.host_of(first_url), self.failure_reason(failure))

    def page_failed(self, failure: Failure) -> None:
        board = failure.request.meta.get(_BOARD_META) or self.host_of(failure.request.url)
        self.board_item_error(board, "page " + self.failure_reason(failure))

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """Follow a sitemap index or queue the pages of a urlset (capped by ``JOBINTEL_JSONLD_MAX_PAGES``)."""
        host = self._page_board(response)
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gzip.decompress(body)
            except OSError:
                self.board_failed(host, "bad gzip sitemap")
                return
        try:
            sitemap = Sitemap(body)
        except Exception:  # lxml raises several types on garbage; any of them means "not a sitemap"
            self.board_failed(host, "invalid sitemap")
            return
        if sitemap.type not in {"sitemapindex", "urlset"}:
            self.board_failed(host, "invalid sitemap")
            return
        self.board_fetched(host)
        limit = int(self.setting("JOBINTEL_JSONLD_MAX_PAGES", 500))
        for entry in sitemap:
            loc = urljoin(response.url, entry.get("loc", "").strip())
            if not loc or urlsplit(loc).scheme not in {"http", "https"}:
                continue
            # Pages keep the sitemap's board even when they live on another host (www. vs bare).
            meta = {_BOARD_META: host}
            if sitemap.type == "sitemapindex":
                yield Request(loc, callback=self.parse_sitemap, errback=self.page_failed, meta=meta)
            elif self._pages_queued < limit:
                self._pages_queued += 1
                yield Request(loc, callback=self.parse_page, errback=self.page_failed, meta=meta)
            else:
                self.inc_stat("jsonld/pages_over_limit")

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """A start URL: counts as the host's listing fetch, then parsed like any page."""
        self.board_fetched(self._page_board(response))
        yield from self.parse_page(response)

    def _page_board(self, response: Response) -> str:
        board = response.meta.get(_BOARD_META) if response.request is not None else None
        return board or self.host_of(response.url)

    def parse_page(self, response: Response) -> Iterator[Any]:
        host = self._page_board(response)
        blocks = extract_structured(response.body, base_url=response.url, encoding=_encoding(response))
        if blocks.microdata:
            self.inc_stat("jsonld/microdata_items", blocks.microdata)
        if blocks.broken:
            self.inc_stat("jsonld/broken_blocks", blocks.broken)
        if blocks.repaired:
            self.inc_stat("jsonld/repaired_blocks", blocks.repaired)
        nodes = job_postings(blocks.items)
        if not nodes:
            self.inc_stat("jsonld/pages_without_jobposting")
            return
        for index, node in enumerate(nodes):
            try:
                posting = self.posting_from_node(node, response, host, index if len(nodes) > 1 else None)
            except _JOB_ERRORS as exc:
                self.board_item_error(host, f"bad JobPosting: {type(exc).__name__}")
                continue
            if posting is not None:
                self.board_posting(host)
                yield posting

    def posting_from_node(
        self, node: dict[str, Any], response: Response, board: str, index: int | None
    ) -> Posting | None:
        raise NotImplementedError


def _encoding(response: Response) -> str:
    return getattr(response, "encoding", None) or "utf-8"
