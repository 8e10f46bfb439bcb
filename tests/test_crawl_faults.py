"""Fault tolerance, politeness and safety, end to end: real crawls against the fault endpoints of
tests/mockserver.py on 127.0.0.1 (one subprocess per crawl, several faults batched into each).

For every fault: the crawl finishes, nothing wrong is stored, the problem is counted in the summary, and
the good postings around it are all stored. ``LoopbackTripwire`` sits next to the downloader in every
crawl here: if a safety check were removed, a request to a non-loopback address is stopped and recorded
instead of leaving the machine.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from scrapy.exceptions import IgnoreRequest

from tests.mockserver import MockServer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parent.parent
TRIPWIRE = "tests.test_crawl_faults.LoopbackTripwire"
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "false",
    "JOBINTEL_CONTACT": "tests@example.org",
    # Loopback only: a redirect to 10.0.0.1 must still be refused.
    "JOBINTEL_ALLOW_PRIVATE_ADDRESSES": '["127.0.0.0/8"]',
    "JOBINTEL_BACKOFF_BASE": "0.05",
    "DOWNLOADER_MIDDLEWARES": json.dumps({TRIPWIRE: 990}),
}


class LoopbackTripwire:
    """Downloader middleware of last resort: refuses and records any non-loopback request."""

    def process_request(self, request: Any) -> None:
        host = urlsplit(request.url).hostname or ""
        if host not in {"127.0.0.1", "localhost"}:
            with open(os.environ["JOBINTEL_TEST_TRIPWIRE"], "a") as f:
                f.write(request.url + "\n")
            raise IgnoreRequest("tripwire: non-loopback request")


def crawl(tmp_path: Path, *args: str, **settings: str) -> tuple[int, dict[str, Any], Path]:
    """One crawl in a fresh interpreter; returns (exit code, JSON summary, db path)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "jobs.db"
    tripwire = tmp_path / "tripwire.txt"
    merged = {**FAST, **settings}
    sets = [x for key, value in merged.items() if value is not None for x in ("--set", f"{key}={value}")]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobintel.spiders.runner",
            "--db",
            str(db),
            "--json",
            "--progress",
            "off",
            *sets,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
        env={**os.environ, "JOBINTEL_TEST_TRIPWIRE": str(tripwire)},
    )
    assert proc.stdout, proc.stderr
    assert not tripwire.exists(), f"non-loopback requests reached the downloader: {tripwire.read_text()}"
    return proc.returncode, json.loads(proc.stdout), db


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def sitemap(server: MockServer, *paths: str) -> str:
    return f"{server.url}/fault/sitemap.xml?paths=" + quote(",".join(paths), safe="")


def board(summary: dict[str, Any], server: MockServer) -> dict[str, Any]:
    netloc = server.url.split("//")[1]
    return next(b for b in summary["boards"] if b["board"] == netloc)


# -- transport, size, redirect, encoding, JSON-LD and injection faults: one crawl ---------------------

FAULT_PATHS = [
    "/fault/page/good-a",
    "/fault/status/500",
    "/fault/status/503",
    "/fault/slow?delay=3",
    "/fault/drop",
    "/fault/truncated",
    "/fault/broken-chunked",
    "/fault/huge",
    "/fault/gzip-bomb",
    "/fault/redirect-loop",
    "/fault/redirect-file",
    "/fault/page/charset-conflict",
    "/fault/page/cp1252-as-utf8",
    "/fault/page/bom",
    "/fault/page/jsonld-control-chars",
    "/fault/page/jsonld-trailing-comma",
    "/fault/page/jsonld-concatenated",
    "/fault/page/jsonld-garbage",
    "/fault/page/injection",
    "/fault/page/good-b",
]


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    with MockServer() as server:
        code, summary, db = crawl(
            tmp,
            "--source",
            "jsonld",
            "--sitemap",
            sitemap(
                server, *FAULT_PATHS, server.url.replace("127.0.0.1", "localhost") + "/fault/page/good-c"
            ),
            "--url",
            f"{server.url}/fault/redirect-private",
            DOWNLOAD_TIMEOUT="1",
            RETRY_TIMES="1",
            DOWNLOAD_MAXSIZE="200000",
        )
        yield code, summary, db, server


