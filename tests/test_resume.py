"""Interrupted crawls resume: SIGINT and SIGKILL mid-crawl, then the same crawl again.

The design under test (docs/crawling.md, "Running crawls"): every batch is one committed
transaction and upserts are idempotent, so re-running the crawl completes the set. A crawl cut short
is never ``complete`` (nothing gets closed); a killed crawl's ``running`` runs are marked failed by
the next crawl. Boards are served slowly so the signals land in the middle of the crawl.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parent.parent
N_BOARDS, PER_BOARD = 16, 100


class SlowBoards:
    """Greenhouse-shaped boards ``b0``..``b15`` of 100 jobs each; ``delay`` seconds per listing."""

    def __init__(self) -> None:
        self.delay = 0.0
        bodies = {}
        for b in range(N_BOARDS):
            jobs = [
                {"id": b * 1000 + j, "title": f"Engineer {b}-{j}", "absolute_url": f"https://x.test/{b}/{j}",
                 "location": {"name": "Remote"}, "content": f"&lt;p&gt;Job {j} of board {b}&lt;/p&gt;",
                 "updated_at": "2025-01-01T00:00:00Z", "company_name": f"Company {b}"}
                for j in range(PER_BOARD)
            ]  # fmt: skip
            bodies[f"/v1/boards/b{b}/jobs"] = json.dumps({"jobs": jobs}).encode()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                body = bodies.get(path, b"User-agent: *\nAllow: /\n" if path == "/robots.txt" else None)
                if path != "/robots.txt":
                    time.sleep(server.delay)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture(scope="module")
def boards():
    srv = SlowBoards()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def _cmd(db: Path, url: str) -> list[str]:
    args = [sys.executable, "-m", "jobintel.spiders.runner", "--db", str(db), "--json", "--progress", "off",
            "--source", "greenhouse", "--base-url", url]  # fmt: skip
    for b in range(N_BOARDS):
        args += ["--board", f"b{b}"]
    for setting in ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=false", "JOBINTEL_CONTACT=t@example.org",
                    "JOBINTEL_ALLOW_PRIVATE_ADDRESSES=true", "JOBINTEL_BATCH_SIZE=7", "CONCURRENT_REQUESTS=2",
                    "CONCURRENT_REQUESTS_PER_DOMAIN=2", "LOG_LEVEL=ERROR"):  # fmt: skip
        args += ["--set", setting]
    return args


def _crawl(db: Path, url: str) -> dict:
    proc = subprocess.run(_cmd(db, url), capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.stdout, proc.stderr
    return json.loads(proc.stdout)


def _keys(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT source, source_id FROM postings").fetchall())


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def _interrupt_midway(db: Path, url: str, sig: int) -> tuple[subprocess.Popen, set[tuple[str, str]]]:
    """Start a crawl, wait until some batches are committed, send ``sig``; return what was committed."""
    proc = subprocess.Popen(
        _cmd(db, url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    deadline = time.monotonic() + 60
    while _count(db) < 3 * PER_BOARD and time.monotonic() < deadline:
        time.sleep(0.02)
    committed = _keys(db)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert 0 < len(committed) < N_BOARDS * PER_BOARD, "the signal did not land mid-crawl"
    return proc, committed


def _integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture(scope="module")
def reference(boards, tmp_path_factory) -> set[tuple[str, str]]:
    """The postings of an uninterrupted crawl, in its own database."""
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    summary = _crawl(db, boards.url)
    assert {b["status"] for b in summary["boards"]} == {"complete"}
    keys = _keys(db)
    assert len(keys) == N_BOARDS * PER_BOARD
    return keys


def test_sigint_flushes_marks_partial_and_resumes(boards, reference, tmp_path):
    db = tmp_path / "jobs.db"
    boards.delay = 0.08
    proc, committed = _interrupt_midway(db, boards.url, signal.SIGINT)
    boards.delay = 0.0
    summary = json.loads(proc.stdout.read())  # a graceful stop still prints its summary
    statuses = [b["status"] for b in summary["boards"]]
    assert set(statuses) == {"partial", "failed"}, statuses  # boards fetched before the stop: partial
    assert summary["postings_closed"] == 0
    with sqlite3.connect(db) as conn:
        runs = dict(conn.execute("SELECT status, count(*) FROM crawl_runs GROUP BY status").fetchall())
        # Everything the spider handed over was flushed: the buffers did not die with the process.
        stored = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
        reasons = {r[0] for r in conn.execute("SELECT json_extract(stats, '$.reason') FROM crawl_runs"
                                              " WHERE status = 'partial'")}  # fmt: skip
    assert "running" not in runs and "complete" not in runs
    assert stored == summary["postings_new"] >= len(committed)
    assert reasons <= {"interrupted"}
    assert _integrity(db) == "ok"

    again = _crawl(db, boards.url)
    assert {b["status"] for b in again["boards"]} == {"complete"}
    assert _keys(db) == reference
    assert committed <= _keys(db)
    assert _integrity(db) == "ok"


def test_sigkill_mid_crawl_loses_nothing_committed_and_resumes(boards, reference, tmp_path):
    db = tmp_path / "jobs.db"
    boards.delay = 0.08
    _proc, committed = _interrupt_midway(db, boards.url, signal.SIGKILL)
    boards.delay = 0.0
    assert _integrity(db) == "ok"
    assert committed <= _keys(db)  # committed data survives the kill
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM crawl_runs WHERE status = 'running'").fetchone()[0] > 0

    again = _crawl(db, boards.url)
    assert {b["status"] for b in again["boards"]} == {"complete"}
    assert _keys(db) == reference
    assert _integrity(db) == "ok"
    with sqlite3.connect(db) as conn:
        stale = conn.execute(
            "SELECT status, json_extract(stats, '$.reason'), count(*) FROM crawl_runs"
            " WHERE id <= ? GROUP BY 1, 2",
            (N_BOARDS,),
        ).fetchall()
    # Runs are finished at close, so every run of the killed crawl was left 'running': now failed.
    assert stale == [("failed", "interrupted (the crawl process ended)", N_BOARDS)]


_HOLD_TRANSACTION = textwrap.dedent(
    """
    import sys, time
    from jobintel.models import Posting
    from jobintel.store import open_db, upsert_postings

    db = open_db(sys.argv[1])
    def p(i):
        return Posting(source="greenhouse", source_id=str(i), url=f"https://x/{i}", title="E", company="C")
    upsert_postings(db, [p(i) for i in range(10)])  # committed
    def slow_batch():
        for i in range(10, 20):
            yield p(i)
        open(sys.argv[2], "w").close()  # the transaction is open and half written
        time.sleep(60)
        yield p(20)
    upsert_postings(db, slow_batch())
    """
)


def test_sigkill_inside_an_open_transaction_rolls_back_that_batch_only(tmp_path):
    db, marker = tmp_path / "j.db", tmp_path / "in-batch"
    proc = subprocess.Popen([sys.executable, "-c", _HOLD_TRANSACTION, str(db), str(marker)], cwd=ROOT)
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert _integrity(db) == "ok"
    assert _keys(db) == {("greenhouse", str(i)) for i in range(10)}
