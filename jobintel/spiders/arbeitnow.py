"""Arbeitnow Job Board API (job-sources.md §11): a paged feed, page 1 up to ``meta.last_page``.

``GET /api/job-board-api?page=N``. Descriptions are **entity-escaped** HTML (unescape, then parse); tag
names carry their counts (``"Data Science (212)"``); ``created_at`` is epoch seconds; ``remote`` is a real
flag; there is no salary field. The feed serves a rotating slice, so a row can appear on two pages: the
spider keeps the first and counts the rest. Pages stop at ``JOBINTEL_ARBEITNOW_MAX_PAGES`` (default 50).

>>> ArbeitnowSpider().listing_url("all")
'https://www.arbeitnow.com/api/job-board-api?page=1'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from scrapy import Request
from scrapy.http import Response

from jobintel.models import Posting
from jobintel.spiders._fields import epoch_to_iso, first_text, normalize_employment_type
from jobintel.spiders.base import FeedSpider

__all__ = ["ArbeitnowSpider", "arbeitnow_tags", "posting_from_arbeitnow"]

_PAGE = "jobintel_page"
_TAG_COUNT = re.compile(r"\s*\(\d[\d,.]*\)\s*$")


class ArbeitnowSpider(FeedSpider):
    name = "arbeitnow"
    api_base = "https://www.arbeitnow.com"
    arguments = ("visa_sponsorship",)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._seen: set[str] = set()

    def listing_path(self, board: str, page: int = 1) -> str:
        return "/api/job-board-api?" + urlencode([("page", page), *sorted(self.params.items())])

    def jobs_in(self, data: Any) -> list[Any] | None:
        if isinstance(data, dict) and isinstance(data.get("data"), list):
            return data["data"]
        return None

    def next_pages(self, data: Any, board: str, response: Response) -> Iterable[Request]:
        page = response.meta.get(_PAGE, 1) if response.request is not None else 1
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        links = data.get("links") if isinstance(data.get("links"), dict) else {}
        cap = int(self.setting("JOBINTEL_ARBEITNOW_MAX_PAGES", 50))
        last = _int(meta.get("last_page"))
        if last is not None:
            pages = range(2, min(last, cap) + 1) if page == 1 else range(0)  # page 1 schedules the rest
            if page == 1 and last > cap:
                self.inc_stat("arbeitnow/pages_over_limit", last - cap)
        elif links.get("next") and page < cap:
            pages = range(page + 1, page + 2)  # no meta (an older envelope): one page at a time
        else:
            pages = range(0)
        base = self.resolve_base_url()
        for n in pages:
            yield self.listing_request(base + self.listing_path(board, n), board, **{_PAGE: n})

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        slug = first_text(job.get("slug"))
        if slug in self._seen:
            self.inc_stat("arbeitnow/duplicate_rows")
            return
        if slug:
            self._seen.add(slug)
        yield posting_from_arbeitnow(job, board=board)


def arbeitnow_tags(tags: Any) -> list[str]:
    """Tag names without the baked-in counts.

    >>> arbeitnow_tags(["Data Science (212)", "Software Development (1,840)", "python"])
    ['Data Science', 'Software Development', 'python']
    """
    out = []
    for tag in tags if isinstance(tags, list) else []:
        if isinstance(tag, str) and _TAG_COUNT.sub("", tag).strip():
            out.append(_TAG_COUNT.sub("", tag).strip())
    return out


def posting_from_arbeitnow(job: dict[str, Any], *, board: str) -> Posting:
    """Map one Arbeitnow ``data[]`` element to a ``Posting`` (HTML unescaped before parsing)."""
    description_html = html.unescape(job.get("description") or "")
    tags = arbeitnow_tags(job.get("tags"))
    location = first_text(job.get("location"))
    slug = first_text(job.get("slug"))
    if slug is None:
        raise KeyError("slug")
    return Posting(
        source="arbeitnow",
        source_id=slug,  # the stable id
        url=first_text(job.get("url")) or "",
        title=first_text(job.get("title")) or "",
        company=first_text(job.get("company_name")) or "",  # often slug-cased; kept as the source gives it
        board=board,
        locations=[location] if location else [],
        description_html=description_html,
        date_posted=epoch_to_iso(job.get("created_at")),
        salary=None,
        # remote=false says "not fully remote": on-site or hybrid is unknown.
        workplace="remote" if job.get("remote") is True else None,
        employment_type=normalize_employment_type(job.get("job_types") or []),
        department=tags[0] if tags else None,
        raw=job,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
