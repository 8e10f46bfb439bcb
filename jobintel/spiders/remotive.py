"""Remotive API (job-sources.md §10): one whole feed; ``search`` and ``category`` are documented filters.

``GET /api/remote-jobs`` returns ``{"0-legal-notice", "total-job-count", "jobs": [...]}``. Every job is
remote; ``candidate_required_location`` says where the applicant may live (kept as the location, since
there is no office); ``salary`` is free text ("$160k - $200k"), parsed and marked ``basis="parsed"``;
``publication_date`` has no time zone.

Terms: **at most 4 requests a day** (excessive requests are blocked), jobs delayed 24 h, attribution and
a link back, and never resubmitting the jobs to other job sites. The spider counts its ``crawl_runs`` rows
of the last 24 h in the crawl's database and refuses a fifth run; ``JOBINTEL_IGNORE_DAILY_LIMIT=true``
lifts the check (a mirror or a test server).

>>> RemotiveSpider(category="data").listing_url("category=data")
'https://remotive.com/api/remote-jobs?category=data'
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Response

from jobintel.models import Posting, StructuredSalary
from jobintel.nlp.salary import parse_salary
from jobintel.spiders._fields import first_text, normalize_employment_type
from jobintel.spiders.base import FeedSpider
from jobintel.spiders.terms import source_terms

__all__ = ["RemotiveSpider", "posting_from_remotive", "recent_runs", "salary_from_text"]

logger = logging.getLogger(__name__)

DAILY_LIMIT_REASON = "daily limit"


class RemotiveSpider(FeedSpider):
    name = "remotive"
    api_base = "https://remotive.com"
    arguments = ("search", "category")

    def listing_path(self, board: str) -> str:
        query = urlencode(sorted(self.params.items()))
        return "/api/remote-jobs" + (f"?{query}" if query else "")

    def jobs_in(self, data: Any) -> list[Any] | None:
        if isinstance(data, dict) and isinstance(data.get("jobs"), list):
            return data["jobs"]
        return None

    async def start(self) -> AsyncIterator[Any]:
        refusal = self.daily_limit_refusal()
        if refusal:
            for board in self.boards:
                self.board_failed(board, refusal)
            return
        async for request in super().start():
            yield request

    def daily_limit_refusal(self) -> str | None:
        """Why this run must not call Remotive (its 4-a-day limit), or ``None`` when it may."""
        if _truthy(self.setting("JOBINTEL_IGNORE_DAILY_LIMIT", False)):
            return None
        limit = source_terms(self.name).max_requests_per_day
        db_path = self.setting("JOBINTEL_DB")
        if not limit or not db_path:
            return None
        used = recent_runs(str(db_path), self.name)
        if used + len(self.boards) <= limit:
            return None
        return (
            f"{DAILY_LIMIT_REASON}: Remotive allows at most {limit} requests per 24 h and {used} were made "
            f"in the last 24 h; try again later (JOBINTEL_IGNORE_DAILY_LIMIT=true for a mirror)"
        )

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        yield posting_from_remotive(job, board=board)


def recent_runs(db_path: str, source: str, *, hours: int = 24) -> int:
    """Runs of ``source`` in the last ``hours`` that sent a request (refused runs do not count).

    Each run stores one ``crawl_runs`` row per board, and a Remotive board is one request.
    """
    from jobintel.store import open_db

    cutoff = (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="seconds")
    db = open_db(db_path)
    try:
        rows = db["crawl_runs"].rows_where(
            "source = ? AND started_at >= ? AND status != 'running'", [source, cutoff], select="stats"
        )
        used = 0
        for row in rows:
            try:
                reason = (json.loads(row["stats"] or "{}") or {}).get("reason") or ""
            except ValueError:
                reason = ""
            if not str(reason).startswith(DAILY_LIMIT_REASON):
                used += 1
        return used
    finally:
        db.close()


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "on"}


def salary_from_text(text: Any) -> StructuredSalary | None:
    """A salary string from a source's pay *field* (free text), parsed, with ``basis="parsed"``.

    A period the text does not state is left ``None`` (the tagger infers and flags it).

    >>> s = salary_from_text("$160k - $200k")
    >>> (s.min, s.max, s.currency, s.period, s.basis)
    (160000.0, 200000.0, 'USD', None, 'parsed')
    """
    raw = first_text(text)
    parsed = parse_salary(raw) if raw else None
    if parsed is None or (parsed.min is None and parsed.max is None):
        return None
    period = parsed.period if parsed.basis == "parsed" else None
    return StructuredSalary(parsed.min, parsed.max, parsed.currency, period, "parsed", raw)


def posting_from_remotive(job: dict[str, Any], *, board: str) -> Posting:
    """Map one Remotive ``jobs[]`` element to a ``Posting``."""
    description_html = job.get("description") or ""
    eligibility = first_text(job.get("candidate_required_location"))
    return Posting(
        source="remotive",
        source_id=str(job["id"]),
        url=first_text(job.get("url")) or "",
        title=first_text(job.get("title")) or "",
        company=first_text(job.get("company_name")) or "",
        board=board,
        locations=[eligibility] if eligibility else [],
        description_html=description_html,
        date_posted=first_text(job.get("publication_date")),  # no zone in the feed; kept as given
        salary=salary_from_text(job.get("salary")),
        workplace="remote",
        employment_type=normalize_employment_type(job.get("job_type")),
        department=first_text(job.get("category")),
        raw=job,
    )
