"""RemoteOK API (job-sources.md §9): one whole feed, no board, no paging, every query parameter ignored.

``GET /api`` returns a flat array whose **element 0 is a legal notice**, not a job. ``salary_min`` and
``salary_max`` are ``0`` when not stated (a sentinel, never a value); ``location`` is often cut off
("Toronto, "); the feed carries Latin-1 mojibake (``GonaÃ¯ves``). Every row is remote.

Terms (``source_terms.toml``): a followed link back to Remote OK and the name "Remote OK" on every export,
no logo; once or twice a day.

>>> RemoteOkSpider().listing_url("all")
'https://remoteok.com/api'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.http import Response

from jobintel.models import Posting, StructuredSalary
from jobintel.spiders._fields import epoch_to_iso, first_text
from jobintel.spiders.base import FeedSpider

__all__ = ["RemoteOkSpider", "fix_mojibake", "posting_from_remoteok"]

# Tags that are seniority labels the tagger knows (structured labels in nlp/data/seniority.toml).
_SENIORITY_TAGS = ("intern", "junior", "entry", "mid", "senior", "lead", "director", "executive")


class RemoteOkSpider(FeedSpider):
    name = "remoteok"
    api_base = "https://remoteok.com"

    def listing_path(self, board: str) -> str:
        return "/api"

    def jobs_in(self, data: Any) -> list[Any] | None:
        if not isinstance(data, list):
            return None
        jobs = [row for row in data if not _is_notice(row)]
        if len(jobs) < len(data):
            self.inc_stat("remoteok/legal_notice_skipped", len(data) - len(jobs))
        return jobs

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        yield posting_from_remoteok(job, board=board)


def _is_notice(row: Any) -> bool:
    # Element 0: {"last_updated": ..., "legal": "..."}; matched by shape, never by position alone.
    return isinstance(row, dict) and "legal" in row and "position" not in row


def fix_mojibake(text: str | None) -> str | None:
    """Undo UTF-8 text that was decoded as Latin-1 ("GonaÃ¯ves" -> "Gonaïves"); other text is untouched.

    >>> fix_mojibake("GonaÃ¯ves"), fix_mojibake("Zürich")
    ('Gonaïves', 'Zürich')
    """
    if not text or not any(c in text for c in "ÃÂâ"):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _location(raw: Any) -> list[str]:
    # 75 of 100 rows end in a dangling comma ("Cambridge, "): keep what is there, without the comma.
    text = first_text(fix_mojibake(raw) if isinstance(raw, str) else None)
    text = text.strip(" ,") if text else None
    return [text] if text else []


def _salary(job: dict[str, Any]) -> StructuredSalary | None:
    lo, hi = job.get("salary_min"), job.get("salary_max")
    lo = float(lo) if isinstance(lo, int | float) and not isinstance(lo, bool) else None
    hi = float(hi) if isinstance(hi, int | float) and not isinstance(hi, bool) else None
    # 0 means "not stated" (StructuredSalary drops zeros). USD is assumed; the period is not stated, so
    # it stays None for the tagger to infer (and flag) rather than being guessed here.
    salary = StructuredSalary(lo, hi, "USD", None)
    return None if salary.is_empty else salary


def _seniority(tags: Any) -> str | None:
    for tag in tags if isinstance(tags, list) else []:
        if isinstance(tag, str) and tag.strip().lower() in _SENIORITY_TAGS:
            return tag.strip().lower()
    return None


def _canonical_url(url: str | None) -> str:
    # The feed writes "remoteOK.com": the host is case-insensitive, lower-case it so URLs compare equal.
    if not url:
        return ""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.lower()))


def posting_from_remoteok(job: dict[str, Any], *, board: str) -> Posting:
    """Map one RemoteOK job (index >= 1) to a ``Posting``."""
    description_html = fix_mojibake(job.get("description") or "") or ""
    return Posting(
        source="remoteok",
        source_id=str(job["id"]),  # a string of digits
        url=_canonical_url(first_text(job.get("url"), job.get("apply_url"))),
        title=fix_mojibake(first_text(job.get("position"))) or "",  # the title is `position`
        company=fix_mojibake(first_text(job.get("company"))) or "",
        board=board,
        locations=_location(job.get("location")),
        description_html=description_html,
        date_posted=epoch_to_iso(job.get("epoch")) or first_text(job.get("date")),
        salary=_salary(job),
        workplace="remote",  # a remote-only board
        employment_type=None,
        seniority_hint=_seniority(job.get("tags")),
        raw=job,
    )
