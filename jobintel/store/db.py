"""The write side of the store: the only module (with queries.py) that runs SQL.

One writer, WAL mode, one transaction per batch. Postings are keyed by ``(source, source_id)``;
every (source, source_id) also has a ``posting_links`` row, so a job found on two sources is one
posting with two links (``store/dedupe.py``). Re-storing an unchanged posting writes nothing, except
once a day to move ``last_seen``; a complete crawl of a board closes what it no longer lists.

>>> db = open_db(":memory:")
>>> upsert_postings(db, [Posting(source="s", source_id="1", url="u", title="t", company="c")]).new
1
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from jobintel.errors import StoreError
from jobintel.models import UNHASHED_FIELDS, Posting
from jobintel.store.dedupe import find_duplicate, link_keys
from jobintel.store.migrations import SCHEMA_MIGRATIONS, migrate

__all__ = [
    "CURRENT_TAGGER_KEY",
    "Merge",
    "PostingText",
    "UpsertResult",
    "count_postings",
    "get_meta",
    "iter_postings_to_tag",
    "now_iso",
    "open_db",
    "set_meta",
    "upsert_postings",
    "write_skills",
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
    """What one ``upsert_postings`` call did.

    ``unchanged`` postings wrote nothing unless their ``last_seen`` moved to a new day (``touched``);
    ``merged`` ones were new to their source but duplicates of a stored posting (see ``merges``).
    """

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[int] = field(default_factory=list)
    merged: int = 0
    touched: int = 0
    merges: list[Merge] = field(default_factory=list)

    def __iadd__(self, other: UpsertResult) -> UpsertResult:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.ids.extend(other.ids)
        self.merged += other.merged
        self.touched += other.touched
        self.merges.extend(other.merges)
        return self


@dataclass(frozen=True, slots=True)
class Merge:
    """One new (source, source_id) stored as a link to an existing posting instead of a new row."""

    source: str
    source_id: str
    title: str
    posting_id: int
    match: str  # exact_id | url | fuzzy
    score: float
    other_source: str
    other_source_id: str
    other_title: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
        "content_hash": content_hash(p),
    }


_HASHED_FIELDS = tuple(f.name for f in fields(Posting) if f.name not in UNHASHED_FIELDS)


def content_hash(p: Posting) -> str:
    """``Posting.content_hash()`` without its deep copy of ``raw`` (a third of the storage time).

    Same bytes hashed, so the same value: tests/test_store.py checks the two never drift apart.

    >>> p = Posting(source="s", source_id="1", url="u", title="t", company="c", raw={"big": "payload"})
    >>> content_hash(p) == p.content_hash()
    True
    """
    d = {name: getattr(p, name) for name in _HASHED_FIELDS}
    if p.salary is not None:
        d["salary"] = asdict(p.salary)
    blob = json.dumps(d, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


# Sources that publish the employer's own record; a duplicate found there replaces an aggregator's text.
_ATS_SOURCES = frozenset(
    {"greenhouse", "lever", "ashby", "workable", "smartrecruiters", "recruitee", "personio"}
)
_LINK_KEY_COLUMNS = ("canonical_url", "ref_source", "ref_id", "company_key", "title_key")


def upsert_postings(
    db: Database, postings: Iterable[Posting], *, run_id: int | None = None, dedupe: bool = False
) -> UpsertResult:
    """Store one batch of postings in one transaction; re-storing an unchanged posting writes nothing.

    - new (source, source_id): with ``dedupe=True`` (crawls and imports pass it) a duplicate of a
      posting stored from another source becomes a link to it (``merged``; ``store/dedupe.py``);
      anything else is a new posting;
    - changed content hash: the row is rewritten and loses its tags, so ``tag`` re-tags it;
    - unchanged: no write, unless ``last_seen`` moves to a new (UTC) day or the posting was closed
      (it reopens). ``last_seen`` therefore has day resolution: docs/crawling.md, "Lifecycle".

    >>> db = open_db(":memory:")
    >>> p = Posting(source="s", source_id="1", url="u", title="t", company="c")
    >>> upsert_postings(db, [p]).new
    1
    >>> before = db.conn.total_changes
    >>> upsert_postings(db, [p]).unchanged, db.conn.total_changes - before
    (1, 0)
    """
    result = UpsertResult()
    seen_at = now_iso()
    today = seen_at[:10]
    conn = db.conn
    with db.atomic():
        for p in postings:
            row = _posting_row(p)
            link = conn.execute(
                "SELECT id, posting_id, content_hash, last_seen, closed_at, match FROM posting_links"
                " WHERE source = ? AND source_id = ?",
                (row["source"], row["source_id"]),
            ).fetchone()
            if link is None:
                link = _adopt_unlinked_posting(conn, row)
            if link is None:
                _store_new(conn, row, p, seen_at, run_id, dedupe, result)
                continue
            link_id, posting_id, old_hash, last_seen, closed_at, match = link
            if old_hash != row["content_hash"]:
                _rewrite_link(conn, link_id, row, p, seen_at, run_id)
                if match == "primary":
                    _rewrite_posting(conn, posting_id, row, seen_at, run_id)
                else:
                    _touch_posting(conn, posting_id, seen_at)
                result.updated += 1
            else:
                if closed_at is not None or (last_seen or "")[:10] < today:
                    conn.execute(
                        "UPDATE posting_links SET last_seen = ?, closed_at = NULL, last_run_id = ?"
                        " WHERE id = ?",
                        (seen_at, run_id, link_id),
                    )
                    _touch_posting(conn, posting_id, seen_at)
                    result.touched += 1
                result.unchanged += 1
            result.ids.append(int(posting_id))
    return result


def _link_values(row: dict[str, Any], p: Posting) -> dict[str, Any]:
    keys = link_keys(
        source=row["source"],
        source_id=row["source_id"],
        url=row["url"],
        title=row["title"],
        company=row["company"],
    )
    return {
        "board": row["board"],
        "url": row["url"],
        **keys,
        "title": row["title"],
        "locations": row["locations"],
        "content_hash": row["content_hash"],
    }


def _insert(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> int:
    cols = ", ".join(values)
    cur = conn.execute(
        f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(values))})", list(values.values())
    )
    return int(cur.lastrowid)


def _store_new(
    conn: sqlite3.Connection,
    row: dict[str, Any],
    p: Posting,
    seen_at: str,
    run_id: int | None,
    dedupe: bool,
    result: UpsertResult,
) -> None:
    link = _link_values(row, p)
    dup = None
    if dedupe:
        dup = find_duplicate(
            conn,
            source=row["source"],
            source_id=row["source_id"],
            title=row["title"],
            locations=list(p.locations),
            keys=link,
        )
    seen = {"first_seen": seen_at, "last_seen": seen_at, "last_run_id": run_id}
    if dup is None:
        posting_id = _insert(conn, "postings", {**{c: row[c] for c in _POSTING_COLUMNS}, **seen})
        _insert(
            conn,
            "posting_links",
            {"posting_id": posting_id, "source": row["source"], "source_id": row["source_id"], **link,
             "match": "primary", **seen},
        )  # fmt: skip
        result.new += 1
        result.ids.append(posting_id)
        return
    _insert(
        conn,
        "posting_links",
        {"posting_id": dup.posting_id, "source": row["source"], "source_id": row["source_id"], **link,
         "match": dup.match, "score": dup.score, **seen},
    )  # fmt: skip
    primary = conn.execute("SELECT source FROM postings WHERE id = ?", (dup.posting_id,)).fetchone()
    if row["source"] in _ATS_SOURCES and primary and primary[0] not in _ATS_SOURCES:
        # The employer's own ATS record is the better text: it becomes the posting's content.
        conn.execute(
            "UPDATE posting_links SET match = ? WHERE posting_id = ? AND match = 'primary'",
            (dup.match, dup.posting_id),
        )
        conn.execute(
            "UPDATE posting_links SET match = 'primary', score = NULL WHERE source = ? AND source_id = ?",
            (row["source"], row["source_id"]),
        )
        _rewrite_posting(conn, dup.posting_id, row, seen_at, run_id)
    else:
        _touch_posting(conn, dup.posting_id, seen_at)
    result.merged += 1
    result.ids.append(dup.posting_id)
    result.merges.append(
        Merge(row["source"], row["source_id"], row["title"], dup.posting_id, dup.match, dup.score,
              dup.other_source, dup.other_source_id, dup.other_title)
    )  # fmt: skip


def _adopt_unlinked_posting(conn: sqlite3.Connection, row: dict[str, Any]) -> tuple | None:
    """A postings row written without its link (by hand, or by older code): give it its primary link."""
    found = conn.execute(
        "SELECT id, url, title, company, locations, content_hash, first_seen, last_seen, closed_at, board"
        " FROM postings WHERE source = ? AND source_id = ?",
        (row["source"], row["source_id"]),
    ).fetchone()
    if found is None:
        return None
    posting_id, url, title, company, locations, content_hash, first_seen, last_seen, closed_at, board = found
    keys = link_keys(source=row["source"], source_id=row["source_id"], url=url, title=title, company=company)
    link_id = _insert(
        conn,
        "posting_links",
        {"posting_id": posting_id, "source": row["source"], "source_id": row["source_id"], "board": board,
         "url": url, **keys, "title": title, "locations": locations, "content_hash": content_hash,
         "match": "primary", "first_seen": first_seen, "last_seen": last_seen, "closed_at": closed_at},
    )  # fmt: skip
    return (link_id, posting_id, content_hash, last_seen, closed_at, "primary")


def _rewrite_link(
    conn: sqlite3.Connection, link_id: int, row: dict[str, Any], p: Posting, seen_at: str, run_id: int | None
) -> None:
    values = _link_values(row, p)
    assignments = ", ".join(f"{c} = ?" for c in values)
    conn.execute(
        f"UPDATE posting_links SET {assignments}, last_seen = ?, closed_at = NULL, last_run_id = ?"
        " WHERE id = ?",
        [*values.values(), seen_at, run_id, link_id],
    )


def _rewrite_posting(
    conn: sqlite3.Connection, posting_id: int, row: dict[str, Any], seen_at: str, run_id: int | None
) -> None:
    assignments = ", ".join(f"{c} = ?" for c in _POSTING_COLUMNS)
    conn.execute(
        f"UPDATE postings SET {assignments}, last_seen = ?, last_run_id = ?, closed_at = NULL WHERE id = ?",
        [row[c] for c in _POSTING_COLUMNS] + [seen_at, run_id, posting_id],
    )
    # Tags describe the old content: drop them so `tag` picks the posting up again.
    conn.execute("DELETE FROM tags WHERE posting_id = ?", (posting_id,))
    conn.execute("DELETE FROM posting_skills WHERE posting_id = ?", (posting_id,))


def _touch_posting(conn: sqlite3.Connection, posting_id: int, seen_at: str) -> None:
    # The WHERE makes a same-day re-sighting of an open posting a no-op: no row is written.
    conn.execute(
        "UPDATE postings SET last_seen = ?, closed_at = NULL"
        " WHERE id = ? AND (closed_at IS NOT NULL OR substr(last_seen, 1, 10) < substr(?, 1, 10))",
        (seen_at, posting_id, seen_at),
    )


def count_postings(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM postings").fetchone()[0])


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


def write_skills(db: Database, skills: Sequence[dict[str, str]]) -> None:
    """Upsert the skill names/categories that tags refer to (id, name, category)."""
    with db.atomic():
        db["skills"].upsert_all(skills, pk="id")


def get_meta(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(db: Database, key: str, value: str) -> None:
    db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
