"""Himalayas API (job-sources.md §12): browse by ``offset``, or search by ``page`` when filters are given.

Browse: ``GET /jobs/api?limit=20&offset=N`` (20 is the maximum; larger limits are ignored). Search:
``GET /jobs/api/search?q=...&page=N`` (``offset`` is ignored there). The total is ``totalCount`` on search
and ``total`` on browse (read both). Pages stop at ``JOBINTEL_HIMALAYAS_MAX_PAGES`` (default 25).

Traps: ``locationRestrictions: []`` means **worldwide** (names contain commas, so they are never joined);
``pubDate`` is documented in milliseconds but sent in seconds (detected by magnitude); ``seniority`` is an
array; ``minSalary``/``maxSalary`` come with ``salaryPeriod`` (``annual``, ``monthly``). Every job is remote.

>>> HimalayasSpider().listing_url("all")
'https://himalayas.app/jobs/api?limit=20&offset=0'
>>> HimalayasSpider(q="mlops").listing_url("q=mlops")
'https://himalayas.app/jobs/api/search?q=mlops&page=1'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from scrapy import Request
from scrapy.http import Response

from jobintel.models import Posting, StructuredSalary
from jobintel.spiders._fields import epoch_to_iso, first_text, normalize_employment_type, normalize_period
from jobintel.spiders.base import FeedSpider

__all__ = ["WORLDWIDE", "HimalayasSpider", "himalayas_locations", "posting_from_himalayas"]

PAGE_SIZE = 20
WORLDWIDE = "Worldwide"
_PAGE = "jobintel_page"


class HimalayasSpider(FeedSpider):
    name = "himalayas"
    api_base = "https://himalayas.app"
    arguments = (
        "q", "country", "worldwide", "exclude_worldwide", "seniority", "employment_type", "company",
        "timezone", "sort",
    )  # fmt: skip

    def listing_path(self, board: str, page: int = 1) -> str:
        if self.params:
            return "/jobs/api/search?" + urlencode([*sorted(self.params.items()), ("page", page)])
        return f"/jobs/api?limit={PAGE_SIZE}&offset={(page - 1) * PAGE_SIZE}"

    def jobs_in(self, data: Any) -> list[Any] | None:
        if isinstance(data, dict) and isinstance(data.get("jobs"), list):
            return data["jobs"]
        return None

    def next_pages(self, data: Any, board: str, response: Response) -> Iterable[Request]:
        page = response.meta.get(_PAGE, 1) if response.request is not None else 1
        total = _int(data.get("totalCount"))
        if total is None:
            total = _int(data.get("total"))
        jobs = data["jobs"]
        # Browse pages are PAGE_SIZE rows; search pages may differ, so count what came back.
        seen = (page - 1) * PAGE_SIZE + len(jobs) if not self.params else page * max(len(jobs), 1)
        if not jobs or total is None or seen >= total:
            return
        if page >= int(self.setting("JOBINTEL_HIMALAYAS_MAX_PAGES", 25)):
            self.inc_stat("himalayas/pages_over_limit")
            return
        url = self.resolve_base_url() + self.listing_path(board, page + 1)
        yield self.listing_request(url, board, **{_PAGE: page + 1})

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        pub = job.get("pubDate")
        if isinstance(pub, int | float) and pub > 1e11:
            self.inc_stat("himalayas/pubdate_ms")
        yield posting_from_himalayas(job, board=board)


def himalayas_locations(restrictions: Any) -> list[str]:
    """Country names as given; ``[]`` (or missing) means the job is open worldwide.

    >>> himalayas_locations(["Congo, The Democratic Republic of the", "Germany"])
    ['Congo, The Democratic Republic of the', 'Germany']
    >>> himalayas_locations([])
    ['Worldwide']
    """
    if not isinstance(restrictions, list):
        return [WORLDWIDE]
    out = []
    for item in restrictions:
        # Documented as Location objects, sent as strings: accept both.
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and name.strip() not in out:
            out.append(name.strip())
    return out or [WORLDWIDE]


def _salary(job: dict[str, Any]) -> StructuredSalary | None:
    lo, hi = _number(job.get("minSalary")), _number(job.get("maxSalary"))
    # The dictionary says "annual"; live rows carry salaryPeriod ("monthly"), which wins when present.
    period = normalize_period(job.get("salaryPeriod")) if job.get("salaryPeriod") else "year"
    salary = StructuredSalary(lo, hi, first_text(job.get("currency")), period)
    return None if salary.is_empty else salary


def posting_from_himalayas(job: dict[str, Any], *, board: str) -> Posting:
    """Map one Himalayas ``jobs[]`` element to a ``Posting``."""
    guid = first_text(job.get("guid"), job.get("applicationLink"))
    if guid is None:
        raise KeyError("guid")
    description_html = job.get("description") or ""
    seniority = job.get("seniority")
    levels = [s for s in seniority if isinstance(s, str)] if isinstance(seniority, list) else [seniority]
    parents = [c for c in job.get("parentCategories") or [] if isinstance(c, str)]
    return Posting(
        source="himalayas",
        source_id=guid,
        url=first_text(job.get("applicationLink"), guid) or "",
        title=first_text(job.get("title")) or "",
        company=first_text(job.get("companyName")) or "",
        board=board,
        locations=himalayas_locations(job.get("locationRestrictions")),
        description_html=description_html,
        # A fallback only: SanitizePipeline renders the text from the HTML when it has any.
        description_text=first_text(job.get("excerpt")) or "",
        date_posted=epoch_to_iso(job.get("pubDate")),  # seconds or ms, by magnitude
        salary=_salary(job),
        workplace="remote",
        employment_type=normalize_employment_type(job.get("employmentType")),
        department=parents[0] if parents else None,
        seniority_hint=first_text(*levels),
        raw=job,
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
