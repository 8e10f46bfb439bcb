"""Allow-list HTML sanitizer for stored descriptions, and the pipeline that applies it to every spider.

Job descriptions come from third parties and end up in our HTML exports, so ``description_html`` keeps
only formatting tags (paragraphs, lists, headings, emphasis, tables, links) with a few harmless
attributes. ``<script>``, ``<style>``, ``<iframe>`` and their content are removed, every ``on*=``
handler is dropped, and links keep only ``http``, ``https`` and ``mailto`` targets.

>>> sanitize_html('<p onclick="x()">Hi <a href="javascript:alert(1)">there</a></p><script>bad()</script>')
'<p>Hi <a>there</a></p>'
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from scrapy.crawler import Crawler

from jobintel.models import Posting
from jobintel.spiders.text import html_to_text

__all__ = ["SanitizePipeline", "SanitizeResult", "sanitize_html", "sanitize_report"]

logger = logging.getLogger(__name__)

# Tags whose whole subtree is dropped: executable, embedded or form content never belongs in a posting.
_DROP = frozenset(
    """script style iframe frame frameset object embed applet noscript template svg math form input
    button select textarea link meta base head title audio video canvas img picture source track""".split()  # noqa: SIM905
)
_ALLOWED = frozenset(
    """a abbr b blockquote br caption code dd del div dl dt em h1 h2 h3 h4 h5 h6 hr i ins li ol p pre q s
    small span strike strong sub sup table tbody td tfoot th thead tr u ul""".split()  # noqa: SIM905
)
_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "ol": frozenset({"start"}),
}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# C0 controls other than tab and newline (and DEL) never belong in text; JSON-LD strings carry them raw.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Browsers ignore these characters inside a scheme ("java\tscript:"), so they are stripped before checking.
_URL_JUNK = str.maketrans("", "", "\t\n\r\x00 ")


@dataclass
class SanitizeResult:
    """Clean HTML and how many elements and attributes were removed."""

    html: str
    removed_elements: int = 0
    removed_attributes: int = 0
    unsafe: int = 0  # removed elements, event handlers and unsafe URLs (not mere class/style attributes)

    @property
    def changed(self) -> bool:
        return bool(self.removed_elements or self.removed_attributes)


def sanitize_report(html: str | None) -> SanitizeResult:
    """Sanitize ``html`` and say how much was removed.

    >>> r = sanitize_report('<img src=x onerror="alert(1)"><b class="x">ok</b>')
    >>> r.html, r.removed_elements, r.removed_attributes, r.unsafe
    ('<b>ok</b>', 1, 1, 1)
    """
    if not html or not html.strip():
        return SanitizeResult("")
    soup = BeautifulSoup(html, "lxml")
    root = soup.body or soup
    result = SanitizeResult("")
    _clean(root, result)
    # decode_contents escapes text nodes: "&lt;script&gt;" in the source stays text, never markup.
    result.html = root.decode_contents().strip()
    return result


def sanitize_html(html: str | None) -> str:
    """Only the allow-listed tags and attributes of ``html``; see the module docstring.

    >>> sanitize_html('<ul><li style="color:red">Python</li></ul><iframe src="//evil"></iframe>')
    '<ul><li>Python</li></ul>'
    """
    return sanitize_report(html).html


def _clean(node: Tag, result: SanitizeResult) -> None:
    for child in list(node.children):
        if isinstance(child, Comment | Doctype | ProcessingInstruction):
            # Conditional comments (<!--[if IE]><script>) are markup too.
            child.extract()
            continue
        if isinstance(child, NavigableString):
            continue
        if not isinstance(child, Tag):
            child.extract()
            continue
        name = (child.name or "").lower()
        if name in _DROP:
            child.decompose()
            result.removed_elements += 1
            result.unsafe += 1
            continue
        _clean(child, result)
        if name not in _ALLOWED:
            # Unknown wrappers (<font>, <section>, <custom-el>) keep their text, lose the tag.
            child.unwrap()
            continue
        allowed = _ATTRS.get(name, frozenset())
        for attr in list(child.attrs):
            value = child.attrs[attr]
            unsafe_url = attr.lower() in {"href", "src", "action"} and not _safe_url(value)
            if attr.lower() not in allowed or unsafe_url:
                del child.attrs[attr]
                result.removed_attributes += 1
                result.unsafe += unsafe_url or attr.lower().startswith("on")
        if name == "a" and child.get("href"):
            # Third-party links must not pass our referrer or get a handle on the opener.
            child["rel"] = "nofollow noopener noreferrer"


def _safe_url(value: Any) -> bool:
    text = value if isinstance(value, str) else " ".join(value or [])
    text = text.translate(_URL_JUNK)
    scheme = urlsplit(text).scheme.lower()
    return scheme in _URL_SCHEMES or (not scheme and not text.startswith("//") and ":" not in text)


class SanitizePipeline:
    """Item pipeline: sanitize ``description_html`` of every ``Posting`` before it is stored.

    The text is re-derived from the clean HTML, so it never carries what the HTML lost. Replacement
    characters (U+FFFD, left by undecodable bytes) are removed from titles, C0 control characters from
    titles and descriptions. Counts go to ``jobintel/sanitize/unsafe_postings`` (scripts, handlers,
    unsafe links: not mere ``class`` attributes), ``jobintel/sanitize/control_chars`` and
    ``jobintel/encoding/replaced_in_title``.
    """

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SanitizePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Posting):
            return item
        text_stale = False
        for name in ("title", "company", "description_html", "description_text"):
            value = getattr(item, name)
            if isinstance(value, str) and _CONTROL.search(value):
                self.stats.inc_value("jobintel/sanitize/control_chars")
                setattr(item, name, _CONTROL.sub(" ", value))
                text_stale = text_stale or name.startswith("description")
        report = sanitize_report(item.description_html)
        if report.unsafe:
            # Formatting attributes (class, style) are dropped silently; executable content is a problem.
            self.stats.inc_value("jobintel/sanitize/unsafe_postings")
            self.stats.inc_value("jobintel/sanitize/unsafe_removed", report.unsafe)
            logger.info(
                "sanitized %s:%s (%d unsafe parts removed)", item.source, item.source_id, report.unsafe
            )
        if report.changed:
            item.description_html = report.html
        if report.changed or text_stale:
            # The text is re-derived from what is stored, so it never carries what the HTML lost.
            item.description_text = html_to_text(item.description_html)
        if isinstance(item.title, str) and "\ufffd" in item.title:
            self.stats.inc_value("jobintel/encoding/replaced_in_title")
            item.title = item.title.replace("\ufffd", " ")
        item.title = " ".join(item.title.split()) if isinstance(item.title, str) else item.title
        return item
