"""``compare_facts``: one narrow row per tagged posting, kept in step with its sources by triggers.

A comparison reads, for every posting of a role, a few tag columns (role, seniority, remote,
metro, salary) and a few posting columns (lifecycle dates, company, title) plus the skills it
counts. Joining ``tags``, ``postings`` and ``posting_skills`` for that costs a B-tree seek per
posting and per skill; at a million postings it was most of a comparison's time. This table holds
that join, already done:

* keyed ``(tagger_version, role, open, posting_id)`` ``WITHOUT ROWID``, so a role's open postings
  are one contiguous range and all its history the range around it;
* ``opened``/``closed`` as day numbers (days since 1970-01-01), so weekly series need no date
  parsing per row;
* ``skills``: the posting's counted skills as comma-separated ``skill_codes.code`` integers.
  ``group_concat`` over a role then yields one string that numpy counts in C (each posting counts
  a skill at most once, so code frequencies are posting counts).

Nothing writes this table directly. Triggers on ``tags``, ``posting_skills`` and ``postings``
(migration ``m005_compare_facts``) insert, update and delete its rows in the same transaction as the
change that causes them, whichever code path makes it; :func:`stale_facts` is the check the tests
run after crawls, tags, re-tags, prunes and merges.

>>> from jobintel.store import open_db
>>> db = open_db(":memory:")
>>> day_number("2025-05-05"), iso_day(20213)
(20213, '2025-05-05')
>>> stale_facts(db)
0
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

__all__ = [
    "FACT_COLUMNS",
    "day_number",
    "fact_select",
    "iso_day",
    "opened_day_sql",
    "posting_update_sets",
    "skills_expr",
    "stale_facts",
]

_EPOCH = date(1970, 1, 1)


def opened_day_sql(p: str = "p.") -> str:
    """SQL for a posting's opening day (UTC ISO date): the earlier of ``date_posted`` and ``first_seen``.

    date() turns "2025-05-01T23:30:00-05:00" into the UTC day and gives NULL for text it cannot
    read; the store writes ``first_seen`` in UTC, so its first 10 characters are the day. ``p`` is
    the row prefix (``p.`` in a query, ``NEW.`` in a trigger).
    """
    first = f"substr({p}first_seen, 1, 10)"
    return f"min(coalesce(date({p}date_posted), {first}), {first})"


def _day(iso_expr: str) -> str:
    """SQL: the day number of an ISO date expression (NULL stays NULL)."""
    return f"CAST(julianday({iso_expr}) - 2440587.5 AS INTEGER)"


def day_number(iso: str) -> int:
    """Days since 1970-01-01 of an ISO date or timestamp (its date part)."""
    return (date.fromisoformat(iso[:10]) - _EPOCH).days


def iso_day(n: int) -> str:
    """The ISO date of a day number (inverse of :func:`day_number`)."""
    return (_EPOCH + timedelta(days=n)).isoformat()


FACT_COLUMNS = (
    "tagger_version",
    "role",
    "open",
    "posting_id",
    "opened",
    "closed",
    "first_seen",
    "last_seen",
    "remote",
    "seniority_bucket",
    "seniority_level",
    "role_family",
    "metro",
    "city",
    "country",
    "annual_usd_min",
    "annual_usd_max",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_basis",
    "salary_kind",
    "company",
    "title",
    "skills",
)


def skills_expr(posting: str, version: str) -> str:
    """SQL: the counted skill codes of one posting at one version, comma-separated (NULL if none)."""
    return (
        "(SELECT group_concat(c.code) FROM posting_skills ps JOIN skill_codes c ON c.skill_id = ps.skill_id"
        f" WHERE ps.posting_id = {posting} AND ps.tagger_version = {version} AND ps.counted = 1)"
    )


def fact_select() -> str:
    """``SELECT`` of fact rows from ``tags t JOIN postings p`` (append a ``WHERE``), in FACT_COLUMNS order."""
    values = (
        "t.tagger_version",
        "coalesce(t.role, '')",
        "p.closed_at IS NULL",
        "t.posting_id",
        _day(opened_day_sql("p.")),
        _day("substr(p.closed_at, 1, 10)"),
        "p.first_seen",
        "p.last_seen",
        *(f"t.{c}" for c in FACT_COLUMNS[8:23]),
        "p.company",
        "p.title",
        skills_expr("t.posting_id", "t.tagger_version"),
    )
    return f"SELECT {', '.join(values)} FROM tags t JOIN postings p ON p.id = t.posting_id"


def posting_update_sets(p: str = "NEW.") -> str:
    """SQL ``SET`` list that refreshes the posting-side columns of fact rows from row ``p``."""
    return ", ".join(
        (
            f"open = {p}closed_at IS NULL",
            f"opened = {_day(opened_day_sql(p))}",
            f"closed = {_day(f'substr({p}closed_at, 1, 10)')}",
            f"first_seen = {p}first_seen",
            f"last_seen = {p}last_seen",
            f"company = {p}company",
            f"title = {p}title",
        )
    )


def stale_facts(db: Database) -> int:
    """Fact rows that differ from a fresh build from their source tables (0 when in step).

    Skill lists are compared as sets (``group_concat`` gives no order). A full scan: for tests and
    for diagnosing a database, not for every command.
    """
    cols = ", ".join(FACT_COLUMNS)
    fresh = {(*r[:-1], _codes(r[-1])) for r in db.execute(fact_select()).fetchall()}
    stored = {(*r[:-1], _codes(r[-1])) for r in db.execute(f"SELECT {cols} FROM compare_facts").fetchall()}
    return len(fresh ^ stored)


def _codes(text: str | None) -> frozenset[int]:
    return frozenset(int(c) for c in text.split(",")) if text else frozenset()
