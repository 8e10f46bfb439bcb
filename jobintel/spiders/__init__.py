"""Scrapy side of jobintel: one spider per source, the store pipeline, polite settings, the runner.

>>> sorted(SPIDERS)[:5]
['arbeitnow', 'ashby', 'greenhouse', 'hackernews', 'himalayas']
>>> [name for name, cls in SPIDERS.items() if not cls.requires_board]
['hackernews', 'remoteok', 'remotive', 'arbeitnow', 'himalayas', 'usajobs']
"""

from __future__ import annotations

from scrapy import Spider

from jobintel.spiders.arbeitnow import ArbeitnowSpider
from jobintel.spiders.ashby import AshbySpider
from jobintel.spiders.base import ApiBoardSpider, BoardStatus, FeedSpider, StructuredDataSpider
from jobintel.spiders.greenhouse import GreenhouseSpider
from jobintel.spiders.hackernews import HackerNewsSpider
from jobintel.spiders.himalayas import HimalayasSpider
from jobintel.spiders.jsonld import JsonLdSpider
from jobintel.spiders.lever import LeverSpider
from jobintel.spiders.personio import PersonioSpider
from jobintel.spiders.recruitee import RecruiteeSpider
from jobintel.spiders.remoteok import RemoteOkSpider
from jobintel.spiders.remotive import RemotiveSpider
from jobintel.spiders.sanitize import html_to_text
from jobintel.spiders.smartrecruiters import SmartRecruitersSpider
from jobintel.spiders.sources import CrawlJob, load_sources, parse_sources
from jobintel.spiders.terms import SourceTerms, source_terms
from jobintel.spiders.usajobs import UsajobsSpider
from jobintel.spiders.workable import WorkableSpider

__all__ = [
    "SPIDERS",
    "ApiBoardSpider",
    "ArbeitnowSpider",
    "AshbySpider",
    "BoardResult",
    "BoardStatus",
    "CrawlJob",
    "CrawlSummary",
    "FeedSpider",
    "GreenhouseSpider",
    "HackerNewsSpider",
    "HimalayasSpider",
    "JsonLdSpider",
    "LeverSpider",
    "PersonioSpider",
    "RecruiteeSpider",
    "RemoteOkSpider",
    "RemotiveSpider",
    "SmartRecruitersSpider",
    "SourceTerms",
    "StructuredDataSpider",
    "UsajobsSpider",
    "WorkableSpider",
    "html_to_text",
    "load_sources",
    "parse_sources",
    "run_crawl",
    "source_terms",
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
    cls.name: cls
    for cls in (
        GreenhouseSpider,
        LeverSpider,
        AshbySpider,
        WorkableSpider,
        SmartRecruitersSpider,
        RecruiteeSpider,
        PersonioSpider,
        HackerNewsSpider,
        RemoteOkSpider,
        RemotiveSpider,
        ArbeitnowSpider,
        HimalayasSpider,
        UsajobsSpider,
        JsonLdSpider,
    )
}
