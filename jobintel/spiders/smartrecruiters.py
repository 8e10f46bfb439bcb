"""SmartRecruiters Posting API (job-sources.md §5): paged list, then one detail call per posting.

``GET /v1/companies/{company}/postings?limit=100&offset=N`` pages until ``totalFound`` (``limit`` above 100
is clamped silently, so one call is never the whole board). The list has no body: each posting costs a
``GET .../postings/{id}`` whose ``jobAd.sections`` hold the text. A failed detail call keeps the list row
(title, place, seniority) and marks the board partial. Pages stop at ``JOBINTEL_SMARTRECRUITERS_MAX_PAGES``.

>>> SmartRecruitersSpider(board="Acme").listing_path("Acme")
'/v1/companies/Acme/postings?limit=100&offset=0'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from jobintel.models import Posting
from jobintel.spiders._fields import first_text, normalize_employment_type
from jobintel.spiders.base import ApiBoardSpider

__all__ = ["SmartRecruitersSpider", "posting_from_smartrecruiters", "smartrecruiters_workplace"]

PAGE_SIZE = 100
_LIST_ITEM = "jobintel_list_item"
# Company blurb last: the role's own text is what the tagger should read first.
_SECTIONS = ("jobDescription", "qualifications", "additionalInformation", "companyDescription")


class SmartRecruitersSpider(ApiBoardSpider):
    name = "smartrecruiters"
    api_base = "https://api.smartrecruiters.com"

    def listing_path(self, board: str, offset: int = 0) -> str:
        return f"/v1/companies/{_segment(board)}/postings?limit={PAGE_SIZE}&offset={offset}"

    def detail_url(self, board: str, posting_id: str) -> str:
        return self.resolve_base_url() + f"/v1/companies/{_segment(board)}/postings/{_segment(posting_id)}"

    def jobs_in(self, data: Any) -> list[Any] | None:
        if isinstance(data, dict) and isinstance(data.get("content"), list):
            return data["content"]
        return None

    def next_pages(self, data: Any, board: str, response: Response) -> Iterable[Request]:
        offset = _int(data.get("offset")) or 0
        # The echoed limit is the clamped one; fall back to the rows actually returned.
        step = _int(data.get("limit")) or len(data["content"]) or PAGE_SIZE
        total = _int(data.get("totalFound")) or 0
        page = offset // step + 1
        cap = int(self.setting("JOBINTEL_SMARTRECRUITERS_MAX_PAGES", 50))
        if offset + step >= total or not data["content"]:
            return
        if page >= cap:
            self.inc_stat("smartrecruiters/pages_over_limit")
            return
        yield self.listing_request(self.resolve_base_url() + self.listing_path(board, offset + step), board)

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        posting_id = first_text(str(job.get("id") or ""))
        if not posting_id:
            raise KeyError("id")
        yield Request(
            self.detail_url(board, posting_id),
            callback=self.parse_detail,
            errback=self.detail_failed,
            meta={"jobintel_board": board, _LIST_ITEM: job},
        )

    def parse_detail(self, response: Response) -> Iterator[Posting]:
        board = response.meta["jobintel_board"]
        job = response.meta[_LIST_ITEM]
        try:
            detail = response.json()
        except ValueError:
            detail = None
        if not isinstance(detail, dict):
            self.board_item_error(board, "posting detail: invalid JSON")
            detail = {}
        posting = posting_from_smartrecruiters(
            {**job, **detail},
            board=board,
            company=self.company_for(board, (job.get("company") or {}).get("name")),
        )
        self.board_posting(board)
        yield posting

    def detail_failed(self, failure: Failure) -> Iterator[Posting]:
        board = failure.request.meta["jobintel_board"]
        job = failure.request.meta[_LIST_ITEM]
        self.board_item_error(board, "posting detail " + self.failure_reason(failure))
        self.board_posting(board)
        yield posting_from_smartrecruiters(
            job, board=board, company=self.company_for(board, (job.get("company") or {}).get("name"))
        )


def smartrecruiters_workplace(location: Any) -> str | None:
    """``location.remote`` plus ``location.hybrid``; both explicitly false means on-site.

    >>> [smartrecruiters_workplace(x) for x in ({"remote": True}, {"remote": False, "hybrid": True},
    ...                                          {"remote": False, "hybrid": False}, {"remote": False})]
    ['remote', 'hybrid', 'onsite', None]
    """
    if not isinstance(location, dict):
        return None
    if location.get("remote") is True:
        return "remote"
    if location.get("hybrid") is True:
        return "hybrid"
    if location.get("remote") is False and location.get("hybrid") is False:
        return "onsite"
    return None  # hybrid is not in the documented object: remote=false alone may still be hybrid


def _place(location: Any) -> list[str]:
    if not isinstance(location, dict):
        return []
    full = first_text(location.get("fullLocation"))
    if full:
        return [full]
    # The country code is lower-case ("de"); upper-case it so it reads as a code, not a word.
    country = first_text(location.get("country"))
    parts = [
        first_text(location.get("city")),
        first_text(location.get("region")),
        country and country.upper(),
    ]
    text = ", ".join(p for p in parts if p)
    return [text] if text else []


def _label(value: Any) -> str | None:
    return first_text(value.get("label")) if isinstance(value, dict) else first_text(value)


def _body(job: dict[str, Any]) -> str:
    sections = ((job.get("jobAd") or {}).get("sections")) or {}
    parts = []
    for key in _SECTIONS:
        section = sections.get(key)
        if not isinstance(section, dict) or not first_text(section.get("text")):
            continue
        title = first_text(section.get("title"))
        if title:
            parts.append(f"<h3>{html.escape(title)}</h3>")
        parts.append(section["text"])
    return "\n".join(parts)


def posting_from_smartrecruiters(job: dict[str, Any], *, board: str, company: str) -> Posting:
    """Map a list item merged with its detail payload (or the list item alone) to a ``Posting``."""
    posting_id = str(job["id"])
    body = _body(job)
    level = job.get("experienceLevel")
    # The id ("mid_senior_level") is the stable key the seniority rules know; the label is for people.
    seniority = first_text(level.get("id"), level.get("label")) if isinstance(level, dict) else None
    raw = {k: v for k, v in job.items() if k != "creator"}  # a recruiter's name is personal data
    return Posting(
        source="smartrecruiters",
        source_id=posting_id,
        url=first_text(job.get("postingUrl"))
        or f"https://jobs.smartrecruiters.com/{_segment(board)}/{_segment(posting_id)}",
        title=first_text(job.get("name")) or "",  # the title is `name`
        company=company,
        board=board,
        locations=_place(job.get("location")),
        description_html=body,
        date_posted=first_text(job.get("releasedDate")),
        salary=None,  # compensation keys of the public API are unconfirmed; pay stays in the text
        workplace=smartrecruiters_workplace(job.get("location")),
        employment_type=normalize_employment_type(_label(job.get("typeOfEmployment"))),
        department=_label(job.get("department")) or _label(job.get("function")),
        seniority_hint=None if seniority == "not_applicable" else seniority,
        raw=raw,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _segment(value: str) -> str:
    return quote(value, safe="%.-_~")
