"""USAJOBS Search API (job-sources.md §13): keyword searches with a personal API key.

``GET /api/Search?Keyword=...&ResultsPerPage=500&Page=N`` with the headers the API requires: ``Host``,
``User-Agent`` (the email the key was issued to) and ``Authorization-Key``. The key and email come from
the settings ``JOBINTEL_USAJOBS_API_KEY`` / ``JOBINTEL_USAJOBS_EMAIL`` or the environment variables of
the same names; without them the search fails with a clear reason and sends nothing.

Traps: amounts are strings (``"117962.0"``) with ``RateIntervalCode`` ``PA``/``PH`` (or ``"Per Year"``) and
no currency (USD); ``NumberOfPages`` is a string; dates carry no zone and a 4-digit fraction;
``PositionURI`` has a ``:443``. The GS grade range is the seniority signal. Pages stop at
``JOBINTEL_USAJOBS_MAX_PAGES`` (default 20).

>>> UsajobsSpider(keyword="machine learning").listing_url("keyword=machine learning")
'https://data.usajobs.gov/api/Search?Keyword=machine+learning&ResultsPerPage=500&Page=1'
"""

from __future__ import annotations

import html
import os
from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from scrapy import Request
from scrapy.http import Response

from jobintel.models import Posting, StructuredSalary
from jobintel.spiders._fields import first_text, normalize_employment_type, normalize_period
from jobintel.spiders.base import FeedSpider

__all__ = ["UsajobsSpider", "gs_seniority", "posting_from_usajobs", "usajobs_workplace"]

PAGE_SIZE = 500
_PAGE = "jobintel_page"
# Our argument names -> the API's query parameters.
_QUERY = {
    "keyword": "Keyword",
    "position_title": "PositionTitle",
    "job_category_code": "JobCategoryCode",
    "location_name": "LocationName",
    "radius": "Radius",
    "remote": "RemoteIndicator",
    "date_posted": "DatePosted",
    "hiring_path": "HiringPath",
    "who_may_apply": "WhoMayApply",
}
# PositionSchedule codes, used when the Name is "" (it can be).
_SCHEDULE_CODES = {"1": "full_time", "2": "part_time"}
# GS grade -> a structured seniority label of nlp/data/seniority.toml. Our reading of the OPM ladder:
# GS-5/7 are entry (bachelor's), GS-9 to 11 mid, GS-12 mid-senior, GS-13 senior, GS-14/15 lead.
_GS_LEVELS = (
    (7, "entry_level"),
    (11, "mid_level"),
    (12, "mid_senior_level"),
    (13, "senior_level"),
    (15, "lead"),
)
_GS_PLANS = {"GS", "GG", "GL", "GM"}


class UsajobsSpider(FeedSpider):
    name = "usajobs"
    api_base = "https://data.usajobs.gov"
    arguments = tuple(_QUERY)

    def listing_path(self, board: str, page: int = 1) -> str:
        query = [(_QUERY[k], v) for k, v in sorted(self.params.items())]
        return "/api/Search?" + urlencode([*query, ("ResultsPerPage", PAGE_SIZE), ("Page", page)])

    def credentials(self) -> tuple[str | None, str | None]:
        """(API key, email) from the settings, else the environment."""
        key = self.setting("JOBINTEL_USAJOBS_API_KEY") or os.environ.get("JOBINTEL_USAJOBS_API_KEY")
        email = self.setting("JOBINTEL_USAJOBS_EMAIL") or os.environ.get("JOBINTEL_USAJOBS_EMAIL")
        return (str(key).strip() or None if key else None), (str(email).strip() or None if email else None)

    def api_request(self, url: str, board: str, page: int) -> Request:
        key, email = self.credentials()
        request = self.listing_request(url, board, **{_PAGE: page})
        # Host is the API host (or the mirror's); a missing or mismatched header is a 403.
        request.headers["Host"] = urlsplit(url).netloc
        request.headers["User-Agent"] = email or ""
        request.headers["Authorization-Key"] = key or ""
        return request

    async def start(self) -> AsyncIterator[Any]:
        key, email = self.credentials()
        if not key or not email:
            for board in self.boards:
                self.board_failed(
                    board,
                    "no API key: set JOBINTEL_USAJOBS_API_KEY and JOBINTEL_USAJOBS_EMAIL (the email the key "
                    "was issued to) in the environment or with --set",
                )
            return
        for board in self.boards:
            yield self.api_request(self.listing_url(board), board, 1)

    def jobs_in(self, data: Any) -> list[Any] | None:
        result = data.get("SearchResult") if isinstance(data, dict) else None
        if isinstance(result, dict) and isinstance(result.get("SearchResultItems"), list):
            return result["SearchResultItems"]
        return None

    def next_pages(self, data: Any, board: str, response: Response) -> Iterable[Request]:
        page = response.meta.get(_PAGE, 1) if response.request is not None else 1
        if page != 1:
            return
        pages = _int((data["SearchResult"].get("UserArea") or {}).get("NumberOfPages")) or 1  # a string
        cap = int(self.setting("JOBINTEL_USAJOBS_MAX_PAGES", 20))
        if pages > cap:
            self.inc_stat("usajobs/pages_over_limit", pages - cap)
        base = self.resolve_base_url()
        for n in range(2, min(pages, cap) + 1):
            yield self.api_request(base + self.listing_path(board, n), board, n)

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        yield posting_from_usajobs(job, board=board)


