"""Offsite filtering with the allowed domains taken from the spider's own seeds.

Scrapy's ``OffsiteMiddleware`` allows everything when a spider has no ``allowed_domains``. Our spiders
are seeded from a sources file or command-line arguments, so the seeds *are* the allowed domains: the
API host (or the ``base_url`` override) for board spiders, the hosts of the start URLs and sitemaps for
page spiders. A sitemap ``<loc>`` on another domain is filtered (``offsite/filtered``). A leading
``www.`` is dropped so that ``www.example.com`` and ``example.com`` admit each other.

>>> from jobintel.spiders.greenhouse import GreenhouseSpider
>>> seed_domains(GreenhouseSpider(board="acme", base_url="http://127.0.0.1:8123"))
['127.0.0.1']
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from scrapy import Spider
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware

__all__ = ["SeedOffsiteMiddleware", "seed_domains"]


def _domain(url: str) -> str | None:
    host = urlsplit(url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def seed_domains(spider: Spider) -> list[str]:
    """The domains a spider may visit: its ``allowed_domains`` if set, else the hosts of its seeds."""
    explicit = list(getattr(spider, "allowed_domains", None) or [])
    if explicit:
        return explicit
    seeds: list[str] = []
    resolve = getattr(spider, "resolve_base_url", None)
    if callable(resolve):
        seeds.append(resolve())
    for attr in ("page_urls", "sitemap_urls", "start_urls"):
        seeds.extend(getattr(spider, attr, None) or [])
    return list(dict.fromkeys(d for d in map(_domain, seeds) if d))


class SeedOffsiteMiddleware(OffsiteMiddleware):
    """``OffsiteMiddleware`` whose default domains are the spider's seeds (see ``seed_domains``)."""

    def _update_host_regex(self, spider: Spider) -> None:
        domains = seed_domains(spider)
        if domains != self._allowed_domains:
            self._allowed_domains = domains
            self.host_regex = self._regex(domains)

    def get_host_regex(self, spider: Spider) -> re.Pattern[str]:
        return self._regex(seed_domains(spider))

    @staticmethod
    def _regex(domains: list[Any]) -> re.Pattern[str]:
        if not domains:
            return re.compile("")
        alternatives = "|".join(re.escape(str(d)) for d in domains if d)
        return re.compile(rf"^(.*\.)?({alternatives})$", re.IGNORECASE)
