"""Greenhouse Job Board API (job-sources.md §1).

One request per board: ``GET /v1/boards/{token}/jobs?content=true`` returns every job with its body.
Structured pay lives only on the single-job endpoint (``?pay_transparency=true``); with
``JOBINTEL_GREENHOUSE_PAY_DETAILS = True`` the spider fetches it per job, otherwise the pay-range block
inside ``content`` stays in the text for the tagger.

>>> GreenhouseSpider(board="acme").listing_path("acme")
'/v1/boards/acme/jobs?content=true'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from jobintel.models import Posting, StructuredSalary
from jobintel.spiders._fields import (
    first_text,
    normalize_employment_type,
    salary_from_greenhouse_pay_ranges,
    split_greenhouse_locations,
)
from jobintel.spiders.base import ApiBoardSpider

__all__ = ["GreenhouseSpider", "posting_from_greenhouse"]

_LISTING_JOB = "jobintel_listing_job"


class GreenhouseSpider(ApiBoardSpider):
    name = "greenhouse"
    api_base = "https://boards-api.greenhouse.io"

    def listing_path(self, board: str) -> str:
        return f"/v1/boards/{_segment(board)}/jobs?content=true"

    def job_path(self, board: str, job_id: Any) -> str:
        return f"/v1/boards/{_segment(board)}/jobs/{_segment(str(job_id))}?pay_transparency=true"

    def jobs_in(self, data: Any) -> list[Any] | None:
        if isinstance(data, dict) and isinstance(data.get("jobs"), list):
            return data["jobs"]
        return None

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        if self.setting("JOBINTEL_GREENHOUSE_PAY_DETAILS", False) and job.get("id") is not None:
            yield Request(
                self.resolve_base_url() + self.job_path(board, job["id"]),
                callback=self.parse_job_detail,
                errback=self.job_detail_failed,
                meta={"jobintel_board": board, _LISTING_JOB: job},
            )
            return
        yield posting_from_greenhouse(
            job, board=board, company=self.company_for(board, job.get("company_name"))
        )

    def parse_job_detail(self, response: Response) -> Iterator[Posting]:
        """The single-job payload adds ``pay_input_ranges`` (cents) to what the listing already gave."""
        board = response.meta["jobintel_board"]
        job = dict(response.meta[_LISTING_JOB])
        try:
            detail = response.json()
        except ValueError:
            detail = None
        salary = None
        if isinstance(detail, dict):
            ranges = detail.get("pay_input_ranges") or []
            job["pay_input_ranges"] = ranges
            salary = salary_from_greenhouse_pay_ranges(ranges)
            self.inc_stat("greenhouse/pay_ranges" if salary else "greenhouse/no_pay_ranges")
        else:
            self.board_item_error(board, "job detail: invalid JSON")
        yield posting_from_greenhouse(
            job, board=board, company=self.company_for(board, job.get("company_name")), salary=salary
        )

    def job_detail_failed(self, failure: Failure) -> Iterator[Posting]:
        # The listing already has everything but structured pay: keep the posting, mark the board partial.
        meta = failure.request.meta
        board = meta["jobintel_board"]
        self.board_item_error(board, "job detail " + self.failure_reason(failure))
        job = meta[_LISTING_JOB]
        yield posting_from_greenhouse(
            job, board=board, company=self.company_for(board, job.get("company_name"))
        )


def posting_from_greenhouse(
    job: dict[str, Any], *, board: str, company: str, salary: StructuredSalary | None = None
) -> Posting:
    """Map one Greenhouse ``jobs[]`` element to a ``Posting``.

    ``content`` is entity-escaped HTML: unescape once, then BeautifulSoup (the other order leaves
    ``&lt;p&gt;`` in the text).
    """
    description_html = html.unescape(job.get("content") or "")
    departments = [d for d in job.get("departments") or [] if isinstance(d, dict)]
    return Posting(
        source="greenhouse",
        source_id=str(job["id"]),
        url=first_text(job.get("absolute_url")) or "",
        title=first_text(job.get("title")) or "",
        company=company,
        board=board,
        locations=split_greenhouse_locations((job.get("location") or {}).get("name")),
        description_html=description_html,
        # updated_at is the last edit, not the posting date.
        date_posted=first_text(job.get("first_published"), job.get("updated_at")),
        salary=salary,
        workplace=None,  # Greenhouse has no workplace field; the tagger reads "Remote - US" from locations
        employment_type=normalize_employment_type(_metadata_value(job, "employment type")),
        department=first_text(*(d.get("name") for d in departments)),
        raw=job,
    )


def _metadata_value(job: dict[str, Any], label: str) -> Any:
    """A custom field's value by its (case-insensitive) name; ``metadata`` may be null."""
    for entry in job.get("metadata") or []:
        if isinstance(entry, dict) and str(entry.get("name") or "").strip().lower() == label:
            return entry.get("value")
    return None


def _segment(value: str) -> str:
    # Tokens are used verbatim; some registries already URL-encode them ("hippocratic%20ai").
    return quote(value, safe="%.-_~")
