"""End-to-end crawls: the real spiders, pipeline and runner against tests/mockserver.py on 127.0.0.1.

Each crawl runs in a subprocess (``python -m jobintel.spiders.runner``) because the Twisted reactor
cannot restart inside one pytest process. Politeness delays are switched off through the same
command-line overrides a user would pass.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.mockserver import FIXTURES, MockServer

pytestmark = pytest.mark.slow

FAST = [
    "--set",
    "DOWNLOAD_DELAY=0",
    "--set",
    "AUTOTHROTTLE_ENABLED=false",
    "--set",
    "JOBINTEL_CONTACT=tests@example.org",
    # The mock server is on 127.0.0.1, which a real crawl refuses (see test_crawl_faults.py).
    "--set",
    "JOBINTEL_ALLOW_PRIVATE_ADDRESSES=true",
]


@pytest.fixture(scope="module")
def server():
    with MockServer() as srv:
        yield srv


def crawl(db: Path, *args: str, progress: str = "off") -> tuple[int, dict[str, Any], str]:
    """Run one crawl in a fresh interpreter; returns (exit code, JSON summary, stderr)."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobintel.spiders.runner",
            "--db",
            str(db),
            "--json",
            "--progress",
            progress,
            *FAST,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def rows(db: Path, sql: str, *params: Any) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def boards(summary: dict[str, Any]) -> dict[str, tuple[str, int, int, int]]:
    return {
        f"{b['source']}/{b['board']}": (b["status"], b["new"], b["updated"], b["unchanged"])
        for b in summary["boards"]
    }


def test_greenhouse_crawl_recrawl_and_404_board(server, tmp_path):
    db = tmp_path / "jobs.db"
    start = len(server.paths)
    code, first, _ = crawl(
        db, "--source", "greenhouse", "--board", "exampleai", "--board", "missing", "--base-url", server.url
    )
    assert code == 1  # one board failed
    assert boards(first) == {
        "greenhouse/exampleai": ("complete", 3, 0, 0),
        "greenhouse/missing": ("failed", 0, 0, 0),
    }
    assert (first["postings_new"], first["errors"], first["dropped"]) == (3, 1, 0)
    # The base URL replaced scheme and host only: the paths are the API's own.
    assert sorted(server.paths[start:]) == [
        "/robots.txt",
        "/v1/boards/exampleai/jobs?content=true",
        "/v1/boards/missing/jobs?content=true",
    ]
    assert server.user_agents[-1] == (
        "jobintel/0.1.0 (+https://github.com/jobintel/jobintel; contact: tests@example.org)"
    )
    stored = rows(
        db,
        "SELECT source_id, title, locations, workplace, employment_type, salary_min, board "
        "FROM postings ORDER BY source_id",
    )
    assert stored == [
        (
            "7712345002",
            "Staff Machine Learning Engineer, Inference",
            '["San Francisco, CA", "Seattle, WA", "Remote - US"]',
            None,
            "full_time",
            None,
            "exampleai",
        ),
        (
            "8559344002",
            "MLOps Engineer, Training Platform",
            '["London, United Kingdom"]',
            None,
            None,
            None,
            "exampleai",
        ),
        (
            "9001234002",
            "Data Center Technician (Hourly)",
            '["Austin, TX"]',
            None,
            "part_time",
            None,
            "exampleai",
        ),
    ]
    runs = rows(db, "SELECT board, status, json_extract(stats, '$.reason') FROM crawl_runs ORDER BY id")
    assert runs == [("exampleai", "complete", None), ("missing", "failed", "HTTP 404")]
    seen_before = rows(db, "SELECT first_seen FROM postings ORDER BY id")

    code, second, _ = crawl(db, "--source", "greenhouse", "--board", "exampleai", "--base-url", server.url)
    assert code == 0
    assert boards(second) == {"greenhouse/exampleai": ("complete", 0, 0, 3)}
    assert rows(db, "SELECT count(*) FROM postings") == [(3,)]
    assert rows(db, "SELECT first_seen FROM postings ORDER BY id") == seen_before
    assert rows(db, "SELECT count(*) FROM postings WHERE last_seen >= first_seen") == [(3,)]
    assert rows(db, "SELECT count(*) FROM crawl_runs") == [(3,)]


def test_greenhouse_pay_details_store_cents_as_units(server, tmp_path):
    db = tmp_path / "jobs.db"
    code, summary, _ = crawl(
        db,
        "--source",
        "greenhouse",
        "--board",
        "exampleai",
        "--base-url",
        server.url,
        "--set",
        "JOBINTEL_GREENHOUSE_PAY_DETAILS=true",
    )
    assert code == 0 and summary["postings_new"] == 3
    salaries = rows(
        db,
        "SELECT source_id, salary_min, salary_max, salary_currency, salary_period, salary_basis "
        "FROM postings ORDER BY source_id",
    )
    assert salaries == [
        ("7712345002", 220000.0, 320000.0, "USD", None, "stated"),
        ("8559344002", None, None, None, None, None),
        ("9001234002", 31.5, 42.75, "USD", "hour", "stated"),
    ]


