"""Allow-list HTML sanitizer for stored descriptions, and the pipeline that applies it to every spider.

Job descriptions come from third parties and end up in our HTML exports, so ``description_html`` keeps
only formatting tags (paragraphs, lists, headings, emphasis, tables, links) with a few harmless
attributes. ``<script>``, ``<style>``, ``<iframe>`` and their content are removed, every ``on*=``
handler is dropped, and links keep only ``http``, ``https`` and ``mailto`` targets. Unknown inline
wrappers (``<font>``, ``<custom-el>``) are unwrapped; unknown block elements (``<section>``,
``<article>``) become ``<div>`` so their text stays on its own line.

``clean_description`` is the one owner of a stored description: a single BeautifulSoup parse yields
both the safe HTML and its text (rendered by ``text.TextWriter`` in the same walk). Spiders only set
``description_html``; ``SanitizePipeline`` fills ``description_text``.

>>> sanitize_html('<p onclick="x()">Hi <a href="javascript:alert(1)">there</a></p><script>bad()</script>')
'<p>Hi <a>there</a></p>'
>>> r = clean_description("<section>We train LLMs.</section><section>Python</section><img src=x>")
>>> r.html, r.text
('<div>We train LLMs.</div><div>Python</div>', 'We train LLMs.\\nPython')
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from bs4.element import PreformattedString
from scrapy.crawler import Crawler

from jobintel.models import Posting
from jobintel.spiders.text import BLOCK_TAGS, NON_CONTENT_TAGS, TextWriter

__all__ = [
    "SanitizePipeline",
    "SanitizeResult",
    "clean_description",
    "html_to_text",
    "sanitize_html",
    "sanitize_report",
]

logger = logging.getLogger(__name__)

# Tags whose whole subtree is dropped: the text never shows them either (see text.py).
_DROP = NON_CONTENT_TAGS
_ALLOWED = frozenset(
    """a abbr b blockquote br caption code dd del div dl dt em h1 h2 h3 h4 h5 h6 hr i ins li ol p pre q s
    small span strike strong sub sup table tbody td tfoot th thead tr u ul""".split()  # noqa: SIM905
)
# Unknown block elements become <div> rather than being unwrapped: "<section>a</section><section>b</section>"
# must not turn into "ab" in the stored HTML or its text.
_TO_DIV = BLOCK_TAGS - _ALLOWED
_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "ol": frozenset({"start"}),
}
# The parser's document wrappers: walked through, never cleaned, unwrapped before serializing.
_DOCUMENT = frozenset({"html", "body"})
_DOCUMENT_TAG = re.compile(r"<\s*/?\s*(?:html|head|body)\b", re.I)
_NO_ATTRS: frozenset[str] = frozenset()
_URL_ATTRS = frozenset({"href", "src", "action"})
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_REL = "nofollow noopener noreferrer"
# C0 controls other than tab and newline (and DEL) never belong in text; JSON-LD strings carry them raw.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Browsers ignore these characters inside a scheme ("java\tscript:"), so they are stripped before checking.
_URL_JUNK = str.maketrans("", "", "\t\n\r\x00 ")


@dataclass
class SanitizeResult:
    """Clean HTML, its text, and how many elements and attributes were removed."""

    html: str
    removed_elements: int = 0
    removed_attributes: int = 0
    unsafe: int = 0  # removed elements, event handlers and unsafe URLs (not mere class/style attributes)
    text: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.removed_elements or self.removed_attributes)


def clean_description(html: str | None) -> SanitizeResult:
    """A description as it is stored: safe HTML and its text, from one BeautifulSoup parse.

    ``html`` is returned as given when nothing had to be removed (a re-serialization would only
    reformat it, and stored HTML must stay byte-stable for change detection); otherwise it is the
    sanitized markup. ``text`` is the text of that HTML: nothing the HTML lost.

    >>> r = clean_description('<div class="x">Build <b>LLMs</b></div><div>Remote<script>x()</script></div>')
    >>> r.html, r.text, r.unsafe
    ('<div>Build <b>LLMs</b></div><div>Remote</div>', 'Build LLMs\\nRemote', 1)
    >>> clean_description("<ul><li>Python</li></ul>").html
    '<ul><li>Python</li></ul>'
    """
    return _sanitize(html, reserialize=False)


def sanitize_report(html: str | None) -> SanitizeResult:
    """Sanitize ``html`` and say how much was removed (the HTML is always re-serialized).

    >>> r = sanitize_report('<img src=x onerror="alert(1)"><b class="x">ok</b>')
    >>> r.html, r.removed_elements, r.removed_attributes, r.unsafe
    ('<b>ok</b>', 1, 1, 1)
    """
    return _sanitize(html, reserialize=True)


def html_to_text(html: str | None) -> str:
    """Render ``html`` as clean text: one line per block, ``- `` before list items (``text.TextWriter``).

    Returns ``""`` for empty input. Entity-escaped HTML (Greenhouse) must be ``html.unescape``-d first.

    >>> html_to_text("<h2>About</h2><p>We  build&nbsp;LLMs.</p><ul><li>Python</li><li>Rust</li></ul>")
    'About\\nWe build LLMs.\\n- Python\\n- Rust'
    >>> html_to_text("Requirements:\\n- Python &amp; SQL\\n\\n- Airflow")
    'Requirements:\\n- Python & SQL\\n- Airflow'
    """
    return clean_description(html).text


def sanitize_html(html: str | None) -> str:
    """Only the allow-listed tags and attributes of ``html``; see the module docstring.

    >>> sanitize_html('<ul><li style="color:red">Python</li></ul><iframe src="//evil"></iframe>')
    '<ul><li>Python</li></ul>'
    """
    return sanitize_report(html).html


def _sanitize(html: str | None, *, reserialize: bool) -> SanitizeResult:
    if not html or not html.strip():
        return SanitizeResult("" if reserialize or not html else html)
    soup = BeautifulSoup(html, "lxml")
    result = SanitizeResult(html)
    writer = TextWriter.for_document(html)
    # The whole document, not just <body>: lxml puts text after a stray </html> in a second <html>.
    _clean(soup, result, writer)
    result.text = writer.value()
    # Document tags in a fragment are always re-serialized away: a browser merges a late
    # <body onload=...> into the page's body, while lxml silently drops its attributes.
    if reserialize or result.changed or _DOCUMENT_TAG.search(html):
        for wrapper in soup.find_all(_DOCUMENT):
            wrapper.unwrap()
        # decode_contents escapes text nodes: "&lt;script&gt;" in the source stays text, never markup.
        result.html = soup.decode_contents().strip()
        if not writer.plain and "\n" in result.html and TextWriter.for_document(result.html).plain:
            # Every tag was removed: source newlines were spaces, and must not become lines when the
            # stored HTML is read again as plain text.
            result.html = result.html.replace("\n", " ")
    return result


def _clean(node: Tag, result: SanitizeResult, writer: TextWriter) -> None:
    """Sanitize ``node``'s children in place and feed their text to ``writer``, in one walk."""
    for child in list(node.children):
        if isinstance(child, NavigableString):
            if isinstance(child, Comment | Doctype | ProcessingInstruction):
                # Conditional comments (<!--[if IE]><script>) are markup too.
                child.extract()
            elif not isinstance(child, PreformattedString):  # CDATA, declarations: not text
                writer.data(child)
            continue
        if not isinstance(child, Tag):
            child.extract()
            continue
        name = (child.name or "").lower()
        if name in _DOCUMENT:
            if child.attrs:
                # A <body onload=...> anywhere in a page sets the handler on the page's own body.
                _clean_attributes(child, name, result)
            writer.start(name)
            _clean(child, result, writer)
            writer.end(name)
            continue
        if name in _DROP:
            child.decompose()
            result.removed_elements += 1
            result.unsafe += 1
            continue
        writer.start(name)
        _clean(child, result, writer)
        writer.end(name)
        if child.attrs:
            # Unknown elements keep no attributes, and their removal counts: an <x-y onmouseover=...>
            # must never be stored as given.
            _clean_attributes(child, name, result)
        if name in _ALLOWED:
            continue
        if name in _TO_DIV:
            child.name = "div"
        else:
            # Unknown inline wrappers (<font>, <custom-el>) keep their text, lose the tag.
            child.unwrap()


