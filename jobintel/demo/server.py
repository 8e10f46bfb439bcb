"""Serve the bundled SAMPLE job boards on 127.0.0.1 so the real spiders can crawl them offline.

The routes mimic the public APIs that ``job-sources.md`` describes, including the behaviour a
crawler must get right: Greenhouse drops bodies without ``content=true``, its single-job endpoint
adds ``pay_input_ranges`` only with ``pay_transparency=true``, Ashby drops ``compensation`` without
``includeCompensation=true``, Lever answers with a bare array, and a wrong board is a 404.

>>> with SampleBoardServer() as server:  # doctest: +SKIP
...     urllib.request.urlopen(server.base_url + "/v0/postings/saltmarsh?mode=json").status
200

Run ``python -m jobintel.demo.server`` to serve in the foreground and print the base URL.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import tomllib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["BASE_URL_PLACEHOLDER", "SampleBoardServer", "main"]

# Sitemaps and robots files are stored with this base; responses carry the live one instead.
BASE_URL_PLACEHOLDER = "http://samples.jobintel.invalid"
JSON_TYPE = "application/json; charset=utf-8"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": JSON_TYPE,
}
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Greenhouse adds these keys to each row only when asked for content=true.
_GREENHOUSE_CONTENT_KEYS = ("content", "departments", "offices")


@dataclass(slots=True)
class _Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _flag(query: dict[str, list[str]], name: str) -> bool:
    return query.get(name, [""])[-1].lower() == "true"


def _json(data: Any, status: int = 200) -> _Response:
    return _Response(status, JSON_TYPE, json.dumps(data, ensure_ascii=False).encode("utf-8"))


class SampleBoardServer:
    """A threaded HTTP server over ``jobintel/demo/samples`` on an ephemeral 127.0.0.1 port.

    ``requests`` counts the requests served and ``paths`` records them (path plus query), so tests
    can assert what a crawler actually fetched.

    >>> with SampleBoardServer() as server:  # doctest: +SKIP
    ...     server.base_url
    'http://127.0.0.1:53117'
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, samples: Traversable | None = None) -> None:
        self.host, self.port = host, port
        self.samples = samples if samples is not None else resources.files("jobintel.demo") / "samples"
        self.requests = 0
        self.paths: list[str] = []
        self._lock = threading.Lock()
        self._cache: dict[str, Any] = {}
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server is not running; call start() or use it as a context manager")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SampleBoardServer:
        """Bind the socket and serve from a daemon thread; returns ``self``."""
        if self._httpd is not None:
            return self
        self._httpd = ThreadingHTTPServer((self.host, self.port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.app = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name="jobintel-sample-boards",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> SampleBoardServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def sources(self) -> dict[str, dict[str, list[str]]]:
        """The parsed ``sources.toml``: boards per API source, sitemap paths for ``jsonld``.

        >>> SampleBoardServer().sources()["jsonld"]["sitemaps"][0]  # doctest: +SKIP
        '/careers/bluebell/sitemap.xml'
        """
        return tomllib.loads(self.samples.joinpath("sources.toml").read_text(encoding="utf-8"))

    # -- data ------------------------------------------------------------------------------------
    def _file(self, *parts: str) -> Traversable | None:
        node = self.samples
        for part in parts:
            if not _SEGMENT.match(part):
                return None  # also rejects "..", so nothing outside samples/ is reachable
            node = node.joinpath(part)
        return node if node.is_file() else None

    def _load(self, *parts: str) -> Any:
        """Parsed JSON for a sample file, read once and cached; ``None`` when it does not exist."""
        key = "/".join(parts)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        node = self._file(*parts)
        data = json.loads(node.read_text(encoding="utf-8")) if node is not None else None
        with self._lock:
            self._cache[key] = data
        return data

    # -- routing ---------------------------------------------------------------------------------
    def handle(self, target: str) -> _Response:
        """Answer one GET for ``target`` (path plus query) without any socket involved."""
        split = urlsplit(target)
        query = parse_qs(split.query)
        segs = [s for s in split.path.split("/") if s]
        with self._lock:
            self.requests += 1
            self.paths.append(target)
        if segs[:2] == ["v1", "boards"] and len(segs) >= 3:
            return self._greenhouse(segs[2].lower(), segs[3:], query)
        if segs[:2] == ["v0", "postings"] and len(segs) in (3, 4):
            return self._lever(segs[2], segs[3:], query)
        if segs[:2] == ["posting-api", "job-board"] and len(segs) == 3:
            return self._ashby(segs[2], query)
        if segs and segs[0] == "careers":
            return self._careers(split.path, segs[1:])
        if segs == ["robots.txt"]:
            return self._static("robots.txt")
        return _json({"status": 404, "error": "Not Found"}, 404)

    def _greenhouse(self, token: str, rest: list[str], query: dict[str, list[str]]) -> _Response:
        board = self._load("greenhouse", token, "jobs.json")
        if board is None:
            return _json({"status": 404, "error": "Job board not found"}, 404)
        if not rest:
            return _json(self._load("greenhouse", token, "board.json"))
        if rest == ["jobs"]:
            rows = board["jobs"]
            if not _flag(query, "content"):
                rows = [{k: v for k, v in r.items() if k not in _GREENHOUSE_CONTENT_KEYS} for r in rows]
            return _json({"jobs": rows, "meta": {"total": len(rows)}})
        if len(rest) == 2 and rest[0] == "jobs" and rest[1].isdigit():
            detail = self._load("greenhouse", token, "jobs", f"{rest[1]}.json")
            if detail is None:
                row = next((r for r in board["jobs"] if r["id"] == int(rest[1])), None)
                if row is None:
                    return _json({"status": 404, "error": "Job not found"}, 404)
                detail = {**row, "pay_input_ranges": [], "questions": []}
            detail = dict(detail)
            if not _flag(query, "pay_transparency"):
                detail.pop("pay_input_ranges", None)
            if not _flag(query, "questions"):
                detail.pop("questions", None)
            return _json(detail)
        return _json({"status": 404, "error": "Not Found"}, 404)

    def _lever(self, site: str, rest: list[str], query: dict[str, list[str]]) -> _Response:
        postings = self._load("lever", f"{site}.json") if _SEGMENT.match(site) else None
        if postings is None:
            return _json({"ok": False, "error": "Document not found"}, 404)
        if rest:
            one = next((p for p in postings if p["id"] == rest[0]), None)
            return _json(one) if one else _json({"ok": False, "error": "Document not found"}, 404)
        # Without skip/limit the whole board comes back in one array, as on the live API.
        skip, limit = query.get("skip", [""])[-1], query.get("limit", [""])[-1]
        start = int(skip) if skip.isdigit() else 0
        return _json(postings[start : start + int(limit) if limit.isdigit() else None])

    def _ashby(self, name: str, query: dict[str, list[str]]) -> _Response:
        board = self._load("ashby", f"{name}.json") if _SEGMENT.match(name) else None
        if board is None:
            return _json({"success": False, "errors": ["Job board not found"]}, 404)
        if _flag(query, "includeCompensation"):
            return _json(board)
        jobs = [{k: v for k, v in job.items() if k != "compensation"} for job in board["jobs"]]
        return _json({**board, "jobs": jobs})

    def _careers(self, path: str, segs: list[str]) -> _Response:
        if not segs:
            return self._static("sites", "index.html")
        if len(segs) == 1 and not path.endswith("/") and self._file("sites", segs[0], "index.html"):
            # Relative links on the index page need the trailing slash.
            return _Response(301, "text/plain; charset=utf-8", b"", {"Location": path + "/"})
        return self._static("sites", *segs, *(["index.html"] if path.endswith("/") else []))

    def _static(self, *parts: str) -> _Response:
        node = self._file(*parts)
        if node is None:
            return _Response(404, CONTENT_TYPES[".html"], b"<!doctype html><title>Not found</title>")
        suffix = "." + parts[-1].rsplit(".", 1)[-1] if "." in parts[-1] else ""
        body = node.read_bytes()
        if suffix in (".xml", ".txt", ".html") and self._httpd is not None:
            body = body.replace(BASE_URL_PLACEHOLDER.encode(), self.base_url.encode())
        return _Response(200, CONTENT_TYPES.get(suffix, "application/octet-stream"), body)


class _Handler(BaseHTTPRequestHandler):
    server_version = "jobintel-samples/1"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        app: SampleBoardServer = self.server.app  # type: ignore[attr-defined]
        try:
            response = app.handle(self.path)
        except Exception as exc:  # a broken sample file must show up as a 500, not a hung crawl
            response = _json({"status": 500, "error": f"{type(exc).__name__}: {exc}"}, 500)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the demo prints its own progress


def main(argv: list[str] | None = None) -> int:
    """Serve the samples in the foreground until Ctrl-C (``python -m jobintel.demo.server``)."""
    parser = argparse.ArgumentParser(description="Serve jobintel's fictional sample job boards.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    server = SampleBoardServer(args.host, args.port).start()
    print(f"Serving SAMPLE job boards (fictional data) at {server.base_url}", flush=True)
    print(f"  try: curl '{server.base_url}/v1/boards/northwindai/jobs?content=true'", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
