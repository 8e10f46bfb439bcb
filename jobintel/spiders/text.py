"""HTML -> clean text: what counts as content, and the line layout the tagger relies on.

The tagger finds sections by their headings and requirements by their bullets, so the text keeps one
line per block element: headings, paragraphs and ``<li>`` items (prefixed ``"- "``) each start a new
line; table cells stay on their row's line, joined by ``" | "``. Everything else is
whitespace-collapsed. A description without any tag is plain text (JSON-LD ``description`` often
is, or Markdown): its own line breaks are kept. ``NON_CONTENT_TAGS`` (scripts, styles, media,
forms) never reach the text, and the sanitizer removes exactly these from the HTML, so the text and
the safe HTML always agree.

Descriptions get their text from ``sanitize.clean_description`` (or ``sanitize.html_to_text``),
which renders it with ``TextWriter`` during the sanitizer's walk: one parse per description.
"""

from __future__ import annotations

import re

__all__ = ["BLOCK_TAGS", "NON_CONTENT_TAGS", "TextWriter"]

#: Elements whose whole subtree is never description content: executable, embedded or form markup.
NON_CONTENT_TAGS = frozenset(
    """script style iframe frame frameset object embed applet noscript template svg math form input
    button select textarea link meta base head title audio video canvas img picture source track""".split()  # noqa: SIM905 - a word list reads better than quoted strings
)
#: Elements that start and end a line of text.
BLOCK_TAGS = frozenset(
    """address article aside blockquote caption dd details dialog div dl dt fieldset figcaption figure
    footer h1 h2 h3 h4 h5 h6 header hr main nav ol p pre section summary table tbody tfoot thead tr
    ul""".split()  # noqa: SIM905
)  # <html> and <body> are the parser's wrappers, not blocks: the stored HTML loses them
# Table cells stay on the row's line, separated, so "Salary | $120k" survives as one statement.
_CELL = frozenset({"td", "th"})
# \xa0 (&nbsp;), zero-width characters and other exotic spaces are collapsed like ordinary ones.
_SPACES = re.compile(r"[ \t\r\f\v\xa0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_NEWLINE = "\n"
# Anything that opens a tag, a comment or a doctype; "a < b" and "&lt;p&gt;" are still plain text.
_MARKUP = re.compile(r"<[a-zA-Z!/?]")


class TextWriter:
    """Collects the text of an HTML tree walked in document order, then lays it out as lines.

    A walker calls ``start(name)`` before an element's children, ``data(text)`` for each text node
    and ``end(name)`` after the children; it skips ``NON_CONTENT_TAGS`` and comments itself. The
    writer for a document without tags (``TextWriter.for_document``) keeps the source's line breaks.

    >>> w = TextWriter()
    >>> w.start("li"); w.data("Python"); w.end("li"); w.start("p"); w.data(" ok "); w.end("p")
    >>> w.value()
    '- Python\\nok'
    """

    __slots__ = ("_parts", "_plain")

    def __init__(self, *, plain: bool = False) -> None:
        self._parts: list[str] = []
        self._plain = plain

    @property
    def plain(self) -> bool:
        """True when line breaks in text nodes are kept (a document without tags)."""
        return self._plain

    @classmethod
    def for_document(cls, html: str) -> TextWriter:
        """A writer for ``html``: plain (line breaks kept) when it has no tag at all."""
        return cls(plain=not _MARKUP.search(html))

    def data(self, text: str) -> None:
        # Source newlines inside a paragraph are just whitespace in HTML; in plain text they are lines.
        self._parts.append(text if self._plain else text.replace(_NEWLINE, " "))

    def start(self, name: str) -> None:
        parts = self._parts
        if name == "br":
            parts.append(_NEWLINE)
        elif name == "li":
            parts.append(_NEWLINE + "- ")
        elif name in _CELL:
            if self._line_has_text():
                parts.append(" | ")
        elif name in BLOCK_TAGS:
            parts.append(_NEWLINE)

    def _line_has_text(self) -> bool:
        # A cell separator joins cells, so it needs visible text before it on the same line: a row
        # opening with an empty (or whitespace-only) cell must not start its line with "|".
        for part in reversed(self._parts):
            line = part.rpartition(_NEWLINE)
            if _SPACES.sub("", line[2]).strip():
                return True
            if line[1]:
                return False
        return False

    def end(self, name: str) -> None:
        if name == "li" or name in BLOCK_TAGS:
            self._parts.append(_NEWLINE)

    def value(self) -> str:
        """The collected text: one stripped, space-collapsed line per block, no empty lines."""
        lines: list[str] = []
        bullet = False
        for line in "".join(self._parts).split(_NEWLINE):
            line = _SPACES.sub(" ", line).strip()
            if line == "-":
                # "<li><p>text</p></li>": the bullet belongs to the first block inside the item.
                bullet = True
            elif line:
                lines.append(f"- {line}" if bullet and not line.startswith("- ") else line)
                bullet = False
        return _NEWLINE.join(lines)
