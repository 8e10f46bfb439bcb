"""Recruitee Careers Site API (job-sources.md §6).

``GET https://{company}.recruitee.com/api/offers/`` returns every offer, unpaged. A board is a company
slug or a custom careers domain (``careers.example.com``: the API lives under any careers site). With a
base URL override every tenant is served under ``/{board}`` (``http://127.0.0.1:8123/acme/api/offers/``).

The ad is split between ``description`` and ``requirements``; ``published_at`` is ``"YYYY-MM-DD HH:MM:SS
UTC"`` (not ISO); the workplace is three booleans, all false meaning unknown; ``salary`` is structured.

>>> RecruiteeSpider(board="acme").listing_url("acme")
'https://acme.recruitee.com/api/offers/'
>>> RecruiteeSpider(board="careers.acme.io").listing_url("careers.acme.io")
'https://careers.acme.io/api/offers/'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from scrapy.http import Response

from jobintel.models import Posting, StructuredSalary
from jobintel.spiders._fields import first_text, normalize_employment_type, normalize_period
from jobintel.spiders.base import ApiBoardSpider

__all__ = ["RecruiteeSpider", "posting_from_recruitee", "recruitee_date", "recruitee_workplace"]

_UTC_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?\s*UTC$")


class RecruiteeSpider(ApiBoardSpider):
    name = "recruitee"
    api_base = "https://{board}.recruitee.com"

    def listing_path(self, board: str) -> str:
        return "/api/offers/"

    def listing_url(self, board: str) -> str:
        return tenant_root(self, board, "{board}.recruitee.com") + self.listing_path(board)

    def jobs_in(self, data: Any) -> list[Any] | None:
        if isinstance(data, dict) and isinstance(data.get("offers"), list):
            return data["offers"]
        return None

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        if first_text(job.get("status")) not in (None, "published"):
            self.inc_stat("recruitee/unpublished_skipped")
            return
        yield posting_from_recruitee(
            job, board=board, company=self.company_for(board, job.get("company_name"))
        )


def tenant_root(spider: ApiBoardSpider, board: str, host_pattern: str) -> str:
    """Scheme and host for a per-tenant API (Recruitee, Personio).

    A board with a dot is a host of its own (a custom careers domain). Under a base URL override every
    tenant is a path prefix, ``{override}/{board}``, so one mirror serves them all.
    """
    base = spider.resolve_base_url()
    if base != spider.api_base:
        return f"{base}/{quote(board, safe='%.-_~')}"
    host = board if "." in board else host_pattern.format(board=board)
    return f"https://{host.strip('/').lower()}"


def recruitee_date(value: Any) -> str | None:
    """``"2026-08-05 10:10:39 UTC"`` to ISO-8601 with ``+00:00``; ISO input is kept as it is.

    >>> recruitee_date("2026-08-05 10:10:39 UTC"), recruitee_date("2026-08-05T10:10:39Z")
    ('2026-08-05T10:10:39+00:00', '2026-08-05T10:10:39Z')
    """
    text = first_text(value)
    if text is None:
        return None
    m = _UTC_DATE.match(text)
    return f"{m.group(1)}T{m.group(2)}+00:00" if m else text


def recruitee_workplace(job: dict[str, Any]) -> str | None:
    """``remote``/``hybrid``/``on_site`` booleans; all false (or missing) is unknown, not on-site.

    >>> recruitee_workplace({"remote": False, "hybrid": True, "on_site": False})
    'hybrid'
    >>> recruitee_workplace({"remote": False, "hybrid": False, "on_site": False}) is None
    True
    """
    for key, value in (("remote", "remote"), ("hybrid", "hybrid"), ("on_site", "onsite")):
        if job.get(key) is True:
            return value
    return None


def _salary(raw: Any) -> StructuredSalary | None:
    if not isinstance(raw, dict):
        return None
    lo, hi = _number(raw.get("min")), _number(raw.get("max"))
    currency = first_text(raw.get("currency"))
    # A missing period stays unknown: the tagger deduces it from the magnitude and marks it inferred.
    salary = StructuredSalary(lo, hi, currency, normalize_period(raw.get("period")))
    return None if salary.is_empty else salary


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(str(value).replace(",", "")) if value not in (None, "") else None
    except ValueError:
        return None


def _locations(job: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for loc in job.get("locations") or []:
        if isinstance(loc, dict):
            parts = [first_text(loc.get(k)) for k in ("city", "state", "country")]
            text = ", ".join(dict.fromkeys(p for p in parts if p))
            if text and text not in out:
                out.append(text)
    if not out and first_text(job.get("location")):
        out.append(job["location"].strip())
    return out


def posting_from_recruitee(job: dict[str, Any], *, board: str, company: str) -> Posting:
    """Map one Recruitee ``offers[]`` element to a ``Posting`` (body = description + requirements)."""
    body = "\n".join(p for p in (job.get("description") or "", job.get("requirements") or "") if p.strip())
    return Posting(
        source="recruitee",
        source_id=str(job["id"]),
        url=first_text(job.get("careers_url")) or "",
        title=first_text(job.get("title")) or "",
        company=company,
        board=board,
        locations=_locations(job),
        description_html=body,
        date_posted=recruitee_date(job.get("published_at") or job.get("created_at")),
        salary=_salary(job.get("salary")),
        workplace=recruitee_workplace(job),
        employment_type=normalize_employment_type(job.get("employment_type_code")),
        department=first_text(job.get("department")),
        seniority_hint=first_text(job.get("experience_code")),
        raw=job,
    )
