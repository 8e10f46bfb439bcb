"""The weekly trend of a role: open positions at each week's end, new postings, their pay and skills.

A posting opens on the earlier of the source's ``date_posted`` and our ``first_seen`` (a fresh
crawl first sees every posting on the crawl day, while sources say when they published it) and
closes on ``closed_at``. ``jobintel.store.queries.trend_counts`` groups a role's postings by
opening week and closing week, with the skills of the new ones, in one scan; this module turns those
few hundred groups into the series with cumulative sums.

>>> from jobintel.store.queries import TrendCounts
>>> weeks = series_weeks(None, None, "2025-05-14T08:00:00+00:00", 3)
>>> weeks
['2025-04-28', '2025-05-05', '2025-05-12']
>>> counts = TrendCounts([(None, None, 4), ("2025-05-05", "2025-05-12", 2)], {})  # 4 older, 2 new then closed
>>> [(p.week, p.open_positions, p.new_postings) for p in trend_points(weeks, counts, [], {})]
[('2025-04-28', 4, 0), ('2025-05-05', 6, 2), ('2025-05-12', 4, 0)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import numpy as np

from jobintel.compare import stats
from jobintel.compare.model import SkillShare, TrendPoint
from jobintel.store.queries import TrendCounts

__all__ = ["first_nonempty_week", "monday", "series_weeks", "trend_points"]


def monday(iso: str) -> date:
    """The Monday of the week of an ISO date or timestamp (its date part).

    >>> monday("2025-05-18T23:00:00+00:00").isoformat()
    '2025-05-12'
    """
    d = date.fromisoformat(iso[:10])
    return d - timedelta(days=d.weekday())


def series_weeks(since: str | None, until: str | None, as_of: str | None, n_weeks: int) -> list[str]:
    """The Mondays of the series: ``n_weeks`` weeks ending at the week of ``until`` (else ``as_of``).

    ``since`` drops the weeks before its own week. No end date or ``n_weeks = 0`` gives no weeks.
    """
    end = until or as_of
    if not n_weeks or not end:
        return []
    last = monday(end)
    weeks = [(last - timedelta(weeks=i)).isoformat() for i in reversed(range(n_weeks))]
    if since:
        weeks = [w for w in weeks if w >= monday(since).isoformat()]
    return weeks


def trend_points(
    weeks: Sequence[str],
    counts: TrendCounts,
    skills: Sequence[SkillShare],
    salaries: Mapping[str, np.ndarray],
) -> list[TrendPoint]:
    """The series from ``trend_counts`` groups (see the module example).

    Open at the end of week ``w`` = postings opened in or before ``w`` and not closed by then.
    ``skills`` are the role's top skills; ``salaries`` maps a week to the salary midpoints of the
    postings that opened in it. Medians and skill shares follow the n >= 5 rule.
    """
    rows = counts.rows
    points = []
    for w in weeks:
        open_now = sum(n for ow, cw, n in rows if (ow is None or ow <= w) and (cw is None or cw > w))
        new = sum(n for ow, _, n in rows if ow == w)
        week_skills = counts.skills.get(w, {})
        shares = {
            s.name: week_skills.get(s.skill_id, 0) / new if new >= stats.MIN_N else None for s in skills
        }
        mid = salaries.get(w, np.empty(0))
        median = float(np.median(mid)) if mid.size >= stats.MIN_N else None
        points.append(TrendPoint(w, open_now, new, median, int(mid.size), shares))
    return points


def first_nonempty_week(series: Sequence[Sequence[TrendPoint]]) -> int:
    """Index of the first week in which any role has an open posting (0 when none has any).

    Exports start their tables and charts there; the JSON keeps every week.

    >>> empty, busy = TrendPoint("2025-05-05", 0, 0, None, 0, {}), TrendPoint("2025-05-12", 3, 3, None, 0, {})
    >>> first_nonempty_week([[empty, busy], [empty, empty]])
    1
    """
    n = min((len(s) for s in series), default=0)
    for i in range(n):
        if any(s[i].open_positions or s[i].new_postings for s in series):
            return i
    return 0
