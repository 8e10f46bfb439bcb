"""End-to-end crawls of the newer sources against tests/mockserver.py on 127.0.0.1.

One subprocess crawls every new source at once from a sources file (the reactor cannot restart, and one
process keeps the suite fast); two more check Remotive's 4-a-day refusal and the CLI's board-less
``jobintel crawl remoteok``.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jobintel.store import finish_crawl_run, open_db, start_crawl_run
from tests.mockserver import MockServer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parent.parent
FAST = [
    "--set", "DOWNLOAD_DELAY=0",
    "--set", "AUTOTHROTTLE_ENABLED=false",
    "--set", "JOBINTEL_CONTACT=tests@example.org",
    "--set", "JOBINTEL_ALLOW_PRIVATE_ADDRESSES=true",
]  # fmt: skip


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False
    )


def _runner(db: Path, *args: str) -> tuple[int, dict[str, Any]]:
    proc = _run("-m", "jobintel.spiders.runner", "--db", str(db), "--json", "--progress", "off", *FAST, *args)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def rows(db: Path, sql: str, *params: Any) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def server():
    with MockServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def crawl_all(server, tmp_path_factory):
    """Every new source in one crawl; returns (exit code, summary, db, requests seen by the server)."""
    tmp = tmp_path_factory.mktemp("sources")
    base = f'base_url = "{server.url}"'
    (tmp / "sources.toml").write_text(
        f'[workable]\n{base}\nboards = ["exampleai", "emptyboard"]\n'
        f'[smartrecruiters]\n{base}\nboards = ["ExampleCo"]\n'
        f'[recruitee]\n{base}\nboards = ["exampleai", "missing"]\n'
        f'[personio]\n{base}\nboards = ["exampleai", "emptyboard"]\n'
        f'[hackernews]\n{base}\nboards = ["2026-09"]\n'
        f"[remoteok]\n{base}\n"
        f"[remotive]\n{base}\n"
        f"[arbeitnow]\n{base}\n"
        f"[himalayas]\n{base}\n"
        f'[usajobs]\n{base}\nargs = {{ keyword = "data science" }}\n'
        f'[jsonld]\ndomains = ["{server.url}"]\n'
    )
    db = tmp / "jobs.db"
    start = len(server.paths)
    code, summary = _runner(
        db,
        "--sources", str(tmp / "sources.toml"),
        "--set", "JOBINTEL_USAJOBS_API_KEY=key-123",
        "--set", "JOBINTEL_USAJOBS_EMAIL=ops@example.org",
        "--set", "JOBINTEL_IGNORE_DAILY_LIMIT=true",
    )  # fmt: skip
    seen = list(zip(server.paths[start:], server.request_headers[start:], strict=True))
    return code, summary, db, seen


def test_every_source_records_its_board(crawl_all, server):
    code, summary, _, _ = crawl_all
    host = server.url.split("//")[1]
    assert code == 1  # recruitee/missing is a 404 board
    boards = {
        f"{b['source']}/{b['board']}": (b["status"], b["new"] + b.get("merged", 0)) for b in summary["boards"]
    }
    assert boards == {
        "workable/exampleai": ("complete", 2),  # the per-location repeat is one posting
        "workable/emptyboard": ("complete", 0),
        "smartrecruiters/ExampleCo": ("partial", 3),  # one detail call 404s; its list row is kept
        "recruitee/exampleai": ("complete", 3),
        "recruitee/missing": ("failed", 0),
        "personio/exampleai": ("complete", 2),
        "personio/emptyboard": ("complete", 0),  # <workzag-jobs></workzag-jobs>
        "hackernews/2026-09": ("complete", 4),
        "remoteok/all": ("complete", 2),
        "remotive/all": ("complete", 2),
        "arbeitnow/all": ("complete", 3),  # 4 rows over 2 pages, one repeated
        "himalayas/all": ("complete", 3),
        "usajobs/keyword=data science": ("complete", 3),
        f"jsonld/{host}": ("complete", 5),  # 4 from /sitemap.xml + the microdata page linked from /careers
    }
    reasons = {b["board"]: b["reason"] for b in summary["boards"] if b["reason"]}
    assert reasons == {"ExampleCo": "posting detail HTTP 404", "missing": "HTTP 404"}


def test_requests_use_the_real_api_paths(crawl_all):
    _, _, _, seen = crawl_all
    paths = {path for path, _ in seen}
    assert {
        "/api/v1/widget/accounts/exampleai?details=true",
        "/v1/companies/ExampleCo/postings?limit=100&offset=0",
        "/v1/companies/ExampleCo/postings?limit=100&offset=100",  # totalFound 101
        "/v1/companies/ExampleCo/postings/744000067500001",
        "/exampleai/api/offers/",
        "/exampleai/xml?language=en",  # never the German default
        "/api/v1/items/49522897",
        "/api",
        "/api/remote-jobs",
        "/api/job-board-api?page=1",
        "/api/job-board-api?page=2",  # meta.last_page = 2
        "/jobs/api?limit=20&offset=20",
        "/api/Search?Keyword=data+science&ResultsPerPage=500&Page=2",  # NumberOfPages "2"
        "/robots.txt",
        "/sitemap.xml",
        "/careers",
        "/careers/microdata-role",
    } <= paths
    assert "/exampleai/xml" not in paths
    assert sum(p == "/api/remote-jobs" for p, _ in seen) == 1  # Remotive: one request per run


def test_usajobs_sends_its_auth_headers(crawl_all, server):
    _, _, _, seen = crawl_all
    headers = [h for p, h in seen if p.startswith("/api/Search")]
    assert len(headers) == 2
    host = server.url.split("//")[1]
    assert {(h["Host"], h["User-Agent"], h["Authorization-Key"]) for h in headers} == {
        (host, "ops@example.org", "key-123")
    }


def test_stored_rows_keep_structured_fields(crawl_all):
    _, _, db, _ = crawl_all
    got = rows(
        db,
        "SELECT source, title, workplace, salary_min, salary_max, salary_currency, salary_period, "
        "seniority_hint FROM postings WHERE source_id IN (?, ?, ?, ?, ?, ?, ?) ORDER BY source",
        "1136070",  # remoteok: salary 0 -> null
        "2700825",  # recruitee: structured salary
        "49573955",  # hackernews: salary parsed from the header
        "801234500",  # usajobs: string amounts, GS-13
        "https://himalayas.app/companies/tagwise/jobs/data-labeling-contractor",
        "744000067412345",  # smartrecruiters: hybrid
        "9F3A1B2C4D",  # workable
    )
    assert got == [
        ("hackernews", "Data Engineer, MLOps Engineer", "onsite", 75000.0, 95000.0, "EUR", None, None),
        ("himalayas", "Data Labeling Contractor", "remote", 4.0, 5500.0, "USD", "month", "Entry-level"),
        ("recruitee", "Senior ML Engineer", "hybrid", 70000.0, 85000.0, "EUR", "year", None),
        ("remoteok", "Senior ML Engineer", "remote", None, None, None, None, "senior"),
        ("smartrecruiters", "Senior Data Scientist - Forecasting", "hybrid", None, None, None, None,
         "mid_senior_level"),
        ("usajobs", "Data Scientist (Machine Learning)", "remote", 117962.0, 153354.0, "USD", "year",
         "senior_level"),
        ("workable", "Machine Learning Engineer (NLP)", None, None, None, None, None, "Mid-Senior level"),
    ]  # fmt: skip


def test_remotive_refuses_a_fifth_run_in_24_hours(server, tmp_path):
    db = tmp_path / "jobs.db"
    store = open_db(db)
    for _ in range(4):
        finish_crawl_run(store, start_crawl_run(store, "remotive", "all"), "complete", {"reason": None})
    store.close()
    start = len(server.paths)
    code, summary = _runner(db, "--source", "remotive", "--base-url", server.url)
    assert code == 1
    ((board, status, reason),) = [(b["board"], b["status"], b["reason"]) for b in summary["boards"]]
    assert (board, status) == ("all", "failed")
    assert reason.startswith("daily limit: Remotive allows at most 4 requests per 24 h and 4 were made")
    assert "/api/remote-jobs" not in server.paths[start:]
    assert rows(db, "SELECT count(*) FROM crawl_runs WHERE source = 'remotive'") == [(5,)]


def test_cli_crawls_a_feed_without_board(server, tmp_path):
    db = tmp_path / "cli.db"
    proc = _run(
        "-m", "jobintel", "--db", str(db), "crawl", "remoteok", "--base-url", server.url,
        "--allow-private-addresses", "--no-progress", "--set", "DOWNLOAD_DELAY=0",
        "--set", "AUTOTHROTTLE_ENABLED=false",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "remoteok/all  complete  2 new" in proc.stdout
    assert rows(db, "SELECT count(*) FROM postings WHERE source = 'remoteok'") == [(2,)]
