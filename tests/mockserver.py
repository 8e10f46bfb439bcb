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

Fault boards, on every API: ``error500`` (always HTTP 500), ``truncated`` (HTTP 200, cut-off JSON),
``ratelimited`` (HTTP 429 with ``Retry-After: 0``).

Run ``python tests/mockserver.py --port 8123`` to serve it by hand.
"""

from __future__ import annotations

import contextlib
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FIXTURES = Path(__file__).parent / "fixtures"

_ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^/v1/boards/(?P<board>[^/]+)/jobs$"), "greenhouse/{board}.json"),
    (re.compile(r"^/v1/boards/(?P<board>[^/]+)/jobs/(?P<id>\d+)$"), "greenhouse/{board}-{id}.json"),
    (re.compile(r"^/v0/postings/(?P<board>[^/]+)$"), "lever/{board}.json"),
    (re.compile(r"^/posting-api/job-board/(?P<board>[^/]+)$"), "ashby/{board}.json"),
    (re.compile(r"^/careers/(?P<page>[\w-]+)$"), "jsonld/{page}.html"),
    (re.compile(r"^/(?P<page>sitemap[\w-]*)\.xml$"), "jsonld/{page}.xml"),
]
_TYPES = {".json": "application/json", ".html": "text/html; charset=utf-8", ".xml": "application/xml"}
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class MockServer:
    """Threaded HTTP server on 127.0.0.1 with an ephemeral port; use as a context manager."""

    def __init__(self, root: Path = FIXTURES, port: int = 0):
        self.root = Path(root)
        self.paths: list[str] = []
        self.user_agents: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.paths.append(self.path)
                server.user_agents.append(self.headers.get("User-Agent", ""))
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
            file = self.root / template.format(**m.groupdict())
            if board == "truncated":
                return 200, {"Content-Type": "application/json"}, b'{"jobs": [{"id": 1, "title": "Cut'
            if not file.is_file():
                break
            body = file.read_bytes()
            if file.suffix == ".xml":
                body = body.replace(b"{{BASE}}", self.url.encode())
            return 200, {"Content-Type": _TYPES[file.suffix]}, body
        return 404, {"Content-Type": "application/json"}, b'{"status": 404, "error": "Not found"}'

    def __enter__(self) -> MockServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Serve tests/fixtures under the real job-board API paths.")
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args()
    with MockServer(port=args.port) as srv:
        print(f"serving {FIXTURES} at {srv.url} (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            srv.thread.join()
