"""Ashby public Job Posting API (job-sources.md §3).

``GET /posting-api/job-board/{name}?includeCompensation=true`` returns the whole board. Unlisted rows
(``isListed: false``) are skipped and counted; ``workplaceType`` wins over ``isRemote`` (which is true on
hybrid roles); salary comes from the ``Salary`` component, never the first component blindly.

>>> AshbySpider(board="acme").listing_path("acme")
'/posting-api/job-board/acme?includeCompensation=true'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from scrapy.http import Response

from jobintel.models import Posting
from jobintel.spiders._fields import (
    first_text,
    normalize_employment_type,
    salary_from_ashby,
    workplace_from_ashby,
)
from jobintel.spiders.base import ApiBoardSpider

__all__ = ["AshbySpider", "posting_from_ashby"]


class AshbySpider(ApiBoardSpider):
    name = "ashby"
    api_base = "https://api.ashbyhq.com"

    def listing_path(self, board: str) -> str:
        return f"/posting-api/job-board/{quote(board, safe='%.-_~')}?includeCompensation=true"

    def jobs_in(self, data: Any) -> list[Any] | None:
        if isinstance(data, dict) and isinstance(data.get("jobs"), list):
            return data["jobs"]
        return None

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        if job.get("isListed") is False:
            self.inc_stat("ashby/unlisted_skipped")
            return
        if not job.get("workplaceType") and job.get("isRemote") is True:
            # Without workplaceType, isRemote is all we have, and it is also true on hybrid roles.
            self.inc_stat("ashby/workplace_from_isRemote")
        yield posting_from_ashby(job, board=board, company=self.company_for(board))


def posting_from_ashby(job: dict[str, Any], *, board: str, company: str) -> Posting:
    """Map one Ashby ``jobs[]`` element to a ``Posting``."""
    locations = []
    if first_text(job.get("location")):
        locations.append(job["location"].strip())
    for secondary in job.get("secondaryLocations") or []:
        # Documented as objects; some boards send plain strings.
        name = secondary.get("location") if isinstance(secondary, dict) else secondary
        if isinstance(name, str) and name.strip() and name.strip() not in locations:
            locations.append(name.strip())
    description_html = job.get("descriptionHtml") or ""
    # The plain twin is only a fallback: SanitizePipeline renders the text from the HTML when it has any.
    description_text = (job.get("descriptionPlain") or "").strip()
    job_url = first_text(job.get("jobUrl")) or ""
    # The id is missing from the documented example; the job URL ends with it.
    source_id = first_text(job.get("id")) or job_url.rstrip("/").rsplit("/", 1)[-1]
    return Posting(
        source="ashby",
        source_id=source_id,
        url=job_url,
        title=first_text(job.get("title")) or "",
        company=company,
        board=board,
        locations=locations,
        description_html=description_html,
        description_text=description_text,
        date_posted=first_text(job.get("publishedAt")),
        salary=salary_from_ashby(job.get("compensation")),
        workplace=workplace_from_ashby(job.get("workplaceType"), job.get("isRemote")),
        employment_type=normalize_employment_type(job.get("employmentType")),
        department=first_text(job.get("department"), job.get("team")),
        raw=job,
    )
