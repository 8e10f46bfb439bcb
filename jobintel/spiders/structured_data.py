"""Find schema.org ``JobPosting`` nodes in a page's JSON-LD and microdata (job-sources.md §14).

``extruct`` parses each ``<script type="application/ld+json">`` block (it already tolerates raw control
characters and comment-style CDATA guards); a block that still fails gets the repairs real career sites
need, and a block that cannot be repaired is counted, never fatal for the rest of the page. Microdata
(``itemscope itemtype="https://schema.org/JobPosting"``) is read by extruct in its uniform (JSON-LD-like)
shape, so both syntaxes reach ``job_postings`` as the same kind of node.

>>> html = '<script type="application/ld+json">{"@type": "JobPosting", "title": "ML Engineer"}</script>'
>>> [p["title"] for p in job_postings(extract_jsonld(html).items)]
['ML Engineer']
"""

from __future__ import annotations

import codecs
import html as html_lib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import extruct
from extruct.jsonld import JsonLdExtractor
from extruct.utils import parse_html

__all__ = ["JsonLdBlocks", "extract_jsonld", "extract_structured", "is_job_posting", "job_postings"]

_CDATA = re.compile(r"^\s*(?://|/\*)?\s*<!\[CDATA\[(?:\s*\*/)?|(?://|/\*)?\s*\]\]>(?:\s*\*/)?\s*$")
_HTML_COMMENT = re.compile(r"^\s*<!--|-->\s*$")
# JSON allows only a handful of escapes; vendors emit "\$" and similar (an invalid escape -> a literal).
_BAD_ESCAPE = re.compile(r'\\([^"\\/bfnrtu])')


@dataclass
class JsonLdBlocks:
    """The parsed top-level JSON-LD values of one page, and how many blocks could not be read."""

    items: list[Any] = field(default_factory=list)
    broken: int = 0
    repaired: int = 0  # blocks that were not plain JSON (trailing commas, objects run together, ...)
    microdata: int = 0  # top-level microdata items among ``items``


def extract_jsonld(
    page: str | bytes, *, base_url: str | None = None, encoding: str = "utf-8"
) -> JsonLdBlocks:
    """Parse every JSON-LD block of ``page``; unreadable blocks are counted in ``broken``.

    >>> extract_jsonld('<script type="application/ld+json">//<![CDATA[\\n{"a": 1}\\n//]]></script>').items
    [{'a': 1}]
    """
    result = JsonLdBlocks()
    if not page:
        return result
    tree = _parse_page(page, encoding)
    _jsonld_into(result, tree, base_url)
    return result


def extract_structured(
    page: str | bytes, *, base_url: str | None = None, encoding: str = "utf-8"
) -> JsonLdBlocks:
    """JSON-LD blocks (repaired as in ``extract_jsonld``) plus microdata items, from one parse of ``page``.

    Microdata is a fallback: sites that mark a job up both ways would otherwise yield it twice (without a
    ``url`` the two copies cannot be matched), and their JSON-LD is the richer of the two.

    >>> html = ('<div itemscope itemtype="https://schema.org/JobPosting">'
    ...         '<h1 itemprop="title">Data Engineer</h1></div>')
    >>> [p["title"] for p in job_postings(extract_structured(html).items)]
    ['Data Engineer']
    """
    result = JsonLdBlocks()
    if not page:
        return result
    tree = _parse_page(page, encoding)
    _jsonld_into(result, tree, base_url)
    if not job_postings(result.items) and tree.xpath("boolean(//*[@itemscope])"):
        try:
            found = extruct.extract(tree, base_url=base_url, syntaxes=["microdata"], uniform=True)
        except (ValueError, TypeError):  # a malformed itemscope tree: the page's JSON-LD still counts
            result.broken += 1
            found = {}
        micro = found.get("microdata") or []
        result.microdata = len(micro)
        result.items.extend(micro)
    return result


def _parse_page(page: str | bytes, encoding: str) -> Any:
    """An lxml tree of ``page``, decoded by Python with ``encoding`` (the response's, BOM-aware).

    lxml knows fewer codec names than Python ("utf-8-sig" is a LookupError) and keeps a BOM as text, so
    bytes are decoded here; undecodable bytes become U+FFFD rather than failing the page.
    """
    if isinstance(page, bytes):
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            codec = "utf-8"
        text = page.decode(codec, errors="replace")
    else:
        text = page
    return parse_html(text.lstrip("\ufeff").encode("utf-8"), encoding="utf-8")


