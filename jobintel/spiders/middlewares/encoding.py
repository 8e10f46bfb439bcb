"""Fix the declared encoding of HTML pages whose bytes say otherwise.

Scrapy decides a page's encoding as browsers do (WHATWG): a byte-order mark wins, then the
``Content-Type`` charset, then ``<meta charset>``. That is right for the conflicts real sites have (a
header contradicting ``<meta>``: the header wins; a BOM: the BOM wins) and this middleware leaves those
alone, only counting them (``jobintel/encoding/header_meta_conflict``, ``jobintel/encoding/bom``).

What it repairs is the common server misconfiguration: Windows-1252 bytes (curly quotes ``\\x92``,
``\\xe9``) sent as ``charset=utf-8``. Decoding those as UTF-8 puts U+FFFD into titles. When the page is
not valid UTF-8 but is valid cp1252, the response is re-labelled cp1252
(``jobintel/encoding/cp1252_fallback``); when no candidate decodes cleanly, the damage is counted
(``jobintel/encoding/replaced``) and the replacement characters are later kept out of titles by
``SanitizePipeline``.

>>> repair_label(b"<p>It\\x92s</p>", "utf-8")
'cp1252'
>>> repair_label("<p>It’s</p>".encode(), "utf-8") is None
True
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from scrapy.http import HtmlResponse, Request, Response

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["EncodingRepairMiddleware", "repair_label"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF8 = frozenset({"utf-8", "utf8"})


def _norm(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def repair_label(body: bytes, declared: str) -> str | None:
    """The encoding to use instead of ``declared`` (only cp1252 sent as UTF-8 is repaired), or ``None``."""
    if _norm(declared) not in _UTF8 or body.startswith(_BOMS):
        return None
    try:
        body.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    try:
        body.decode("cp1252")
    except UnicodeDecodeError:
        return None  # neither: leave it to replacement characters, counted by the caller
    return "cp1252"


class EncodingRepairMiddleware:
    """Downloader middleware for HTML responses; runs after decompression."""

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EncodingRepairMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        body = response.body
        if body.startswith(_BOMS):
            self.stats.inc_value("jobintel/encoding/bom")
        header = _norm(response._headers_encoding())
        meta = _META_CHARSET.search(body[:4096])
        meta_label = _norm(meta.group(1).decode("ascii", "replace")) if meta else None
        if header and meta_label and header != meta_label:
            self.stats.inc_value("jobintel/encoding/header_meta_conflict")
        label = repair_label(body, response.encoding)
        if label:
            self.stats.inc_value("jobintel/encoding/cp1252_fallback")
            return response.replace(encoding=label)
        try:
            codecs.decode(body, response.encoding)
        except (UnicodeDecodeError, LookupError):
            self.stats.inc_value("jobintel/encoding/replaced")
        return response
