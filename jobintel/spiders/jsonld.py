"""Generic schema.org ``JobPosting`` spider for any career page (job-sources.md §14).

Started from page URLs (``url=``), XML sitemaps (``sitemap=``) and/or whole domains (``domain=``); every
``JobPosting`` node in the page's JSON-LD (or, without JSON-LD postings, its microdata) becomes one
``Posting``. ``baseSalary`` is the stated pay; ``estimatedSalary`` is used only when there is no stated
pay, and is marked ``basis="estimated"``.

A domain is discovered three ways at once: the ``Sitemap:`` lines of its robots.txt, ``/sitemap.xml``,
and the links of its careers index pages (``/careers``, ``/jobs``) to posting pages on the same host.
All of it shares the ``JOBINTEL_JSONLD_MAX_PAGES`` cap; a domain where none of the three exists fails.

>>> JsonLdSpider(url="https://example.com/jobs/1").board_status["example.com"].status
'failed'
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from jobintel.models import Posting
from jobintel.spiders._fields import first_text, normalize_employment_type, salary_from_jsonld
from jobintel.spiders.base import StructuredDataSpider

__all__ = ["JsonLdSpider", "posting_from_jsonld"]


#: Careers index pages tried on every discovered domain.
INDEX_PATHS = ("/careers", "/jobs")
# Links that look like a posting (or a page of postings) when they do not sit under the index path.
_POSTING_PATH = re.compile(
    r"/(?:jobs?|careers?|positions?|openings?|roles?|vacanc\w*|stellen\w*|o)/[^/]+", re.I
)
_BOARD = "jobintel_board"
# Enough to tell a description with words from an empty one; the text itself is rendered by the pipeline.
_MARKUP = re.compile(r"<[^>]*>|&nbsp;|&#160;")


class JsonLdSpider(StructuredDataSpider):
    name = "jsonld"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._discovery_pending: Counter[str] = Counter()
        self._discovery_found: Counter[str] = Counter()
        self._sitemaps_seen: set[str] = set(self.sitemap_urls)

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            yield request
        for root in self.domain_roots:
            for request in self.discovery_requests(root):
                yield request

    def discovery_requests(self, root: str) -> list[Request]:
        """robots.txt, /sitemap.xml and the careers index pages of one domain root."""
        host = self.host_of(root)
        meta = {_BOARD: host}
        requests = [Request(root + "/robots.txt", callback=self.parse_robots, meta=meta)]
        sitemap = root + "/sitemap.xml"
        if sitemap not in self._sitemaps_seen:
            self._sitemaps_seen.add(sitemap)
            requests.append(Request(sitemap, callback=self.parse_discovered_sitemap, meta=meta))
        requests += [Request(root + path, callback=self.parse_index, meta=meta) for path in INDEX_PATHS]
        for request in requests:
            request.dont_filter = True
            request.errback = self.discovery_failed
        self._discovery_pending[host] += len(requests)
        return requests

    def _discovery_done(self, host: str, found: bool) -> None:
        self._discovery_pending[host] -= 1
        if found:
            self._discovery_found[host] += 1
        elif self._discovery_pending[host] <= 0 and not (
            self._discovery_found[host] or self.board_status[host].fetched
        ):
            self.board_failed(
                host, "nothing to crawl: no sitemap in robots.txt or /sitemap.xml, no careers page"
            )

    def discovery_failed(self, failure: Failure) -> None:
        # A missing /jobs or /sitemap.xml is normal: only a domain where nothing exists fails.
        self.inc_stat("jsonld/discovery_missed")
        board = failure.request.meta.get(_BOARD) or self.host_of(failure.request.url)
        self._discovery_done(board, found=False)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Queue every ``Sitemap:`` the site's robots.txt declares."""
        host = self._page_board(response)
        found = []
        for line in response.text.splitlines():
            key, _, value = line.partition(":")
            url = urljoin(response.url, value.strip())
            is_sitemap = key.strip().lower() == "sitemap" and urlsplit(url).scheme in {"http", "https"}
            if is_sitemap and url not in self._sitemaps_seen:
                self._sitemaps_seen.add(url)
                found.append(url)
        self.inc_stat("jsonld/robots_sitemaps", len(found))
        self._discovery_pending[host] += len(found)
        self._discovery_done(host, found=False)
        for url in found:
            yield Request(
                url, callback=self.parse_discovered_sitemap, errback=self.discovery_failed,
                meta={_BOARD: host}, dont_filter=True,
            )  # fmt: skip

    def parse_discovered_sitemap(self, response: Response) -> Iterator[Request]:
        """Like ``parse_sitemap``, but an HTML "soft 404" only counts as not found."""
        host = self._page_board(response)
        if not _looks_like_sitemap(response.body):
            self.inc_stat("jsonld/discovery_missed")
            self._discovery_done(host, found=False)
            return
        self._discovery_done(host, found=True)
        yield from self.parse_sitemap(response)

    def parse_index(self, response: Response) -> Iterator[Any]:
        """A careers index page: its own structured data, then its links to posting pages on this host."""
        host = self._page_board(response)
        if "html" not in response.headers.get("Content-Type", b"text/html").decode("latin-1").lower():
            self._discovery_done(host, found=False)
            return
        self._discovery_done(host, found=True)
        self.board_fetched(host)
        yield from self.parse_page(response)
        limit = int(self.setting("JOBINTEL_JSONLD_MAX_PAGES", 500))
        for link in posting_links(response):
            if self._pages_queued >= limit:
                self.inc_stat("jsonld/pages_over_limit")
                break
            self._pages_queued += 1
            yield Request(link, callback=self.parse_page, errback=self.page_failed, meta={_BOARD: host})

    def posting_from_node(
        self, node: dict[str, Any], response: Response, board: str, index: int | None
    ) -> Posting | None:
        posting = posting_from_jsonld(node, page_url=response.url, board=board, index=index)
        if node.get("estimatedSalary") and not node.get("baseSalary"):
            self.inc_stat("jsonld/estimated_salary_only")
        if not _MARKUP.sub("", posting.description_html).strip():
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


def posting_links(response: Response) -> list[str]:
    """Links of a careers index page that lead to posting pages on the same host (fragments dropped).

    A link counts when it sits under the index path (``/careers/ml-engineer``) or looks like a posting
    (``/jobs/123``, ``/positions/ml-engineer``); off-site links, the index itself and other schemes are
    skipped.
    """
    here = urlsplit(response.url)
    prefix = here.path.rstrip("/") + "/"
    out: list[str] = []
    for href in response.css("a::attr(href)").getall():
        url = urljoin(response.url, href.strip())
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or parts.netloc.lower() != here.netloc.lower():
            continue
        clean = urlunsplit(parts._replace(fragment=""))
        if parts.path.rstrip("/") == here.path.rstrip("/"):
            continue
        if (parts.path.startswith(prefix) or _POSTING_PATH.search(parts.path)) and clean not in out:
            out.append(clean)
    return out


def _looks_like_sitemap(body: bytes) -> bool:
    if body[:2] == b"\x1f\x8b":
        return True  # gzip: parse_sitemap decides
    try:
        return Sitemap(body).type in {"sitemapindex", "urlset"}
    except Exception:  # lxml raises several types on garbage; all mean "not a sitemap"
        return False
