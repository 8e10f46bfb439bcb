"""HTML -> clean text, shared by every spider.

The tagger finds sections by their headings and requirements by their bullets, so the text keeps one
line per block element: headings, paragraphs and ``<li>`` items (prefixed ``"- "``) each start a new
line. Everything else is whitespace-collapsed; ``<script>``/``<style>`` never reach the text.

>>> html_to_text("<h2>About</h2><p>We  build&nbsp;LLMs.</p><ul><li>Python</li><li>Rust</li></ul>")
'About\\nWe build LLMs.\\n- Python\\n- Rust'
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

__all__ = ["html_to_text"]

_DROP = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg", "button", "form"})
_BLOCK = frozenset(
    """address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure
    footer h1 h2 h3 h4 h5 h6 header hr html main nav ol p pre section summary table tbody tfoot thead tr
    ul""".split()  # noqa: SIM905 - a word list reads better than 38 quoted strings
)
# Table cells stay on the row's line, separated, so "Salary | $120k" survives as one statement.
_CELL = frozenset({"td", "th"})
# \xa0 (&nbsp;), zero-width characters and other exotic spaces are collapsed like ordinary ones.
_SPACES = re.compile(r"[ \t\r\f\v\xa0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_NEWLINE = "\n"


def html_to_text(html: str | None) -> str:
    """Render ``html`` as clean text: one line per block, ``- `` before list items.

    Returns ``""`` for empty input. Entity-escaped HTML (Greenhouse) must be ``html.unescape``-d first.

    >>> html_to_text("<div>Line one<br>line two</div><script>x()</script>")
    'Line one\\nline two'
    """
    if not html or not html.strip():
        return ""
    soup = BeautifulSoup(html, "lxml")
    parts: list[str] = []
    _walk(soup, parts)
    lines: list[str] = []
    bullet = False
    for line in "".join(parts).split(_NEWLINE):
        line = _SPACES.sub(" ", line).strip()
        if line == "-":
            # "<li><p>text</p></li>": the bullet belongs to the first block inside the item.
            bullet = True
        elif line:
            lines.append(f"- {line}" if bullet and not line.startswith("- ") else line)
            bullet = False
    return _NEWLINE.join(lines)


def _walk(node: Tag, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            # Source newlines inside a paragraph are just whitespace in HTML.
            out.append(str(child).replace("\n", " "))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _DROP:
            continue
        if name == "br":
            out.append(_NEWLINE)
        elif name == "li":
            out.append(_NEWLINE + "- ")
            _walk(child, out)
            out.append(_NEWLINE)
        elif name in _CELL:
            out.append(" | " if out and not out[-1].endswith(_NEWLINE) else "")
            _walk(child, out)
        elif name in _BLOCK:
            out.append(_NEWLINE)
            _walk(child, out)
            out.append(_NEWLINE)
        else:
            _walk(child, out)
