"""Build a ``HeadToHead`` from the store: one ``RoleProfile`` per role, then what relates them.

Aggregation happens in ``jobintel.store.queries``; this module only pulls one role's salary rows
into numpy for percentiles, and turns numbers into verdict sentences.

>>> h2h = role_head_to_head(db, ["AI/ML Engineer", "MLOps Engineer"])  # doctest: +SKIP
>>> h2h.roles[0].salary.median  # doctest: +SKIP
120000.0
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
from sqlite_utils import Database

from jobintel.compare import stats
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
    TrendPoint,
)
from jobintel.compare.parallel import QueryPool
from jobintel.compare.verdict import switch_overlap, verdict_sentences
from jobintel.errors import ConfigError, StoreError, UnknownRoleError
from jobintel.store import queries as q

__all__ = ["RoleData", "assemble", "build_roles", "make_scope", "role_head_to_head"]

_BUCKETS = ("entry", "mid", "senior")
_REMOTE = ("remote", "hybrid", "onsite")
_CAREER_LEVELS = ("senior", "lead", "principal", "manager")
_TITLES_PER_LEVEL = 2


@dataclasses.dataclass(frozen=True)
class RoleData:
    """A role's profile plus the salary midpoints that pair-level charts (histograms) need."""

    profile: RoleProfile
    midpoints: np.ndarray


def make_scope(
    db: Database, options: CompareOptions
) -> tuple[q.PostingScope, ScopeInfo, dict[str | None, int]]:
    """The query scope, its printable description and the postings per role for ``options``."""
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
    counts, as_of = q.role_counts_and_as_of(db, scope)
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
        total_tracked=sum(counts.values()),
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
    data = build_roles(db, scope, names, options, counts, info)
    return assemble(data, options, info, counts)


# -- one role ----------------------------------------------------------------------------------------


