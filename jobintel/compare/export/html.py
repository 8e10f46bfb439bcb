"""Self-contained HTML export: Jinja2 with autoescape, inline SVG charts, no JavaScript, strict CSP.

The page loads nothing: styles are inline, charts are SVG drawn from geometry computed here, and
the Content-Security-Policy meta tag forbids scripts, so even text that slipped past escaping
could not run.

>>> html = render_html(h2h)  # doctest: +SKIP
>>> "Content-Security-Policy" in html  # doctest: +SKIP
True
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from jobintel.compare.export import common
from jobintel.compare.model import HeadToHead
from jobintel.compare.stats import format_count, format_money, format_share
from jobintel.compare.trend import first_nonempty_week

__all__ = ["CSP", "render_html", "render_index"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# Colour-blind-safe palette (Okabe-Ito), one colour per role in order.
_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
_BUCKET_COLORS = {"entry": "#56B4E9", "mid": "#0072B2", "senior": "#003f63"}


@functools.cache
def _env() -> jinja2.Environment:
    templates = Path(__file__).resolve().parent.parent / "templates"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,  # templates are .j2, which select_autoescape would not cover
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _histogram_chart(h2h: HeadToHead) -> dict[str, Any] | None:
    """Grouped bars: one group per salary bin, one bar per role."""
    edges = h2h.histogram_edges
    if len(edges) < 2:
        return None
    labels = common.bin_labels(edges, h2h.currency)
    width, height, left, bottom = 720, 260, 40, 70
    nb, nr = len(labels), len(h2h.roles)
    peak = max((max(p.histogram) for p in h2h.roles if p.histogram), default=0) or 1
    group = (width - left) / nb
    bar = max(2.0, (group - 6) / nr)
    bars, ticks = [], []
    for i, lab in enumerate(labels):
        x0 = left + i * group + 3
        ticks.append({"x": x0 + group / 2 - 3, "y": height - bottom + 14, "label": lab})
        for j, p in enumerate(h2h.roles):
            count = p.histogram[i] if p.histogram else 0
            h = (height - bottom - 10) * count / peak
            bars.append(
                {
                    "x": x0 + j * bar,
                    "y": height - bottom - h,
                    "w": bar - 1,
                    "h": h,
                    "color": _PALETTE[j % len(_PALETTE)],
                    "title": f"{p.name}, {lab}: {count} postings",
                }
            )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "ticks": ticks,
        "axis_y": height - bottom,
        "left": left,
    }


def _skill_chart(h2h: HeadToHead, index: int) -> dict[str, Any]:
    """Horizontal bars of one role's top skills, scaled to 100% of postings."""
    p = h2h.roles[index]
    row, label_w, width = 24, 110, 340
    bars = [
        {
            "y": i * row,
            "w": (width - label_w - 95) * s.share,
            "label": s.name,
            "value": f"{format_share(s.share)} ({format_count(s.count)})",
        }
        for i, s in enumerate(p.top_skills)
    ]
    return {
        "width": width,
        "height": max(row, row * len(bars)),
        "label_w": label_w,
        "bars": bars,
        "color": _PALETTE[index % len(_PALETTE)],
    }


def _seniority_chart(h2h: HeadToHead) -> dict[str, Any]:
    """One stacked bar per role: entry, mid, senior shares of postings with a known level."""
    row, label_w, width = 30, 170, 560
    rows = []
    for i, p in enumerate(h2h.roles):
        x = float(label_w)
        segs = []
        for bucket in ("entry", "mid", "senior"):
            share = p.experience.shares.get(bucket)
            if share is None:
                continue
            w = (width - label_w - 10) * share
            segs.append(
                {"x": x, "w": w, "color": _BUCKET_COLORS[bucket], "title": f"{bucket} {format_share(share)}"}
            )
            x += w
        rows.append({"y": i * row, "label": p.name, "segments": segs, "n": p.experience.n})
    return {"width": width, "height": row * len(rows), "rows": rows, "label_w": label_w}


def _trend_chart(h2h: HeadToHead) -> dict[str, Any] | None:
    """Lines of open positions per week, one per role, from the first week with any open posting.

    The y axis has round gridlines; the x axis labels every week (every other one past 16 weeks).
    """
    series = [p.trend for p in h2h.roles]
    if not series or not series[0]:
        return None
    start = first_nonempty_week(series)
    series = [s[start:] for s in series]
    n = len(series[0])
    if n < 2:
        return None
    width, height, left, right, top, bottom = 720, 260, 56, 16, 12, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(t.open_positions for s in series for t in s)
    step_y = _nice_step(peak / 4) if peak else 1
    y_max = step_y * max(1, -(-peak // step_y))
    step = plot_w / (n - 1)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / y_max

    lines = []
    for j, s in enumerate(series):
        pts = [(left + i * step, y(t.open_positions)) for i, t in enumerate(s)]
        lines.append(
            {
                "points": " ".join(f"{x:.1f},{yy:.1f}" for x, yy in pts),
                "dots": [
                    {"x": x, "y": yy, "title": f"{t.week}: {format_count(t.open_positions)} open"}
                    for (x, yy), t in zip(pts, s, strict=True)
                ],
                "color": _PALETTE[j % len(_PALETTE)],
                "name": h2h.roles[j].name,
            }
        )
    every = 1 if n <= 16 else 2
    ticks = [
        {"x": left + i * step, "label": t.week[5:]}  # MM-DD: the year is in the caption
        for i, t in enumerate(series[0])
        if i % every == 0 or i == n - 1
    ]
    grid = [{"y": y(v), "label": format_count(v)} for v in range(0, y_max + 1, step_y)]
    return {
        "width": width,
        "height": height,
        "lines": lines,
        "left": left,
        "right": width - right,
        "axis_y": top + plot_h,
        "label_y": top + plot_h + 16,
        "grid": grid,
        "ticks": ticks,
        "peak": format_count(peak),
        "first": series[0][0].week,
        "last": series[0][-1].week,
        "skipped": start,
    }


def _nice_step(raw: float) -> int:
    """The smallest 1, 2 or 5 x 10^k at least ``raw`` (whole numbers: the axis counts postings)."""
    k = 1
    while True:
        for m in (1, 2, 5):
            if m * k >= raw:
                return m * k
        k *= 10


def _context(h2h: HeadToHead, related: Sequence[tuple[str, str]]) -> dict[str, Any]:
    cur = h2h.currency
    return {
        "h2h": h2h,
        "csp": CSP,
        "cur": cur,
        "c": common,
        "money": format_money,
        "share": format_share,
        "count": format_count,
        "palette": _PALETTE,
        "bucket_colors": _BUCKET_COLORS,
        "hist": _histogram_chart(h2h),
        "skill_charts": [_skill_chart(h2h, i) for i in range(len(h2h.roles))],
        "seniority": _seniority_chart(h2h),
        "trend": _trend_chart(h2h),
        "bin_labels": common.bin_labels(h2h.histogram_edges, cur),
        "related": list(related),
    }


def render_html(h2h: HeadToHead, *, related: Sequence[tuple[str, str]] = ()) -> str:
    """One self-contained page; ``related`` are ``(title, relative href)`` links to other comparisons."""
    return _env().get_template("headtohead.html.j2").render(**_context(h2h, related))


def render_index(pages: Sequence[tuple[str, str, str]], *, title: str = "Role comparisons") -> str:
    """The site index: ``pages`` are ``(title, href, summary)``."""
    return _env().get_template("index.html.j2").render(csp=CSP, pages=list(pages), title=title)
