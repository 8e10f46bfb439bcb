"""Crawl operations: ``jobintel sources``, the crawl exit status, the progress bar."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from jobintel.cli import cli
from jobintel.models import Posting
from jobintel.spiders.base import BoardStatus
from jobintel.spiders.extensions import ProgressLine
from jobintel.store import finish_board_crawl, open_db, start_crawl_run, upsert_postings
from tests.mockserver import MockServer

ROOT = Path(__file__).parent.parent


def _p(source: str, board: str, i: int) -> Posting:
    return Posting(source=source, source_id=f"{board}-{i}", url=f"https://x/{source}/{board}/{i}",
                   title=f"Role {source} {board} {i}", company=board, board=board)  # fmt: skip


@pytest.fixture
def db_path(tmp_path) -> Path:
    """greenhouse/acme: 3 postings (one closed), greenhouse/gone: 404, lever/beta: killed mid-crawl."""
    path = tmp_path / "j.db"
    db = open_db(path)
    for postings, status in (([_p("greenhouse", "acme", i) for i in range(3)], "complete"),
                             ([_p("greenhouse", "acme", i) for i in range(2)], "complete")):  # fmt: skip
        run = start_crawl_run(db, "greenhouse", "acme")
        upsert_postings(db, postings, run_id=run)
        finish_board_crawl(db, run, status, {}, source="greenhouse", board="acme",
                           seen_source_ids={p.source_id for p in postings})  # fmt: skip
    run = start_crawl_run(db, "greenhouse", "gone")
    finish_board_crawl(db, run, "failed", {"reason": "HTTP 404"}, source="greenhouse", board="gone",
                       seen_source_ids=set())  # fmt: skip
    run = start_crawl_run(db, "lever", "beta")
    upsert_postings(db, [_p("lever", "beta", i) for i in range(2)], run_id=run)
    # The crawl that started this run is dead (a pid that cannot exist): it shows as interrupted.
    db.conn.execute(
        "UPDATE crawl_runs SET stats = ? WHERE id = ?", (json.dumps({"pid": 2**22 + 7, "host": _host()}), run)
    )
    times = {1: "2026-03-01T08:00:00+00:00", 2: "2026-03-02T08:00:00+00:00", 3: "2026-03-02T08:01:00+00:00",
             4: "2026-03-02T09:30:00+00:00"}  # fmt: skip
    for run_id, ts in times.items():
        db.conn.execute(
            "UPDATE crawl_runs SET started_at = ?, finished_at = CASE WHEN finished_at IS NULL THEN NULL"
            " ELSE ? END WHERE id = ?",
            (ts, ts, run_id),
        )
    db.conn.commit()
    return path


def _host() -> str:
    import socket

    return socket.gethostname()


def run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_sources_lists_boards_postings_open_and_last_crawl(db_path):
    result = run(["sources", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "source      boards  crawled  postings  open  last crawl",
        "greenhouse       0        2         3     2  2026-03-02 08:01  failed  (1 complete, 1 failed)",
        "lever            0        1         2     2  2026-03-02 09:30  interrupted  (1 interrupted)",
        "5 postings stored, 4 open",
    ]


def test_sources_with_a_sources_file_and_per_board_detail(db_path, tmp_path):
    sources = tmp_path / "s.toml"
    sources.write_text('[greenhouse]\nboards = ["acme", "newco"]\n\n[ashby]\nboards = ["zeta"]\n')
    result = run(["sources", "--db", str(db_path), "--sources", str(sources), "-v"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "source      boards  crawled  postings  open  last crawl",
        "greenhouse       2        2         3     2  2026-03-02 08:01  failed  (1 complete, 1 failed)",
        "  acme: 3 postings, 2 open, complete  2026-03-02 08:00",
        "  gone: 0 postings, 0 open, failed  2026-03-02 08:01  (HTTP 404)",
        "  newco: 0 postings, 0 open, never crawled",
        "ashby            1        0         0     0  never",
        "  zeta: 0 postings, 0 open, never crawled",
        "lever            0        1         2     2  2026-03-02 09:30  interrupted  (1 interrupted)",
        "  beta: 2 postings, 2 open, interrupted  2026-03-02 09:30",
        "5 postings stored, 4 open",
    ]


def test_sources_without_a_database_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(cli, ["sources", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "does not exist" in str(result.exception) + result.output
    assert not (tmp_path / "none.db").exists()


# -- crawl exit status ---------------------------------------------------------------------------


def _cli_crawl(db: Path, url: str, *boards: str) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "jobintel", "crawl", "greenhouse", "--db", str(db), "--base-url", url,
            "--no-progress", "--concurrency", "4"]  # fmt: skip
    for b in boards:
        args += ["--board", b]
    for s in ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=false", "JOBINTEL_ALLOW_PRIVATE_ADDRESSES=true"):
        args += ["--set", s]
    return subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=ROOT)


@pytest.mark.slow
def test_crawl_fails_only_when_every_board_failed_and_always_prints_the_summary(tmp_path):
    with MockServer() as srv:
        some = _cli_crawl(tmp_path / "a.db", srv.url, "exampleai", "missing", "error500")
        none = _cli_crawl(tmp_path / "b.db", srv.url, "missing")
    assert some.returncode == 0, some.stderr
    lines = some.stdout.splitlines()
    assert lines[1:4] == [
        "  greenhouse/exampleai  complete  3 new, 0 updated, 0 unchanged",
        "  greenhouse/missing    failed    HTTP 404",
        "  greenhouse/error500   failed    HTTP 500",
    ]
    assert none.returncode == 1
    assert none.stdout.splitlines()[1] == "  greenhouse/missing  failed    HTTP 404"


# -- progress bar --------------------------------------------------------------------------------


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def _crawler(name: str, statuses: dict[str, BoardStatus], **stats: int):
    data = {"response_received_count": stats.get("pages", 0), "item_scraped_count": stats.get("stored", 0)}
    return SimpleNamespace(spider=SimpleNamespace(name=name, board_status=statuses),
                           stats=SimpleNamespace(get_stats=lambda: data))  # fmt: skip


def test_progress_bar_on_a_terminal_counts_boards_done():
    stream = _TTY()
    line = ProgressLine(stream, tty=True)
    line.crawlers += [
        _crawler(
            "greenhouse",
            {"a": BoardStatus("a", fetched=1), "b": BoardStatus("b", failed=1), "c": BoardStatus("c")},
            pages=3,
            stored=40,
        ),
        _crawler("lever", {"d": BoardStatus("d")}, pages=1),
    ]
    line.draw(force=True)
    line.finish()
    out = stream.getvalue()
    assert "2/4" in out and "boards" in out
    assert "pages 4  stored 40  errors 0  dropped 0" in out


def test_progress_line_off_a_terminal_stays_plain():
    stream = io.StringIO()
    line = ProgressLine(stream, tty=False)
    line.crawlers.append(_crawler("ashby", {"a": BoardStatus("a", fetched=1)}, pages=2, stored=5))
    line.draw(force=True)
    assert stream.getvalue() == "crawl  pages 2  stored 5  errors 0  dropped 0  (ashby)\n"