def test_fault_crawl_stores_every_good_posting_and_only_those(fault_crawl):
    code, summary, db, server = fault_crawl
    # the refused redirect to 10.0.0.1 is a failed start URL of the 127.0.0.1 board (named after its
    # seed, never after the refused target): that board is partial, no board failed outright
    assert code == 0
    assert not any(b["board"].startswith("10.0.0.1") for b in summary["boards"])
    assert sorted(t for (t,) in rows(db, "SELECT title FROM postings")) == [
        "Control Engineer",  # U+0001 removed
        "Data Scientist’s Role – Zürich",  # cp1252 bytes sent as UTF-8, decoded as cp1252
        "First Glued Engineer",  # two JSON objects run together
        "Good Engineer a",
        "Good Engineer b",
        "Ingénieur ML – Café",  # header (UTF-8) wins over <meta charset=windows-1252>
        "Injection Engineer",
        "Second Glued Engineer",
        "Señor MLOps Engineer",  # BOM wins over the Latin-1 header
        "Trailing Comma Engineer",
    ]
    own = board(summary, server)
    assert (own["status"], own["new"]) == ("partial", 10)


def test_fault_crawl_stores_nothing_wrong(fault_crawl):
    _, _, db, _ = fault_crawl
    stored = rows(db, "SELECT title, description_html, description_text FROM postings")
    for title, html, text in stored:
        for value in (title, html, text):
            assert "\ufffd" not in value
            assert not any(ord(c) < 32 and c not in "\n\t" for c in value), repr(value)
    html, text = rows(db, "SELECT description_html, description_text FROM postings WHERE title LIKE 'Inj%'")[
        0
    ]
    assert html == (
        "<p>Join us.</p><p>Apply <a>here</a> or "
        '<a href="https://jobs.example.com/apply" rel="nofollow noopener noreferrer">there</a>.</p>'
    )
    assert text == "Join us.\nApply here or there."


# Counted problems of the batched crawl: label -> exact count (None: at least one).
EXPECTED_PROBLEMS = [
    ("timeouts", None),  # /fault/slow, once + one retry (a loaded machine may time out more)
    ("connections lost", None),  # /fault/drop (+ retry)
    ("truncated bodies", None),  # /fault/truncated and /fault/broken-chunked (+ retries)
    ("oversize bodies", 2),  # /fault/huge on the wire, /fault/gzip-bomb once inflated
    ("private address refused", 1),  # /fault/redirect-private -> http://10.0.0.1:9/
    ("non-http redirect refused", 1),  # /fault/redirect-file -> file:///etc/passwd
    ("backoffs", 1),  # /fault/status/503
    ("retries", None),
    ("offsite filtered", 1),  # a sitemap <loc> on localhost, not the sitemap's 127.0.0.1
    ("encoding repaired (cp1252)", 1),
    ("charset header/meta conflicts", 1),
    ("JSON-LD unreadable", 1),  # /fault/page/jsonld-garbage
    ("unsafe markup removed", 1),
    ("control characters removed", None),
    ("JSON-LD repaired", 2),  # trailing commas and two objects run together
]


@pytest.mark.parametrize(("label", "count"), EXPECTED_PROBLEMS)
def test_fault_crawl_counts_each_problem(fault_crawl, label, count):
    problems = fault_crawl[1]["problems"]
    assert label in problems, problems
    if count is not None:
        assert problems[label] == count


def test_redirect_loop_stops_after_five_redirects(fault_crawl):
    server = fault_crawl[3]
    assert server.fault_counts["/fault/redirect-loop"] == 6  # the page + REDIRECT_MAX_TIMES (5)
    assert "/fault/page/jsonld-garbage" in server.fault_counts


# -- robots.txt: RFC 9309 -------------------------------------------------------------------------------


def test_robots_txt_5xx_and_unreachable_disallow_the_host_404_allows_it(tmp_path):
    with MockServer() as s503, MockServer() as s404, MockServer() as s200, MockServer() as sdrop:
        s503.robots = (503, b"User-agent: *\nAllow: /\n")  # a 5xx body is never parsed
        s404.robots = (404, b"User-agent: *\nDisallow: /\n")
        sdrop.robots = "drop"
        urls = [f"{s.url}/fault/page/good-a" for s in (s503, s404, s200, sdrop)] + [f"{s200.url}/private/x"]
        code, summary, db = crawl(
            tmp_path, "--source", "jsonld", *[x for u in urls for x in ("--url", u)], RETRY_TIMES="1"
        )
        assert code == 1
        stored = sorted(urlsplit(u).netloc for (u,) in rows(db, "SELECT url FROM postings"))
        assert stored == sorted(urlsplit(s.url).netloc for s in (s404, s200))
        # 503 and unreachable: only robots.txt (and its one retry) was ever requested.
        assert s503.paths == ["/robots.txt", "/robots.txt"]
        assert sdrop.paths == ["/robots.txt", "/robots.txt"]
        assert "/private/x" not in s200.paths
        assert (board(summary, s503)["status"], board(summary, s503)["reason"]) == (
            "failed",
            "Forbidden by robots.txt",
        )
    problems = summary["problems"]
    assert problems["robots.txt 5xx (host disallowed)"] == 1
    assert problems["robots.txt unreachable (host disallowed)"] == 1
    assert problems["robots.txt blocked"] == 3  # s503, sdrop, s200's /private/x


