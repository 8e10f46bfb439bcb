"""Crawl runs and posting lifecycle: which board crawls ran, and what a complete crawl closes.

A crawl of one board is a ``crawl_runs`` row (``running`` → ``complete``/``partial``/``failed``).
Only a *complete* crawl closes the board's postings it did not list; a partial or failed one closes
nothing, and a run whose process died is marked ``failed`` on the next start. Closing never deletes:
a posting seen again reopens (``db.upsert_postings``).

>>> from jobintel.store.db import open_db
>>> db = open_db(":memory:")
>>> run = start_crawl_run(db, "greenhouse", "acme")
>>> finish_board_crawl(db, run, "complete", {}, source="greenhouse", board="acme", seen_source_ids=[])
[]
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Collection
from typing import Any

from sqlite_utils import Database

from jobintel.store.db import now_iso

__all__ = [
    "close_missing_postings",
    "finish_board_crawl",
    "finish_crawl_run",
    "mark_interrupted_runs",
    "process_alive",
    "start_crawl_run",
]


def start_crawl_run(db: Database, source: str, board: str | None) -> int:
    """Record a ``running`` crawl of one board; the pid lets a later run spot it was killed."""
    owner = json.dumps({"pid": os.getpid(), "host": socket.gethostname()})
    with db.atomic():
        cur = db.conn.execute(
            "INSERT INTO crawl_runs (source, board, started_at, status, stats)"
            " VALUES (?, ?, ?, 'running', ?)",
            (source, board, now_iso(), owner),
        )
    return int(cur.lastrowid)


def finish_crawl_run(db: Database, run_id: int, status: str, stats: dict[str, Any]) -> None:
    if status not in {"complete", "partial", "failed"}:
        raise ValueError(f"unknown crawl status {status!r}")
    with db.atomic():
        db.conn.execute(
            "UPDATE crawl_runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
            (now_iso(), status, json.dumps(stats, sort_keys=True, default=str), run_id),
        )


def close_missing_postings(
    db: Database, source: str, board: str, seen_source_ids: Collection[str], *, closed_at: str | None = None
) -> list[int]:
    """Close what a *complete* crawl of ``(source, board)`` did not list; return the closed posting ids.

    The board's links not in ``seen_source_ids`` get ``closed_at``; a posting closes when none of
    its links (on any source) is open any more. Nothing is deleted; a later sighting reopens it.
    Only call this for a complete crawl: a partial one would close what it merely failed to fetch.

    >>> from jobintel.models import Posting
    >>> from jobintel.store.db import open_db, upsert_postings
    >>> db = open_db(":memory:")
    >>> _ = upsert_postings(db, [Posting(source="s", source_id=i, url="u", title="t", company="c", board="b")
    ...                          for i in ("1", "2")])
    >>> close_missing_postings(db, "s", "b", {"1"})
    [2]
    """
    if not board:
        return []
    closed_at = closed_at or now_iso()
    seen = {str(s) for s in seen_source_ids}
    gone = [
        (link_id, posting_id)
        for link_id, posting_id, source_id in db.execute(
            "SELECT id, posting_id, source_id FROM posting_links"
            " WHERE source = ? AND board = ? AND closed_at IS NULL",
            (source, board),
        ).fetchall()
        if source_id not in seen
    ]
    closed: list[int] = []
    with db.atomic():
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            db.conn.execute(
                f"UPDATE posting_links SET closed_at = ? WHERE id IN ({marks})",
                [closed_at, *(c[0] for c in chunk)],
            )
            ids = sorted({c[1] for c in chunk})
            marks = ", ".join("?" * len(ids))
            rows = db.conn.execute(
                f"UPDATE postings SET closed_at = ? WHERE id IN ({marks}) AND closed_at IS NULL"
                " AND NOT EXISTS (SELECT 1 FROM posting_links l WHERE l.posting_id = postings.id"
                " AND l.closed_at IS NULL) RETURNING id",
                [closed_at, *ids],
            ).fetchall()
            closed += [r[0] for r in rows]
    return sorted(closed)


def finish_board_crawl(
    db: Database,
    run_id: int,
    status: str,
    stats: dict[str, Any],
    *,
    source: str,
    board: str | None,
    seen_source_ids: Collection[str],
) -> list[int]:
    """Finish one board's crawl run and, when it is ``complete``, close what it did not see.

    One transaction: a crash leaves either both the closures and the finished run, or neither.
    Returns the ids of the postings closed (always ``[]`` for partial and failed runs).
    """
    with db.atomic():
        closed = []
        if status == "complete" and board:
            closed = close_missing_postings(db, source, board, seen_source_ids)
        finish_crawl_run(db, run_id, status, {**stats, "closed": len(closed)})
    return closed


def mark_interrupted_runs(db: Database) -> int:
    """Mark ``running`` crawl runs whose process is gone (SIGKILL, power loss) as ``failed``.

    A run of another live process (a concurrent crawl) is left alone. Returns the number marked.
    """
    host = socket.gethostname()
    stale = []
    for run_id, stats in db.execute("SELECT id, stats FROM crawl_runs WHERE status = 'running'").fetchall():
        try:
            owner = json.loads(stats or "{}")
        except ValueError:
            owner = {}
        pid = owner.get("pid") if isinstance(owner, dict) else None
        if isinstance(pid, int) and owner.get("host") != host:
            continue  # another machine's crawl: we cannot tell
        if isinstance(pid, int) and process_alive(pid):
            continue
        stale.append(run_id)
    if stale:
        with db.atomic():
            for run_id in stale:
                db.conn.execute(
                    "UPDATE crawl_runs SET status = 'failed', finished_at = ?, stats = ? WHERE id = ?",
                    (now_iso(), json.dumps({"reason": "interrupted (the crawl process ended)"}), run_id),
                )
    return len(stale)


def process_alive(pid: int) -> bool:
    """True unless process ``pid`` on this machine is gone or a zombie (unknown counts as alive)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        # A killed child that its parent has not reaped yet is a zombie: as dead as it gets.
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
