"""Posting lifecycle: close on a complete crawl only, never delete, reopen, write nothing when unchanged."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jobintel.models import Posting
from jobintel.spiders.greenhouse import posting_from_greenhouse
from jobintel.spiders.jsonld import posting_from_jsonld
from jobintel.store import (
    count_postings,
    finish_board_crawl,
    open_db,
    start_crawl_run,
    upsert_postings,
)
from tests.mockserver import FIXTURES, MockServer


def _p(i: int, board: str = "acme", **kw) -> Posting:
    base = dict(
        source="greenhouse", source_id=str(i), url=f"https://x/{i}", title=f"Engineer {i}", company="Acme"
    )
    return Posting(**{**base, "board": board, **kw})


def _crawl(db, postings, status="complete", board="acme", source="greenhouse"):
    """What the pipeline does for one board: batches, then finish (and close) in one transaction."""
    run = start_crawl_run(db, source, board)
    upsert_postings(db, postings, run_id=run, dedupe=True)
    return finish_board_crawl(
        db, run, status, {}, source=source, board=board, seen_source_ids={p.source_id for p in postings}
    )


def _open(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT source_id FROM postings WHERE closed_at IS NULL ORDER BY id")]


def test_complete_crawl_closes_missing_postings_without_deleting(tmp_path):
    db = open_db(tmp_path / "j.db")
    _crawl(db, [_p(1), _p(2), _p(3)])
    closed = _crawl(db, [_p(1), _p(3)])
    assert closed == [2]
    assert _open(db) == ["1", "3"]
    assert count_postings(db) == 3  # never deleted
    row = db.execute("SELECT closed_at >= first_seen FROM postings WHERE source_id = '2'").fetchone()
    assert row == (1,)
    stats = db.execute("SELECT json_extract(stats, '$.closed') FROM crawl_runs ORDER BY id DESC").fetchone()
    assert stats == (1,)


@pytest.mark.parametrize("status", ["partial", "failed"])
def test_partial_or_failed_crawl_closes_nothing(tmp_path, status):
    db = open_db(tmp_path / "j.db")
    _crawl(db, [_p(1), _p(2), _p(3)])
    assert _crawl(db, [_p(1)], status=status) == []
    assert _open(db) == ["1", "2", "3"]


def test_a_complete_crawl_closes_only_its_own_board_and_source(tmp_path):
    db = open_db(tmp_path / "j.db")
    _crawl(db, [_p(1), _p(2, board="other")])
    _crawl(db, [_p(1, source="lever", title="Designer", url="https://lever/1")], source="lever")
    assert _crawl(db, [], board="acme") == [1]
    assert _open(db) == ["2", "1"]  # greenhouse/other and lever/acme stay open


def test_closed_posting_reopens_when_it_returns(tmp_path):
    db = open_db(tmp_path / "j.db")
    _crawl(db, [_p(1), _p(2)])
    _crawl(db, [_p(1)])
    assert _open(db) == ["1"]
    _crawl(db, [_p(1), _p(2)])
    assert _open(db) == ["1", "2"]
    assert db.execute("SELECT count(*) FROM posting_links WHERE closed_at IS NOT NULL").fetchone() == (0,)


def test_unchanged_recrawl_writes_no_posting_rows(tmp_path):
    db = open_db(tmp_path / "j.db")
    _crawl(db, [_p(i) for i in range(50)])
    before = db.conn.total_changes
    result = upsert_postings(db, [_p(i) for i in range(50)], run_id=99, dedupe=True)
    assert (result.unchanged, result.touched, db.conn.total_changes - before) == (50, 0, 0)
    # The whole board crawl writes its crawl_runs row (insert + finish) and nothing else.
    before = db.conn.total_changes
    assert _crawl(db, [_p(i) for i in range(50)]) == []
    assert db.conn.total_changes - before == 2


def test_last_seen_moves_once_per_day(tmp_path):
    db = open_db(tmp_path / "j.db")
    _crawl(db, [_p(1), _p(2)])
    db.conn.execute("UPDATE postings SET last_seen = '2020-01-01T00:00:00+00:00'")
    db.conn.execute("UPDATE posting_links SET last_seen = '2020-01-01T00:00:00+00:00'")
    db.conn.commit()
    result = upsert_postings(db, [_p(1), _p(2)], dedupe=True)
    assert (result.unchanged, result.touched) == (2, 2)
    assert db.execute("SELECT count(*) FROM postings WHERE last_seen > '2020-01-02'").fetchone() == (2,)
    before = db.conn.total_changes
    assert upsert_postings(db, [_p(1), _p(2)], dedupe=True).touched == 0
    assert db.conn.total_changes == before


def test_merged_posting_stays_open_while_any_source_lists_it(tmp_path):
    db = open_db(tmp_path / "j.db")
    gh = _p(401, url="https://boards.greenhouse.io/acme/jobs/401")
    agg = Posting(source="remotive", source_id="r1", url="https://acme.com/jobs?gh_jid=401",
                  title="Engineer 401", company="Acme", board="all")  # fmt: skip
    _crawl(db, [gh])
    _crawl(db, [agg], source="remotive", board="all")
    assert count_postings(db) == 1
    assert _crawl(db, []) == []  # the ATS dropped it, the aggregator still lists it
    assert _open(db) == ["401"]
    assert _crawl(db, [], source="remotive", board="all") == [1]
    assert _open(db) == []


def test_changed_content_is_rewritten_and_unchanged_is_not(tmp_path):
    db = open_db(tmp_path / "j.db")
    _crawl(db, [_p(1), _p(2)])
    run = start_crawl_run(db, "greenhouse", "acme")
    result = upsert_postings(db, [_p(1, title="Staff Engineer 1"), _p(2)], run_id=run, dedupe=True)
    assert (result.updated, result.unchanged) == (1, 1)
    assert db.execute(
        "SELECT source_id, title, last_run_id = ? FROM postings ORDER BY id", (run,)
    ).fetchall() == [
        ("1", "Staff Engineer 1", 1),
        ("2", "Engineer 2", 0),
    ]


# -- posting date -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("job", "expected"),
    [
        ({"first_published": "2025-03-01T10:00:00-05:00", "updated_at": "2025-09-30T12:00:00-04:00"},
         "2025-03-01T10:00:00-05:00"),
        ({"updated_at": "2025-09-30T12:00:00-04:00"}, "2025-09-30T12:00:00-04:00"),  # nothing better
    ],
)  # fmt: skip
def test_greenhouse_posting_date_prefers_first_published(job, expected):
    job = {"id": 1, "title": "ML Engineer", "absolute_url": "https://x/1", **job}
    assert posting_from_greenhouse(job, board="acme", company="Acme").date_posted == expected


def test_jsonld_posting_date_is_date_posted_not_date_modified():
    node = {
        "title": "ML Engineer",
        "datePosted": "2025-05-02",
        "dateModified": "2025-10-01",
        "url": "https://x/1",
    }
    assert posting_from_jsonld(node, page_url="https://x/1").date_posted == "2025-05-02"


# -- end to end: the pipeline closes after a complete crawl only -------------------------------------

FAST = [
    "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=false",
    "--set", "JOBINTEL_CONTACT=t@example.org", "--set", "JOBINTEL_ALLOW_PRIVATE_ADDRESSES=true",
    "--progress", "off", "--json",
]  # fmt: skip


def _run(db: Path, url: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "jobintel.spiders.runner", "--db", str(db), *FAST, "--source", "greenhouse",
         "--board", "exampleai", "--base-url", url],
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert proc.stdout, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_pipeline_closes_on_complete_crawl_only_and_unchanged_recrawl_writes_nothing(tmp_path):
    root = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "greenhouse", root / "greenhouse")
    listing = root / "greenhouse/exampleai.json"
    payload = json.loads(listing.read_text())
    db = tmp_path / "jobs.db"
    with MockServer(root=root) as srv:
        _run(db, srv.url)
        with sqlite3.connect(db) as conn:
            before = conn.execute("SELECT * FROM postings ORDER BY id").fetchall()
        again = _run(db, srv.url)
        with sqlite3.connect(db) as conn:
            # last_run_id would name the second run had any posting row been written.
            assert conn.execute("SELECT * FROM postings ORDER BY id").fetchall() == before
        assert [(b["status"], b["unchanged"], b["closed"]) for b in again["boards"]] == [("complete", 3, 0)]

        # A job disappears, another job cannot be mapped: the board is partial, nothing closes.
        gone = payload["jobs"].pop(0)["id"]
        listing.write_text(json.dumps({**payload, "jobs": [*payload["jobs"], {"title": "no id"}]}))
        partial = _run(db, srv.url)
        assert [(b["status"], b["closed"]) for b in partial["boards"]] == [("partial", 0)]
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM postings WHERE closed_at IS NULL").fetchone() == (3,)

        # The same board, complete: the missing job closes; it is still stored.
        listing.write_text(json.dumps(payload))
        complete = _run(db, srv.url)
    assert [(b["status"], b["closed"]) for b in complete["boards"]] == [("complete", 1)]
    assert complete["postings_closed"] == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT source_id FROM postings WHERE closed_at IS NOT NULL").fetchall() == [
            (str(gone),)
        ]
        assert conn.execute("SELECT count(*) FROM postings").fetchone() == (3,)
