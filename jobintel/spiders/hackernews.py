"""Hacker News "Ask HN: Who is hiring?" (job-sources.md §8): one posting per top-level comment.

A board is a month (``2026-11``), ``latest`` (the default) or ``recent`` (the two newest threads: on the
first days of a month the new thread is nearly empty). The thread is found through Algolia
(``/api/v1/search_by_date?tags=story,author_whoishiring``), **filtered by title**, never by position (the
same account posts "Who wants to be hired?" at the same second); the whole comment tree then comes from
one ``/api/v1/items/{id}`` call. Only top-level comments by live authors are postings: nested replies are
applicants' questions, and deleted or dead items have no author or text.

The first line (``Company | Role | Location | REMOTE | Full-time | $150k | URL``) is parsed by scanning
its segments, since every slot is optional and the order varies.

>>> h = parse_hn_header("Example AI | Senior ML Engineer | San Francisco or REMOTE (US) | Full-time<p>…")
>>> (h.company, h.title, h.locations, h.workplace, h.employment_type)
('Example AI', 'Senior ML Engineer', ['San Francisco or REMOTE (US)'], 'remote', 'full_time')
"""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Response

from jobintel.errors import ConfigError
from jobintel.models import Posting
from jobintel.spiders._fields import first_text, normalize_employment_type
from jobintel.spiders.base import FeedSpider
from jobintel.spiders.remotive import salary_from_text

__all__ = ["HackerNewsSpider", "HnHeader", "hiring_threads", "parse_hn_header", "posting_from_hn_comment"]

