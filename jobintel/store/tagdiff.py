"""SQL for exact re-tagging: which rows a posting has, carrying unchanged rows forward, pruning, diffs.

Re-tagging compares fresh tags with a posting's rows at its *base* version (the one it was last tagged
with) and writes only what differs. Unchanged postings get their rows carried to the new version by SQL
alone: copied (history kept) or relabelled in place (``keep_history=False``), ``tagged_at`` untouched.

>>> from jobintel.store import open_db
>>> base_versions(open_db(":memory:"), [1, 2], "t-new")
{}
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from jobintel.store.db import CURRENT_TAGGER_KEY, get_meta, now_iso, set_meta

__all__ = [
    "PREVIOUS_TAGGER_KEY",
    "PostingVersions",
    "base_versions",
    "iter_requirement_texts",
    "iter_version_pairs",
    "prune_versions",
    "read_skill_rows",
    "read_tag_rows",
    "register_version",
    "switch_current_version",
    "version_components",
    "version_counts",
    "write_retag_batch",
]

PREVIOUS_TAGGER_KEY = "previous_tagger_version"
_CHUNK = 400  # ids per IN (...): well under SQLite's default limit of 999 bound parameters


def _columns(db: Database, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()]


def base_versions(db: Database, ids: Sequence[int], version: str) -> dict[int, str]:
    """For each posting tagged at some version other than ``version``, the version to compare against.

    That is ``meta.current_tagger_version`` when the posting has it, else its most recently used version.
    """
    current = get_meta(db, CURRENT_TAGGER_KEY)
    out: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(
            "SELECT t.posting_id, t.tagger_version FROM tags t"
            " LEFT JOIN tagger_versions v ON v.version = t.tagger_version"
            f" WHERE t.posting_id IN ({marks}) AND t.tagger_version != ?"
            " ORDER BY t.posting_id, t.tagger_version = ?, coalesce(v.created_at, ''), t.rowid",
            [*chunk, version, current],
        ).fetchall()
        out.update({pid: v for pid, v in rows})  # the last row of each posting is its base
    return out


def version_components(db: Database, version: str) -> dict[str, str]:
    row = db.execute("SELECT components FROM tagger_versions WHERE version = ?", (version,)).fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def _by_version(pairs: Sequence[tuple[int, str]]) -> Iterator[tuple[str, list[Any]]]:
    """WHERE clauses for (posting, version) pairs, grouped by version so each uses the primary key index
    (a batch nearly always has a single base version)."""
    groups: dict[str, list[int]] = {}
    for pid, version in pairs:
        groups.setdefault(version, []).append(pid)
    for version, ids in groups.items():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            yield f"tagger_version = ? AND posting_id IN ({', '.join('?' * len(chunk))})", [version, *chunk]


def read_tag_rows(db: Database, bases: Mapping[int, str]) -> dict[int, dict[str, Any]]:
    """The ``tags`` row of each posting at its base version (without key and ``tagged_at`` columns)."""
    skip = {"posting_id", "tagger_version", "tagged_at"}
    cols = [c for c in _columns(db, "tags") if c not in skip]
    out = {}
    for clause, args in _by_version(list(bases.items())):
        sql = f"SELECT posting_id, {', '.join(cols)} FROM tags WHERE {clause}"
        for row in db.execute(sql, args).fetchall():
            out[row[0]] = dict(zip(cols, row[1:], strict=True))
    return out


def read_skill_rows(db: Database, bases: Mapping[int, str]) -> dict[int, dict[str, dict[str, Any]]]:
    """``{posting_id: {skill_id: row}}`` at each posting's base version (rows without ``tagger_version``)."""
    cols = [c for c in _columns(db, "posting_skills") if c != "tagger_version"]
    out: dict[int, dict[str, dict[str, Any]]] = {pid: {} for pid in bases}
    for clause, args in _by_version(list(bases.items())):
        for row in db.execute(
            f"SELECT {', '.join(cols)} FROM posting_skills WHERE {clause}", args
        ).fetchall():
            rec = dict(zip(cols, row, strict=True))
            out[rec["posting_id"]][rec["skill_id"]] = rec
    return out


