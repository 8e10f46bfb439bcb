"""JSON export: a versioned document described by ``jobintel/schema/compare.schema.json``.

Keys present in schema 1.0 (issue 2) are never removed or renamed; later versions only add keys.
Numbers are not rounded, so a consumer can check them against the definitions in docs/statistics.md.
Withheld figures (n < 5) are ``null`` with their ``n`` next to them.

>>> doc = to_json_dict(h2h)  # doctest: +SKIP
>>> doc["roles"][0]["salary"]["median"]  # doctest: +SKIP
120000.0
"""

from __future__ import annotations

import json
from typing import Any

from jobintel.compare.model import HeadToHead, Mix, RoleProfile
from jobintel.compare.stats import SalarySummary

__all__ = ["render_json", "salary_dict", "to_json_dict"]


def salary_dict(s: SalarySummary, currency: str) -> dict[str, Any]:
    """One salary summary as JSON (the shape of ``$defs/salary`` in the schema)."""
    return {
        "currency": currency,
        "n": s.n,
        "confidence": s.confidence,
        "withheld": s.withheld,
        "avg_min": s.avg_min,
        "avg_max": s.avg_max,
        "median": s.median,
        "median_ci": list(s.median_ci) if s.median_ci else None,
        "ci_method": s.ci_method,
        "p10": s.p10,
        "p25": s.p25,
        "p75": s.p75,
        "p90": s.p90,
    }


def _mix(m: Mix) -> dict[str, Any]:
    return {"n": m.n, "unknown": m.unknown, "counts": dict(m.counts), "shares": dict(m.shares)}


def _role(p: RoleProfile, currency: str) -> dict[str, Any]:
    d = p.disclosure
    exp = p.experience
    return {
        "name": p.name,
        "family": p.family,
        # "open_positions" is the issue-2 key: it counts the postings in scope (open ones by default).
        "open_positions": p.postings,
        "share_of_tracked": p.share_of_tracked,
        "salary": salary_dict(p.salary, currency),
        "salary_estimated": salary_dict(p.salary_estimated, currency),
        "salary_disclosure": {
            "n_postings": d.n_postings,
            "n_disclosed": d.n_disclosed,
            "n_estimated": d.n_estimated,
            "n_other_kind": d.n_other_kind,
            "n_unconvertible": d.n_unconvertible,
            "rate": d.rate,
        },
        "salary_by_seniority": {k: salary_dict(v, currency) for k, v in p.by_seniority.items()},
        "salary_histogram": list(p.histogram),
        "remote_share": p.remote_share,
        "remote": _mix(p.remote),
        "experience_mix": {
            "entry": exp.shares.get("entry"),
            "mid": exp.shares.get("mid"),
            "senior": exp.shares.get("senior"),
            "n": exp.n,
            "unknown": exp.unknown,
            "counts": dict(exp.counts),
        },
        "top_skills": [
            {
                "name": s.name,
                "skill_id": s.skill_id,
                "category": s.category,
                "count": s.count,
                "share": s.share,
            }
            for s in p.top_skills
        ],
        "top_companies": [{"name": c.name, "count": c.count, "share": c.share} for c in p.top_companies],
        "top_metros": [{"name": c.name, "count": c.count, "share": c.share} for c in p.top_metros],
        "career_path": [
            {"level": s.level, "title": s.title, "n": s.n, "salary": salary_dict(s.salary, currency)}
            for s in p.career_path
        ],
        "trend": [
            {
                "week": t.week,
                "open_positions": t.open_positions,
                "new_postings": t.new_postings,
                "median_salary": t.median,
                "n_salary": t.n_salary,
                "skill_shares": dict(t.skill_shares),
            }
            for t in p.trend
        ],
    }


def to_json_dict(h2h: HeadToHead) -> dict[str, Any]:
    """The comparison as plain JSON-ready data (validates against ``compare.schema.json``)."""
    sc = h2h.scope
    return {
        "schema_version": h2h.schema_version,
        "title": h2h.title,
        "scope": {
            "tagger_version": sc.tagger_version,
            "postings": sc.postings,
            "since": sc.since,
            "until": sc.until,
            "as_of": sc.as_of,
            "filters": dict(sc.filters),
            "currency": sc.currency,
            "currency_mode": sc.currency_mode,
            "fx_table": sc.fx_table,
            "salary_kind": sc.salary_kind,
            "total_tracked": sc.total_tracked,
            "description": sc.description,
            "attributions": [{"source": a.source, "text": a.text, "link": a.link} for a in sc.attributions],
        },
        "roles": [_role(p, sc.currency) for p in h2h.roles],
        "other_roles_postings": h2h.other_roles_postings,
        "histogram_edges": list(h2h.histogram_edges),
        "skills_overlap": {"shared": list(h2h.shared_skills), "unique": dict(h2h.unique_skills)},
        "switching": [
            {
                "a": o.a,
                "b": o.b,
                "shared": o.shared,
                "only_a": o.only_a,
                "only_b": o.only_b,
                "fraction": o.fraction,
                "sentence": o.sentence,
            }
            for o in h2h.pairs
        ],
        "verdict": list(h2h.verdict),
    }


def render_json(h2h: HeadToHead, *, indent: int | None = 2) -> str:
    """``to_json_dict`` serialized (UTF-8 text, keys in a stable order)."""
    return json.dumps(to_json_dict(h2h), indent=indent, ensure_ascii=False) + "\n"
