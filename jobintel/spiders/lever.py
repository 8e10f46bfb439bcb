"""Lever Postings API (job-sources.md §2).

``GET /v0/postings/{site}?mode=json`` returns the whole board as a top-level JSON array (``[]`` is a live
board with no roles). The title is ``text``, ``createdAt`` is epoch milliseconds and the requirements
live in ``lists[]`` (bare ``<li>`` HTML), so the body is rebuilt from every part.

>>> LeverSpider(board="acme").listing_path("acme")
'/v0/postings/acme?mode=json'
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from scrapy.http import Response

from jobintel.models import Posting
from jobintel.spiders._fields import (
    epoch_to_iso,
    first_text,
    normalize_employment_type,
    salary_from_lever,
    workplace_from_lever,
)
from jobintel.spiders.base import ApiBoardSpider

__all__ = ["LeverSpider", "lever_body_html", "posting_from_lever"]


class LeverSpider(ApiBoardSpider):
    name = "lever"
    api_base = "https://api.lever.co"

    def listing_path(self, board: str) -> str:
        return f"/v0/postings/{quote(board, safe='%.-_~')}?mode=json"

    def jobs_in(self, data: Any) -> list[Any] | None:
        return data if isinstance(data, list) else None

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        posting = posting_from_lever(job, board=board, company=self.company_for(board))
        if job.get("salaryRange") and posting.salary is None:
            self.inc_stat("lever/salary_range_unmapped")
        yield posting


def lever_body_html(job: dict[str, Any]) -> str:
    """opening + descriptionBody + each ``lists[]`` as a heading and a list + additional.

    Older payloads lack ``descriptionBody``; ``description`` (opening and body combined) stands in.

    >>> lever_body_html({"opening": "<p>Hi</p>",
    ...                  "lists": [{"text": "Requirements", "content": "<li>Go</li>"}]})
    '<p>Hi</p>\\n<h3>Requirements</h3>\\n<ul><li>Go</li></ul>'
    """
    parts: list[str] = []
    if job.get("descriptionBody") is not None or job.get("opening"):
        parts += [job.get("opening") or "", job.get("descriptionBody") or ""]
    else:
        parts.append(job.get("description") or "")
    for block in job.get("lists") or []:
        if not isinstance(block, dict):
            continue
        heading = first_text(block.get("text"))
        if heading:
            parts.append(f"<h3>{html.escape(heading)}</h3>")
        # Lever sends bare <li> items with no surrounding list element.
        parts.append(f"<ul>{block.get('content') or ''}</ul>")
    parts.append(job.get("additional") or "")
    return "\n".join(p for p in parts if p.strip())


def posting_from_lever(job: dict[str, Any], *, board: str, company: str) -> Posting:
    """Map one element of the Lever postings array to a ``Posting``."""
    categories = job.get("categories") or {}
    locations = [loc for loc in categories.get("allLocations") or [] if isinstance(loc, str) and loc.strip()]
    if not locations and first_text(categories.get("location")):
        locations = [categories["location"].strip()]
    body = lever_body_html(job)
    return Posting(
        source="lever",
        source_id=str(job["id"]),
        url=first_text(job.get("hostedUrl")) or "",
        title=first_text(job.get("text")) or "",
        company=company,
        board=board,
        locations=locations,
        description_html=body,
        date_posted=epoch_to_iso(job.get("createdAt")),
        salary=salary_from_lever(job.get("salaryRange")),
        workplace=workplace_from_lever(job.get("workplaceType")),
        employment_type=normalize_employment_type(categories.get("commitment")),
        department=first_text(categories.get("department"), categories.get("team")),
        seniority_hint=first_text(categories.get("level")),
        raw=job,
    )
