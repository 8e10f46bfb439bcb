"""Generic schema.org ``JobPosting`` spider for any career page (job-sources.md §14).

Started from page URLs (``url=``) and/or XML sitemaps (``sitemap=``); every ``JobPosting`` node in the
page's JSON-LD becomes one ``Posting``. ``baseSalary`` is the stated pay; ``estimatedSalary`` is used
only when there is no stated pay, and is marked ``basis="estimated"``.

>>> JsonLdSpider(url="https://example.com/jobs/1").board_status["example.com"].status
'failed'
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urljoin

from scrapy.http import Response

from jobintel.models import Posting
from jobintel.spiders._fields import first_text, normalize_employment_type, salary_from_jsonld
from jobintel.spiders.base import StructuredDataSpider
from jobintel.spiders.text import html_to_text

__all__ = ["JsonLdSpider", "posting_from_jsonld"]


class JsonLdSpider(StructuredDataSpider):
    name = "jsonld"

    def posting_from_node(
        self, node: dict[str, Any], response: Response, board: str, index: int | None
    ) -> Posting | None:
        posting = posting_from_jsonld(node, page_url=response.url, board=board, index=index)
        if node.get("estimatedSalary") and not node.get("baseSalary"):
            self.inc_stat("jsonld/estimated_salary_only")
        if not posting.description_text:
            self.inc_stat("jsonld/thin_markup")
        return posting


def posting_from_jsonld(
    node: dict[str, Any], *, page_url: str, board: str | None = None, index: int | None = None
) -> Posting:
    """Map one ``JobPosting`` node (keys camelCased, ``@id`` refs resolved) to a ``Posting``.

    The id is the posting's own ``url``; without one, the page URL plus its ``identifier`` (or its
    position, on a listings page), so two postings of one page never collide.
    """
    own_url = first_text(node.get("url"))
    url = urljoin(page_url, own_url) if own_url else page_url
    identifier = _identifier(node)
    if own_url:
        source_id = url
    elif identifier:
        source_id = f"{page_url}#{identifier}"
    else:
        source_id = page_url if index is None else f"{page_url}#{index}"
    description_html = _unescape_description(node.get("description"))
    # Legacy markup puts the currency on the posting itself (salaryCurrency).
    currency = first_text(node.get("salaryCurrency"))
    salary = None
    if node.get("baseSalary") is not None:
        salary = salary_from_jsonld(node["baseSalary"], currency=currency)
    if salary is None and node.get("estimatedSalary") is not None:
        # Third-party estimates are only a fallback, and stay marked as such.
        salary = salary_from_jsonld(node["estimatedSalary"], estimated=True, currency=currency)
    return Posting(
        source="jsonld",
        source_id=source_id,
        url=url,
        title=html.unescape(first_text(node.get("title"), node.get("name")) or ""),
        company=_organization_name(node.get("hiringOrganization")) or board or "",
        board=board,
        locations=_locations(node.get("jobLocation")),
        description_html=description_html,
        description_text=html_to_text(description_html),
        date_posted=first_text(node.get("datePosted")),
        salary=salary,
        workplace="remote" if _is_telecommute(node.get("jobLocationType")) else None,
        employment_type=normalize_employment_type(node.get("employmentType")),
        department=_organization_name(node.get("employmentUnit")),
        seniority_hint=_experience(node.get("experienceRequirements")),
        raw=node,
    )


def _unescape_description(raw: Any) -> str:
    """Descriptions are often entity-escaped, sometimes twice (``&amp;lt;p&amp;gt;``)."""
    text = raw if isinstance(raw, str) else ""
    for _ in range(2):
        if "<" in text or ("&lt;" not in text and "&amp;lt;" not in text):
            break
        text = html.unescape(text)
    return text.strip()


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _organization_name(org: Any) -> str | None:
    org = _first(org)
    if isinstance(org, dict):
        return first_text(org.get("name"), org.get("legalName"))
    return first_text(org)


def _identifier(node: dict[str, Any]) -> str | None:
    ident = _first(node.get("identifier"))
    if isinstance(ident, dict):
        ident = ident.get("value")
    if isinstance(ident, int | float) and not isinstance(ident, bool):
        return str(ident)
    return first_text(ident)


def _locations(raw: Any) -> list[str]:
    places = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for place in places:
        text = _place_text(place)
        if text and text not in out:
            out.append(text)
    return out


def _place_text(place: Any) -> str | None:
    if isinstance(place, str):
        return first_text(place)
    if not isinstance(place, dict):
        return None
    address = _first(place.get("address"))
    if isinstance(address, str):
        return first_text(address)
    if isinstance(address, dict):
        country = address.get("addressCountry")
        if isinstance(country, dict):
            country = country.get("name")
        parts = [first_text(address.get(k)) for k in ("addressLocality", "addressRegion")]
        parts.append(first_text(country))
        text = ", ".join(p for p in parts if p)
        if text:
            return text
    return first_text(place.get("name"))


def _is_telecommute(raw: Any) -> bool:
    values = raw if isinstance(raw, list) else [raw]
    return any(isinstance(v, str) and v.strip().upper() == "TELECOMMUTE" for v in values)


def _experience(raw: Any) -> str | None:
    raw = _first(raw)
    if isinstance(raw, dict):
        months = raw.get("monthsOfExperience")
        if isinstance(months, int | float | str) and str(months).strip():
            return f"{months} months of experience"
        return first_text(raw.get("description"), raw.get("name"))
    return first_text(raw)
