"""Markdown export, in the order of the page that inspired it (verdict, table, skills, salary, ...).

Text from the data (company names, titles, metros) is escaped, so a name like ``A|B <b>`` can
neither break a table nor inject HTML into a rendered page.

>>> print(render_markdown(h2h))  # doctest: +SKIP
# AI/ML Engineer vs MLOps Engineer
"""

from __future__ import annotations

import re

from jobintel.compare.export.common import (
    BUCKET_LABELS,
    bin_labels,
    median_text,
    mix_text,
    pct_text,
    postings_label,
    range_text,
    remote_text,
    skill_text,
)
from jobintel.compare.model import HeadToHead, RoleProfile
from jobintel.compare.stats import format_count, format_money, format_share
from jobintel.compare.trend import first_nonempty_week

__all__ = ["escape_md", "render_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape_md(text: str | None) -> str:
    """Backslash-escape Markdown/HTML punctuation and flatten newlines.

    >>> escape_md("A|B <script>")
    'A\\\\|B \\\\<script\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def render_markdown(h2h: HeadToHead) -> str:
    """The whole comparison as GitHub-flavoured Markdown."""
    cur = h2h.currency
    roles = h2h.roles
    names = [escape_md(p.name) for p in roles]
    out = [f"# {' vs '.join(names)}", ""]
    out += [
        "Head-to-head comparison of salary, required skills and career outlook, computed from job postings.",
        "",
    ]
    out += [f"_Scope: {escape_md(h2h.scope.description)}_", ""]

    out += ["## Quick verdict", ""]
    out += [f"- {escape_md(s)}" for s in h2h.verdict] + [""]

    out += ["## Side-by-side comparison", ""]

    def row(label: str, fn) -> list[str]:
        return [label, *(fn(p) for p in roles)]

    out += _table(
        ["Dimension", *names],
        [
            row(postings_label(h2h), lambda p: format_count(p.postings)),
            row(
                "Share of all tracked postings",
                lambda p: f"{format_share(p.share_of_tracked)} (of {format_count(h2h.scope.total_tracked)})",
            ),
            row("Avg salary range", lambda p: range_text(p.salary, cur)),
            row("Median salary", lambda p: median_text(p.salary, cur)),
            row("75th percentile", lambda p: pct_text(p.salary.p75, p.salary, cur)),
            row(
                "Salary disclosed",
                lambda p: (
                    f"{format_share(p.disclosure.rate, p.postings)} "
                    f"({format_count(p.disclosure.n_disclosed)} of {format_count(p.postings)})"
                ),
            ),
            row("Remote %", remote_text),
            row("Experience mix", lambda p: mix_text(p.experience)),
            row("Top skill", lambda p: escape_md(skill_text(p.top_skill, p.postings))),
        ],
    )

    out += ["## Skills comparison", ""]
    for p, name in zip(roles, names, strict=True):
        out += [f"### {name} top skills", ""]
        out += _table(
            ["#", "Skill", "Postings", "Share"],
            [
                [str(i), escape_md(s.name), format_count(s.count), format_share(s.share)]
                for i, s in enumerate(p.top_skills, 1)
            ]
            or [["", "no skills found", "0", "n/a"]],
        )
    out += [
        "### Skills you'd need for all roles" if len(roles) > 2 else "### Skills you'd need for both roles",
        "",
    ]
    out += [(", ".join(escape_md(s) for s in h2h.shared_skills) or "None in common.") + ""]
    out += [""]
    for p, name in zip(roles, names, strict=True):
        only = h2h.unique_skills.get(p.name, [])
        out += [f"- Only in {name}'s top skills: {', '.join(escape_md(s) for s in only) or 'none'}"]
    out += [""]

    out += _salary_section(h2h, names)
    out += ["## Top hiring companies", ""]
    for p, name in zip(roles, names, strict=True):
        out += [f"### {name}", ""]
        out += _ranked(p.top_companies, "Company", p.postings)
    out += ["## Top metros", ""]
    for p, name in zip(roles, names, strict=True):
        out += [f"### {name}", ""]
        out += _ranked(p.top_metros, "Metro", p.postings)

    out += ["## Career path", ""]
    for p, name in zip(roles, names, strict=True):
        fam = f" (role family: {escape_md(p.family)})" if p.family else ""
        out += [f"### {name} career path{fam}", ""]
        if not p.career_path:
            out += ["No postings at senior or higher levels in scope.", ""]
            continue
        steps = [
            f"{escape_md(s.title)} ({s.level}, {median_text(s.salary, cur, ci=False)},"
            f" {s.n} posting{'s' if s.n != 1 else ''})"
            for s in p.career_path
        ]
        out += ["Typical progression: " + " → ".join(steps) + ".", ""]

    out += ["## Switching between roles", ""]
    for o in h2h.pairs:
        out += [f"- {escape_md(o.sentence)}"]
        for src, dst, learn in ((o.a, o.b, o.only_b), (o.b, o.a, o.only_a)):
            skills = ", ".join(map(escape_md, learn)) or "nothing new"
            out += [f"  - From {escape_md(src)} to {escape_md(dst)}, learn: {skills}"]
    out += [""]

    out += ["## Shares of all tracked postings", ""]
    total = h2h.scope.total_tracked
    share_rows = [
        [n, format_count(p.postings), format_share(p.share_of_tracked)]
        for p, n in zip(roles, names, strict=True)
    ]
    share_rows.append(
        [
            "All other roles",
            format_count(h2h.other_roles_postings),
            format_share(h2h.other_roles_postings / total if total else None),
        ]
    )
    share_rows.append(["All tracked postings", format_count(total), "100.0%" if total else "n/a"])
    out += _table(["Role", "Postings", "Share"], share_rows)

    out += _trend_section(h2h, names)
    out += ["## Methodology", ""]
    out += [
        "Medians and percentiles are taken over salary-range midpoints (numpy linear interpolation); "
        "the average range is the mean of range minimums and of range maximums over the same postings. "
        "No figure is shown below n = 5; confidence is low under 15, medium under 50, high from 50. "
        "Median intervals are seeded 95% bootstrap intervals. "
        "Remote % counts postings whose workplace is known. "
        "See docs/statistics.md.",
        "",
    ]
    if h2h.scope.attributions:
        out += ["## Sources", ""]
        out += [
            f"- [{escape_md(a.text)}]({a.link})" if a.link else f"- {escape_md(a.text)}"
            for a in h2h.scope.attributions
        ]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _ranked(items, label: str, postings: int) -> list[str]:
    rows = [
        [str(i), escape_md(c.name), format_count(c.count), format_share(c.share)]
        for i, c in enumerate(items, 1)
    ]
    return _table(
        ["#", label, "Postings", f"Share of {format_count(postings)}"],
        rows or [["", "none in scope", "0", "n/a"]],
    )


def _salary_section(h2h: HeadToHead, names: list[str]) -> list[str]:
    cur = h2h.currency
    roles = h2h.roles
    out = ["## Salary deep dive", ""]
    out += [f"Annual {cur} salary-range midpoints, {h2h.scope.salary_kind} pay.", ""]
    rows = []
    for label, attr in (
        ("10th", "p10"),
        ("25th", "p25"),
        ("Median", "median"),
        ("75th", "p75"),
        ("90th", "p90"),
    ):
        rows.append([label, *(pct_text(getattr(p.salary, attr), p.salary, cur) for p in roles)])
    rows.append(["n (confidence)", *(f"{p.salary.n} ({p.salary.confidence})" for p in roles)])
    out += _table(["Percentile", *names], rows)

    if h2h.histogram_edges:
        out += ["### Salary distribution", ""]
        labels = bin_labels(h2h.histogram_edges, cur)
        hist_rows = [
            [lab, *(str(p.histogram[i]) if p.histogram else "0" for p in roles)]
            for i, lab in enumerate(labels)
        ]
        out += _table(["Midpoint", *names], hist_rows)

    out += ["### Salary by seniority", ""]
    out += _table(
        ["Seniority", *names],
        [
            [BUCKET_LABELS[b], *(median_text(p.by_seniority[b], cur, ci=False) for p in roles)]
            for b in ("entry", "mid", "senior")
        ],
    )
    out += ["### Estimated salaries (kept apart)", ""]
    out += [
        "; ".join(
            f"{n}: {median_text(p.salary_estimated, cur, ci=False)}"
            for p, n in zip(roles, names, strict=True)
        ),
        "",
    ]
    return out


def _trend_section(h2h: HeadToHead, names: list[str]) -> list[str]:
    roles: tuple[RoleProfile, ...] = h2h.roles
    if not any(p.trend for p in roles):
        return []
    weeks = [t.week for t in roles[0].trend]
    # Weeks before the first posting opened say nothing; the JSON keeps the whole series.
    start = first_nonempty_week([p.trend for p in roles])
    out = [
        "## Weekly trend",
        "",
        f"Weeks of {weeks[start]} to {weeks[-1]}: open positions at each week's end, postings opened"
        " that week (the earlier of the source's publish date and our first sighting) and their"
        " median salary.",
        "",
    ]
    if start:
        out += [f"No open postings in the {start} earlier week{'s' if start > 1 else ''} of the series.", ""]
    rows = []
    for i in range(start, len(weeks)):
        cells = [weeks[i]]
        for p in roles:
            t = p.trend[i]
            med = format_money(t.median, h2h.currency, t.n_salary)
            cells.append(
                f"{format_count(t.open_positions)} open (+{format_count(t.new_postings)} new); median {med}"
            )
        rows.append(cells)
    out += _table(["Week", *names], rows)
    return out
