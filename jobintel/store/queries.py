"""Read-side SQL used by ``jobintel.compare``: every aggregation runs here, in SQLite.

All queries read ``compare_facts`` (``jobintel.store.facts``): one row per tagged posting that
already joins its tags, its posting's lifecycle, company and title, and its counted skills. They
share one WHERE clause built by :class:`PostingScope` (open postings only or all postings seen in a
time window, plus filters). A role's postings are one range of the table's key and its open
postings a smaller range inside it, so each query is one sequential read. Per-role salary columns
leave the database unaggregated, because percentiles and bootstrap intervals are computed in numpy;
skill counts leave it as one ``group_concat`` string per group, which numpy counts.

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
from jobintel.store.facts import day_number, iso_day

__all__ = [
    "PostingScope",
    "SalaryBasis",
    "SalaryColumns",
    "TrendCounts",
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
_GROUPABLE = {"company": "f.company", "metro": "f.metro", "city": "f.city", "country": "f.country"}
#: The Monday of a day number's ISO week (day 4, 1970-01-05, was a Monday).
_MONDAY = "({col} - ({col} + 3) % 7)"
_HAS_SALARY = (
    "(f.salary_min IS NOT NULL OR f.salary_max IS NOT NULL"
    " OR f.annual_usd_min IS NOT NULL OR f.annual_usd_max IS NOT NULL)"
)
_FROM = "FROM compare_facts f"


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
        """The ``FROM ... WHERE ...`` fragment (alias ``f``, the fact table) and its params."""
        cond, params = self.conditions()
        return f"{_FROM} WHERE {cond}", params

    def conditions(self) -> tuple[str, list[Any]]:
        """The WHERE conditions alone, for queries that join more tables."""
        fcond, fparams = self.filter_conditions()
        wcond, wparams = self.window_conditions()
        return f"{fcond} AND {wcond}", fparams + wparams

    def filter_conditions(self) -> tuple[str, list[Any]]:
        """Tagger version and filters: what the weekly trend keeps of the scope."""
        sql = ["f.tagger_version = ?"]
        params: list[Any] = [self.tagger_version]
        if self.location:
            sql.append(
                "(lower(f.metro) = lower(?) OR lower(f.city) = lower(?) OR lower(f.country) = lower(?))"
            )
            params += [self.location] * 3
        if self.remote_only:
            sql.append("f.remote = 'remote'")
        if self.seniority:
            marks = ", ".join("?" * len(self.seniority))
            sql.append(f"(f.seniority_level IN ({marks}) OR f.seniority_bucket IN ({marks}))")
            params += [*self.seniority, *self.seniority]
        if self.company:
            sql.append("lower(f.company) = lower(?)")
            params.append(self.company)
        return " AND ".join(sql), params

    def window_conditions(self) -> tuple[str, list[Any]]:
        """Open-only and the since/until window (``1`` when neither applies), as one condition."""
        sql: list[str] = []
        params: list[Any] = []
        if self.open_only:
            sql.append("f.open = 1")
        if self.since:
            sql.append("f.last_seen >= ?")
            params.append(self.since)
        if self.until:
            if len(self.until) == 10:
                # ISO timestamps on the until day sort after the bare date: compare with the next day.
                sql.append("f.first_seen < ?")
                params.append((date.fromisoformat(self.until) + timedelta(days=1)).isoformat())
            else:
                sql.append("f.first_seen <= ?")
                params.append(self.until)
        return ("(" + " AND ".join(sql) + ")" if sql else "1"), params


def scope_totals(db: Database, scope: PostingScope) -> tuple[int, str | None]:
    """Postings in scope (every role, and none) and their latest ``last_seen`` (``as_of``).

    Without filters this reads the ``(tagger_version, open, last_seen)`` index only.
    """
    frm, params = scope.where()
    row = db.execute(f"SELECT count(*), max(f.last_seen) {frm}", params).fetchone()
    return int(row[0]), row[1]


def count_by_role(db: Database, scope: PostingScope) -> dict[str | None, int]:
    """Postings per role (``None`` = no role recognized); their sum is all tracked postings."""
    return role_counts_and_as_of(db, scope)[0]


def role_counts_and_as_of(db: Database, scope: PostingScope) -> tuple[dict[str | None, int], str | None]:
    """``count_by_role`` and ``data_as_of`` from one scan (the largest scan of a site)."""
    frm, params = scope.where()
    rows = db.execute(f"SELECT f.role, count(*), max(f.last_seen) {frm} GROUP BY f.role", params).fetchall()
    as_of = max((r[2] for r in rows if r[2]), default=None)
    return {r[0] or None: int(r[1]) for r in rows}, as_of


def tagged_roles(db: Database, tagger_version: str) -> set[str]:
    """Every role tagged at ``tagger_version`` in any posting: one index seek per role, not a scan."""
    roles: set[str] = set()
    role = ""  # postings without a role are keyed '' and sort first
    while True:
        sql = "SELECT min(role) FROM compare_facts WHERE tagger_version = ? AND role > ?"
        row = db.execute(sql, [tagger_version, role]).fetchone()
        if row[0] is None:
            return roles
        role = row[0]
        roles.add(role)


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
        f"SELECT f.remote, f.seniority_bucket, f.role_family, f.metro, count(*) {frm} AND f.role = ?"
        " GROUP BY f.remote, f.seniority_bucket, f.role_family, f.metro",
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
            factor = "CASE f.salary_period " + " ".join("WHEN ? THEN ?" for _ in self.period_factors) + " END"
            fparams = [v for pair in self.period_factors for v in pair]
            same = "upper(f.salary_currency) = ?"
            lo = f"CASE WHEN {same} THEN f.salary_min * {factor} END"
            hi = f"CASE WHEN {same} THEN f.salary_max * {factor} END"
            params += [self.currency, *fparams, self.currency, *fparams]
        else:
            lo, hi = "f.annual_usd_min", "f.annual_usd_max"
        kind_ok = "1"
        if self.kind != "any":
            kind_ok = "coalesce(f.salary_kind, 'base') = ?"
            params.append(self.kind)
        bucket = "CASE f.seniority_bucket WHEN 'entry' THEN 0 WHEN 'mid' THEN 1 WHEN 'senior' THEN 2 END"
        sql = f"{lo}, {hi}, coalesce(f.salary_basis = 'estimated', 0), {kind_ok}, {bucket}"
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
        sql = f"SELECT {exprs}, 1, NULL {_FROM} WHERE {fcond} AND {wcond} AND f.role = ? AND {_HAS_SALARY}"
        params = [*eparams, *fparams, *wparams, role]
    else:
        start = day_number(trend_from)
        sql = (
            f"SELECT {exprs}, {wcond}, CASE WHEN f.opened >= ? THEN (f.opened - ?) / 7 END {_FROM}"
            f" WHERE {fcond} AND f.role = ? AND {_HAS_SALARY} AND ({wcond} OR f.opened >= ?)"
        )
        params = [*eparams, *wparams, start, start, *fparams, role, *wparams, start]
    return SalaryColumns.from_rows(db.execute(sql, params).fetchall())


def _skill_catalog(db: Database) -> dict[int, tuple[str, str, str | None]]:
    """``code -> (skill_id, name, category)`` of every skill code (a few thousand rows at most)."""
    rows = db.execute(
        "SELECT c.code, c.skill_id, coalesce(s.name, c.skill_id), s.category"
        " FROM skill_codes c LEFT JOIN skills s ON s.id = c.skill_id"
    ).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def _code_counts(concatenated: str | None) -> np.ndarray:
    """Postings per skill code from a ``group_concat`` of fact ``skills`` lists (index = code)."""
    if not concatenated:
        return np.zeros(0, dtype=np.int64)
    return np.bincount(np.fromstring(concatenated, dtype=np.int64, sep=","))


def top_skills(db: Database, scope: PostingScope, role: str, limit: int) -> list[tuple[str, str, str, int]]:
    """``(skill_id, name, category, n_postings)`` of counted skills, most frequent first.

    ``counted = 0`` skills (company/benefits boilerplate only) never count. Ties break by name so
    the output is stable. SQLite concatenates the role's skill lists in one pass and numpy counts
    them: no row of the role crosses into Python.
    """
    frm, params = scope.where()
    joined = db.execute(f"SELECT group_concat(f.skills) {frm} AND f.role = ?", [*params, role]).fetchone()[0]
    counts = _code_counts(joined)
    catalog = _skill_catalog(db)
    ranked = sorted(
        (-int(n), catalog[code][1], code) for code, n in enumerate(counts) if n and code in catalog
    )
    return [(catalog[code][0], name, catalog[code][2], -neg) for neg, name, code in ranked[:limit]]


@dataclass(frozen=True)
class TrendCounts:
    """A role's weekly history from one scan (see :func:`trend_counts`).

    ``rows``: ``(opened_week, closed_week, n)``, weeks as ISO Mondays, ``opened_week`` ``None`` for
    postings opened before the series and ``closed_week`` ``None`` while open. ``skills``: for each
    opening week, the postings that opened in it and count each requested skill.
    """

    rows: list[tuple[str | None, str | None, int]]
    skills: dict[str, dict[str, int]]


def trend_counts(
    db: Database, scope: PostingScope, role: str, start: str, skill_ids: Sequence[str] = ()
) -> TrendCounts:
    """The whole weekly trend of a role in one scan.

    Every posting of ``role`` still open on ``start`` (a Monday) or later is grouped by the Monday
    of its opening week and of its closing week; postings closed before ``start`` add nothing to
    any week and are left out. ``scope``'s window is ignored (history needs closed postings), its
    filters apply. Each group also concatenates the skill lists of its postings that opened since
    ``start``, so the weekly shares of ``skill_ids`` come from the same scan.
    """
    fcond, fparams = scope.filter_conditions()
    day = day_number(start)
    opened_week = f"CASE WHEN f.opened >= ? THEN {_MONDAY.format(col='f.opened')} END"
    sql = (
        "SELECT ow, cw, count(*), group_concat(CASE WHEN ow IS NOT NULL THEN skills END) FROM ("
        f" SELECT {opened_week} AS ow, {_MONDAY.format(col='f.closed')} AS cw, f.skills {_FROM}"
        f" WHERE {fcond} AND f.role = ? AND (f.open = 1 OR f.closed >= ?)) GROUP BY ow, cw"
    )
    groups = db.execute(sql, [day, *fparams, role, day]).fetchall()
    by_week: dict[str, list[str]] = {}
    rows = []
    for ow, cw, n, skills in groups:
        week = None if ow is None else iso_day(ow)
        rows.append((week, None if cw is None else iso_day(cw), int(n)))
        if week is not None and skills:
            by_week.setdefault(week, []).append(skills)
    ids = list(dict.fromkeys(skill_ids))
    marks = ", ".join("?" * len(ids))
    sql = f"SELECT code, skill_id FROM skill_codes WHERE skill_id IN ({marks})"
    wanted = dict(db.execute(sql, ids).fetchall())
    shares = {}
    for week, parts in by_week.items():
        counts = _code_counts(",".join(parts))
        shares[week] = {sid: int(counts[code]) if code < counts.size else 0 for code, sid in wanted.items()}
    return TrendCounts(rows, shares)


def top_values(
    db: Database, scope: PostingScope, role: str, column: str, limit: int
) -> list[tuple[str, int]]:
    """Most frequent non-empty values of ``column`` (company, metro, city, country) for one role."""
    col = _GROUPABLE[column]
    frm, params = scope.where()
    rows = db.execute(
        f"SELECT {col} AS v, count(*) AS n {frm} AND f.role = ? AND coalesce({col}, '') != ''"
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
    who = "f.role_family = ?" if family else "f.role = ?"
    rows = db.execute(
        f"SELECT f.seniority_level, f.title, f.role, count(*) AS n {frm} AND {who}"
        f" AND f.seniority_level IN ({marks}) GROUP BY f.seniority_level, f.title, f.role"
        " ORDER BY n DESC, f.title",
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
    who = "f.role_family = ?" if family else "f.role = ?"
    values = ", ".join("(?, ?)" for _ in steps)
    levels = sorted({lvl for lvl, _ in steps})
    marks = ", ".join("?" * len(levels))
    rows = db.execute(
        f"SELECT f.seniority_level, f.title, {exprs}, 1, NULL {frm} AND {who}"
        f" AND f.seniority_level IN ({marks}) AND (f.seniority_level, f.title) IN (VALUES {values})"
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
