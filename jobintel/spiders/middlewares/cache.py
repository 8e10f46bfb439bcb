"""HTTP cache storage for development that never writes credentials or cookies to disk.

``jobintel crawl --http-cache`` (or ``--set HTTPCACHE_ENABLED=true``) replays responses from
``.jobintel-httpcache/`` so that spider work does not re-hit the boards. Scrapy's filesystem storage
writes the request and response headers next to each body; this subclass drops ``Authorization``,
``Proxy-Authorization``, ``Cookie`` and ``Set-Cookie`` first, so a cache directory can be shared or
attached to a bug report.

>>> sorted(k.decode() for k in _clean_headers({"Cookie": "a=1", "Accept": "*/*"}))
['Accept']
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import Headers, Request, Response

__all__ = ["SENSITIVE_HEADERS", "CredentialFreeCacheStorage"]

SENSITIVE_HEADERS = frozenset({b"authorization", b"proxy-authorization", b"cookie", b"set-cookie"})


def _clean_headers(headers: Any) -> Headers:
    out = Headers(headers)
    for key in list(out.keys()):
        if bytes(key).lower() in SENSITIVE_HEADERS:
            del out[key]
    return out


class CredentialFreeCacheStorage(FilesystemCacheStorage):
    """``FilesystemCacheStorage`` minus credential and cookie headers."""

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        # The cache key is the request fingerprint, which ignores headers: the path does not change.
        super().store_response(
            spider,
            request.replace(headers=_clean_headers(request.headers)),
            response.replace(headers=_clean_headers(response.headers)),
        )
