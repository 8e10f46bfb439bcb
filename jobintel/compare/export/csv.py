"""CSV export: one row per role per metric (long format), safe to open in a spreadsheet.

Columns: ``role, section, item, metric, value, n, confidence``. ``n`` is the count the figure rests
on. Cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a
leading apostrophe (OWASP "CSV injection"). Scope rows (``role`` empty) state what was counted.

>>> render_csv(h2h).splitlines()[0]  # doctest: +SKIP
'role,section,item,metric,value,n,confidence'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from jobintel.compare.export.common import bin_labels
from jobintel.compare.model import HeadToHead, RoleProfile
from jobintel.compare.stats import SalarySummary

__all__ = ["COLUMNS", "neutralize", "render_csv"]

COLUMNS = ("role", "section", "item", "metric", "value", "n", "confidence")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = tuple[str, str, str, str, object, object, str]


def neutralize(cell: object) -> str:
    """A cell as text, with a leading apostrophe when it would start a formula.

    >>> neutralize("=HYPERLINK(1)"), neutralize(12.5), neutralize(None)
    ("'=HYPERLINK(1)", '12.5', '')
    """
    if cell is None:
        return ""
    text = repr(cell) if isinstance(cell, float) else str(cell)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _salary_rows(role: str, section: str, item: str, s: SalarySummary) -> Iterator[Row]:
    for metric in ("avg_min", "avg_max", "median", "p10", "p25", "p75", "p90"):
        yield role, section, item, metric, getattr(s, metric), s.n, s.confidence
    lo, hi = s.median_ci or (None, None)
    yield role, section, item, "median_ci_low", lo, s.n, s.confidence
    yield role, section, item, "median_ci_high", hi, s.n, s.confidence


def _role_rows(h2h: HeadToHead, p: RoleProfile) -> Iterator[Row]:
    r = p.name
    total = h2h.scope.total_tracked
    yield r, "overview", "", "open_positions", p.postings, p.postings, ""
    yield r, "overview", "", "share_of_tracked", p.share_of_tracked, total, ""
    yield from _salary_rows(r, "salary", "", p.salary)
    yield from _salary_rows(r, "salary_estimated", "", p.salary_estimated)
    d = p.disclosure
    yield r, "salary_disclosure", "", "rate", d.rate, d.n_postings, ""
    yield r, "salary_disclosure", "", "n_disclosed", d.n_disclosed, d.n_postings, ""
    for bucket, s in p.by_seniority.items():
        yield r, "salary_by_seniority", bucket, "median", s.median, s.n, s.confidence
    for label, count in zip(bin_labels(h2h.histogram_edges, h2h.currency), p.histogram, strict=False):
        yield r, "salary_histogram", label, "count", count, p.salary.n, p.salary.confidence
    for key, share in p.remote.shares.items():
        yield r, "remote", key, "share", share, p.remote.n, ""
    yield r, "remote", "unknown", "count", p.remote.unknown, p.postings, ""
    for key, share in p.experience.shares.items():
        yield r, "experience_mix", key, "share", share, p.experience.n, ""
    for s in p.top_skills:
        yield r, "top_skills", s.name, "share", s.share, p.postings, ""
        yield r, "top_skills", s.name, "count", s.count, p.postings, ""
    for section, items in (("top_companies", p.top_companies), ("top_metros", p.top_metros)):
        for c in items:
            yield r, section, c.name, "count", c.count, p.postings, ""
    for step in p.career_path:
        yield r, "career_path", f"{step.level}: {step.title}", "median", step.salary.median, step.salary.n, ""
    for t in p.trend:
        yield r, "trend", t.week, "open_positions", t.open_positions, t.open_positions, ""
        yield r, "trend", t.week, "median_salary", t.median, t.n_salary, ""
        for name, share in t.skill_shares.items():
            yield r, "trend", t.week, f"skill_share:{name}", share, t.new_postings, ""


def render_csv(h2h: HeadToHead) -> str:
    """The comparison in long format; numbers unrounded, empty cells for withheld figures."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    sc = h2h.scope
    for key, value in (
        ("schema_version", h2h.schema_version),
        ("postings", sc.postings),
        ("since", sc.since),
        ("until", sc.until),
        ("as_of", sc.as_of),
        ("tagger_version", sc.tagger_version),
        ("currency", sc.currency),
        ("fx_table", sc.fx_table),
        ("salary_kind", sc.salary_kind),
        ("total_tracked", sc.total_tracked),
        *((f"filter:{k}", v) for k, v in sc.filters.items()),
        *((f"attribution:{a.source}", f"{a.text} ({a.link})" if a.link else a.text) for a in sc.attributions),
    ):
        w.writerow([neutralize(c) for c in ("", "scope", "", key, value, "", "")])
    for p in h2h.roles:
        for row in _role_rows(h2h, p):
            w.writerow([neutralize(c) for c in row])
    return buf.getvalue()
