"""Retries that back off: ``Retry-After`` and exponential backoff with jitter on 429 and 503.

Scrapy's ``RetryMiddleware`` re-queues a 429 at once, so a rate-limited host gets hit again within
milliseconds. ``BackoffRetryMiddleware`` replaces it (same ``RETRY_*`` settings, same stats) and, for
the statuses in ``JOBINTEL_BACKOFF_HTTP_CODES`` (default 429 and 503), pauses the whole host before the
retry:

- ``Retry-After: <seconds>`` or ``Retry-After: <HTTP-date>`` is obeyed as given; a value above
  ``JOBINTEL_RETRY_AFTER_MAX`` (default 300 s) is not waited for: the response is given up on and the
  board fails, counted under ``jobintel/backoff/retry_after_too_long``;
- otherwise the wait is ``JOBINTEL_BACKOFF_BASE * 2**attempt`` (default base 2 s), capped at
  ``JOBINTEL_BACKOFF_MAX`` (default 120 s), with "equal jitter" (half fixed, half random) so that many
  crawlers do not come back in lockstep.

The pause applies to every request to the same download slot (host), not only the retried one: the
server asked *us* to slow down. Counted under ``jobintel/backoff/count`` and ``jobintel/backoff/seconds``.

>>> parse_retry_after(b"120"), parse_retry_after(b"soon")
(120.0, None)
>>> backoff_delay(3, base=2.0, cap=120.0, rand=lambda: 1.0)
16.0
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import reactor
from twisted.internet.task import deferLater

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["BackoffRetryMiddleware", "backoff_delay", "parse_retry_after"]

logger = logging.getLogger(__name__)


def parse_retry_after(value: bytes | str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or HTTP-date), ``None`` if unusable.

    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0)
    10.0
    """
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None  # RFC 9110 HTTP-dates are GMT; a naive date is not one
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def backoff_delay(
    attempt: int, *, base: float, cap: float, rand: Callable[[], float] = random.random
) -> float:
    """``base * 2**attempt`` capped at ``cap``, with equal jitter: between half and all of it.

    >>> [backoff_delay(n, base=2.0, cap=120.0, rand=lambda: 0.0) for n in (0, 10)]
    [1.0, 60.0]
    """
    full = min(cap, base * (2 ** max(0, attempt)))
    return full / 2 + full / 2 * rand()


class BackoffRetryMiddleware(RetryMiddleware):
    """``RetryMiddleware`` that pauses the host before retrying a 429/503 (see the module docstring)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler.settings)
        self.crawler = crawler
        settings = crawler.settings
        self.backoff_codes = {int(x) for x in settings.getlist("JOBINTEL_BACKOFF_HTTP_CODES", [429, 503])}
        self.base = settings.getfloat("JOBINTEL_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("JOBINTEL_BACKOFF_MAX", 120.0)
        self.retry_after_max = settings.getfloat("JOBINTEL_RETRY_AFTER_MAX", 300.0)
        self.paused_until: dict[str, float] = {}  # download slot key -> monotonic time

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler)

    def _slot_key(self, request: Request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)

    async def process_request(self, request: Request) -> None:
        until = self.paused_until.get(self._slot_key(request))
        if until is None:
            return
        wait = until - time.monotonic()
        if wait > 0:
            self.crawler.stats.inc_value("jobintel/backoff/waits")
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in self.backoff_codes or request.meta.get("dont_retry", False):
            return super().process_response(request, response)
        stats = self.crawler.stats
        retry_after = parse_retry_after(response.headers.get(b"Retry-After"))
        if retry_after is not None and retry_after > self.retry_after_max:
            stats.inc_value("jobintel/backoff/retry_after_too_long")
            logger.warning(
                "%s asks to wait %.0f s (Retry-After) before retrying, more than JOBINTEL_RETRY_AFTER_MAX "
                "(%.0f s): giving up on %s",
                request.url,
                retry_after,
                self.retry_after_max,
                request.url,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        attempt = int(request.meta.get("retry_times", 0))
        if retry_after is not None:
            delay = retry_after
            stats.inc_value("jobintel/backoff/retry_after")
        else:
            delay = backoff_delay(attempt, base=self.base, cap=self.cap)
        key = self._slot_key(request)
        self.paused_until[key] = max(self.paused_until.get(key, 0.0), time.monotonic() + delay)
        stats.inc_value("jobintel/backoff/count")
        stats.inc_value(f"jobintel/backoff/status/{response.status}")
        stats.inc_value("jobintel/backoff/seconds", round(delay, 3))
        logger.info("HTTP %d from %s: pausing %s for %.1f s", response.status, request.url, key, delay)
        return retry