def test_sources_file_crawls_lever_ashby_and_jsonld_sitemap(server, tmp_path):
    db = tmp_path / "jobs.db"
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[lever]\nbase_url = "{server.url}"\nboards = ["exampleai", "emptyboard"]\n'
        f'companies = {{ exampleai = "Example AI" }}\n\n'
        f'[ashby]\nbase_url = "{server.url}"\nboards = ["exampleai"]\n\n'
        f'[jsonld]\nbase_url = "{server.url}"\nsitemaps = ["/sitemap.xml"]\n'
    )
    start = len(server.paths)
    code, summary, stderr = crawl(db, "--sources", str(sources), progress="force")
    assert code == 0
    # The forced progress line (not a TTY: one line per update) sums all three crawlers:
    # 3 robots.txt + 2 Lever + 1 Ashby listings + 2 sitemaps + 4 pages.
    assert (
        stderr.strip().splitlines()[-1]
        == "crawl  pages 12  stored 10  errors 0  dropped 0  (lever, ashby, jsonld)"
    )
    host = server.url.split("//")[1]
    assert boards(summary) == {
        "lever/exampleai": ("complete", 3, 0, 0),
        "lever/emptyboard": ("complete", 0, 0, 0),  # [] is a live board with no roles
        "ashby/exampleai": ("complete", 3, 0, 0),  # the unlisted row is skipped
        f"jsonld/{host}": ("complete", 4, 0, 0),
    }
    paths = set(server.paths[start:])
    assert {
        "/v0/postings/exampleai?mode=json",
        "/posting-api/job-board/exampleai?includeCompensation=true",
        "/sitemap.xml",
        "/sitemap-careers.xml",
        "/careers/open-roles",
    } <= paths
    by_source = dict(rows(db, "SELECT source, count(*) FROM postings GROUP BY source"))
    assert by_source == {"ashby": 3, "jsonld": 4, "lever": 3}
    assert rows(
        db,
        "SELECT title, workplace, salary_min, salary_max, salary_currency, salary_period, company "
        "FROM postings WHERE source = 'ashby' ORDER BY title",
    ) == [
        ("Applied AI Engineer, Enterprise", "remote", 180000.0, 230000.0, "USD", "year", "exampleai"),
        ("Research Engineer, Post-Training", "hybrid", 257000.0, 335000.0, "USD", "year", "exampleai"),
        ("Technical Writer, Developer Docs", None, None, None, None, None, "exampleai"),
    ]
    assert rows(
        db, "SELECT company, date_posted, workplace FROM postings WHERE source = 'lever' ORDER BY date_posted"
    ) == [
        ("Example AI", "2025-07-07T09:20:00+00:00", "hybrid"),
        ("Example AI", "2025-08-01T00:00:00+00:00", None),
        ("Example AI", "2026-01-01T00:00:00+00:00", "onsite"),
    ]
    assert rows(
        db, "SELECT title, salary_basis, workplace FROM postings WHERE source = 'jsonld' ORDER BY title"
    ) == [
        ("AI Data Annotation Specialist", "stated", None),
        ("Analytics Engineer", "estimated", None),
        ("Computer Vision Engineer", "stated", None),
        ("Senior ML Platform Engineer", "stated", "remote"),
    ]


def test_changed_posting_is_updated(tmp_path):
    root = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "lever", root / "lever")
    db = tmp_path / "jobs.db"
    with MockServer(root=root) as srv:
        crawl(db, "--source", "lever", "--board", "exampleai", "--base-url", srv.url)
        payload = json.loads((root / "lever/exampleai.json").read_text())
        payload[0]["text"] = "Staff MLOps Engineer"
        (root / "lever/exampleai.json").write_text(json.dumps(payload))
        code, summary, _ = crawl(db, "--source", "lever", "--board", "exampleai", "--base-url", srv.url)
    assert code == 0
    assert boards(summary) == {"lever/exampleai": ("complete", 0, 1, 2)}
    assert rows(db, "SELECT count(*) FROM postings WHERE title = 'Staff MLOps Engineer'") == [(1,)]


def test_fault_boards_fail_alone(server, tmp_path):
    db = tmp_path / "jobs.db"
    code, summary, _ = crawl(
        db,
        "--source",
        "ashby",
        "--board",
        "error500",
        "--board",
        "truncated",
        "--board",
        "ratelimited",
        "--board",
        "exampleai",
        "--base-url",
        server.url,
    )
    assert code == 1
    reasons = {b["board"]: (b["status"], b["reason"]) for b in summary["boards"]}
    assert reasons == {
        "error500": ("failed", "HTTP 500"),  # after RETRY_TIMES retries
        "truncated": ("failed", "invalid JSON"),
        "ratelimited": ("failed", "HTTP 429"),
        "exampleai": ("complete", None),
    }
    assert rows(db, "SELECT count(*) FROM postings") == [(3,)]
    assert server.paths.count("/posting-api/job-board/error500?includeCompensation=true") >= 4


def test_bad_sources_file_is_a_clean_error(tmp_path):
    sources = tmp_path / "bad.toml"
    sources.write_text("[workday]\nboards = ['x']\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobintel.spiders.runner",
            "--db",
            str(tmp_path / "x.db"),
            "--sources",
            str(sources),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == f"error: {sources}: unknown source [workday] (known: greenhouse, lever, ashby, workable, "
        "smartrecruiters, recruitee, personio, hackernews, remoteok, remotive, arbeitnow, himalayas, usajobs, "
        "jsonld)"
    )
