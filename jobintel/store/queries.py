"""Read-side SQL used by ``jobintel.compare``: every aggregation runs here, in SQLite.

All queries read postings joined to one tagger version's tags and share one WHERE clause built by
:class:`PostingScope` (open postings only or all postings seen in a time window, plus filters).
Only per-role salary rows leave the database unaggregated, because percentiles and bootstrap
intervals are computed in numpy.

>>> from jobintel.store import open_db
>>> db = open_db(":memory:")
>>> scope = PostingScope(tagger_version=current_tagger_version(db) or "v1")
>>> count_by_role(db, scope)
{}
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from jobintel.store.db import CURRENT_TAGGER_KEY, get_meta

__all__ = [
    "PostingScope",
    "SalaryRow",
    "count_by_role",
    "current_tagger_version",
    "data_as_of",
    "remote_seniority_counts",
    "role_counts_and_as_of",
    "role_families",
    "salary_rows",
    "senior_titles",
    "tagged_roles",
    "title_salary_rows",
    "top_skills",
    "top_values",
    "weekly_flows",
    "weekly_skill_counts",
]

#: Columns that ``top_values`` may group by (whitelisted: they are spliced into SQL).
_GROUPABLE = {"company": "p.company", "metro": "t.metro", "city": "t.city", "country": "t.country"}
# Monday of the ISO week of an ISO timestamp: step back 6 days, then forward to the next Monday.
_WEEK_OF = "date({col}, '-6 days', 'weekday 1')"


def current_tagger_version(db: Database) -> str | None:
    """The tagger version whose tags compare reads (``meta.current_tagger_version``)."""
    return get_meta(db, CURRENT_TAGGER_KEY)


@dataclass(frozen=True, slots=True)
class PostingScope:
    """Which postings a query counts: one tagger version, open-only or a window, and filters.

    ``since``/``until`` are ISO dates or timestamps; a posting is in the window when it was seen
    during it (``last_seen >= since`` and ``first_seen <= until``; a date-only ``until`` includes
    that whole day). ``seniority`` values match either the level or the bucket.
    """

    tagger_version: str
    open_only: bool = True
    since: str | None = None
    until: str | None = None
    location: str | None = None
    remote_only: bool = False
    seniority: tuple[str, ...] = ()
    company: str | None = None
    #: Only postings first seen on/after this date (the weekly series need no older ones).
    first_seen_from: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The ``FROM ... WHERE ...`` fragment (aliases ``t`` tags, ``p`` postings) and its params."""
        cond, params = self.conditions()
        return f"FROM tags t JOIN postings p ON p.id = t.posting_id WHERE {cond}", params

    def conditions(self) -> tuple[str, list[Any]]:
        """The WHERE conditions alone, for queries that join more tables."""
        sql = ["t.tagger_version = ?"]
        params: list[Any] = [self.tagger_version]
        if self.open_only:
            sql.append("p.closed_at IS NULL")
        if self.since:
            sql.append("p.last_seen >= ?")
            params.append(self.since)
        if self.until:
            if len(self.until) == 10:
                # ISO timestamps on the until day sort after the bare date: compare with the next day.
                sql.append("p.first_seen < ?")
                params.append((date.fromisoformat(self.until) + timedelta(days=1)).isoformat())
            else:
                sql.append("p.first_seen <= ?")
                params.append(self.until)
        if self.location:
            sql.append(
                "(lower(t.metro) = lower(?) OR lower(t.city) = lower(?) OR lower(t.country) = lower(?))"
            )
            params += [self.location] * 3
        if self.remote_only:
            sql.append("t.remote = 'remote'")
        if self.seniority:
            marks = ", ".join("?" * len(self.seniority))
            sql.append(f"(t.seniority_level IN ({marks}) OR t.seniority_bucket IN ({marks}))")
            params += [*self.seniority, *self.seniority]
        if self.company:
            sql.append("lower(p.company) = lower(?)")
            params.append(self.company)
        if self.first_seen_from:
            sql.append("p.first_seen >= ?")
            params.append(self.first_seen_from)
        return " AND ".join(sql), params

    def without_open_only(self) -> PostingScope:
        """The same scope over all postings seen (trend series need closed postings too)."""
        return dataclasses.replace(self, open_only=False)


def count_by_role(db: Database, scope: PostingScope) -> dict[str | None, int]:
    """Postings per role (``None`` = no role recognized); their sum is all tracked postings."""
    return role_counts_and_as_of(db, scope)[0]


