"""Workable widget API (job-sources.md §4).

``GET /api/v1/widget/accounts/{account}?details=true`` returns the whole account, bodies included, in one
response. There is **no** ``location`` key: places come from ``locations[]`` (ISO country codes) and the
top-level ``city``/``state``/``country`` (a country *name*). ``telecommuting`` is the remote flag and
``experience`` a LinkedIn-style seniority label. Some accounts repeat a job once per location, so rows are
de-duplicated by ``shortcode``.

>>> WorkableSpider(board="acme").listing_path("acme")
'/api/v1/widget/accounts/acme?details=true'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from scrapy.http import Response

from jobintel.models import Posting
from jobintel.spiders._fields import first_text, normalize_employment_type
from jobintel.spiders.base import ApiBoardSpider

__all__ = ["WorkableSpider", "posting_from_workable", "workable_locations"]


class WorkableSpider(ApiBoardSpider):
    name = "workable"
    api_base = "https://apply.workable.com"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._seen: set[tuple[str, str]] = set()
        self._account_names: dict[str, str] = {}

    def listing_path(self, board: str) -> str:
        return f"/api/v1/widget/accounts/{quote(board, safe='%.-_~')}?details=true"

    def jobs_in(self, data: Any) -> list[Any] | None:
        if isinstance(data, dict) and isinstance(data.get("jobs"), list):
            return data["jobs"]
        return None

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        # The employer's display name sits beside the jobs, not on each of them.
        try:
            data = response.json()
        except (ValueError, AttributeError):
            data = None
        if isinstance(data, dict) and first_text(data.get("name")):
            self._account_names[self._board_of(response)] = data["name"].strip()
        yield from super().parse(response, **kwargs)

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        key = (board, str(job.get("shortcode") or ""))
        if key in self._seen:
            self.inc_stat("workable/duplicate_rows")
            return
        self._seen.add(key)
        company = self.company_for(board, self._account_names.get(board))
        yield posting_from_workable(job, board=board, company=company)


def workable_locations(job: dict[str, Any]) -> list[str]:
    """``"City, Region, Country"`` per visible ``locations[]`` entry, else from the top-level fields.

    >>> workable_locations({"city": "London", "state": "England", "country": "United Kingdom"})
    ['London, England, United Kingdom']
    >>> workable_locations({"locations": [{"city": "Berlin", "region": "Berlin", "countryCode": "DE",
    ...                                    "country": "Germany", "hidden": False}]})
    ['Berlin, Germany']
    """
    entries = [loc for loc in job.get("locations") or [] if isinstance(loc, dict) and not loc.get("hidden")]
    if not entries:
        entries = [{"city": job.get("city"), "region": job.get("state"), "country": job.get("country")}]
    out: list[str] = []
    for loc in entries:
        city, region = first_text(loc.get("city")), first_text(loc.get("region"))
        # The country name reads better to the location tagger than the ISO code ("DE" is also Delaware).
        country = first_text(loc.get("country"), loc.get("countryCode"))
        parts = [city, region if region != city else None, country]
        text = ", ".join(p for p in parts if p)
        if text and text not in out:
            out.append(text)
    return out


def posting_from_workable(job: dict[str, Any], *, board: str, company: str) -> Posting:
    """Map one Workable ``jobs[]`` element to a ``Posting``."""
    description_html = job.get("description") or ""
    shortcode = first_text(job.get("shortcode")) or ""
    return Posting(
        source="workable",
        source_id=shortcode,
        url=first_text(job.get("url"), job.get("shortlink")) or f"https://apply.workable.com/j/{shortcode}",
        title=first_text(job.get("title")) or "",
        company=company,
        board=board,
        locations=workable_locations(job),
        description_html=description_html,
        date_posted=first_text(job.get("published_on"), job.get("created_at")),
        salary=None,  # Workable has no pay field; pay stays in the description for the tagger
        # telecommuting=false only says "not remote": on-site or hybrid is unknown.
        workplace="remote" if job.get("telecommuting") is True else None,
        employment_type=normalize_employment_type(job.get("employment_type")),
        department=first_text(job.get("department"), job.get("function")),
        seniority_hint=first_text(job.get("experience")),
        raw=job,
    )
