"""robots.txt the RFC 9309 way, with ``Crawl-delay`` honoured.

Scrapy's ``RobotsTxtMiddleware`` parses whatever body robots.txt returned and allows everything when
the fetch fails, so a host whose robots.txt answers 503 (or times out) gets crawled in full. RFC 9309
§2.3.1 says the opposite:

- 2xx: parse the file (Protego);
- 4xx ("unavailable", 401/403 included): no rules, everything is allowed;
- 5xx or unreachable (timeout, refused connection, DNS failure): assume complete disallow for the host,
  counted under ``jobintel/robots/disallow_all_5xx`` / ``jobintel/robots/disallow_all_unreachable``.

Retries (with backoff) still apply to the robots.txt request before it counts as unreachable. Rules are
cached per ``host:port`` for the crawl. A ``Crawl-delay`` for our user agent becomes the minimum delay of
the host's download slot (capped by ``JOBINTEL_CRAWL_DELAY_MAX``, default 60 s); AutoThrottle may slow
further but never below it. Blocked requests are counted under ``jobintel/robots/forbidden``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

__all__ = ["DISALLOW_ALL", "Rfc9309RobotsTxtMiddleware"]

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class Rfc9309RobotsTxtMiddleware(RobotsTxtMiddleware):
    """Drop-in replacement for Scrapy's robots.txt middleware (same ``ROBOTSTXT_*`` settings)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.max_crawl_delay = crawler.settings.getfloat("JOBINTEL_CRAWL_DELAY_MAX", 60.0)
        self.crawl_delays: dict[str, float] = {}  # download slot key -> seconds
        # AutoThrottle lowers slot.delay on response_downloaded, just before the slot sends its next
        # request; this handler is connected after AutoThrottle's (extensions load before middlewares).
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return
        rp = await self.robot_parser(request)
        self._apply_crawl_delay(request)
        try:
            self.process_request_2(rp, request)
        except IgnoreRequest:
            self._stats.inc_value("jobintel/robots/forbidden")
            raise

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        status = response.status
        if 200 <= status < 300:
            body = response.body
        elif 400 <= status < 500:
            body = b""  # unavailable: no rules apply
        elif status >= 500:
            logger.warning(
                "robots.txt of %s answered HTTP %d: treating the host as disallowed (RFC 9309)",
                netloc,
                status,
            )
            self._stats.inc_value("jobintel/robots/disallow_all_5xx")
            body = DISALLOW_ALL
        else:
            # A 3xx left over after the redirect middleware gave up: "unavailable" per RFC 9309 §2.3.1.2.
            body = b""
        await super()._parse_robots(response.replace(body=body), netloc, request)
        self._remember_crawl_delay(request, self._parsers.get(netloc))

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            # Refused by another middleware (private address, too many redirects): the request that
            # triggered the fetch meets the same refusal; treat the file as unavailable.
            super()._robots_error(exc, netloc)
            return
        logger.warning(
            "robots.txt of %s is unreachable (%s): treating the host as disallowed (RFC 9309)",
            netloc,
            type(exc).__name__,
        )
        self._stats.inc_value("jobintel/robots/disallow_all_unreachable")
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        pending = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        self._parsers[netloc] = parser
        pending.callback(parser)  # type: ignore[union-attr]

    # -- Crawl-delay ---------------------------------------------------------------------------------

    def _user_agent(self, request: Request) -> str:
        ua = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        return ua.decode() if isinstance(ua, bytes) else str(ua)

    def _remember_crawl_delay(self, request: Request, parser: RobotParser | None) -> None:
        get_delay = getattr(parser, "crawl_delay", None)
        delay = get_delay(self._user_agent(request)) if get_delay else None
        if not delay or delay <= 0:
            return
        if delay > self.max_crawl_delay:
            logger.warning(
                "%s asks for Crawl-delay %.0f s; using JOBINTEL_CRAWL_DELAY_MAX (%.0f s)",
                urlparse_cached(request).netloc,
                delay,
                self.max_crawl_delay,
            )
            delay = self.max_crawl_delay
        key = self.crawler.engine.downloader.get_slot_key(request)
        self.crawl_delays[key] = max(delay, self.crawl_delays.get(key, 0.0))
        self._stats.set_value(f"jobintel/robots/crawl_delay/{key}", self.crawl_delays[key])

    def _response_downloaded(self, response: Response, request: Request, spider: object) -> None:
        self._apply_crawl_delay(request)

    def _apply_crawl_delay(self, request: Request) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        delay = self.crawl_delays.get(key)
        if delay is None:
            return
        slot = downloader.slots.get(key)
        if slot is None:
            # The slot does not exist yet: seed it the way DOWNLOAD_SLOTS would.
            downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0.0)
            return
        # Lifted before every request and after every response. The random jitter would otherwise go
        # below the site's minimum half of the time.
        slot.delay = max(slot.delay, delay)
        slot.jitter = 0.0
