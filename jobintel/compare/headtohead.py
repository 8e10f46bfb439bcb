"""Build a ``HeadToHead`` from the store: one ``RoleProfile`` per role, then what relates them.

Aggregation happens in ``jobintel.store.queries``; this module only pulls one role's salary columns
into numpy for percentiles, and turns numbers into verdict sentences. The weekly series is built
in ``jobintel.compare.trend``.

>>> h2h = role_head_to_head(db, ["AI/ML Engineer", "MLOps Engineer"])  # doctest: +SKIP
>>> h2h.roles[0].salary.median  # doctest: +SKIP
120000.0
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from sqlite_utils import Database

from jobintel.compare import stats
from jobintel.compare.attribution import attributions_for
from jobintel.compare.model import (
    CareerStep,
    CompareOptions,
    Disclosure,
    HeadToHead,
    Mix,
    NamedCount,
    RoleProfile,
    ScopeInfo,
    SkillShare,
)
from jobintel.compare.parallel import QueryPool
from jobintel.compare.trend import series_weeks, trend_points
from jobintel.compare.verdict import switch_overlap, verdict_sentences
from jobintel.errors import ConfigError, StoreError, UnknownRoleError
from jobintel.store import queries as q

__all__ = ["RoleData", "assemble", "build_roles", "make_scope", "role_head_to_head"]

_BUCKETS = ("entry", "mid", "senior")
_REMOTE = ("remote", "hybrid", "onsite")
_CAREER_LEVELS = ("senior", "lead", "principal", "manager")
_TITLES_PER_LEVEL = 2
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class RoleData:
    """A role's profile plus the salary midpoints that pair-level charts (histograms) need."""

    profile: RoleProfile
    midpoints: np.ndarray


def make_scope(
    db: Database, options: CompareOptions, *, by_role: bool = False
) -> tuple[q.PostingScope, ScopeInfo, dict[str | None, int]]:
    """The query scope, its printable description and, with ``by_role``, the postings per role.

    Without ``by_role`` the returned counts are empty: a head-to-head only needs the total, which
    the ``(tagger_version, open, last_seen)`` index of ``compare_facts`` gives far faster than a
    count per role.
    """
    version = options.tagger_version or q.current_tagger_version(db)
    if not version:
        raise StoreError(
            "no tagged postings: run `jobintel tag` first (meta.current_tagger_version is unset)"
        )
    scope = q.PostingScope(
        tagger_version=version,
        open_only=options.scope == "open",
        since=options.since,
        until=options.until,
        location=options.location,
        remote_only=options.remote_only,
        seniority=tuple(options.seniority),
        company=options.company,
    )
    filters = {
        k: v
        for k, v in (
            ("location", options.location),
            ("remote_only", options.remote_only or None),
            ("seniority", ",".join(options.seniority) or None),
            ("company", options.company),
        )
        if v
    }
    counts: dict[str | None, int] = {}
    if by_role:
        counts, as_of = q.role_counts_and_as_of(db, scope)
        total = sum(counts.values())
    else:
        total, as_of = q.scope_totals(db, scope)
    info = ScopeInfo(
        tagger_version=version,
        postings=options.scope,
        since=options.since,
        until=options.until,
        as_of=as_of,
        filters=filters,
        currency=options.salary_currency,
        currency_mode="original" if options.currency else "annual_usd",
        fx_table=options.fx_table or q.fx_table_name(db),
        salary_kind=options.salary_kind,
        total_tracked=total,
        attributions=attributions_for(q.tracked_sources(db)),
    )
    return scope, info, counts


def role_head_to_head(
    db: Database, roles: Sequence[str], *, options: CompareOptions | None = None
) -> HeadToHead:
    """Compare two or more roles on postings, pay, remote share, seniority and skills.

    >>> h2h = role_head_to_head(db, ["AI/ML Engineer", "MLOps Engineer"])  # doctest: +SKIP
    >>> [r.postings for r in h2h.roles]  # doctest: +SKIP
    [23752, 80]
    """
    options = options or CompareOptions()
    names = list(dict.fromkeys(roles))
    if len(names) < 2:
        raise ConfigError("a head-to-head needs at least two different roles")
    scope, info, counts = make_scope(db, options)
    # A role absent from the current filters is a valid zero; one never tagged at all is a typo.
    known = q.tagged_roles(db, scope.tagger_version)
    missing = [r for r in names if r not in known]
    if missing:
        choices = ", ".join(sorted(r for r in known if r)) or "none"
        raise UnknownRoleError(f"unknown role(s) {missing}; tagged roles: {choices}")
    data = build_roles(db, scope, names, options, info)
    return assemble(data, options, info, counts)