def _carry(
    db: Database,
    table: str,
    version: str,
    pairs: Sequence[tuple[int, str]],
    *,
    copy: bool,
    tagged_at: str | None,
) -> None:
    """Give the rows of ``pairs`` (posting, base version) the new version: copy them or relabel in place."""
    if not pairs:
        return
    stamp = table == "tags" and tagged_at is not None
    for clause, args in _by_version(pairs):
        if copy:
            cols = _columns(db, table)
            exprs, params = [], []
            for c in cols:
                if c == "tagger_version" or (stamp and c == "tagged_at"):
                    exprs.append("?")
                    params.append(version if c == "tagger_version" else tagged_at)
                else:
                    exprs.append(c)
            db.conn.execute(
                f"INSERT INTO {table} ({', '.join(cols)})"
                f" SELECT {', '.join(exprs)} FROM {table} WHERE {clause}",
                [*params, *args],
            )
        else:
            sets = "tagger_version = ?" + (", tagged_at = ?" if stamp else "")
            params = [version, tagged_at] if stamp else [version]
            db.conn.execute(f"UPDATE {table} SET {sets} WHERE {clause}", [*params, *args])


def write_retag_batch(
    db: Database,
    version: str,
    *,
    carry: Sequence[tuple[int, str]] = (),
    carry_tags: Sequence[tuple[int, str]] = (),
    tag_rows: Sequence[dict[str, Any]] = (),
    skill_rows: Sequence[dict[str, Any]] = (),
    keep_history: bool = True,
) -> None:
    """Write one batch of a re-tag in one transaction.

    ``carry``: postings whose tags did not change, as (posting, base version): their rows move to
    ``version`` untouched. ``carry_tags``: postings whose ``tags`` row did not change but whose skills did
    (their new skill rows are in ``skill_rows``). ``tag_rows``: postings tagged afresh.
    Without ``keep_history`` every other version of these postings is deleted.
    """
    ids = [p for p, _ in carry] + [p for p, _ in carry_tags] + [r["posting_id"] for r in tag_rows]
    now = now_iso()
    with db.atomic():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for table in ("tags", "posting_skills"):
                db.conn.execute(
                    f"DELETE FROM {table} WHERE tagger_version = ? AND posting_id IN ({marks})",
                    [version, *chunk],
                )
        copy = keep_history
        # Skills before tags, tags deleted before skills: the compare_facts triggers then build each
        # fact row once, when its tags row arrives (store/facts.py).
        _carry(db, "posting_skills", version, carry, copy=copy, tagged_at=None)
        _carry(db, "tags", version, carry, copy=copy, tagged_at=None)
        _carry(db, "tags", version, carry_tags, copy=copy, tagged_at=now)
        if not keep_history:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                for table in ("tags", "posting_skills"):
                    db.conn.execute(
                        f"DELETE FROM {table} WHERE tagger_version != ? AND posting_id IN ({marks})",
                        [version, *chunk],
                    )
        if skill_rows:
            db["posting_skills"].insert_all(
                ({**r, "tagger_version": version} for r in skill_rows), batch_size=1000
            )
        if tag_rows:
            db["tags"].insert_all(
                ({**r, "tagger_version": version, "tagged_at": now} for r in tag_rows), batch_size=500
            )


def register_version(
    db: Database, version: str, *, dictionary_version: str, n_skills: int, components: Mapping[str, str]
) -> None:
    """Record a tagger version (``created_at`` = last used) without making it current yet."""
    with db.atomic():
        db["tagger_versions"].upsert(
            {
                "version": version,
                "created_at": now_iso(),
                "dictionary_version": dictionary_version,
                "n_skills": n_skills,
                "components": json.dumps(dict(components), sort_keys=True),
            },
            pk="version",
        )


def switch_current_version(db: Database, version: str) -> str | None:
    """Make ``version`` current; remember the one it replaces as ``previous_tagger_version``."""
    with db.atomic():
        old = get_meta(db, CURRENT_TAGGER_KEY)
        if old and old != version:
            set_meta(db, PREVIOUS_TAGGER_KEY, old)
        set_meta(db, CURRENT_TAGGER_KEY, version)
    return old


