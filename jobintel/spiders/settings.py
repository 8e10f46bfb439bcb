"""Polite crawl defaults and the settings flow: defaults < spider ``custom_settings`` < overrides.

job-sources.md §16: one request per board, about one request per second per host, robots.txt obeyed,
an honest User-Agent with a contact. Our own keys are prefixed ``JOBINTEL_``.

>>> s = build_settings({"JOBINTEL_CONTACT": "me@example.org"})
>>> s["USER_AGENT"]
'jobintel/0.1.0 (+https://github.com/jobintel/jobintel; contact: me@example.org)'
>>> s.getbool("ROBOTSTXT_OBEY"), s.getpriority("JOBINTEL_CONTACT") > s.getpriority("ROBOTSTXT_OBEY")
(True, True)
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from jobintel import __version__
from jobintel.spiders.middlewares import DOWNLOADER_MIDDLEWARES

__all__ = ["DEFAULTS", "build_settings", "polite_defaults", "user_agent"]

PROJECT_URL = "https://github.com/jobintel/jobintel"
#: The public API host of each board source (spiders' ``api_base``): one download slot each.
SOURCE_API_HOSTS = ("boards-api.greenhouse.io", "api.lever.co", "api.ashbyhq.com")

DEFAULTS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 60.0,
    "DOWNLOAD_DELAY": 1.0,
    "CONCURRENT_REQUESTS": 8,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    # Each public API is one host for all its boards: its limit is the whole source's limit.
    "DOWNLOAD_SLOTS": {host: {"concurrency": 2} for host in SOURCE_API_HOSTS},
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 3,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "DOWNLOAD_TIMEOUT": 30,
    # A whole Greenhouse board with bodies is a few MB; 32 MB stops a runaway response. Scrapy applies
    # the same cap to decompressed bodies, which defuses gzip bombs.
    "DOWNLOAD_MAXSIZE": 32 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 16 * 1024 * 1024,
    "REDIRECT_MAX_TIMES": 5,
    "TELNETCONSOLE_ENABLED": False,
    "COOKIES_ENABLED": False,
    # Only http(s): a sources file must never make the crawler read local files or other schemes.
    "DOWNLOAD_HANDLERS": {"file": None, "data": None, "ftp": None, "s3": None},
    "DOWNLOADER_MIDDLEWARES": dict(DOWNLOADER_MIDDLEWARES),
    # Re-checks private addresses at connect time (DNS rebinding); see middlewares/safety.py.
    "TWISTED_DNS_RESOLVER": "jobintel.spiders.middlewares.safety.GuardedResolver",
    "HTTPCACHE_ENABLED": False,
    "HTTPCACHE_DIR": ".jobintel-httpcache",
    "HTTPCACHE_STORAGE": "jobintel.spiders.middlewares.cache.CredentialFreeCacheStorage",
    "HTTPCACHE_IGNORE_HTTP_CODES": [403, 429, 500, 502, 503, 504],
    "LOG_LEVEL": "WARNING",
    "LOG_FORMATTER": "jobintel.spiders.logformatter.QuietLogFormatter",
    "DEFAULT_DROPITEM_LOG_LEVEL": "INFO",
    "ITEM_PIPELINES": {
        "jobintel.spiders.sanitize.SanitizePipeline": 200,
        "jobintel.spiders.pipelines.StorePipeline": 300,
    },
    "EXTENSIONS": {"jobintel.spiders.extensions.ProgressExtension": 500},
    "JOBINTEL_DB": None,
    "JOBINTEL_BATCH_SIZE": 200,
    "JOBINTEL_CONTACT": None,
    "JOBINTEL_BASE_URL": None,
    "JOBINTEL_GREENHOUSE_PAY_DETAILS": False,
    "JOBINTEL_JSONLD_MAX_PAGES": 500,
    "JOBINTEL_PROGRESS": False,  # True: when stderr is a TTY; "force": always
    # Politeness and safety (jobintel/spiders/middlewares/, docs/crawling.md).
    "JOBINTEL_ALLOW_PRIVATE_ADDRESSES": False,
    "JOBINTEL_BACKOFF_HTTP_CODES": [429, 503],
    "JOBINTEL_BACKOFF_BASE": 2.0,
    "JOBINTEL_BACKOFF_MAX": 120.0,
    "JOBINTEL_RETRY_AFTER_MAX": 300.0,
    "JOBINTEL_CIRCUIT_THRESHOLD": 5,
    "JOBINTEL_CRAWL_DELAY_MAX": 60.0,
}


def user_agent(contact: str | None = None) -> str:
    """``jobintel/<version> (+project URL; contact: ...)``; the contact comes from ``JOBINTEL_CONTACT``.

    >>> user_agent("ops@example.org").endswith("contact: ops@example.org)")
    True
    """
    contact = contact or os.environ.get("JOBINTEL_CONTACT") or "unset"
    return f"jobintel/{__version__} (+{PROJECT_URL}; contact: {contact})"


def polite_defaults(*, verbose: bool = False) -> dict[str, Any]:
    """A fresh copy of ``DEFAULTS`` with the User-Agent filled in (INFO logging when ``verbose``)."""
    settings = {k: copy.deepcopy(v) for k, v in DEFAULTS.items()}
    settings["USER_AGENT"] = user_agent()
    if verbose:
        settings["LOG_LEVEL"] = "INFO"
    return settings


def build_settings(overrides: dict[str, Any] | None = None, *, verbose: bool = False) -> Settings:
    """Scrapy ``Settings`` with our defaults at ``project`` priority and ``overrides`` at ``cmdline``.

    Spider ``custom_settings`` sit at ``spider`` priority, between the two. An overridden
    ``JOBINTEL_CONTACT`` rebuilds the User-Agent unless ``USER_AGENT`` itself was overridden.
    """
    overrides = dict(overrides or {})
    settings = Settings()
    settings.setdict(polite_defaults(verbose=verbose), priority="project")
    if overrides.get("JOBINTEL_CONTACT") and "USER_AGENT" not in overrides:
        overrides["USER_AGENT"] = user_agent(str(overrides["JOBINTEL_CONTACT"]))
    for key in ("ITEM_PIPELINES", "EXTENSIONS", "DOWNLOAD_HANDLERS", "DOWNLOADER_MIDDLEWARES"):
        # Component dicts merge with ours instead of replacing them.
        if isinstance(overrides.get(key), dict):
            overrides[key] = {**settings.getdict(key), **overrides[key]}
    settings.setdict(overrides, priority="cmdline")
    cache_dir = Path(settings["HTTPCACHE_DIR"])
    if settings.getbool("HTTPCACHE_ENABLED") and not cache_dir.is_absolute():
        # Scrapy would put a relative cache dir under .scrapy/; ours lives where the user runs jobintel.
        settings.set(
            "HTTPCACHE_DIR", str(Path.cwd() / cache_dir), priority=settings.getpriority("HTTPCACHE_DIR")
        )
    return settings