HIRING_PREFIX = "Ask HN: Who is hiring?"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_TITLE_MONTH = re.compile(r"\((?P<month>[A-Za-z]+)\s+(?P<year>\d{4})\)")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_FIRST_PARAGRAPH = re.compile(r"<p>|\n", re.I)
_TAGS = re.compile(r"<[^>]+>")
_URL = re.compile(r"https?://|www\.|^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.I)
_WORKPLACE_TOKEN = re.compile(r"\b(REMOTE|ONSITE|ON-SITE|ON SITE|IN-OFFICE|IN OFFICE|HYBRID)\b")
_ONLY_WORKPLACE = re.compile(
    r"^(?:(?:100%\s*)?(?:REMOTE|ONSITE|ON-SITE|ON SITE|IN-OFFICE|HYBRID)(?:\s*(?:/|,|or|and|\+|&)\s*)?)+$",
    re.I,
)
_PAY_HINT = re.compile(r"[$€£¥₹]|\b\d+(?:[.,]\d+)?\s*[kK]\b|\b(?:USD|EUR|GBP|CAD|AUD|CHF)\b|\bsalary\b", re.I)
_ROLE = re.compile(
    r"\b(?:engineers?|engineering|developers?|scientists?|designers?|managers?|leads?|head of|directors?|"
    r"analysts?|researchers?|architects?|sre|devops|mlops|cto|vp|interns?|internship|recruiters?|"
    r"administrators?|technicians?|specialists?|consultants?|writers?|marketers?|programmers?|founding|"
    r"product|sales|account executives?|support|operations|hackers?|roles?|positions?|staff|principal|"
    r"full[- ]?stack|front[- ]?end|back[- ]?end|software|ml|ai|data|security|infra(?:structure)?|"
    r"platform|mobile|ios|android|qa|tester|generalist)\b",
    re.I,
)
_YC = re.compile(r"\s*\((?:YC|Y Combinator)\b[^)]*\)\s*$", re.I)


@dataclass
class HnHeader:
    """What the first line of a hiring comment says."""

    company: str
    title: str
    locations: list[str] = field(default_factory=list)
    workplace: str | None = None
    employment_type: str | None = None
    salary_text: str | None = None
    url: str | None = None


def _first_line(text_html: str) -> str:
    line = _FIRST_PARAGRAPH.split(text_html or "", maxsplit=1)[0]
    return " ".join(html.unescape(_TAGS.sub(" ", line)).split())


def _workplace(tokens: set[str]) -> str | None:
    if "HYBRID" in tokens:
        return "hybrid"
    remote = "REMOTE" in tokens
    onsite = bool(tokens & {"ONSITE", "ON-SITE", "ON SITE", "IN-OFFICE", "IN OFFICE"})
    if remote and not onsite:
        return "remote"
    if onsite and not remote:
        return "onsite"
    return None  # "ONSITE or REMOTE": either is possible, the tagger reads the text


def parse_hn_header(text_html: str) -> HnHeader | None:
    """Parse the ``Company | Role | Location | ...`` line; ``None`` when it is not such a line.

    >>> h = parse_hn_header("DataCo (YC S24) | Berlin | ONSITE | Data Engineer, MLOps Engineer | €75–95k")
    >>> (h.company, h.title, h.locations, h.workplace, h.salary_text)
    ('DataCo', 'Data Engineer, MLOps Engineer', ['Berlin'], 'onsite', '€75–95k')
    """
    segments = [s.strip() for s in _first_line(text_html).split("|")]
    segments = [s for s in segments if s]
    if len(segments) < 2:
        return None
    company: str | None = None
    header = HnHeader(company="", title="")
    tokens: set[str] = set()
    others: list[str] = []
    for seg in segments:
        found = {t.upper() for t in _WORKPLACE_TOKEN.findall(seg.upper())}
        tokens |= found
        if _URL.search(seg) and " " not in seg.strip():
            header.url = header.url or seg
        elif _ONLY_WORKPLACE.match(seg):
            continue
        elif _PAY_HINT.search(seg) and salary_from_text(seg) is not None and not header.salary_text:
            header.salary_text = seg
        elif len(seg) <= 30 and not _ROLE.search(seg) and normalize_employment_type(seg):
            header.employment_type = header.employment_type or normalize_employment_type(seg)
        elif company is None:
            # The company is the first free-text slot (usually the first; "Full-time | Acme | ..." happens).
            company = _YC.sub("", seg).strip() or seg
        elif not header.title and not found and _ROLE.search(seg):
            header.title = seg
        else:
            others.append(seg)
    if not company or not header.title:
        return None
    header.company = company
    header.locations = others
    header.workplace = _workplace(tokens)
    return header


def hiring_threads(hits: Any) -> list[dict[str, Any]]:
    """The "Who is hiring?" stories among Algolia hits, newest first (other threads dropped by title)."""
    threads = [
        h
        for h in hits or []
        if isinstance(h, dict) and str(h.get("title") or "").startswith(HIRING_PREFIX) and h.get("objectID")
    ]
    return sorted(threads, key=lambda h: h.get("created_at_i") or 0, reverse=True)


def thread_month(hit: dict[str, Any]) -> str | None:
    """``"Ask HN: Who is hiring? (September 2026)"`` -> ``"2026-09"``."""
    m = _TITLE_MONTH.search(str(hit.get("title") or ""))
    if not m or m.group("month").lower() not in _MONTHS:
        return None
    return f"{m.group('year')}-{_MONTHS[m.group('month').lower()]:02d}"


class HackerNewsSpider(FeedSpider):
    name = "hackernews"
    api_base = "https://hn.algolia.com"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for board in self.boards:
            if board not in {"latest", "recent"} and not _MONTH.match(board):
                raise ConfigError(
                    f"hackernews: board must be a month like 2026-11, 'latest' or 'recent'; got {board!r}"
                )

    def feed_label(self) -> str:
        return "latest"

    def listing_path(self, board: str) -> str:
        query: list[tuple[str, Any]] = [("tags", "story,author_whoishiring"), ("hitsPerPage", 8)]
        m = _MONTH.match(board)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            start = datetime(year, month, 1, tzinfo=UTC)
            end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
            filters = f"created_at_i>={int(start.timestamp())},created_at_i<{int(end.timestamp())}"
            query.append(("numericFilters", filters))
        return "/api/v1/search_by_date?" + urlencode(query)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        board = self._board_of(response)
        try:
            data = response.json()
        except (ValueError, AttributeError):
            self.board_failed(board, "invalid JSON")
            return
        if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
            self.board_failed(board, "unexpected payload")
            return
        threads = hiring_threads(data["hits"])
        if _MONTH.match(board):
            # Algolia's filter may be ignored (a mirror): the title decides.
            threads = [t for t in threads if thread_month(t) == board]
        threads = threads[: 2 if board == "recent" else 1]
        if not threads:
            self.board_failed(board, f"no '{HIRING_PREFIX}' thread for {board}")
            return
        self.board_fetched(board)
        for thread in threads:
            yield self.listing_request(
                self.resolve_base_url() + f"/api/v1/items/{int(thread['objectID'])}",
                board,
                jobintel_thread=thread.get("title"),
            ).replace(callback=self.parse_thread)

    def parse_thread(self, response: Response) -> Iterator[Posting]:
        board = self._board_of(response)
        try:
            story = response.json()
        except (ValueError, AttributeError):
            self.board_failed(board, "thread: invalid JSON")
            return
        if not isinstance(story, dict) or not isinstance(story.get("children"), list):
            self.board_failed(board, "thread: unexpected payload")
            return
        self.inc_stat("pages/ok")
        for comment in story["children"]:
            if not isinstance(comment, dict):
                continue
            replies = _count_nested(comment)
            if replies:
                self.inc_stat("hackernews/replies_ignored", replies)
            if (
                comment.get("deleted")
                or comment.get("dead")
                or not comment.get("author")
                or not comment.get("text")
            ):
                self.inc_stat("hackernews/deleted_skipped")
                continue
            if comment.get("author") == "whoishiring" or comment.get("parent_id") not in (
                None,
                story.get("id"),
            ):
                self.inc_stat("hackernews/not_a_post")
                continue
            posting = posting_from_hn_comment(comment, story=story, board=board)
            if posting is None:
                self.inc_stat("hackernews/unparsed_header")
                continue
            self.board_posting(board)
            yield posting

    def jobs_in(self, data: Any) -> list[Any] | None:  # pragma: no cover - parse is overridden
        return None

    def parse_job(
        self, job: dict[str, Any], board: str, response: Response
    ) -> Iterable[Any]:  # pragma: no cover
        return ()


def _count_nested(comment: dict[str, Any]) -> int:
    kids = [c for c in comment.get("children") or [] if isinstance(c, dict)]
    return len(kids) + sum(_count_nested(c) for c in kids)


def posting_from_hn_comment(comment: dict[str, Any], *, story: dict[str, Any], board: str) -> Posting | None:
    """One top-level hiring comment as a ``Posting``; ``None`` when its first line is not a header."""
    text_html = comment.get("text") or ""
    header = parse_hn_header(text_html)
    if header is None:
        return None
    raw = {k: v for k, v in comment.items() if k != "children"}
    raw["thread_title"] = story.get("title")
    return Posting(
        source="hackernews",
        source_id=str(comment["id"]),
        url=f"https://news.ycombinator.com/item?id={comment['id']}",
        title=header.title,
        company=header.company,
        board=board,
        locations=header.locations,
        description_html=text_html,
        date_posted=first_text(comment.get("created_at")),
        salary=salary_from_text(header.salary_text),
        workplace=header.workplace,
        employment_type=header.employment_type,
        raw=raw,
    )
