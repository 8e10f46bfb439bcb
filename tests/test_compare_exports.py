"""Exports of a comparison: Markdown order and escaping, JSON keys, CSV safety, HTML safety, site, trend."""

from __future__ import annotations

import csv
import io
import re

import pytest
from test_compare_headtohead import HAND, A, B, _posting, build_db

from jobintel.compare import (
    CompareOptions,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    role_head_to_head,
    to_json_dict,
    write_site,
)
from jobintel.compare.export.csv import neutralize
from jobintel.compare.export.html import CSP

EVIL = [
    _posting(101, A, company='=HYPERLINK("http://evil.test","x")', remote="onsite", bucket="mid"),
    _posting(102, A, company="+cmd|' /C calc'!A0", remote="onsite", bucket="mid"),
    _posting(
        103, A, company="Pipe|Co <script>document.title='pwned'</script>", remote="onsite", bucket="mid"
    ),
    _posting(104, B, company="@SUM(1+1)", remote="onsite", bucket="mid"),
]
# Career path: senior+ titles in family "ML" with pay; trend: postings first seen in known weeks.
CAREER = [
    _posting(201 + i, A, title=t, level=lvl, bucket="senior", lo=pay, hi=pay, first=first, closed=closed)
    for i, (t, lvl, pay, first, closed) in enumerate(
        [
            ("Staff ML Engineer", "lead", 250e3, "2025-05-05", False),
            ("Staff ML Engineer", "lead", 260e3, "2025-05-05", False),
            ("Senior ML Engineer", "senior", 190e3, "2025-05-12", False),
            ("Senior ML Engineer", "senior", 200e3, "2025-05-13", False),
            ("Principal ML Engineer", "principal", 300e3, "2025-05-14", False),
        ]
    )
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("exp") / "t.db", HAND + EVIL + CAREER)


@pytest.fixture(scope="module")
def h2h(db):
    return role_head_to_head(db, [A, B], options=CompareOptions(top_companies=10))


SEED_ORDER = [
    "## Quick verdict",
    "## Side-by-side comparison",
    "## Skills comparison",
    "## Salary deep dive",
    "## Top hiring companies",
    "## Career path",
    "## Switching between roles",
    "## Shares of all tracked postings",
]


def test_markdown_follows_seed_page_order(h2h):
    md = render_markdown(h2h)
    positions = [md.index(h) for h in SEED_ORDER]
    assert positions == sorted(positions)
    assert md.startswith("# AI/ML Engineer vs MLOps Engineer\n")
    assert "_Scope: open postings;" in md


def test_markdown_escapes_data(h2h):
    md = render_markdown(h2h)
    assert "<script>" not in md
    row = next(line for line in md.splitlines() if "Pipe" in line)
    assert "Pipe\\|Co \\<script\\>" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # 4 cells, 5 borders: the company's pipe is escaped


def test_json_keeps_issue2_keys(h2h):
    doc = to_json_dict(h2h)
    assert doc["schema_version"]
    for role in doc["roles"]:
        assert {"name", "open_positions", "salary", "remote_share", "experience_mix", "top_skills"} <= set(
            role
        )
        assert {"currency", "n", "avg_min", "avg_max", "median", "p75"} <= set(role["salary"])
        assert {"entry", "mid", "senior"} <= set(role["experience_mix"])
        assert all({"name", "count", "share"} <= set(s) for s in role["top_skills"])
    assert render_json(h2h).endswith("}\n")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("Acme", "Acme"),
        (0.25, "0.25"),
        (None, ""),
    ],
)
def test_csv_neutralize(cell, expected):
    assert neutralize(cell) == expected


def test_csv_one_row_per_role_per_metric(h2h):
    rows = list(csv.DictReader(io.StringIO(render_csv(h2h))))
    assert set(rows[0]) == {"role", "section", "item", "metric", "value", "n", "confidence"}
    median = [r for r in rows if r["section"] == "salary" and r["metric"] == "median"]
    assert [(r["role"], float(r["value"]), int(r["n"])) for r in median] == [
        (p.name, p.salary.median, p.salary.n) for p in h2h.roles
    ]
    companies = {r["item"] for r in rows if r["section"] == "top_companies"}
    assert '\'=HYPERLINK("http://evil.test","x")' in companies and "'@SUM(1+1)" in companies
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values() if v)
    scope = {r["metric"]: r["value"] for r in rows if r["section"] == "scope"}
    assert scope["postings"] == "open" and scope["currency"] == "USD"


def test_html_is_self_contained_and_escaped(h2h):
    html = render_html(h2h)
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html.replace("&#39;", "'")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # no external assets
    assert html.count("<svg") >= 4  # seniority, 2 x skills, histogram
    assert 'class="chart histogram"' in html and 'class="chart skills"' in html
    assert "@media (max-width: 600px)" in html


def test_three_roles(db):
    h2h = role_head_to_head(db, [A, B, "Data Scientist"])
    md = render_markdown(h2h)
    assert "| Dimension | AI/ML Engineer | MLOps Engineer | Data Scientist |" in md
    assert "### Skills you'd need for all roles" in md
    assert len(h2h.pairs) == 3


def test_career_path_orders_by_level_then_pay(h2h):
    steps = [(s.level, s.title) for s in h2h.roles[0].career_path]
    assert steps[0] == ("senior", "Senior ML Engineer")  # the most frequent senior title
    assert ("lead", "Staff ML Engineer") in steps and ("principal", "Principal ML Engineer") in steps
    levels = [s.level for s in h2h.roles[0].career_path]
    order = ["senior", "lead", "principal", "manager"]
    assert levels == sorted(levels, key=order.index)
    staff = next(s for s in h2h.roles[0].career_path if s.title == "Staff ML Engineer")
    assert staff.n == 2 and staff.salary.n == 2 and staff.salary.median is None  # withheld below 5


def test_weekly_trend(db):
    h2h = role_head_to_head(db, [A, B], options=CompareOptions(until="2025-05-18", trend_weeks=3))
    weeks = {t.week: t for t in h2h.roles[0].trend}
    assert list(weeks) == ["2025-04-28", "2025-05-05", "2025-05-12"]
    # HAND + EVIL postings of A were first seen 2025-04-28's week (May 1); CAREER adds 2 + 3.
    base = sum(1 for s in HAND + EVIL if s["tag"]["role"] == A and s["version"] == "v2")
    assert weeks["2025-04-28"].open_positions == base
    assert weeks["2025-05-05"].new_postings == 2 and weeks["2025-05-05"].open_positions == base + 2
    assert weeks["2025-05-12"].new_postings == 3
    doc = to_json_dict(h2h)
    assert doc["roles"][0]["trend"][1]["open_positions"] == base + 2
    assert "## Weekly trend" in render_markdown(h2h)


def test_write_site(db, tmp_path):
    paths = write_site(db, tmp_path, roles=[A, B, "Data Scientist"])
    names = sorted(p.name for p in paths)
    assert names == [
        "ai-ml-engineer-vs-data-scientist.html",
        "ai-ml-engineer-vs-mlops-engineer.html",
        "index.html",
        "mlops-engineer-vs-data-scientist.html",
    ]
    index = (tmp_path / "index.html").read_text()
    assert 'href="ai-ml-engineer-vs-mlops-engineer.html"' in index
    page = (tmp_path / "ai-ml-engineer-vs-mlops-engineer.html").read_text()
    assert "Related comparisons" in page and 'href="ai-ml-engineer-vs-data-scientist.html"' in page
