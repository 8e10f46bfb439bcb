"""Politeness and safety that Scrapy lacks, one downloader component per module.

- ``safety``: refuse private/loopback/link-local destinations (after DNS, on every redirect) and
  redirects to non-http(s) schemes; ``GuardedResolver`` repeats the check at connect time.
- ``offsite``: offsite filtering with the allowed domains taken from the spider's seeds.
- ``robots``: RFC 9309 robots.txt (5xx/unreachable = disallow all) and ``Crawl-delay``.
- ``backoff``: ``Retry-After`` and exponential backoff with jitter on 429/503.
- ``circuit``: stop a host after sustained 403/429 responses.
- ``encoding``: cp1252 sent as UTF-8; counts charset conflicts and BOMs.
- ``limits``: counts timeouts, drops, truncation and size-cap hits.
- ``cache``: development HTTP cache storage without credentials.
- ``problems``: which stats the crawl summary shows.

``DOWNLOADER_MIDDLEWARES`` is the component dict ``jobintel.spiders.settings`` installs.
"""

from __future__ import annotations

__all__ = ["DOWNLOADER_MIDDLEWARES"]

_SCRAPY = "scrapy.downloadermiddlewares."
_OURS = "jobintel.spiders.middlewares."

#: Scrapy's own numbers are kept where ours replace theirs (see DOWNLOADER_MIDDLEWARES_BASE).
DOWNLOADER_MIDDLEWARES: dict[str, int | None] = {
    _SCRAPY + "offsite.OffsiteMiddleware": None,
    _SCRAPY + "robotstxt.RobotsTxtMiddleware": None,
    _SCRAPY + "httpauth.HttpAuthMiddleware": None,  # no credentials are ever sent or stored
    _SCRAPY + "retry.RetryMiddleware": None,
    _SCRAPY + "httpcompression.HttpCompressionMiddleware": None,
    # Before offsite and robots: a private destination is refused before anything is fetched for it.
    _OURS + "safety.PrivateAddressMiddleware": 40,
    _OURS + "offsite.SeedOffsiteMiddleware": 50,
    _OURS + "robots.Rfc9309RobotsTxtMiddleware": 100,
    _OURS + "backoff.BackoffRetryMiddleware": 550,
    # Between retry (550) and the redirect/decompression stack: sees every raw response.
    _OURS + "circuit.CircuitBreakerMiddleware": 560,
    _OURS + "encoding.EncodingRepairMiddleware": 585,
    _OURS + "limits.CountingHttpCompressionMiddleware": 590,
    # Next to the downloader: counts every failed attempt, before retries re-queue it.
    _OURS + "limits.FaultStatsMiddleware": 950,
}
