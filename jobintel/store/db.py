"""The write side of the store: the only module (with queries.py) that runs SQL.

One writer, WAL mode, one transaction per batch. Postings are keyed by ``(source, source_id)``;
re-storing an unchanged posting only moves ``last_seen``.

>>> db = open_db(":memory:")
>>> upsert_postings(db, [Posting(source="s", source_id="1", url="u", title="t", company="c")]).new
1
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from jobintel.errors import StoreError
from jobintel.models import Posting
from jobintel.store.migrations import SCHEMA_MIGRATIONS, migrate

__all__ = [
    "CURRENT_TAGGER_KEY",
    "PostingText",
    "UpsertResult",
    "count_postings",
    "finish_crawl_run",
    "get_meta",
    "iter_postings_to_tag",
    "now_iso",
    "open_db",
    "record_tagger_version",
    "set_meta",
    "start_crawl_run",
    "upsert_postings",
    "write_skills",
    "write_tags",
]

CURRENT_TAGGER_KEY = "current_tagger_version"

_POSTING_COLUMNS = (
    "source",
    "source_id",
    "board",
    "url",
    "title",
    "company",
    "locations",
    "description_html",
    "description_text",
    "date_posted",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_basis",
    "salary_text",
    "workplace",
    "employment_type",
    "department",
    "seniority_hint",
    "raw",
    "content_hash",
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_db(path: str | Path, *, create: bool = True) -> Database:
    """Open (and migrate) the jobintel SQLite file at ``path``; ``":memory:"`` for tests.

    WAL lets readers (compare) run while a crawl writes; ``busy_timeout`` makes a second writer
    wait instead of failing at once.
    """
    if str(path) == ":memory:":
        db = Database(memory=True)
    else:
        p = Path(path)
        if not create and not p.exists():
            raise StoreError(f"database {p} does not exist (run `jobintel crawl` or `jobintel demo` first)")
        if p.parent and not p.parent.exists():
            p.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = Database(p)
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{p}: not a jobintel database ({exc})") from exc
    db.execute("PRAGMA busy_timeout=30000")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    try:
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot migrate database ({exc})") from exc
    known = {m.name for m in SCHEMA_MIGRATIONS._migrations}
    unknown = {m.name for m in SCHEMA_MIGRATIONS.applied(db)} - known
    if unknown:
        raise StoreError(f"{path} was written by a newer jobintel (migrations {sorted(unknown)})")
    return db


@dataclass
class UpsertResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[int] = field(default_factory=list)

    def __iadd__(self, other: UpsertResult) -> UpsertResult:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.ids.extend(other.ids)
        return self


def _posting_row(p: Posting) -> dict[str, Any]:
    s = p.salary
    return {
        "source": p.source,
        "source_id": str(p.source_id),
        "board": p.board,
        "url": p.url,
        "title": p.title.strip(),
        "company": p.company.strip(),
        "locations": json.dumps(p.locations, ensure_ascii=False),
        "description_html": p.description_html,
        "description_text": p.description_text,
        "date_posted": p.date_posted,
        "salary_min": s.min if s else None,
        "salary_max": s.max if s else None,
        "salary_currency": s.currency if s else None,
        "salary_period": s.period if s else None,
        "salary_basis": s.basis if s else None,
        "salary_text": s.text if s else None,
        "workplace": p.workplace,
        "employment_type": p.employment_type,
        "department": p.department,
        "seniority_hint": p.seniority_hint,
        "raw": json.dumps(p.raw, ensure_ascii=False, sort_keys=True),
        "content_hash": p.content_hash(),
    }


def upsert_postings(db: Database, postings: Iterable[Posting], *, run_id: int | None = None) -> UpsertResult:
    """Insert new postings, rewrite changed ones, touch unchanged ones; all in one transaction.

    A posting that reappears after being closed is reopened (``closed_at`` cleared). A changed posting
    loses its tags, so the next ``tag`` run re-tags it from the new text.
    """
    result = UpsertResult()
    seen_at = now_iso()
    conn = db.conn
    with db.atomic():
        for p in postings:
            row = _posting_row(p)
            existing = conn.execute(
                "SELECT id, content_hash FROM postings WHERE source = ? AND source_id = ?",
                (row["source"], row["source_id"]),
            ).fetchone()
            if existing is None:
                cols = (*_POSTING_COLUMNS, "first_seen", "last_seen", "last_run_id")
                values = [row[c] for c in _POSTING_COLUMNS] + [seen_at, seen_at, run_id]
                cur = conn.execute(
                    f"INSERT INTO postings ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    values,
                )
                result.new += 1
                result.ids.append(int(cur.lastrowid))
                continue
            posting_id, old_hash = existing
            if old_hash == row["content_hash"]:
                conn.execute(
                    "UPDATE postings SET last_seen = ?, last_run_id = ?, closed_at = NULL WHERE id = ?",
                    (seen_at, run_id, posting_id),
                )
                result.unchanged += 1
            else:
                assignments = ", ".join(f"{c} = ?" for c in _POSTING_COLUMNS)
                conn.execute(
                    f"UPDATE postings SET {assignments}, last_seen = ?, last_run_id = ?, closed_at = NULL"
                    " WHERE id = ?",
                    [row[c] for c in _POSTING_COLUMNS] + [seen_at, run_id, posting_id],
                )
                # Tags describe the old content: drop them so `tag` picks the posting up again.
                conn.execute("DELETE FROM posting_skills WHERE posting_id = ?", (posting_id,))
                conn.execute("DELETE FROM tags WHERE posting_id = ?", (posting_id,))
                result.updated += 1
            result.ids.append(int(posting_id))
    return result


def count_postings(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM postings").fetchone()[0])


def start_crawl_run(db: Database, source: str, board: str | None) -> int:
    with db.atomic():
        cur = db.conn.execute(
            "INSERT INTO crawl_runs (source, board, started_at, status, stats) VALUES (?, ?, ?, 'running', '{}')",
            (source, board, now_iso()),
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


# -- tagging ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostingText:
    """What the tagger reads for one posting: everything is local, re-tagging never needs the network."""

    id: int
    title: str
    company: str
    text: str
    locations: list[str]
    workplace: str | None
    seniority_hint: str | None
    salary: dict[str, Any] | None
    source: str


def iter_postings_to_tag(
    db: Database, version: str, *, stale_only: bool = False, batch_size: int = 500
) -> Iterator[list[PostingText]]:
    """Yield batches of postings with no tags at ``version``, in id order.

    ``stale_only`` restricts to postings tagged by another version (the ``retag`` case); otherwise
    untagged postings are included too. Keyset pagination keeps memory flat on any corpus size.
    """
    last_id = 0
    if stale_only:
        where = (
            "EXISTS (SELECT 1 FROM tags t WHERE t.posting_id = p.id)"
            " AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.posting_id = p.id AND t.tagger_version = ?)"
        )
    else:
        where = "NOT EXISTS (SELECT 1 FROM tags t WHERE t.posting_id = p.id AND t.tagger_version = ?)"
    sql = (
        "SELECT id, title, company, description_text, locations, workplace, seniority_hint, salary_min,"
        " salary_max, salary_currency, salary_period, salary_basis, salary_text, source"
        f" FROM postings p WHERE p.id > ? AND {where} ORDER BY p.id LIMIT ?"
    )
    while True:
        rows = db.execute(sql, (last_id, version, batch_size)).fetchall()
        if not rows:
            return
        batch = []
        for r in rows:
            salary = None
            if r[7] is not None or r[8] is not None:
                salary = {
                    "min": r[7],
                    "max": r[8],
                    "currency": r[9],
                    "period": r[10],
                    "basis": r[11] or "stated",
                    "text": r[12],
                }
            batch.append(
                PostingText(
                    id=r[0],
                    title=r[1],
                    company=r[2],
                    text=r[3] or "",
                    locations=json.loads(r[4] or "[]"),
                    workplace=r[5],
                    seniority_hint=r[6],
                    salary=salary,
                    source=r[13],
                )
            )
        last_id = rows[-1][0]
        yield batch


def record_tagger_version(
    db: Database, version: str, *, dictionary_version: str, n_skills: int, components: dict[str, str]
) -> None:
    with db.atomic():
        db["tagger_versions"].upsert(
            {
                "version": version,
                "created_at": now_iso(),
                "dictionary_version": dictionary_version,
                "n_skills": n_skills,
                "components": json.dumps(components, sort_keys=True),
            },
            pk="version",
        )
        set_meta(db, CURRENT_TAGGER_KEY, version)


def write_skills(db: Database, skills: Sequence[dict[str, str]]) -> None:
    """Upsert the skill names/categories that tags refer to (id, name, category)."""
    with db.atomic():
        db["skills"].upsert_all(skills, pk="id")


def write_tags(
    db: Database,
    version: str,
    tag_rows: Sequence[dict[str, Any]],
    skill_rows: Sequence[dict[str, Any]],
    *,
    keep_history: bool = True,
) -> None:
    """Write one batch of tags in one transaction.

    ``tag_rows`` hold the ``tags`` columns (``posting_id`` required); ``skill_rows`` the ``posting_skills``
    columns. Rows of the same postings at ``version`` are replaced. With ``keep_history=False`` the
    postings' tags from other versions are deleted in the same transaction.
    """
    ids = [r["posting_id"] for r in tag_rows]
    tagged_at = now_iso()
    with db.atomic():
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ", ".join("?" * len(chunk))
            for table in ("posting_skills", "tags"):
                if keep_history:
                    db.conn.execute(
                        f"DELETE FROM {table} WHERE tagger_version = ? AND posting_id IN ({marks})",
                        [version, *chunk],
                    )
                else:
                    db.conn.execute(f"DELETE FROM {table} WHERE posting_id IN ({marks})", chunk)
        if tag_rows:
            db["tags"].insert_all(
                ({**r, "tagger_version": version, "tagged_at": tagged_at} for r in tag_rows),
                batch_size=500,
            )
        if skill_rows:
            db["posting_skills"].insert_all(
                ({**r, "tagger_version": version} for r in skill_rows), batch_size=1000
            )


def get_meta(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(db: Database, key: str, value: str) -> None:
    db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
