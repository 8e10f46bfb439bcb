"""A local stand-in for the job-board APIs, serving ``tests/fixtures`` under the real API paths.

    with MockServer() as server:
        server.url                  # http://127.0.0.1:<ephemeral port>
        server.paths                # every request path+query, in order

Routes (a missing fixture is a 404, like a wrong board token):

- ``/v1/boards/{token}/jobs`` -> ``greenhouse/{token}.json``; ``/v1/boards/{token}/jobs/{id}`` ->
  ``greenhouse/{token}-{id}.json``
- ``/v0/postings/{site}`` -> ``lever/{site}.json``
- ``/posting-api/job-board/{name}`` -> ``ashby/{name}.json``
- ``/careers/{page}`` -> ``jsonld/{page}.html``; ``/sitemap*.xml`` -> ``jsonld/sitemap*.xml``
  (``{{BASE}}`` in sitemaps becomes the server URL)
- ``/robots.txt`` allows everything but ``/private/``
- more sources (``{q_NAME}`` in a template is the query parameter NAME, see ``_QUERY_DEFAULTS``):
  ``/api/v1/widget/accounts/{a}`` -> ``workable/{a}.json``; ``/v1/companies/{c}/postings?offset=N`` ->
  ``smartrecruiters/{c}-offsetN.json`` and ``.../postings/{id}`` -> ``smartrecruiters/{c}-{id}.json``;
  ``/{tenant}/api/offers/`` -> ``recruitee/{tenant}.json``; ``/{tenant}/xml?language=en`` ->
  ``personio/{tenant}.xml`` (without ``language=en``: ``personio/{tenant}-de.xml``, the German default);
  ``/api/v1/search_by_date`` and ``/api/v1/items/{id}`` -> ``hackernews/``; ``/api`` -> ``remoteok/api.json``;
  ``/api/remote-jobs`` -> ``remotive/``; ``/api/job-board-api?page=N`` -> ``arbeitnow/page-N.json``;
  ``/jobs/api?offset=N`` and ``/jobs/api/search?page=N`` -> ``himalayas/browse-N.json``, ``search-N.json``;
  ``/api/Search?Page=N`` -> ``usajobs/search-N.json``; ``/careers`` and ``/jobs`` -> ``jsonld/index-*.html``.
  ``server.request_headers`` keeps every request's headers (USAJOBS auth).

Fault endpoints under ``/fault/`` (see ``MockServer.fault``): ``status/{code}``, ``429?retry_after=N``,
``429-once/{a,b,c,backoff}``, ``slow?delay=S``, ``drop``, ``truncated``, ``broken-chunked``, ``huge``,
``gzip-bomb``, ``redirect-loop``, ``redirect-private``, ``redirect-file``, ``page/{name}`` (``FAULT_PAGES``:
charset conflicts, malformed JSON-LD, injection) and ``sitemap.xml?paths=/a,/b``. ``server.robots``
overrides robots.txt (``(503, b"")``, ``"drop"``, ...).

Fault boards, on every API: ``error500`` (always HTTP 500), ``truncated`` (HTTP 200, cut-off JSON),
``ratelimited`` (HTTP 429 with ``Retry-After: 0``).

Run ``python tests/mockserver.py --port 8123`` to serve it by hand.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"

_ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^/v1/boards/(?P<board>[^/]+)/jobs$"), "greenhouse/{board}.json"),
    (re.compile(r"^/v1/boards/(?P<board>[^/]+)/jobs/(?P<id>\d+)$"), "greenhouse/{board}-{id}.json"),
    (re.compile(r"^/v0/postings/(?P<board>[^/]+)$"), "lever/{board}.json"),
    (re.compile(r"^/posting-api/job-board/(?P<board>[^/]+)$"), "ashby/{board}.json"),
    (re.compile(r"^/careers/(?P<page>[\w-]+)$"), "jsonld/{page}.html"),
    (re.compile(r"^/(?P<page>sitemap[\w-]*)\.xml$"), "jsonld/{page}.xml"),
    (re.compile(r"^/(?P<page>careers|jobs)$"), "jsonld/index-{page}.html"),
    (re.compile(r"^/api/v1/widget/accounts/(?P<board>[^/]+)$"), "workable/{board}.json"),
    (
        re.compile(r"^/v1/companies/(?P<board>[^/]+)/postings$"),
        "smartrecruiters/{board}-offset{q_offset}.json",
    ),
    (
        re.compile(r"^/v1/companies/(?P<board>[^/]+)/postings/(?P<id>\d+)$"),
        "smartrecruiters/{board}-{id}.json",
    ),
    (re.compile(r"^/(?P<board>[\w.-]+)/api/offers/?$"), "recruitee/{board}.json"),
    (re.compile(r"^/(?P<board>[\w.-]+)/xml$"), "personio/{board}{lang_suffix}.xml"),
    (re.compile(r"^/api/v1/search_by_date$"), "hackernews/search_by_date.json"),
    (re.compile(r"^/api/v1/items/(?P<id>\d+)$"), "hackernews/item-{id}.json"),
    (re.compile(r"^/api$"), "remoteok/api.json"),
    (re.compile(r"^/api/remote-jobs$"), "remotive/remote-jobs.json"),
    (re.compile(r"^/api/job-board-api$"), "arbeitnow/page-{q_page}.json"),
    (re.compile(r"^/jobs/api$"), "himalayas/browse-{q_offset}.json"),
    (re.compile(r"^/jobs/api/search$"), "himalayas/search-{q_page}.json"),
    (re.compile(r"^/api/[Ss]earch$"), "usajobs/search-{q_Page}.json"),
]
_QUERY_DEFAULTS = {"q_offset": "0", "q_page": "1", "q_Page": "1", "q_language": ""}
_TYPES = {".json": "application/json", ".html": "text/html; charset=utf-8", ".xml": "application/xml"}
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class MockServer:
    """Threaded HTTP server on 127.0.0.1 with an ephemeral port; use as a context manager."""

    def __init__(self, root: Path = FIXTURES, port: int = 0):
        self.root = Path(root)
        self.paths: list[str] = []
        self.user_agents: list[str] = []
        self.request_headers: list[dict[str, str]] = []
        self.hits: list[tuple[float, str]] = []  # (monotonic time, path): for delay and backoff tests
        self.fault_counts: dict[str, int] = {}
        # robots.txt override: (status, body), "drop" (close without answering) or None (ROBOTS).
        self.robots: tuple[int, bytes] | str | None = None
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.paths.append(self.path)
                server.user_agents.append(self.headers.get("User-Agent", ""))
                server.request_headers.append(dict(self.headers.items()))
                server.hits.append((time.monotonic(), self.path))
                if server.fault(self):
                    return
                status, headers, body = server.respond(self.path)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def respond(self, raw_path: str) -> tuple[int, dict[str, str], bytes]:
        path = urlsplit(raw_path).path
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, ROBOTS
        for pattern, template in _ROUTES:
            m = pattern.match(path)
            if not m:
                continue
            board = m.groupdict().get("board")
            if board == "error500":
                return 500, {"Content-Type": "text/plain"}, b"internal error"
            if board == "ratelimited":
                return 429, {"Retry-After": "0", "Content-Type": "text/plain"}, b"slow down"
            file = self.root / template.format(**_template_fields(m.groupdict(), raw_path))
            if board == "truncated":
                return 200, {"Content-Type": "application/json"}, b'{"jobs": [{"id": 1, "title": "Cut'
            if not file.is_file():
                break
            body = file.read_bytes()
            if file.suffix == ".xml":
                body = body.replace(b"{{BASE}}", self.url.encode())
            return 200, {"Content-Type": _TYPES[file.suffix]}, body
        return 404, {"Content-Type": "application/json"}, b'{"status": 404, "error": "Not found"}'

    def fault(self, handler: BaseHTTPRequestHandler) -> bool:
        """Serve ``/fault/...`` and robots.txt overrides; ``True`` when the request was handled here."""
        parts = urlsplit(handler.path)
        path, query = parts.path, dict(parse_qsl(parts.query))
        if path == "/robots.txt" and self.robots is not None:
            if self.robots == "drop":
                return _drop(handler)
            status, body = self.robots
            return _send(handler, status, {"Content-Type": "text/plain"}, body)
        if not path.startswith("/fault/"):
            return False
        name = path[len("/fault/") :]
        self.fault_counts[path] = self.fault_counts.get(path, 0) + 1
        if name.startswith("status/"):
            return _send(handler, int(name.split("/")[1]), {"Content-Type": "text/plain"}, b"fault")
        if name == "429":
            headers = {"Retry-After": query.get("retry_after", "0"), "Content-Type": "text/plain"}
            return _send(handler, 429, headers, b"slow down")
        if name.startswith("429-once/"):
            # 429 with Retry-After on the first request only, then the page: backoff must wait and retry.
            if self.fault_counts[path] == 1:
                return _send(handler, 429, {"Retry-After": query.get("retry_after", "1")}, b"slow down")
            return _send(handler, 200, *FAULT_PAGES["good-" + name.split("/", 1)[1]])
        if name == "slow":
            time.sleep(float(query.get("delay", "3")))
            return _send(handler, 200, *FAULT_PAGES["good-slow"])
        if name == "drop":
            return _drop(handler)
        if name == "truncated":
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", "5000")
            handler.end_headers()
            handler.wfile.write(FAULT_PAGES["good-truncated"][1][:200])
            handler.close_connection = True
            return True
        if name == "broken-chunked":
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            handler.wfile.write(b"10\r\n<html><body>abc\r\nzz-not-a-chunk-size\r\n")
            handler.close_connection = True
            return True
        if name == "huge":
            return _send(handler, 200, {"Content-Type": "text/html"}, b"<p>" + b"x" * HUGE_BYTES + b"</p>")
        if name == "gzip-bomb":
            headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            return _send(handler, 200, headers, _gzip_bomb())
        if name == "redirect-loop":
            n = int(query.get("n", "0")) + 1
            return _send(handler, 302, {"Location": f"/fault/redirect-loop?n={n}"}, b"")
        if name == "redirect-private":
            # Never contacted: the safety middleware must refuse it before connecting.
            return _send(handler, 302, {"Location": "http://10.0.0.1:9/internal"}, b"")
        if name == "redirect-file":
            return _send(handler, 302, {"Location": "file:///etc/passwd"}, b"")
        if name.startswith("page/") and name[5:] in FAULT_PAGES:
            return _send(handler, 200, *FAULT_PAGES[name[5:]])
        if name == "sitemap.xml":
            paths = [p for p in query.get("paths", "").split(",") if p]
            locs = [p if p.startswith("http") else f"{self.url}{p}" for p in paths]
            return _send(handler, 200, {"Content-Type": "application/xml"}, _sitemap(locs))
        return _send(handler, 404, {"Content-Type": "text/plain"}, b"no such fault")

    def __enter__(self) -> MockServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _template_fields(groups: dict[str, str], raw_path: str) -> dict[str, str]:
    """Route groups plus ``q_<name>`` query parameters (word characters only: no path tricks)."""
    query = {f"q_{k}": v for k, v in parse_qsl(urlsplit(raw_path).query) if re.fullmatch(r"[\w-]+", v)}
    fields = {**_QUERY_DEFAULTS, **query, **groups}
    # Personio's feed is German unless language=en is sent.
    fields["lang_suffix"] = "" if fields["q_language"] == "en" else "-de"
    return fields


# -- fault endpoints (Scrapy's own tests/mockserver has the same kinds) --------------------------------

HUGE_BYTES = 300_000  # tests cap DOWNLOAD_MAXSIZE below this


def _send(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes) -> bool:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    return True


def _drop(handler: BaseHTTPRequestHandler) -> bool:
    # Close the socket without a status line: the client sees the connection die.
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)
    return True


@functools.cache
def _gzip_bomb() -> bytes:
    # ~5 KB on the wire, 5 MB inflated: far above the cap the tests set, cheap enough to build per server.
    return gzip.compress(b"\0" * (5 * 1024 * 1024), compresslevel=6)


def _sitemap(locs: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def _jsonld_page(jsonld: str, *, head: str = "", title: str = "Careers") -> str:
    # "</" is escaped as sites do ("<\\/script>"), or the HTML parser would end the block early.
    block = jsonld.replace("</", "<\\/")
    return (
        f"<!doctype html><html><head>{head}<title>{title}</title>"
        f'<script type="application/ld+json">{block}</script></head><body><h1>{title}</h1></body></html>'
    )


def _posting(title: str, description: str = "<p>Build ML systems.</p>", **extra: str) -> str:
    node = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": title,
        "description": description,
        "hiringOrganization": {"@type": "Organization", "name": "Fault Co"},
        "datePosted": "2026-07-01",
        **extra,
    }
    return json.dumps(node, ensure_ascii=False)


_HTML = "text/html; charset=utf-8"
_INJECTION = (
    "<p>Join us.</p><script>alert('stolen')</script><style>body{display:none}</style>"
    '<iframe src="http://evil.example/"></iframe><img src="x" onerror="alert(1)">'
    '<p onclick="steal()">Apply <a href="javascript:alert(2)">here</a> or '
    '<a href="https://jobs.example.com/apply">there</a>.</p>'
)

#: name -> (headers, body) for /fault/page/<name>; "good-*" pages are also served by other faults.
FAULT_PAGES: dict[str, tuple[dict[str, str], bytes]] = {
    **{
        f"good-{n}": ({"Content-Type": _HTML}, _jsonld_page(_posting(f"Good Engineer {n}")).encode())
        for n in ("a", "b", "c", "slow", "truncated", "backoff")
    },
    # Header says UTF-8, <meta> says windows-1252, the bytes are UTF-8: the header wins (WHATWG).
    "charset-conflict": (
        {"Content-Type": _HTML},
        _jsonld_page(_posting("Ingénieur ML – Café"), head='<meta charset="windows-1252">').encode(),
    ),
    # Windows-1252 bytes sent as UTF-8 (the curly apostrophe is \x92).
    "cp1252-as-utf8": (
        {"Content-Type": _HTML},
        _jsonld_page(_posting("Data Scientist’s Role – Zürich"), head="<meta charset=utf8>").encode("cp1252"),
    ),
    # A UTF-8 BOM and a header claiming Latin-1: the BOM wins.
    "bom": (
        {"Content-Type": "text/html; charset=iso-8859-1"},
        b"\xef\xbb\xbf" + _jsonld_page(_posting("Señor MLOps Engineer")).encode(),
    ),
    "jsonld-control-chars": (
        {"Content-Type": _HTML},
        _jsonld_page(_posting("Control\u0001 Engineer", "<p>Tabs\tand\u0002 bells\u0007</p>")).encode(),
    ),
    "jsonld-trailing-comma": (
        {"Content-Type": _HTML},
        _jsonld_page(_posting("Trailing Comma Engineer")[:-1] + ', "x": ["FULL_TIME",],}').encode(),
    ),
    "jsonld-concatenated": (
        {"Content-Type": _HTML},
        _jsonld_page(
            _posting("First Glued Engineer", identifier="g1")
            + _posting("Second Glued Engineer", identifier="g2")
        ).encode(),
    ),
    "jsonld-garbage": ({"Content-Type": _HTML}, _jsonld_page('{"@type": "JobPosting", "title": ').encode()),
    "injection": ({"Content-Type": _HTML}, _jsonld_page(_posting("Injection Engineer", _INJECTION)).encode()),
}


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Serve tests/fixtures under the real job-board API paths.")
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args()
    with MockServer(port=args.port) as srv:
        print(f"serving {FIXTURES} at {srv.url} (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            srv.thread.join()
