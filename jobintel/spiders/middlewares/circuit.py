"""Stop crawling a host after sustained 403 or 429 responses.

A site that keeps answering 403 (we are blocked) or 429 (we are too fast, even after backoff) must not
be hammered until every board has used its retries. After ``JOBINTEL_CIRCUIT_THRESHOLD`` (default 5)
*consecutive* 403/429 responses from one host, the circuit opens for that host for the rest of the
crawl: the tripping response and every later request to the host are refused with ``IgnoreRequest``
("stopped: 5 consecutive 429 responses"), so each affected board is recorded as ``failed`` (nothing
fetched) or ``partial`` (some pages fetched): never ``complete``, so its postings are never closed as
gone. A warning names the source and board::

    stopping greenhouse/acme: 5 consecutive 429 responses from boards-api.greenhouse.io

Counted under ``jobintel/circuit/stopped`` (hosts), ``jobintel/circuit/refused`` (requests), and
listed under ``jobintel/circuit/messages`` for the crawl summary. Any other response resets the count.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["MESSAGES_STAT", "CircuitBreakerMiddleware", "CircuitOpen"]

logger = logging.getLogger(__name__)

MESSAGES_STAT = "jobintel/circuit/messages"
_TRIP_CODES = frozenset({403, 429})


class CircuitOpen(IgnoreRequest):
    """A request refused because its host was stopped."""


class CircuitBreakerMiddleware:
    """Downloader middleware; sits just above the retry middleware so it sees every raw response."""

    def __init__(self, crawler: Crawler, threshold: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.threshold = threshold
        self.streak: dict[str, tuple[int, int]] = {}  # host -> (consecutive count, last status)
        self.open: dict[str, str] = {}  # host -> reason

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CircuitBreakerMiddleware:
        threshold = crawler.settings.getint("JOBINTEL_CIRCUIT_THRESHOLD", 5)
        if threshold <= 0:
            raise NotConfigured
        return cls(crawler, threshold)

    @staticmethod
    def _host(request: Request) -> str:
        return urlparse_cached(request).netloc.lower()

    def process_request(self, request: Request) -> None:
        reason = self.open.get(self._host(request))
        if reason is not None:
            self.stats.inc_value("jobintel/circuit/refused")
            raise CircuitOpen(reason)

    def process_response(self, request: Request, response: Response) -> Response:
        host = self._host(request)
        if host in self.open:
            self.stats.inc_value("jobintel/circuit/refused")
            raise CircuitOpen(self.open[host])
        if response.status not in _TRIP_CODES:
            self.streak.pop(host, None)
            return response
        count = self.streak.get(host, (0, 0))[0] + 1
        self.streak[host] = (count, response.status)
        if count >= self.threshold:
            self._trip(request, host, response.status, count)
            raise CircuitOpen(self.open[host])
        return response

    def _trip(self, request: Request, host: str, status: int, count: int) -> None:
        reason = f"stopped: {count} consecutive {status} responses"
        self.open[host] = reason
        spider = self.crawler.spider
        source = getattr(spider, "name", "?")
        board = request.meta.get("jobintel_board") or host
        message = f"stopping {source}/{board}: {count} consecutive {status} responses from {host}"
        logger.warning("%s; no more requests go to this host in this crawl", message)
        self.stats.inc_value("jobintel/circuit/stopped")
        messages = list(self.stats.get_value(MESSAGES_STAT) or [])
        self.stats.set_value(MESSAGES_STAT, [*messages, message])