def _clean_attributes(tag: Tag, name: str, result: SanitizeResult) -> None:
    allowed = _ATTRS.get(name, _NO_ATTRS)
    for attr in list(tag.attrs):
        key = attr.lower()
        if key == "rel" and name == "a" and _attr_text(tag.attrs[attr]) == _REL:
            # Our own rel (stored HTML cleaned again) is no removal: a second pass changes nothing.
            continue
        unsafe_url = key in _URL_ATTRS and not _safe_url(tag.attrs[attr])
        if key not in allowed or unsafe_url:
            del tag.attrs[attr]
            result.removed_attributes += 1
            result.unsafe += unsafe_url or key.startswith("on")
    if name == "a" and tag.get("href"):
        # Third-party links must not pass our referrer or get a handle on the opener.
        tag["rel"] = _REL


def _attr_text(value: Any) -> str:
    # bs4 gives multi-valued attributes (rel, class) as lists.
    return value if isinstance(value, str) else " ".join(value or [])


def _safe_url(value: Any) -> bool:
    text = _attr_text(value).translate(_URL_JUNK)
    scheme = urlsplit(text).scheme.lower()
    return scheme in _URL_SCHEMES or (not scheme and not text.startswith("//") and ":" not in text)


class SanitizePipeline:
    """Item pipeline: the stored ``description_html`` and ``description_text`` of every ``Posting``.

    One ``clean_description`` parse per posting sanitizes the HTML and renders its text, so the text
    never carries what the HTML lost. Spiders set ``description_html`` only; a ``description_text``
    they set is a plain-text fallback (Ashby's ``descriptionPlain``, Himalayas' ``excerpt``), kept
    only when the HTML has no text. Replacement characters (U+FFFD, left by undecodable bytes) are
    removed from titles, C0 control characters from titles and descriptions. Counts go to
    ``jobintel/sanitize/unsafe_postings`` (scripts, handlers, unsafe links: not mere ``class``
    attributes), ``jobintel/sanitize/control_chars`` and ``jobintel/encoding/replaced_in_title``.
    """

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SanitizePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Posting):
            return item
        for name in ("title", "company", "description_html", "description_text"):
            value = getattr(item, name)
            if isinstance(value, str) and _CONTROL.search(value):
                self.stats.inc_value("jobintel/sanitize/control_chars")
                setattr(item, name, _CONTROL.sub(" ", value))
        description = clean_description(item.description_html)
        if description.unsafe:
            # Formatting attributes (class, style) are dropped silently; executable content is a problem.
            self.stats.inc_value("jobintel/sanitize/unsafe_postings")
            self.stats.inc_value("jobintel/sanitize/unsafe_removed", description.unsafe)
            logger.info(
                "sanitized %s:%s (%d unsafe parts removed)", item.source, item.source_id, description.unsafe
            )
        if isinstance(item.description_html, str):
            item.description_html = description.html
        if description.text or not item.description_text:
            item.description_text = description.text
        if isinstance(item.title, str) and "\ufffd" in item.title:
            self.stats.inc_value("jobintel/encoding/replaced_in_title")
            item.title = item.title.replace("\ufffd", " ")
        item.title = " ".join(item.title.split()) if isinstance(item.title, str) else item.title
        return item