# -- one role ----------------------------------------------------------------------------------------


def _salary_basis(options: CompareOptions) -> q.SalaryBasis:
    """What the salary queries annualize, and into which currency (``docs/statistics.md``)."""
    return q.SalaryBasis(
        kind=options.salary_kind,
        currency=options.currency,
        period_factors=tuple(stats.PERIOD_FACTORS.items()),
    )


def _salary_arrays(c: q.SalaryColumns) -> dict[str, np.ndarray]:
    """The salary columns plus the derived ``convertible`` mask, keyed for ``_bounds``/``_counted``."""
    return {
        "min": c.lo,
        "max": c.hi,
        "estimated": c.estimated,
        "kind_ok": c.kind_ok,
        "convertible": ~(np.isnan(c.lo) & np.isnan(c.hi)),
        "bucket": c.bucket,
        "in_scope": c.in_scope,
        "week": c.week,
    }


def _bounds(a: dict[str, np.ndarray], mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return stats.salary_bounds(a["min"][mask], a["max"][mask])


def _counted(a: dict[str, np.ndarray], *, estimated: bool) -> np.ndarray:
    est = a["estimated"] if estimated else ~a["estimated"]
    return est & a["kind_ok"] & a["convertible"]


def _summary(
    lo: np.ndarray, hi: np.ndarray, options: CompareOptions, *, ci: bool = False
) -> stats.SalarySummary:
    # Only a role's headline median gets a bootstrap interval: sub-groups would multiply the cost.
    resamples = options.bootstrap_resamples if ci else 0
    return stats.summarize_salaries(lo, hi, resamples=resamples, seed=options.seed)


def _mix(counts: dict[str | None, int], keys: tuple[str, ...]) -> Mix:
    known = {k: counts.get(k, 0) for k in keys}
    n = sum(known.values())
    unknown = sum(v for k, v in counts.items() if k not in keys)
    return Mix(counts=known, shares=stats.shares(known, keys), n=n, unknown=unknown)


@dataclasses.dataclass(frozen=True)
class _Pay:
    """Every salary figure of one role, computed in a worker from one salary scan."""

    salary: stats.SalarySummary
    estimated: stats.SalarySummary
    by_seniority: dict[str, stats.SalarySummary]
    n_disclosed: int
    n_estimated: int
    n_other_kind: int
    n_unconvertible: int
    midpoints: np.ndarray
    weekly: dict[str, np.ndarray]


@dataclasses.dataclass(frozen=True)
class _Mix:
    postings: int
    remote: Mix
    experience: Mix
    metros: list[tuple[str, int]]
    family: str | None
    career: list[CareerStep]


def build_roles(
    db: Database,
    scope: q.PostingScope,
    names: Sequence[str],
    options: CompareOptions,
    info: ScopeInfo,
) -> list[RoleData]:
    """Profiles of ``names`` (without the pair-level histogram), their queries run concurrently.

    Each role is four independent tasks (mixes and career path, companies, pay, skills and trend),
    submitted largest first so that two workers stay evenly busy.
    """
    workers = options.workers or min(2, os.cpu_count() or 1)
    weeks = series_weeks(options.since, options.until, info.as_of, options.trend_weeks)
    careers = _Memo()
    with QueryPool(db, workers) as pool:
        jobs = {
            name: (
                pool.submit(_skills_and_trend, scope, name, options, weeks),
                pool.submit(_pay, scope, name, options, weeks),
                pool.submit(_mix_and_career, scope, name, options, careers),
                pool.submit(q.top_values, scope, name, "company", options.top_companies),
            )
            for name in names
        }
        out = []
        for name in names:
            skills_trend, pay_job, mix_job, companies_job = jobs[name]
            mix, pay = mix_job.result(), pay_job.result()
            counted, trend = skills_trend.result()
            out.append(_profile(name, mix, pay, counted, companies_job.result(), trend, weeks, info))
    return out


def _profile(
    name: str,
    mix: _Mix,
    pay: _Pay,
    skill_counts: list[tuple[str, str, str, int]],
    companies: list[tuple[str, int]],
    trend: q.TrendCounts,
    weeks: list[str],
    info: ScopeInfo,
) -> RoleData:
    postings = mix.postings
    skills = [
        SkillShare(skill_id=sid, name=nm, category=cat, count=n, share=n / postings if postings else 0.0)
        for sid, nm, cat, n in skill_counts
    ]
    disclosure = Disclosure(
        n_postings=postings,
        n_disclosed=pay.n_disclosed,
        n_estimated=pay.n_estimated,
        n_other_kind=pay.n_other_kind,
        n_unconvertible=pay.n_unconvertible,
        rate=pay.n_disclosed / postings if postings >= stats.MIN_N else None,
    )
    profile = RoleProfile(
        name=name,
        family=mix.family,
        postings=postings,
        share_of_tracked=postings / info.total_tracked if info.total_tracked else None,
        remote=mix.remote,
        experience=mix.experience,
        salary=pay.salary,
        salary_estimated=pay.estimated,
        disclosure=disclosure,
        by_seniority=pay.by_seniority,
        histogram=[],
        top_skills=skills,
        top_companies=_named(companies, postings),
        top_metros=_named(mix.metros, postings),
        career_path=mix.career,
        trend=trend_points(weeks, trend, skills, pay.weekly),
    )
    return RoleData(profile=profile, midpoints=pay.midpoints)


def _pay(db: Database, scope: q.PostingScope, role: str, options: CompareOptions, weeks: list[str]) -> _Pay:
    """Salary figures in scope and the weekly midpoints of the trend, from one salary scan."""
    cols = q.salary_columns(db, scope, role, _salary_basis(options), trend_from=weeks[0] if weeks else None)
    a = _salary_arrays(cols)
    inside = a["in_scope"]
    main = _counted(a, estimated=False) & inside
    lo, hi = _bounds(a, main)
    est = _counted(a, estimated=True) & inside
    disclosed = ~a["estimated"] & inside
    # The trend is over all history (closed postings too), whatever the scope.
    weekly_ok = _counted(a, estimated=False)
    return _Pay(
        salary=_summary(lo, hi, options, ci=True),
        estimated=_summary(*_bounds(a, est), options, ci=True),
        by_seniority={
            b: _summary(*_bounds(a, main & (a["bucket"] == q.SalaryColumns.BUCKETS.index(b))), options)
            for b in _BUCKETS
        },
        n_disclosed=int(disclosed.sum()),
        n_estimated=int((a["estimated"] & inside).sum()),
        n_other_kind=int((disclosed & ~a["kind_ok"]).sum()),
        n_unconvertible=int((disclosed & a["kind_ok"] & ~a["convertible"]).sum()),
        midpoints=stats.midpoints(lo, hi),
        weekly={w: stats.midpoints(*_bounds(a, weekly_ok & (a["week"] == i))) for i, w in enumerate(weeks)},
    )


class _Memo:
    """Values computed once per key across worker threads (roles of one family share one title scan)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[object, threading.Lock] = {}
        self._values: dict[object, object] = {}

    def get(self, key: object, compute: Callable[[], T]) -> T:
        with self._lock:
            key_lock = self._keys.setdefault(key, threading.Lock())
        with key_lock:
            if key not in self._values:
                self._values[key] = compute()
            return self._values[key]  # type: ignore[return-value]


def _mix_and_career(
    db: Database, scope: q.PostingScope, role: str, options: CompareOptions, careers: _Memo
) -> _Mix:
    """Remote and experience mixes, top metros and the role family from one scan; then the path."""
    remote: dict[str | None, int] = {}
    bucket: dict[str | None, int] = {}
    family: dict[str | None, int] = {}
    metro: dict[str, int] = {}
    for rem, buck, fam, met, n in q.role_mix(db, scope, role):
        remote[rem] = remote.get(rem, 0) + n
        bucket[buck] = bucket.get(buck, 0) + n
        family[fam] = family.get(fam, 0) + n
        if met:
            metro[met] = metro.get(met, 0) + n
    metros = sorted(metro.items(), key=lambda kv: (-kv[1], kv[0]))[: options.top_metros]
    # The most common family; ties break by name, as the old ORDER BY n DESC would have by chance.
    families = sorted(((n, f) for f, n in family.items() if f), key=lambda x: (-x[0], x[1]))
    fam = families[0][1] if families else None
    return _Mix(
        postings=sum(remote.values()),
        remote=_mix(remote, _REMOTE),
        experience=_mix(bucket, _BUCKETS),
        metros=metros,
        family=fam,
        career=_career_path(
            db,
            scope,
            role,
            fam,
            options,
            careers.get(fam or ("role", role), lambda: q.senior_titles(db, scope, fam, role, _CAREER_LEVELS)),
        ),
    )


def _skills_and_trend(
    db: Database, scope: q.PostingScope, role: str, options: CompareOptions, weeks: list[str]
) -> tuple[list[tuple[str, str, str, int]], q.TrendCounts]:
    """Top skills in scope, then the weekly trend groups (which need the top skills' ids)."""
    top = q.top_skills(db, scope, role, options.top_skills)
    if not weeks:
        return top, q.TrendCounts([], {})
    return top, q.trend_counts(db, scope, role, weeks[0], [sid for sid, *_ in top])


def _named(rows: list[tuple[str, int]], total: int) -> list[NamedCount]:
    return [NamedCount(name=v, count=n, share=n / total if total else 0.0) for v, n in rows]


def _career_path(
    db: Database,
    scope: q.PostingScope,
    role: str,
    family: str | None,
    options: CompareOptions,
    titles: list[tuple[str, str, str, int]],
) -> list[CareerStep]:
    """The most common titles at senior and higher levels, by level then pay.

    ``titles`` are the family's ``(level, title, role, n)``. At each level the role's own titles come
    first; a level where the role has none (often the manager level) borrows the most common titles
    of the other roles in its family.
    """
    own_levels = {level for level, _, r, _ in titles if r == role}
    counts: dict[tuple[str, str], int] = {}
    for level, title, r, n in titles:
        if r == role or level not in own_levels:
            counts[(level, title)] = counts.get((level, title), 0) + n
    picked: dict[str, list[tuple[str, int]]] = {}
    for (level, title), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1])):
        if len(picked.setdefault(level, [])) < _TITLES_PER_LEVEL:
            picked[level].append((title, n))
    steps = [(level, title) for level, titles in picked.items() for title, _ in titles]
    pay = q.title_salary_columns(db, scope, family, role, steps, _salary_basis(options))
    out = []
    for level, titles in picked.items():
        for title, n in titles:
            a = _salary_arrays(pay[(level, title)])
            out.append(
                CareerStep(level, title, n, _summary(*_bounds(a, _counted(a, estimated=False)), options))
            )
    rank = {lvl: i for i, lvl in enumerate(_CAREER_LEVELS)}
    # Within a level, the lower-paid title comes first: it is the earlier step of the progression.
    out.sort(key=lambda s: (rank[s.level], s.salary.median if s.salary.median is not None else float("inf")))
    return out