def _salary_arrays(rows: list[q.SalaryRow], options: CompareOptions) -> dict[str, np.ndarray]:
    """Columns of salary rows as arrays (None -> nan), bounds in the comparison currency, and masks."""
    n = len(rows)
    col = {name: [getattr(r, name) for r in rows] for name in q.SalaryRow.__slots__}
    if options.currency:
        factor = np.array([stats.PERIOD_FACTORS.get(p or "", np.nan) for p in col["period"]], dtype=float)
        same = np.array([(c or "").upper() == options.currency for c in col["currency"]], dtype=bool)
        factor[~same] = np.nan
        mins = np.array(col["salary_min"], dtype=float).reshape(n) * factor
        maxs = np.array(col["salary_max"], dtype=float).reshape(n) * factor
    else:
        mins = np.array(col["annual_usd_min"], dtype=float).reshape(n)
        maxs = np.array(col["annual_usd_max"], dtype=float).reshape(n)
    kind = np.array([k or "base" for k in col["kind"]], dtype=object)
    return {
        "min": mins,
        "max": maxs,
        "estimated": np.array([b == "estimated" for b in col["basis"]], dtype=bool).reshape(n),
        "kind_ok": (kind == options.salary_kind) if options.salary_kind != "any" else np.ones(n, dtype=bool),
        "convertible": ~(np.isnan(mins) & np.isnan(maxs)),
        "bucket": np.array(col["seniority_bucket"], dtype=object).reshape(n),
        "week": np.array(col["week"], dtype=object).reshape(n),
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


def build_roles(
    db: Database,
    scope: q.PostingScope,
    names: Sequence[str],
    options: CompareOptions,
    counts: dict[str | None, int],
    info: ScopeInfo,
) -> list[RoleData]:
    """Profiles of ``names`` (without the pair-level histogram), their queries run concurrently.

    Each role is four independent tasks (counts and pay, ranked lists, career path, trend), so
    even one big role keeps several cores busy.
    """
    workers = options.workers or min(2, os.cpu_count() or 1)
    with QueryPool(db, workers) as pool:
        jobs = [
            (
                pool.submit(_pay_and_mix, scope, name, options, counts, info),
                pool.submit(_ranked_lists, scope, name, options, counts.get(name, 0)),
                pool.submit(_career_path, scope, name, options),
                pool.submit(_trend_raw, scope, name, options, info),
            )
            for name in names
        ]
        out = []
        for pay, lists, career, trend in jobs:
            profile, mids = pay.result()
            skills, companies, metros = lists.result()
            family, path = career.result()
            profile = dataclasses.replace(
                profile,
                family=family,
                top_skills=skills,
                top_companies=companies,
                top_metros=metros,
                career_path=path,
                trend=_trend_points(trend.result(), skills),
            )
            out.append(RoleData(profile=profile, midpoints=mids))
    return out


def _pay_and_mix(
    db: Database,
    scope: q.PostingScope,
    role: str,
    options: CompareOptions,
    counts: dict[str | None, int],
    info: ScopeInfo,
) -> tuple[RoleProfile, np.ndarray]:
    """Remote and seniority mixes and every salary figure of one role; lists are filled in later."""
    postings = counts.get(role, 0)
    remote_counts: dict[str | None, int] = {}
    bucket_counts: dict[str | None, int] = {}
    for remote, bucket, n in q.remote_seniority_counts(db, scope, role):
        remote_counts[remote] = remote_counts.get(remote, 0) + n
        bucket_counts[bucket] = bucket_counts.get(bucket, 0) + n

    a = _salary_arrays(q.salary_rows(db, scope, role), options)
    main = _counted(a, estimated=False)
    lo, hi = _bounds(a, main)
    est = _counted(a, estimated=True)
    disclosed = ~a["estimated"]
    n_disclosed = int(disclosed.sum())
    disclosure = Disclosure(
        n_postings=postings,
        n_disclosed=n_disclosed,
        n_estimated=int(a["estimated"].sum()),
        n_other_kind=int((disclosed & ~a["kind_ok"]).sum()),
        n_unconvertible=int((disclosed & a["kind_ok"] & ~a["convertible"]).sum()),
        rate=n_disclosed / postings if postings >= stats.MIN_N else None,
    )
    profile = RoleProfile(
        name=role,
        family=None,
        postings=postings,
        share_of_tracked=postings / info.total_tracked if info.total_tracked else None,
        remote=_mix(remote_counts, _REMOTE),
        experience=_mix(bucket_counts, _BUCKETS),
        salary=_summary(lo, hi, options, ci=True),
        salary_estimated=_summary(*_bounds(a, est), options, ci=True),
        disclosure=disclosure,
        by_seniority={b: _summary(*_bounds(a, main & (a["bucket"] == b)), options) for b in _BUCKETS},
        histogram=[],
        top_skills=[],
        top_companies=[],
        top_metros=[],
        career_path=[],
        trend=[],
    )
    return profile, stats.midpoints(lo, hi)


def _ranked_lists(
    db: Database, scope: q.PostingScope, role: str, options: CompareOptions, postings: int
) -> tuple[list[SkillShare], list[NamedCount], list[NamedCount]]:
    skills = [
        SkillShare(skill_id=sid, name=name, category=cat, count=n, share=n / postings if postings else 0.0)
        for sid, name, cat, n in q.top_skills(db, scope, role, options.top_skills)
    ]
    companies = _named(q.top_values(db, scope, role, "company", options.top_companies), postings)
    metros = _named(q.top_values(db, scope, role, "metro", options.top_metros), postings)
    return skills, companies, metros


def _named(rows: list[tuple[str, int]], total: int) -> list[NamedCount]:
    return [NamedCount(name=v, count=n, share=n / total if total else 0.0) for v, n in rows]


def _career_path(
    db: Database, scope: q.PostingScope, role: str, options: CompareOptions
) -> tuple[str | None, list[CareerStep]]:
    """The role's family, and its most common titles at senior and higher levels, by level then pay."""
    families = [f for f, _ in q.role_families(db, scope, role) if f]
    family = families[0] if families else None
    picked: dict[str, list[tuple[str, int]]] = {}
    for level, title, n in q.senior_titles(db, scope, family, role, _CAREER_LEVELS):
        if len(picked.setdefault(level, [])) < _TITLES_PER_LEVEL:
            picked[level].append((title, n))
    steps = [(level, title) for level, titles in picked.items() for title, _ in titles]
    by_step: dict[tuple[str, str], list[q.SalaryRow]] = {}
    for level, title, row in q.title_salary_rows(db, scope, family, role, steps):
        by_step.setdefault((level, title), []).append(row)
    out = []
    for level, titles in picked.items():
        for title, n in titles:
            a = _salary_arrays(by_step.get((level, title), []), options)
            out.append(
                CareerStep(level, title, n, _summary(*_bounds(a, _counted(a, estimated=False)), options))
            )
    rank = {lvl: i for i, lvl in enumerate(_CAREER_LEVELS)}
    # Within a level, the lower-paid title comes first: it is the earlier step of the progression.
    out.sort(key=lambda s: (rank[s.level], s.salary.median if s.salary.median is not None else float("inf")))
    return family, out


def _monday(iso: str) -> date:
    d = date.fromisoformat(iso[:10])
    return d - timedelta(days=d.weekday())


@dataclasses.dataclass(frozen=True)
class _TrendRaw:
    weeks: list[str]
    opened: dict[str, int]
    closed: dict[str, int]
    salaries: dict[str, np.ndarray]
    skill_counts: dict[tuple[str, str], int]


def _trend_raw(
    db: Database, scope: q.PostingScope, role: str, options: CompareOptions, info: ScopeInfo
) -> _TrendRaw:
    """The weekly series' inputs: postings opened/closed per week, pay and skills of new postings.

    History needs closed postings and postings seen before ``since``, so the counts ignore the
    open-only choice and the window; the window only picks the weeks shown.
    """
    end = options.until or info.as_of
    weeks: list[str] = []
    if options.trend_weeks and end:
        last = _monday(end)
        weeks = [(last - timedelta(weeks=i)).isoformat() for i in reversed(range(options.trend_weeks))]
        if options.since:
            weeks = [w for w in weeks if w >= _monday(options.since).isoformat()]
    if not weeks:
        return _TrendRaw([], {}, {}, {}, {})
    tscope = dataclasses.replace(scope, open_only=False, since=None, until=None)
    opened, closed = q.weekly_flows(db, tscope, role)
    # Pay and skills are per week of first sighting: postings first seen before the series are not needed.
    recent = dataclasses.replace(tscope, first_seen_from=weeks[0])
    a = _salary_arrays(q.salary_rows(db, recent, role), options)
    main = _counted(a, estimated=False)
    salaries = {w: stats.midpoints(*_bounds(a, main & (a["week"] == w))) for w in weeks}
    return _TrendRaw(weeks, opened, closed, salaries, q.weekly_skill_counts(db, recent, role))


def _trend_points(raw: _TrendRaw, skills: list[SkillShare]) -> list[TrendPoint]:
    """Weekly series: open at week end, new postings, their median pay and top-skill shares."""
    points = []
    for w in raw.weeks:
        open_now = sum(n for k, n in raw.opened.items() if k <= w) - sum(
            n for k, n in raw.closed.items() if k <= w
        )
        new = raw.opened.get(w, 0)
        mid = raw.salaries[w]
        shares = {
            s.name: (raw.skill_counts.get((w, s.skill_id), 0) / new if new >= stats.MIN_N else None)
            for s in skills
        }
        median = float(np.median(mid)) if mid.size >= stats.MIN_N else None
        points.append(TrendPoint(w, open_now, new, median, int(mid.size), shares))
    return points


# -- several roles -----------------------------------------------------------------------------------


def assemble(
    data: Sequence[RoleData], options: CompareOptions, info: ScopeInfo, counts: dict[str | None, int]
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
