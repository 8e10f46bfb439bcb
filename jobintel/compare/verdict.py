"""Sentences from the numbers: the quick verdict and the role-switching feasibility.

Every sentence names its n, and small samples get a caveat instead of a confident claim.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobintel.compare import stats
from jobintel.compare.model import PairOverlap, RoleProfile, ScopeInfo

__all__ = ["switch_overlap", "verdict_sentences"]


def switch_overlap(a: str, b: str, top_a: list[str], top_b: list[str]) -> PairOverlap:
    """Overlap of two top-skill lists and a feasibility sentence (thresholds in docs/statistics.md).

    >>> switch_overlap("A", "B", ["AWS", "RAG"], ["AWS", "Docker"]).sentence
    'With 1 overlapping skills (50% of the top 2), moving between A and B is realistic with some retraining.'
    """
    shared = [s for s in top_a if s in top_b]
    size = max(len(top_a), len(top_b))
    fraction = len(shared) / size if size else 0.0
    if not size:
        sentence = "Not enough skill data to judge a switch between these roles."
    else:
        if fraction >= 0.75:
            verdict = "feasible with targeted upskilling"
        elif fraction >= 0.5:
            verdict = "realistic with some retraining"
        elif fraction >= 0.25:
            verdict = "possible but needs substantial new skills"
        else:
            verdict = "closer to a career change than a switch"
        sentence = (
            f"With {len(shared)} overlapping skills ({fraction * 100:.0f}% of the top {size}), "
            f"moving between {a} and {b} is {verdict}."
        )
    return PairOverlap(
        a=a,
        b=b,
        shared=shared,
        only_a=[s for s in top_a if s not in top_b],
        only_b=[s for s in top_b if s not in top_a],
        fraction=fraction,
        sentence=sentence,
    )


def verdict_sentences(profiles: Sequence[RoleProfile], info: ScopeInfo) -> list[str]:
    """Sentences generated from the numbers, each with its n; caveats for small samples."""
    out: list[str] = []
    cur = info.currency
    paid = sorted((p for p in profiles if p.salary.median is not None), key=lambda p: -p.salary.median)
    if len(paid) >= 2:
        top, nxt = paid[0], paid[1]
        if top.salary.median == nxt.salary.median:
            out.append(f"{top.name} and {nxt.name} have the same median salary.")
        else:
            pct = stats.percent_higher(top.salary.median, nxt.salary.median)
            sentence = (
                f"Choose {top.name} if you want higher compensation: its median is {pct:.0f}% higher than "
                f"{nxt.name}'s ({stats.format_money(top.salary.median, cur)} vs "
                f"{stats.format_money(nxt.salary.median, cur)}, n={top.salary.n} vs n={nxt.salary.n})."
            )
            ci_a, ci_b = top.salary.median_ci, nxt.salary.median_ci
            if ci_a and ci_b and ci_a[0] <= ci_b[1]:
                sentence += " Their 95% confidence intervals overlap, so the gap may be noise."
            out.append(sentence)
    by_count = sorted(profiles, key=lambda p: -p.postings)
    noun = "open positions" if info.postings == "open" else "postings"
    top, nxt = by_count[0], by_count[1]
    if top.postings == nxt.postings:
        out.append(f"{top.name} and {nxt.name} have as many {noun} ({stats.format_count(top.postings)}).")
    else:
        out.append(
            f"Choose {top.name} if you want more {noun} "
            f"({stats.format_count(top.postings)} vs {stats.format_count(nxt.postings)})."
        )
    remote = sorted((p for p in profiles if p.remote_share is not None), key=lambda p: -p.remote_share)
    if len(remote) >= 2 and remote[0].remote_share > remote[1].remote_share:
        a, b = remote[0], remote[1]
        out.append(
            f"Choose {a.name} if you want remote work: {stats.format_share(a.remote_share)} of its postings "
            f"with a known workplace are remote vs {stats.format_share(b.remote_share)} "
            f"(n={a.remote.n} vs n={b.remote.n})."
        )
    for p in profiles:
        if p.salary.n < stats.MIN_N:
            out.append(f"Caveat: {p.name} has too few salaries to report pay (n={p.salary.n}).")
        elif p.salary.confidence == "low":
            out.append(
                f"Caveat: {p.name}'s pay figures rest on a small sample (n={p.salary.n}, low confidence)."
            )
        if p.postings < stats.CONFIDENCE_MEDIUM_FROM:
            out.append(f"Caveat: {p.name} has only {p.postings} postings in scope; shares are indicative.")
    return out