# -- several roles -----------------------------------------------------------------------------------


def assemble(
    data: Sequence[RoleData],
    options: CompareOptions,
    info: ScopeInfo,
    counts: dict[str | None, int] | None = None,
) -> HeadToHead:
    """Relate role profiles: common histogram bins, skill overlap, pairs and the verdict."""
    edges = stats.nice_bin_edges([d.midpoints for d in data if d.midpoints.size], options.histogram_bins)
    profiles = tuple(
        dataclasses.replace(
            d.profile, histogram=stats.histogram(d.midpoints, edges) if d.midpoints.size else []
        )
        for d in data
    )
    tops = {p.name: [s.name for s in p.top_skills] for p in profiles}
    first = profiles[0].name
    shared = [s for s in tops[first] if all(s in t for t in tops.values())]
    unique = {
        name: [s for s in top if not any(s in other for o, other in tops.items() if o != name)]
        for name, top in tops.items()
    }
    pairs = [
        switch_overlap(a.name, b.name, tops[a.name], tops[b.name])
        for a, b in itertools.combinations(profiles, 2)
    ]
    others = info.total_tracked - sum(p.postings for p in profiles)
    return HeadToHead(
        roles=profiles,
        scope=info,
        histogram_edges=[float(e) for e in edges],
        shared_skills=shared,
        unique_skills=unique,
        pairs=pairs,
        verdict=verdict_sentences(profiles, info),
        other_roles_postings=others,
        options=options,
    )
