"""Scrapy side of jobintel: one spider per source, the store pipeline, polite settings, the runner.

>>> sorted(SPIDERS)
['ashby', 'greenhouse', 'jsonld', 'lever']
"""

from __future__ import annotations

from scrapy import Spider

from jobintel.spiders.ashby import AshbySpider
from jobintel.spiders.base import ApiBoardSpider, BoardStatus, StructuredDataSpider
from jobintel.spiders.greenhouse import GreenhouseSpider
from jobintel.spiders.jsonld import JsonLdSpider
from jobintel.spiders.lever import LeverSpider
from jobintel.spiders.sources import CrawlJob, load_sources, parse_sources
from jobintel.spiders.text import html_to_text

__all__ = [
    "SPIDERS",
    "ApiBoardSpider",
    "AshbySpider",
    "BoardResult",
    "BoardStatus",
    "CrawlJob",
    "CrawlSummary",
    "GreenhouseSpider",
    "JsonLdSpider",
    "LeverSpider",
    "StructuredDataSpider",
    "html_to_text",
    "load_sources",
    "parse_sources",
    "run_crawl",
]

_RUNNER_NAMES = frozenset({"BoardResult", "CrawlSummary", "run_crawl"})


def __getattr__(name: str):
    # Lazy, so `python -m jobintel.spiders.runner` does not import the runner twice.
    if name in _RUNNER_NAMES:
        from jobintel.spiders import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Spider classes by source name (= spider ``name`` = module name).
SPIDERS: dict[str, type[Spider]] = {
    cls.name: cls for cls in (GreenhouseSpider, LeverSpider, AshbySpider, JsonLdSpider)
}