def version_counts(db: Database) -> list[tuple[str, int, str]]:
    """``(version, postings tagged, last used)`` for every version with rows, most recently used first."""
    return [
        tuple(r)
        for r in db.execute(
            "SELECT t.tagger_version, count(*), coalesce(v.created_at, '') FROM tags t"
            " LEFT JOIN tagger_versions v ON v.version = t.tagger_version"
            " GROUP BY t.tagger_version ORDER BY 3 DESC, max(v.rowid) DESC, 1"
        ).fetchall()
    ]


def prune_versions(db: Database, *, keep: int = 1) -> dict[str, int]:
    """Delete tag rows of all but the ``keep`` most recently used versions; never the current or previous.

    Returns ``{version: tag rows deleted}``.
    """
    protect = {get_meta(db, CURRENT_TAGGER_KEY), get_meta(db, PREVIOUS_TAGGER_KEY) if keep > 1 else None}
    versions = [v for v, _, _ in version_counts(db)]
    kept = [v for v in versions if v in protect]
    for v in versions:
        if len(kept) >= keep:
            break
        if v not in kept:
            kept.append(v)
    deleted = {}
    with db.atomic():
        for v in versions:
            if v in kept:
                continue
            deleted[v] = db.conn.execute("DELETE FROM tags WHERE tagger_version = ?", (v,)).rowcount
            db.conn.execute("DELETE FROM posting_skills WHERE tagger_version = ?", (v,))
    return deleted


@dataclass(frozen=True, slots=True)
class PostingVersions:
    """One posting's tags at two versions (``None`` where it has no rows at that version)."""

    posting_id: int
    title: str
    text: str
    old_role: str | None
    new_role: str | None
    old_skills: dict[str, dict[str, Any]] | None
    new_skills: dict[str, dict[str, Any]] | None


def iter_version_pairs(
    db: Database, old: str, new: str, *, batch_size: int = 1000
) -> Iterator[PostingVersions]:
    """Every posting tagged at ``old`` or ``new``, with both versions' role and skill rows, in id order."""
    last = 0
    while True:
        rows = db.execute(
            "SELECT p.id, p.title, coalesce(p.description_text, ''),"
            " (SELECT role FROM tags WHERE posting_id = p.id AND tagger_version = ?),"
            " (SELECT role FROM tags WHERE posting_id = p.id AND tagger_version = ?),"
            " EXISTS (SELECT 1 FROM tags WHERE posting_id = p.id AND tagger_version = ?),"
            " EXISTS (SELECT 1 FROM tags WHERE posting_id = p.id AND tagger_version = ?)"
            " FROM postings p WHERE p.id > ?"
            " AND p.id IN (SELECT posting_id FROM tags WHERE tagger_version IN (?, ?))"
            " ORDER BY p.id LIMIT ?",
            (old, new, old, new, last, old, new, batch_size),
        ).fetchall()
        if not rows:
            return
        ids = [r[0] for r in rows]
        olds = read_skill_rows(db, {pid: old for pid in ids})
        news = read_skill_rows(db, {pid: new for pid in ids})
        for pid, title, text, old_role, new_role, has_old, has_new in rows:
            yield PostingVersions(
                pid,
                title,
                text,
                old_role,
                new_role,
                olds[pid] if has_old else None,
                news[pid] if has_new else None,
            )
        last = ids[-1]


def iter_requirement_texts(
    db: Database, version: str | None, *, batch_size: int = 1000
) -> Iterator[tuple[int, str, str, str | None]]:
    """``(posting id, title, clean text, role at version)`` for every posting, in id order."""
    last = 0
    while True:
        rows = db.execute(
            "SELECT p.id, p.title, coalesce(p.description_text, ''),"
            " (SELECT role FROM tags WHERE posting_id = p.id AND tagger_version = ?)"
            " FROM postings p WHERE p.id > ? ORDER BY p.id LIMIT ?",
            (version, last, batch_size),
        ).fetchall()
        if not rows:
            return
        yield from (tuple(r) for r in rows)
        last = rows[-1][0]