def usajobs_workplace(descriptor: dict[str, Any]) -> str | None:
    """``RemoteIndicator`` (or "(remote job)" in the display), else ``TeleworkEligible`` as hybrid.

    >>> usajobs_workplace({"UserArea": {"Details": {"RemoteIndicator": False, "TeleworkEligible": True}}})
    'hybrid'
    >>> usajobs_workplace({"UserArea": {"Details": {"RemoteIndicator": False, "TeleworkEligible": False}}})
    'onsite'
    """
    details = (descriptor.get("UserArea") or {}).get("Details") or {}
    display = str(descriptor.get("PositionLocationDisplay") or "").lower()
    if details.get("RemoteIndicator") is True or "(remote job)" in display:
        return "remote"
    if details.get("TeleworkEligible") is True:
        return "hybrid"  # telework-eligible: part of the week at home
    if details.get("RemoteIndicator") is False and details.get("TeleworkEligible") is False:
        return "onsite"
    return None


def gs_seniority(descriptor: dict[str, Any]) -> str | None:
    """A seniority label from the pay plan and the lowest grade (``GS-13`` -> ``senior_level``).

    >>> gs_seniority({"JobGrade": [{"Code": "GS"}], "UserArea": {"Details": {"LowGrade": "12"}}})
    'mid_senior_level'
    >>> gs_seniority({"JobGrade": [{"Code": "WG"}], "UserArea": {"Details": {"LowGrade": "8"}}})
    'WG-8'
    """
    plans = [g.get("Code") for g in descriptor.get("JobGrade") or [] if isinstance(g, dict)]
    plan = first_text(*plans)
    low = _int(((descriptor.get("UserArea") or {}).get("Details") or {}).get("LowGrade"))
    if plan is None or low is None:
        return None
    if plan.upper() in _GS_PLANS:
        for top, label in _GS_LEVELS:
            if low <= top:
                return label
        return "lead"
    return f"{plan}-{low}"  # other pay plans (wage grades, SES) stay raw for people to read


def _salary(descriptor: dict[str, Any]) -> StructuredSalary | None:
    for pay in descriptor.get("PositionRemuneration") or []:
        if not isinstance(pay, dict):
            continue
        lo, hi = _float(pay.get("MinimumRange")), _float(pay.get("MaximumRange"))
        period = normalize_period(pay.get("RateIntervalCode")) or normalize_period(pay.get("Description"))
        text = first_text(pay.get("Description"))
        salary = StructuredSalary(lo, hi, "USD", period, "stated", text)  # no currency field: USD
        if not salary.is_empty:
            return salary
    return None


def _body(descriptor: dict[str, Any]) -> str:
    details = (descriptor.get("UserArea") or {}).get("Details") or {}
    parts: list[str] = []

    def section(title: str, value: Any) -> None:
        items = [
            v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v.strip()
        ]
        if not items:
            return
        parts.append(f"<h3>{title}</h3>")
        if isinstance(value, list):
            parts.append("<ul>" + "".join(f"<li>{html.escape(v)}</li>" for v in items) + "</ul>")
        else:
            parts.append(f"<p>{html.escape(items[0])}</p>")

    section("Summary", details.get("JobSummary"))
    section("Duties", details.get("MajorDuties"))
    section("Qualifications", descriptor.get("QualificationSummary"))
    section("Requirements", details.get("Requirements"))
    section("Education", details.get("Education"))
    section("Benefits", details.get("Benefits"))
    return "\n".join(parts)


def _employment(descriptor: dict[str, Any]) -> str | None:
    for sched in descriptor.get("PositionSchedule") or []:
        if isinstance(sched, dict):
            found = normalize_employment_type(sched.get("Name")) or _SCHEDULE_CODES.get(
                str(sched.get("Code"))
            )
            if found:
                return found
    return None


def _url(descriptor: dict[str, Any]) -> str:
    url = first_text(descriptor.get("PositionURI")) or ""
    parts = urlsplit(url)
    # "https://www.usajobs.gov:443/..." -> the default port is noise that breaks URL equality.
    if parts.port == 443 and parts.scheme == "https":
        parts = parts._replace(netloc=parts.hostname or "")
    return urlunsplit(parts)


def posting_from_usajobs(item: dict[str, Any], *, board: str) -> Posting:
    """Map one ``SearchResultItems[]`` element to a ``Posting``."""
    d = item.get("MatchedObjectDescriptor") or {}
    locations = [
        loc["LocationName"].strip()
        for loc in d.get("PositionLocation") or []
        if isinstance(loc, dict) and isinstance(loc.get("LocationName"), str) and loc["LocationName"].strip()
    ]
    if not locations and first_text(d.get("PositionLocationDisplay")):
        locations = [d["PositionLocationDisplay"].strip()]
    body = _body(d)
    categories = [c.get("Name") for c in d.get("JobCategory") or [] if isinstance(c, dict)]
    return Posting(
        source="usajobs",
        source_id=str(item["MatchedObjectId"]),
        url=_url(d),
        title=first_text(d.get("PositionTitle")) or "",
        company=first_text(d.get("OrganizationName"), d.get("DepartmentName")) or "",
        board=board,
        locations=list(dict.fromkeys(locations)),
        description_html=body,
        date_posted=first_text(d.get("PublicationStartDate")),  # no zone; kept as given
        salary=_salary(d),
        workplace=usajobs_workplace(d),
        employment_type=_employment(d),
        # The OPM occupational series ("Data Science Series") is the job family; DepartmentName is the
        # parent department (an employer, not a team).
        department=first_text(*categories),
        seniority_hint=gs_seniority(d),
        raw=item,
    )


def _float(value: Any) -> float | None:
    try:
        return float(str(value).replace(",", "")) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
