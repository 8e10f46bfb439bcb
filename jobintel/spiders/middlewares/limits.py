"""Count transport faults and size-cap hits so they appear in the crawl stats and summary.

Scrapy already enforces ``DOWNLOAD_MAXSIZE`` on the wire and, since 2.11.1, on the decompressed body
(a gzip bomb is cut off while inflating), and it fails timeouts, dropped connections and truncated
bodies. What it does not do is say so in one place: a decompression cap is only a log line. This module
counts each fault under ``jobintel/faults/<kind>`` (one count per failed attempt, retries included):

- ``oversize`` / ``decompression_bomb``: body above ``DOWNLOAD_MAXSIZE``, raw or inflated;
- ``timeout``, ``connection_lost`` (dropped connection, broken chunking), ``truncated`` (fewer bytes
  than ``Content-Length``), ``dns``, ``connection_refused``.

>>> fault_kind(TimeoutError())
'timeout'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["CountingHttpCompressionMiddleware", "FaultStatsMiddleware", "fault_kind"]

# Matched on class names: the same fault surfaces as Twisted, Scrapy or asyncio types depending on the
# download handler and reactor, and importing all of them would tie us to one handler.
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("oversize", ("DownloadCancelledError", "CancelledError")),
    ("timeout", ("TimeoutError", "DownloadTimeoutError", "TCPTimedOutError", "UserTimeoutError")),
    ("truncated", ("ResponseDataLossError", "PotentialDataLoss", "_DataLoss")),
    ("dns", ("DNSLookupError", "CannotResolveHostError")),
    ("connection_refused", ("ConnectionRefusedError", "DownloadConnectionRefusedError")),
    (
        "connection_lost",
        (
            "ConnectionLost",
            "ConnectionDone",
            "ResponseFailed",
            "ResponseNeverReceived",
            "DownloadFailedError",
        ),
    ),
)


def fault_kind(exc: BaseException) -> str | None:
    """The ``jobintel/faults/<kind>`` a download exception belongs to, or ``None``."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    for kind, classes in _KINDS:
        if names.intersection(classes):
            return kind
    return None


class FaultStatsMiddleware:
    """Downloader middleware close to the downloader: sees every failed attempt before retries."""

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FaultStatsMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        kind = fault_kind(exception)
        if kind is None and isinstance(exception, IgnoreRequest):
            return None
        self.stats.inc_value(f"jobintel/faults/{kind or 'other'}")
        return None


class CountingHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, counting bodies that inflate past ``DOWNLOAD_MAXSIZE``."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            if self.stats:
                self.stats.inc_value("jobintel/faults/decompression_bomb")
            raise