def _jsonld_into(result: JsonLdBlocks, tree: Any, base_url: str | None) -> None:
    extractor = JsonLdExtractor()
    for script in tree.xpath('//script[@type="application/ld+json" or @type="application/json+ld"]'):
        try:
            items = extractor.extract_items(script, base_url=base_url)
        except (ValueError, TypeError):
            items = None
        if items is not None:
            # extruct quietly accepts comments and trailing commas; count them as repairs all the same.
            result.repaired += not _is_plain_json(script.xpath("string()"))
            result.items.extend(items)
            continue
        repaired = _repair(script.xpath("string()"))
        if repaired is None:
            result.broken += 1
            continue
        result.repaired += 1
        if isinstance(repaired, list):
            result.items.extend(x for x in repaired if x)
        else:
            result.items.append(repaired)


def _repair(text: str) -> Any:
    """Undo the vendor damage listed in job-sources.md §14, most common first."""
    text = _HTML_COMMENT.sub("", _CDATA.sub("", text.strip())).strip()
    candidates = [text, _BAD_ESCAPE.sub(r"\1", text)]
    if "&quot;" in text or "&#34;" in text:
        # The whole document entity-encoded inside the <script> (Gupy).
        candidates.append(html_lib.unescape(text))
    for candidate in candidates:
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    return _concatenated(text)


def _is_plain_json(text: str) -> bool:
    try:
        json.loads(_HTML_COMMENT.sub("", _CDATA.sub("", text.strip())).strip(), strict=False)
    except ValueError:
        return False
    return True


def _concatenated(text: str) -> list[Any] | None:
    """Objects run together in one block (``{...}{...}`` or one per line): a CMS looping a template."""
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    pos, end = 0, len(text)
    while pos < end:
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return None
        values.append(value)
        while pos < end and text[pos] in " \t\r\n,;":
            pos += 1
    return values if len(values) > 1 else None


def _type_names(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    # "JobPosting", "schema:JobPosting" and "https://schema.org/JobPosting" all name the same type.
    return [re.split(r"[/:#]", n)[-1] for n in names if isinstance(n, str)]


def is_job_posting(node: Any) -> bool:
    """True for a dict whose ``@type`` is ``JobPosting`` or an array containing it."""
    return isinstance(node, dict) and "JobPosting" in _type_names(node)


def _normalize_keys(value: Any) -> Any:
    # Some vendors capitalise property names ("Title", "DatePosted"); schema.org properties are camelCase.
    if isinstance(value, dict):
        return {
            (k if k.startswith("@") or not k else k[0].lower() + k[1:]): _normalize_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_normalize_keys(v) for v in value]
    return value


def _walk(value: Any, out: list[dict[str, Any]]) -> None:
    if isinstance(value, list):
        for v in value:
            _walk(v, out)
    elif isinstance(value, dict):
        out.append(value)
        for key in ("@graph", "itemListElement", "item", "mainEntity"):
            if key in value:
                _walk(value[key], out)


def _resolve(value: Any, index: dict[str, dict[str, Any]]) -> Any:
    """Replace a bare ``{"@id": ...}`` reference with the node it names (one level deep)."""
    if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] in index:
        return index[value["@id"]]
    if isinstance(value, list):
        return [_resolve(v, index) for v in value]
    return value


def job_postings(items: list[Any]) -> list[dict[str, Any]]:
    """Every ``JobPosting`` node in ``items`` (``@graph``, arrays and ItemLists included).

    Keys are camelCased, and ``hiringOrganization``/``jobLocation`` ``@id`` references are resolved
    against the page's other nodes. Duplicates (same ``url`` or ``identifier``) are kept once.
    """
    nodes: list[dict[str, Any]] = []
    _walk(_normalize_keys(items), nodes)
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}
    postings: list[dict[str, Any]] = []
    seen: set[str] = set()
    for node in nodes:
        if not is_job_posting(node):
            continue
        key = _dedupe_key(node)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        resolved = dict(node)
        for prop in ("hiringOrganization", "jobLocation", "baseSalary", "identifier"):
            if prop in resolved:
                resolved[prop] = _resolve(resolved[prop], index)
        postings.append(resolved)
    return postings


def _dedupe_key(node: dict[str, Any]) -> str | None:
    url = node.get("url")
    if isinstance(url, str) and url.strip():
        return "url:" + url.strip()
    ident = node.get("identifier")
    if isinstance(ident, dict):
        ident = ident.get("value")
    if isinstance(ident, str | int) and str(ident).strip():
        return "id:" + str(ident).strip()
    return None
