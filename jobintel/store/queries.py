"""Read-side SQL used by ``jobintel.compare``: every aggregation runs here, in SQLite.

All queries read postings joined to one tagger version's tags and share one WHERE clause built by
:class:`PostingScope` (open postings only or all postings seen in a time window, plus filters).
Only per-role salary columns leave the database unaggregated, because percentiles and bootstrap
intervals are computed in numpy.

Speed at a million postings rests on the covering indexes of migration ``m004_compare_indexes``:
every query reads index entries only (postings through ``INDEXED BY idx_postings_compare``, since
the planner would otherwise fetch wide posting rows by rowid), and each role's history is read in
one grouped scan for the trend, one for skills and one for salaries.

>>> from jobintel.store import open_db
>>> db = open_db(":memory:")
>>> scope = PostingScope(tagger_version=current_tagger_version(db) or "v1")
>>> count_by_role(db, scope)
{}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlite_utils import Database

from jobintel.store.db import CURRENT_TAGGER_KEY, get_meta

__all__ = [
    "MAX_TREND_SKILLS",
    "OPENED_DAY",
    "PostingScope",
    "SalaryBasis",
    "SalaryColumns",
    "count_by_role",
    "current_tagger_version",
    "data_as_of",
    "fx_table_name",
    "role_counts_and_as_of",
    "role_mix",
    "salary_columns",
    "scope_totals",
    "senior_titles",
    "tagged_roles",
    "title_salary_columns",
    "top_skills",
    "top_values",
    "trend_counts",
]

#: Columns that ``top_values`` may group by (whitelisted: they are spliced into SQL).
_GROUPABLE = {"company": "p.company", "metro": "t.metro", "city": "t.city", "country": "t.country"}
#: A posting's opening day (UTC): the earlier of the source's ``date_posted`` and our ``first_seen``.
#: date() turns "2025-05-01T23:30:00-05:00" into the UTC day and gives NULL for text it cannot read;
#: the store writes ``first_seen`` and ``closed_at`` in UTC, so their first 10 characters are the day.
OPENED_DAY = "min(coalesce(date(p.date_posted), substr(p.first_seen, 1, 10)), substr(p.first_seen, 1, 10))"
# Monday of the ISO week of an ISO day: step back 6 days, then forward to the next Monday.
_WEEK_OF = "date({col}, '-6 days', 'weekday 1')"
_HAS_SALARY = (
    "(t.salary_min IS NOT NULL OR t.salary_max IS NOT NULL"
    " OR t.annual_usd_min IS NOT NULL OR t.annual_usd_max IS NOT NULL)"
)
_JOIN = "FROM tags t JOIN postings p INDEXED BY idx_postings_compare ON p.id = t.posting_id"


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

    def where(self) -> tuple[str, list[Any]]:
        """The ``FROM ... WHERE ...`` fragment (aliases ``t`` tags, ``p`` postings) and its params."""
        cond, params = self.conditions()
        return f"{_JOIN} WHERE {cond}", params

    def conditions(self) -> tuple[str, list[Any]]:
        """The WHERE conditions alone, for queries that join more tables."""
        fcond, fparams = self.filter_conditions()
        wcond, wparams = self.window_conditions()
        return f"{fcond} AND {wcond}", fparams + wparams

    def filter_conditions(self) -> tuple[str, list[Any]]:
        """Tagger version and filters: what the weekly trend keeps of the scope."""
        sql = ["t.tagger_version = ?"]
        params: list[Any] = [self.tagger_version]
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
        return " AND ".join(sql), params

    def window_conditions(self) -> tuple[str, list[Any]]:
        """Open-only and the since/until window (``1`` when neither applies), as one condition."""
        sql: list[str] = []
        params: list[Any] = []
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
        return ("(" + " AND ".join(sql) + ")" if sql else "1"), params


def scope_totals(db: Database, scope: PostingScope) -> tuple[int, str | None]:
    """Postings in scope (every role, and none) and their latest ``last_seen`` (``as_of``).

    Open postings without other conditions on postings are counted from the partial index of
    open postings, a quarter of the table in a typical crawl.
    """
    cond, params = scope.conditions()
    frm = _JOIN
    if scope.open_only and not (scope.since or scope.until or scope.company):
        frm = "FROM postings p INDEXED BY idx_postings_compare_open JOIN tags t ON t.posting_id = p.id"
    row = db.execute(f"SELECT count(*), max(p.last_seen) {frm} WHERE {cond}", params).fetchone()
    return int(row[0]), row[1]


def count_by_role(db: Database, scope: PostingScope) -> dict[str | None, int]:
    """Postings per role (``None`` = no role recognized); their sum is all tracked postings."""
    return role_counts_and_as_of(db, scope)[0]


def role_counts_and_as_of(db: Database, scope: PostingScope) -> tuple[dict[str | None, int], str | None]:
    """``count_by_role`` and ``data_as_of`` from one scan (the largest scan of a site)."""
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


def data_as_of(db: Database, scope: PostingScope) -> str | None:
    """The latest ``last_seen`` in scope: the date the figures describe (deterministic, unlike now())."""
    return scope_totals(db, scope)[1]


def role_mix(
    db: Database, scope: PostingScope, role: str
) -> list[tuple[str | None, str | None, str | None, str | None, int]]:
    """``(remote, seniority_bucket, role_family, metro, n)`` of one role, from one scan.

    The remote and experience mixes, the role family and the top metros are all marginals of this
    small table (a few hundred groups), so one pass over the role's postings serves them all.
    """
    frm, params = scope.where()
    rows = db.execute(
        f"SELECT t.remote, t.seniority_bucket, t.role_family, t.metro, count(*) {frm} AND t.role = ?"
        " GROUP BY t.remote, t.seniority_bucket, t.role_family, t.metro",
        [*params, role],
    ).fetchall()
    return [(r[0], r[1], r[2], r[3], int(r[4])) for r in rows]


@dataclass(frozen=True, slots=True)
class SalaryBasis:
    """How salary bounds become comparable: one kind of pay, in annual USD or in one currency.

    ``currency=None`` reads the tagger's annual-USD figures; a currency code keeps only postings
    paid in it and annualizes their own amounts with ``period_factors`` (paid units per year).
    """

    kind: str = "base"  # base | ote | any
    currency: str | None = None
    period_factors: tuple[tuple[str, int], ...] = ()

    def expressions(self) -> tuple[str, list[Any]]:
        """SQL for ``lo, hi, estimated, kind_ok, bucket`` (see :class:`SalaryColumns`), and params."""
        params: list[Any] = []
        if self.currency:
            factor = "CASE t.salary_period " + " ".join("WHEN ? THEN ?" for _ in self.period_factors) + " END"
            fparams = [v for pair in self.period_factors for v in pair]
            same = "upper(t.salary_currency) = ?"
            lo = f"CASE WHEN {same} THEN t.salary_min * {factor} END"
            hi = f"CASE WHEN {same} THEN t.salary_max * {factor} END"
            params += [self.currency, *fparams, self.currency, *fparams]
        else:
            lo, hi = "t.annual_usd_min", "t.annual_usd_max"
        kind_ok = "1"
        if self.kind != "any":
            kind_ok = "coalesce(t.salary_kind, 'base') = ?"
            params.append(self.kind)
        bucket = "CASE t.seniority_bucket WHEN 'entry' THEN 0 WHEN 'mid' THEN 1 WHEN 'senior' THEN 2 END"
        sql = f"{lo}, {hi}, coalesce(t.salary_basis = 'estimated', 0), {kind_ok}, {bucket}"
        return sql, params


@dataclass(frozen=True)
class SalaryColumns:
    """Salary tags of many postings as numpy columns, computed in SQL.

    ``lo``/``hi``: the bounds, annualized in the comparison currency (``nan`` when missing or not
    convertible); ``estimated`` and ``kind_ok`` flags; ``bucket`` 0 entry, 1 mid, 2 senior, -1
    unknown; ``in_scope`` marks the comparison's scope; ``week`` the index of the opening week in
    the weekly series (-1 when the posting is only in scope).
    """

    lo: np.ndarray
    hi: np.ndarray
    estimated: np.ndarray
    kind_ok: np.ndarray
    bucket: np.ndarray
    in_scope: np.ndarray
    week: np.ndarray

    #: ``bucket`` codes, in order.
    BUCKETS = ("entry", "mid", "senior")

    def __len__(self) -> int:
        return len(self.lo)

    @classmethod
    def from_rows(cls, rows: list[tuple[Any, ...]]) -> SalaryColumns:
        """Columns from rows ordered as the fields (NULL -> nan, then -1 in the integer codes)."""
        m = np.array(rows, dtype=float).reshape(len(rows), 7)
        codes = [np.nan_to_num(m[:, i], nan=-1).astype(np.int64) for i in (4, 6)]
        return cls(m[:, 0], m[:, 1], m[:, 2] == 1, m[:, 3] == 1, codes[0], m[:, 5] == 1, codes[1])


def salary_columns(
    db: Database,
    scope: PostingScope,
    role: str,
    basis: SalaryBasis,
    *,
    trend_from: str | None = None,
) -> SalaryColumns:
    """Every posting of ``role`` in scope that states any salary bound (all bases and kinds).

    With ``trend_from`` (a Monday), postings opened since then are added whatever the window, so
    the weekly medians come from the same single scan. Compare filters by the flags, as it also
    needs the excluded rows to report disclosure rates and estimated pay apart.
    """
    fcond, fparams = scope.filter_conditions()
    wcond, wparams = scope.window_conditions()
    exprs, eparams = basis.expressions()
    if trend_from is None:
        sql = f"SELECT {exprs}, 1, NULL {_JOIN} WHERE {fcond} AND {wcond} AND t.role = ? AND {_HAS_SALARY}"
        params = [*eparams, *fparams, *wparams, role]
    else:
        week = f"CAST((julianday({OPENED_DAY}) - julianday(?)) / 7 AS INTEGER)"
        sql = (
            f"SELECT {exprs}, {wcond}, CASE WHEN {OPENED_DAY} >= ? THEN {week} END {_JOIN}"
            f" WHERE {fcond} AND t.role = ? AND {_HAS_SALARY} AND ({wcond} OR {OPENED_DAY} >= ?)"
        )
        params = [*eparams, *wparams, trend_from, trend_from, *fparams, role, *wparams, trend_from]
    return SalaryColumns.from_rows(db.execute(sql, params).fetchall())


def top_skills(db: Database, scope: PostingScope, role: str, limit: int) -> list[tuple[str, str, str, int]]:
    """``(skill_id, name, category, n_postings)`` of counted skills, most frequent first.

    ``counted = 0`` skills (company/benefits boilerplate only) never count. Ties break by name so
    the output is stable. Names are joined after grouping: once per skill, not once per mention.
    """
    cond, params = scope.conditions()
    sql = (
        "SELECT c.skill_id, coalesce(s.name, c.skill_id), s.category, c.n FROM ("
        f" SELECT ps.skill_id, count(*) AS n {_JOIN}"
        " JOIN posting_skills ps INDEXED BY idx_posting_skills_compare"
        " ON ps.posting_id = t.posting_id AND ps.tagger_version = t.tagger_version AND ps.counted = 1"
        f" WHERE {cond} AND t.role = ? GROUP BY ps.skill_id) AS c"
        " LEFT JOIN skills s ON s.id = c.skill_id ORDER BY c.n DESC, 2 LIMIT ?"
    )
    return [(r[0], r[1], r[2], int(r[3])) for r in db.execute(sql, [*params, role, limit]).fetchall()]


#: Skills a weekly-trend bitmask can hold (sum() of distinct bits stays an exact int64).
MAX_TREND_SKILLS = 62


def trend_counts(
    db: Database, scope: PostingScope, role: str, start: str, skill_ids: Sequence[str] = ()
) -> list[tuple[str | None, str | None, int | None, int]]:
    """``(opened_week, closed_week, skills_mask, n)``: the whole weekly trend of a role in one scan.

    Every posting of ``role`` still open on ``start`` (a Monday) or later is grouped by the Monday
    of its opening week (``None`` when it opened before ``start``) and of its closing week
    (``None`` while open); postings closed before ``start`` add nothing to any week and are left
    out. ``scope``'s window is ignored (history needs closed postings), its filters apply. For
    postings opened since ``start``, bit ``i`` of ``skills_mask`` says that the posting counts
    ``skill_ids[i]``: the weekly skill shares come from the same scan.
    """
    ids = list(skill_ids)[:MAX_TREND_SKILLS]
    fcond, fparams = scope.filter_conditions()
    mask = "NULL"
    if ids:
        bits = " ".join(f"WHEN ? THEN {1 << i}" for i in range(len(ids)))
        mask = (
            f"(SELECT sum(CASE ps.skill_id {bits} ELSE 0 END)"
            " FROM posting_skills ps INDEXED BY idx_posting_skills_compare"
            " WHERE ps.posting_id = x.pid AND ps.tagger_version = ? AND ps.counted = 1)"
        )
    # Nested subqueries that LIMIT keeps from being flattened run as co-routines, so the opening
    # day, the weeks and the skills mask are computed once per posting.
    sql = (
        "SELECT ow, cw, m, count(*) FROM ("
        f" SELECT x.ow, x.cw, CASE WHEN x.ow IS NOT NULL THEN {mask} END AS m FROM ("
        f" SELECT pid, CASE WHEN o >= ? THEN {_WEEK_OF.format(col='o')} END AS ow,"
        f" {_WEEK_OF.format(col='substr(closed_at, 1, 10)')} AS cw FROM ("
        f" SELECT t.posting_id AS pid, {OPENED_DAY} AS o, p.closed_at {_JOIN}"
        f" WHERE {fcond} AND t.role = ? AND (p.closed_at IS NULL OR p.closed_at >= ?)"
        " LIMIT -1) LIMIT -1) AS x LIMIT -1) GROUP BY ow, cw, m"
    )
    params = [*ids, *([scope.tagger_version] if ids else []), start, *fparams, role, start]
    return [(r[0], r[1], None if r[2] is None else int(r[2]), int(r[3])) for r in db.execute(sql, params)]


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
    """``(level, title, role, n)`` of postings at ``levels`` in the role family (or the role when no family).

    One scan serves every role of the family: each picks its own titles first (see compare's career path).
    """
    frm, params = scope.where()
    marks = ", ".join("?" * len(levels))
    who = "t.role_family = ?" if family else "t.role = ?"
    rows = db.execute(
        f"SELECT t.seniority_level, p.title, t.role, count(*) AS n {frm} AND {who}"
        f" AND t.seniority_level IN ({marks}) GROUP BY t.seniority_level, p.title, t.role"
        " ORDER BY n DESC, p.title",
        [*params, family or role, *levels],
    ).fetchall()
    return [(r[0], r[1], r[2], int(r[3])) for r in rows]


def title_salary_columns(
    db: Database,
    scope: PostingScope,
    family: str | None,
    role: str,
    steps: list[tuple[str, str]],
    basis: SalaryBasis,
) -> dict[tuple[str, str], SalaryColumns]:
    """Salary columns of each (level, title) step of a career path that states pay, in one scan."""
    if not steps:
        return {}
    frm, params = scope.where()
    exprs, eparams = basis.expressions()
    who = "t.role_family = ?" if family else "t.role = ?"
    values = ", ".join("(?, ?)" for _ in steps)
    levels = sorted({lvl for lvl, _ in steps})
    marks = ", ".join("?" * len(levels))
    rows = db.execute(
        f"SELECT t.seniority_level, p.title, {exprs}, 1, NULL {frm} AND {who}"
        f" AND t.seniority_level IN ({marks}) AND (t.seniority_level, p.title) IN (VALUES {values})"
        f" AND {_HAS_SALARY}",
        [*eparams, *params, family or role, *levels, *(v for step in steps for v in step)],
    ).fetchall()
    grouped: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    for r in rows:
        grouped.setdefault((r[0], r[1]), []).append(r[2:])
    return {step: SalaryColumns.from_rows(grouped.get(step, [])) for step in steps}


def fx_table_name(db: Database) -> str:
    """The FX table the stored annual-USD figures were converted with, as recorded by the tagger."""
    row = db.execute("SELECT value FROM meta WHERE key = 'fx_table'").fetchone()
    return row[0] if row else "jobintel FX reference rates"


def tracked_sources(db: Database) -> list[str]:
    """Every source that contributed a stored posting (including sources linked by dedupe)."""
    rows = {r[0] for r in db.execute("SELECT DISTINCT source FROM postings")}
    if db["posting_links"].exists():
        rows |= {r[0] for r in db.execute("SELECT DISTINCT source FROM posting_links")}
    return sorted(rows)
