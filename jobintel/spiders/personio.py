"""Personio XML feed (job-sources.md §7).

``GET https://{account}.jobs.personio.de/xml?language=en``: the feed is German unless ``language=en`` is
sent. A 404 on ``.jobs.personio.de`` is retried once on ``.jobs.personio.com`` (tenants live on either).
An empty ``<workzag-jobs></workzag-jobs>`` root is a healthy board with no roles. There is no salary or
remote field; seniority comes from ``<yearsOfExperience>`` (as months, which the tagger ranks) and else
``<seniority>``. Personio answers 429 after a few requests, so the terms file asks for 5 s between calls.

>>> PersonioSpider(board="acme").listing_url("acme")
'https://acme.jobs.personio.de/xml?language=en'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree
from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from jobintel.models import Posting
from jobintel.spiders._fields import first_text, normalize_employment_type
from jobintel.spiders.base import ApiBoardSpider
from jobintel.spiders.recruitee import tenant_root

__all__ = ["PersonioSpider", "personio_positions", "personio_seniority", "posting_from_personio"]

_HOST = "jobintel_personio_host"
# A safe parser: no entity expansion, no network, no DTD (the feed is untrusted input).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_YEARS = re.compile(r"^(?:lt-?(\d+)|(\d+)(?:-\d+|\+|-?plus)?)$")


class PersonioSpider(ApiBoardSpider):
    name = "personio"
    api_base = "https://{board}.jobs.personio.de"
    invalid_payload_reason = "invalid XML"

    def listing_path(self, board: str) -> str:
        return "/xml?language=en"

    def listing_url(self, board: str, host_pattern: str = "{board}.jobs.personio.de") -> str:
        return tenant_root(self, board, host_pattern) + self.listing_path(board)

    def decode_listing(self, response: Response) -> Any:
        return personio_positions(response.body)

    def jobs_in(self, data: Any) -> list[Any] | None:
        return data if isinstance(data, list) else None

    def parse_job(self, job: dict[str, Any], board: str, response: Response) -> Iterable[Any]:
        host = response.meta.get(_HOST) or f"{board}.jobs.personio.de"
        company = self.company_for(board, job.get("subcompany"))
        yield posting_from_personio(job, board=board, company=company, host=host)

    async def start(self):
        for board in self.boards:
            yield self.listing_request(
                self.listing_url(board), board, **{_HOST: self._public_host(board, "de")}
            )

    def listing_failed(self, failure: Failure) -> Iterator[Request]:
        request = failure.request
        board = request.meta.get("jobintel_board") or self.boards[0]
        not_found = failure.check(HttpError) and failure.value.response.status == 404
        retry_com = (
            not_found
            and "." not in board
            and self.resolve_base_url() == self.api_base
            and not request.meta.get("jobintel_personio_com")
        )
        if retry_com:
            self.inc_stat("personio/com_fallback")
            url = self.listing_url(board, "{board}.jobs.personio.com")
            yield self.listing_request(
                url, board, jobintel_personio_com=True, **{_HOST: self._public_host(board, "com")}
            )
            return
        super().listing_failed(failure)

    @staticmethod
    def _public_host(board: str, tld: str) -> str:
        return board if "." in board else f"{board}.jobs.personio.{tld}"


def personio_positions(xml: bytes | str) -> list[dict[str, Any]]:
    """Every ``<position>`` of a feed as a plain dict; raises ``ValueError`` for a non-Personio document.

    >>> personio_positions(b"<workzag-jobs></workzag-jobs>")
    []
    >>> personio_positions(b"<workzag-jobs><position><id>7</id><name>ML Engineer</name></position>"
    ...                    b"</workzag-jobs>")[0]["name"]
    'ML Engineer'
    """
    data = xml.encode() if isinstance(xml, str) else xml
    try:
        root = etree.fromstring(data.strip(), parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"invalid XML: {exc}") from None
    if root is None or root.tag != "workzag-jobs":
        raise ValueError(f"unexpected root <{getattr(root, 'tag', None)}>")
    return [_position(p) for p in root.iter("position")]


def _text(el: Any) -> str | None:
    if el is None:
        return None
    return first_text("".join(el.itertext()))


def _position(el: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in el:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        if child.tag == "additionalOffices":
            out["additionalOffices"] = [t for t in (_text(o) for o in child.iter("office")) if t]
        elif child.tag == "jobDescriptions":
            out["jobDescriptions"] = [
                {"name": _text(d.find("name")), "value": _text(d.find("value"))}
                for d in child.iter("jobDescription")
            ]
        else:
            out[child.tag] = _text(child)
    return out


def personio_seniority(job: dict[str, Any]) -> str | None:
    """``<yearsOfExperience>`` as months (``"5-7"`` is 60 months), else the ``<seniority>`` label.

    >>> personio_seniority({"yearsOfExperience": "5-7", "seniority": "experienced"})
    '60 months'
    >>> personio_seniority({"yearsOfExperience": "lt-1", "seniority": "entry-level"})
    '0 months'
    >>> personio_seniority({"seniority": "executive"})
    'executive'
    """
    years = first_text(job.get("yearsOfExperience"))
    m = _YEARS.match(years.lower()) if years else None
    if m:
        # "lt-1" asks for less than a year: no experience required.
        minimum = 0 if m.group(1) else int(m.group(2))
        return f"{minimum * 12} months"
    return first_text(job.get("seniority"))


def _body(job: dict[str, Any]) -> str:
    parts = []
    for section in job.get("jobDescriptions") or []:
        name, value = section.get("name"), section.get("value") or ""
        if "&lt;" in value and "<" not in value:
            # Some feeds entity-escape the HTML instead of wrapping it in CDATA.
            value = html.unescape(value)
        if name:
            parts.append(f"<h3>{html.escape(name)}</h3>")
        if value.strip():
            parts.append(value)
    return "\n".join(parts)


def _employment(job: dict[str, Any]) -> str | None:
    # employmentType says intern/freelance/permanent, schedule full/part time: the special kinds win.
    kind = normalize_employment_type(job.get("employmentType"))
    if kind in {"intern", "contract", "temporary"}:
        return kind
    return normalize_employment_type(job.get("schedule")) or kind


def posting_from_personio(job: dict[str, Any], *, board: str, company: str, host: str) -> Posting:
    """Map one ``<position>`` (as a dict) to a ``Posting``; the job URL is built from the tenant host."""
    position_id = first_text(job.get("id"))
    if position_id is None:
        raise KeyError("id")
    offices = [o for o in [first_text(job.get("office")), *(job.get("additionalOffices") or [])] if o]
    body = _body(job)
    return Posting(
        source="personio",
        source_id=position_id,
        url=f"https://{host}/job/{position_id}",
        title=first_text(job.get("name")) or "",
        company=company,
        board=board,
        locations=list(dict.fromkeys(offices)),
        description_html=body,
        date_posted=first_text(job.get("createdAt")),
        salary=None,
        workplace=None,  # no remote field: "Remote" as an office name is left to the location tagger
        employment_type=_employment(job),
        department=first_text(job.get("department"), job.get("recruitingCategory")),
        seniority_hint=personio_seniority(job),
        raw=job,
    )
