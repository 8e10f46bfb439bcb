"""Text for figures, shared by the Markdown, HTML and CSV exports so they never disagree.

Every helper carries the figure's n; a withheld figure (n < 5) reads ``n/a (n=3)``.

>>> from jobintel.compare.stats import SalarySummary
>>> median_text(SalarySummary(n=3, confidence="insufficient"), "USD")
'n/a (n=3)'
"""

from __future__ import annotations

import itertools

from jobintel.compare.model import HeadToHead, Mix, RoleProfile, SkillShare
from jobintel.compare.stats import SalarySummary, format_count, format_money, format_share

__all__ = [
    "BUCKET_LABELS",
    "bin_labels",
    "median_text",
    "mix_text",
    "postings_label",
    "range_text",
    "remote_text",
    "skill_text",
]

BUCKET_LABELS = {"senior": "Senior", "mid": "Mid", "entry": "Entry"}


def postings_label(h2h: HeadToHead) -> str:
    return "Open positions" if h2h.scope.postings == "open" else "Postings seen"


def range_text(s: SalarySummary, cur: str) -> str:
    if s.withheld:
        return f"n/a (n={s.n})"
    return f"{format_money(s.avg_min, cur)}–{format_money(s.avg_max, cur)} (n={format_count(s.n)})"


def median_text(s: SalarySummary, cur: str, *, ci: bool = True) -> str:
    if s.withheld:
        return f"n/a (n={s.n})"
    text = format_money(s.median, cur)
    if ci and s.median_ci:
        text += f" (95% CI {format_money(s.median_ci[0], cur)}–{format_money(s.median_ci[1], cur)})"
    return f"{text} (n={format_count(s.n)}, {s.confidence})"


def pct_text(value: float | None, s: SalarySummary, cur: str) -> str:
    return f"n/a (n={s.n})" if value is None else format_money(value, cur)


def remote_text(p: RoleProfile) -> str:
    if p.remote_share is None:
        return f"n/a (n={p.remote.n})"
    return f"{format_share(p.remote_share)} (n={format_count(p.remote.n)} with known workplace)"


def mix_text(m: Mix) -> str:
    if all(v is None for v in m.shares.values()):
        return f"n/a (n={m.n})"
    parts = [f"{BUCKET_LABELS[k]} {format_share(m.shares[k])}" for k in ("senior", "mid", "entry")]
    return ", ".join(parts) + f" (n={format_count(m.n)})"


def skill_text(s: SkillShare | None, postings: int) -> str:
    if s is None:
        return f"n/a (n={postings})"
    return f"{s.name} ({format_share(s.share)}, {format_count(s.count)} of {format_count(postings)})"


def bin_labels(edges: list[float], cur: str) -> list[str]:
    """``$100K–$110K`` per bin; the ends read ``<`` / ``≥``: they hold values beyond the 1st/99th pct too."""
    labels = [f"{format_money(lo, cur)}–{format_money(hi, cur)}" for lo, hi in itertools.pairwise(edges)]
    if len(labels) >= 2:
        labels[0] = f"< {format_money(edges[1], cur)}"
        labels[-1] = f"≥ {format_money(edges[-2], cur)}"
    return labels