def role_counts_and_as_of(db: Database, scope: PostingScope) -> tuple[dict[str | None, int], str | None]:
    """``count_by_role`` and ``data_as_of`` from one scan (the largest scan of a comparison)."""
    frm, params = scope.where()
    rows = db.execute(f"SELECT t.role, count(*), max(p.last_seen) {frm} GROUP BY t.role", params).fetchall()
    as_of = max((r[2] for r in rows if r[2]), default=None)
    return {r[0]: int(r[1]) for r in rows}, as_of


def tagged_roles(db: Database, tagger_version: str) -> set[str]:
    """Every role tagged at ``tagger_version`` in any posting (an index-only scan)."""
    rows = db.execute(
        "SELECT DISTINCT role FROM tags WHERE tagger_version = ? AND role IS NOT NULL", [tagger_version]
    ).fetchall()
    return {r[0] for r in rows}


def role_families(db: Database, scope: PostingScope, role: str) -> list[tuple[str | None, int]]:
    """The role families tagged on ``role``'s postings, most common first."""
    frm, params = scope.where()
    rows = db.execute(
        f"SELECT t.role_family, count(*) AS n {frm} AND t.role = ? GROUP BY t.role_family ORDER BY n DESC",
        [*params, role],
    ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


def data_as_of(db: Database, scope: PostingScope) -> str | None:
    """The latest ``last_seen`` in scope: the date the figures describe (deterministic, unlike now())."""
    frm, params = scope.where()
    row = db.execute(f"SELECT max(p.last_seen) {frm}", params).fetchone()
    return row[0] if row else None


def remote_seniority_counts(
    db: Database, scope: PostingScope, role: str
) -> list[tuple[str | None, str | None, int]]:
    """``(remote, seniority_bucket, n)`` for one role: both marginals come from one scan."""
    frm, params = scope.where()
    rows = db.execute(
        f"SELECT t.remote, t.seniority_bucket, count(*) {frm} AND t.role = ?"
        " GROUP BY t.remote, t.seniority_bucket",
        [*params, role],
    ).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


@dataclass(frozen=True, slots=True)
class SalaryRow:
    """One posting's salary tags, as compare needs them."""

    basis: str | None
    kind: str | None
    annual_usd_min: float | None
    annual_usd_max: float | None
    salary_min: float | None
    salary_max: float | None
    currency: str | None
    period: str | None
    seniority_bucket: str | None
    week: str | None


def salary_rows(db: Database, scope: PostingScope, role: str) -> list[SalaryRow]:
    """Every posting of ``role`` in scope that states any salary bound (all bases and kinds).

    Filtering by basis/kind/currency happens in compare, which also needs the excluded rows
    to report disclosure rates and estimated salaries apart.
    """
    frm, params = scope.where()
    week = _WEEK_OF.format(col="p.first_seen")
    rows = db.execute(
        "SELECT t.salary_basis, t.salary_kind, t.annual_usd_min, t.annual_usd_max, t.salary_min,"
        f" t.salary_max, t.salary_currency, t.salary_period, t.seniority_bucket, {week}"
        f" {frm} AND t.role = ?"
        " AND (t.salary_min IS NOT NULL OR t.salary_max IS NOT NULL"
        " OR t.annual_usd_min IS NOT NULL OR t.annual_usd_max IS NOT NULL)",
        [*params, role],
    ).fetchall()
    return [SalaryRow(*r) for r in rows]


def top_skills(db: Database, scope: PostingScope, role: str, limit: int) -> list[tuple[str, str, str, int]]:
    """``(skill_id, name, category, n_postings)`` of counted skills, most frequent first.

    ``counted = 0`` skills (company/benefits boilerplate only) never count. Ties break by name so
    the output is stable.
    """
    cond, params = scope.conditions()
    sql = (
        "SELECT ps.skill_id, coalesce(s.name, ps.skill_id), s.category, count(*) AS n"
        " FROM tags t JOIN postings p ON p.id = t.posting_id"
        " JOIN posting_skills ps ON ps.posting_id = t.posting_id AND ps.tagger_version = t.tagger_version"
        " LEFT JOIN skills s ON s.id = ps.skill_id"
        f" WHERE {cond} AND t.role = ? AND ps.counted = 1"
        " GROUP BY ps.skill_id ORDER BY n DESC, 2 LIMIT ?"
    )
    return [(r[0], r[1], r[2], int(r[3])) for r in db.execute(sql, [*params, role, limit]).fetchall()]


def top_values(
    db: Database, scope: PostingScope, role: str, column: str, limit: int
) -> list[tuple[str, int]]:
    """Most frequent non-empty values of ``column`` (company, metro, city, country) for one role."""
    col = _GROUPABLE[column]
    frm, params = scope.where()
    rows = db.execute(
        f"SELECT {col} AS v, count(*) AS n {frm} AND t.role = ? AND coalesce({col}, '') != ''"
        " GROUP BY v ORDER BY n DESC, v LIMIT ?",
        [*params, role, limit],
    ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


def senior_titles(
    db: Database, scope: PostingScope, family: str | None, role: str, levels: tuple[str, ...]
) -> list[tuple[str, str, int]]:
    """``(level, title, n)`` of postings at ``levels`` in the role family (or the role when no family)."""
    frm, params = scope.where()
    marks = ", ".join("?" * len(levels))
    who = "t.role_family = ?" if family else "t.role = ?"
    rows = db.execute(
        f"SELECT t.seniority_level, p.title, count(*) AS n {frm} AND {who}"
        f" AND t.seniority_level IN ({marks}) GROUP BY t.seniority_level, p.title ORDER BY n DESC, p.title",
        [*params, family or role, *levels],
    ).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


def title_salary_rows(
    db: Database, scope: PostingScope, family: str | None, role: str, steps: list[tuple[str, str]]
) -> list[tuple[str, str, SalaryRow]]:
    """``(level, title, salary)`` for the given (level, title) steps of a career path, in one scan."""
    if not steps:
        return []
    frm, params = scope.where()
    who = "t.role_family = ?" if family else "t.role = ?"
    values = ", ".join("(?, ?)" for _ in steps)
    rows = db.execute(
        "SELECT t.seniority_level, p.title, t.salary_basis, t.salary_kind, t.annual_usd_min,"
        " t.annual_usd_max, t.salary_min, t.salary_max, t.salary_currency, t.salary_period,"
        f" t.seniority_bucket, NULL {frm} AND {who} AND (t.seniority_level, p.title) IN (VALUES {values})"
        " AND (t.salary_min IS NOT NULL OR t.salary_max IS NOT NULL"
        " OR t.annual_usd_min IS NOT NULL OR t.annual_usd_max IS NOT NULL)",
        [*params, family or role, *(v for step in steps for v in step)],
    ).fetchall()
    return [(r[0], r[1], SalaryRow(*r[2:])) for r in rows]


def weekly_flows(db: Database, scope: PostingScope, role: str) -> tuple[dict[str, int], dict[str, int]]:
    """Postings of ``role`` first seen per week and closed per week (Monday date -> n), in one scan."""
    frm, params = scope.where()
    opened_w = _WEEK_OF.format(col="p.first_seen")
    closed_w = _WEEK_OF.format(col="p.closed_at")
    rows = db.execute(
        f"SELECT {opened_w} AS o, {closed_w} AS c, count(*) {frm} AND t.role = ? GROUP BY o, c",
        [*params, role],
    ).fetchall()
    opened: dict[str, int] = {}
    closed: dict[str, int] = {}
    for o, c, n in rows:
        if o:
            opened[o] = opened.get(o, 0) + n
        if c:
            closed[c] = closed.get(c, 0) + n
    return opened, closed


def weekly_skill_counts(db: Database, scope: PostingScope, role: str) -> dict[tuple[str, str], int]:
    """``(week, skill_id) -> n`` postings first seen that week that count the skill (every skill)."""
    cond, params = scope.conditions()
    week = _WEEK_OF.format(col="p.first_seen")
    rows = db.execute(
        f"SELECT {week} AS w, ps.skill_id, count(*)"
        " FROM tags t JOIN postings p ON p.id = t.posting_id"
        " JOIN posting_skills ps ON ps.posting_id = t.posting_id AND ps.tagger_version = t.tagger_version"
        f" WHERE {cond} AND t.role = ? AND ps.counted = 1 GROUP BY w, ps.skill_id",
        [*params, role],
    ).fetchall()
    return {(r[0], r[1]): int(r[2]) for r in rows if r[0]}


def fx_table_name(db: Database) -> str:
    """The FX table the stored annual-USD figures were converted with, as recorded by the tagger."""
    row = db.execute("SELECT value FROM meta WHERE key = 'fx_table'").fetchone()
    return row[0] if row else "jobintel FX reference rates"