def test_crawl_delay_is_honoured_even_with_autothrottle(tmp_path):
    with MockServer() as server:
        server.robots = (200, b"User-agent: *\nCrawl-delay: 1\n")
        pages = ["/fault/page/good-a", "/fault/page/good-b"]
        code, summary, _ = crawl(
            tmp_path,
            "--source",
            "jsonld",
            "--sitemap",
            sitemap(server, *pages),
            AUTOTHROTTLE_ENABLED="true",
            AUTOTHROTTLE_START_DELAY="0",
        )
        times = [t for t, path in server.hits if path != "/robots.txt"]
    assert code == 0 and summary["postings_new"] == 2
    gaps = [b - a for a, b in itertools.pairwise(times)]  # sitemap -> page -> page
    assert len(gaps) == 2 and min(gaps) >= 0.9, gaps


# -- 429: Retry-After, backoff, circuit breaker -------------------------------------------------------


def test_retry_after_is_waited_for_and_sustained_429_stops_the_host(tmp_path):
    with MockServer() as patient, MockServer() as hostile:
        limited = [f"/fault/429?retry_after=0&page={i}" for i in range(20)]
        code, summary, db = crawl(
            tmp_path,
            "--source",
            "jsonld",
            "--url",
            f"{patient.url}/fault/429-once/backoff?retry_after=1",
            "--sitemap",
            sitemap(hostile, *limited),
        )
        waited = [t for t, path in patient.hits if path.startswith("/fault/429-once/")]
        hostile_hits = hostile.fault_counts.get("/fault/429", 0)
    # Retry-After: 1 was obeyed, and the page then stored.
    assert len(waited) == 2 and waited[1] - waited[0] >= 0.95
    assert [t for (t,) in rows(db, "SELECT title FROM postings")] == ["Good Engineer backoff"]
    # Five consecutive 429s stop the host: not 20 pages x 4 attempts. Requests already waiting in the
    # host's download slot (at most CONCURRENT_REQUESTS = 8) still go out; no retry does.
    assert 5 <= hostile_hits <= 5 + 8, hostile_hits
    netloc = urlsplit(hostile.url).netloc
    assert summary["stopped"] == [f"stopping jsonld/{netloc}: 5 consecutive 429 responses from {netloc}"]
    stopped = board(summary, hostile)
    assert stopped["status"] == "partial" and "stopped: 5 consecutive 429 responses" in stopped["reason"]
    assert board(summary, patient)["status"] == "complete"
    assert summary["problems"]["hosts stopped"] == 1
    assert summary["problems"]["backoffs"] >= 1
    assert code == 0


# -- safety: loopback needs explicit permission ---------------------------------------------------------


def test_loopback_is_refused_without_permission(tmp_path):
    with MockServer() as server:
        named = server.url.replace("127.0.0.1", "localhost")  # refused after DNS resolution
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[greenhouse]\nbase_url = "{server.url}"\nboards = ["exampleai"]\n\n'
            f'[jsonld]\nurls = ["{named}/fault/page/good-a"]\n'
        )
        code, summary, db = crawl(tmp_path, "--sources", str(sources), JOBINTEL_ALLOW_PRIVATE_ADDRESSES=None)
        assert server.paths == []  # not even robots.txt
    assert code == 1
    assert [(b["board"], b["status"], b["reason"]) for b in summary["boards"]] == [
        ("exampleai", "failed", "refused private address: 127.0.0.1 is a loopback address"),
        (
            urlsplit(named).netloc,
            "failed",
            "refused private address: localhost is loopback (127.0.0.1)",
        ),
    ]
    assert summary["problems"]["private address refused"] == 2
    assert rows(db, "SELECT count(*) FROM postings") == [(0,)]


def test_http_cache_replays_without_touching_the_server(tmp_path):
    cache = tmp_path / "cache"
    with MockServer() as server:
        args = ("--source", "greenhouse", "--board", "exampleai", "--base-url", server.url)
        first = crawl(tmp_path / "a", *args, HTTPCACHE_ENABLED="true", HTTPCACHE_DIR=str(cache))
        hits = len(server.paths)
        second = crawl(tmp_path / "b", *args, HTTPCACHE_ENABLED="true", HTTPCACHE_DIR=str(cache))
        assert len(server.paths) == hits == 2  # robots.txt + the listing, once
    assert first[1]["postings_new"] == second[1]["postings_new"] == 3
