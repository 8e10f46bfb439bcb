"""Read-side status of the crawl operation: sources, boards, postings stored and open, last crawls.

Feeds ``jobintel sources``. Boards come from two places: a sources file (what we *mean* to crawl)
and ``crawl_runs`` (what we did crawl). Postings are counted per source through ``posting_links``,
so a job merged across two sources counts once for each source and once in the total.

>>> from jobintel.store import open_db
>>> report = sources_report(open_db(":memory:"), {"greenhouse": ["acme"]})
>>> report.sources[0].source, report.sources[0].boards_planned, report.sources[0].last_status
('greenhouse', 1, None)
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

from jobintel.store.lifecycle import process_alive

__all__ = ["BoardState", "SourceState", "SourcesReport", "sources_report"]


@dataclass
class BoardState:
    """One board: its postings and its latest crawl run."""

    source: str
    board: str
    planned: bool = False
    postings: int = 0
    open: int = 0
    last_status: str | None = None  # complete | partial | failed | running | interrupted
    last_at: str | None = None
    reason: str | None = None
    runs: int = 0


@dataclass
class SourceState:
    """One source: its boards, postings and the status of its latest crawl."""

    source: str
    boards_planned: int = 0
    boards_crawled: int = 0
    postings: int = 0
    open: int = 0
    last_status: str | None = None
    last_at: str | None = None
    board_statuses: Counter[str] = field(default_factory=Counter)


@dataclass
class SourcesReport:
    sources: list[SourceState]
    boards: list[BoardState]
    total_postings: int = 0
    open_postings: int = 0

    def render(self, *, verbose: bool = False) -> str:
        """A fixed-width table; ``verbose`` adds one line per board under its source.

        >>> print(SourcesReport([SourceState("lever", 2, 1, 3, 2, "complete", "2026-01-02T03:04:05+00:00",
        ...                                  Counter(complete=1))], [], 3, 2).render())
        source  boards  crawled  postings  open  last crawl
        lever        2        1         3     2  2026-01-02 03:04  complete  (1 complete)
        3 postings stored, 2 open
        """
        width = max([len("source"), *(len(s.source) for s in self.sources)])
        lines = [f"{'source':<{width}}  boards  crawled  postings  open  last crawl"]
        by_source: dict[str, list[BoardState]] = {}
        for b in self.boards:
            by_source.setdefault(b.source, []).append(b)
        for s in self.sources:
            last = "never"
            if s.last_status:
                counts = ", ".join(f"{n} {k}" for k, n in sorted(s.board_statuses.items()))
                last = f"{_when(s.last_at)}  {s.last_status}  ({counts})"
            lines.append(
                f"{s.source:<{width}}  {s.boards_planned:>6}  {s.boards_crawled:>7}  {s.postings:>8}"
                f"  {s.open:>4}  {last}"
            )
            if verbose:
                for b in by_source.get(s.source, []):
                    status = b.last_status or "never crawled"
                    when = f"  {_when(b.last_at)}" if b.last_at else ""
                    why = f"  ({b.reason})" if b.reason and b.last_status != "complete" else ""
                    lines.append(f"  {b.board}: {b.postings} postings, {b.open} open, {status}{when}{why}")
        lines.append(f"{self.total_postings} postings stored, {self.open_postings} open")
        return "\n".join(lines)


def _when(ts: str | None) -> str:
    return (ts or "")[:16].replace("T", " ")


def sources_report(db: Database, planned: dict[str, list[str]] | None = None) -> SourcesReport:
    """Sources (and their boards) from ``planned`` (a sources file: source -> boards) and the store.

    Sources appear in ``planned`` order, then the ones only the store knows, alphabetically.
    """
    planned = planned or {}
    boards: dict[tuple[str, str], BoardState] = {}
    for source, names in planned.items():
        for name in names:
            boards[(source, name)] = BoardState(source, name, planned=True)
    for source, board, n, n_open in db.execute(
        "SELECT source, coalesce(board, ''), count(*), sum(closed_at IS NULL) FROM posting_links"
        " GROUP BY 1, 2"
    ).fetchall():
        state = boards.setdefault((source, board), BoardState(source, board))
        state.postings, state.open = int(n), int(n_open or 0)
    # The latest run per (source, board): max(id) is the latest start.
    runs = db.execute(
        "SELECT r.source, coalesce(r.board, ''), r.status, coalesce(r.finished_at, r.started_at),"
        " r.stats, c.n"
        " FROM crawl_runs r JOIN (SELECT max(id) AS id, count(*) AS n FROM crawl_runs"
        "  GROUP BY source, coalesce(board, '')) c ON c.id = r.id"
    ).fetchall()
    for source, board, status, at, stats, n in runs:
        state = boards.setdefault((source, board), BoardState(source, board))
        info = _json(stats)
        if status == "running" and not _still_running(info):
            status = "interrupted"
        state.last_status, state.last_at, state.runs = status, at, int(n)
        state.reason = info.get("reason")
    sources: dict[str, SourceState] = {s: SourceState(s) for s in planned}
    for (source, _), b in sorted(boards.items(), key=lambda kv: kv[0]):
        s = sources.setdefault(source, SourceState(source))
        s.boards_planned += b.planned
        s.postings += b.postings
        s.open += b.open
        if b.last_status:
            s.boards_crawled += 1
            s.board_statuses[b.last_status] += 1
            if (b.last_at or "") >= (s.last_at or ""):
                s.last_at, s.last_status = b.last_at, b.last_status
    ordered = [sources[s] for s in planned] + sorted(
        (v for k, v in sources.items() if k not in planned), key=lambda v: v.source
    )
    total, n_open = db.execute(
        "SELECT count(*), coalesce(sum(closed_at IS NULL), 0) FROM postings"
    ).fetchone()
    board_list = sorted(boards.values(), key=lambda b: (b.source, b.board))
    return SourcesReport(ordered, board_list, int(total), int(n_open))


def _json(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _still_running(info: dict) -> bool:
    pid = info.get("pid")
    return isinstance(pid, int) and process_alive(pid)
