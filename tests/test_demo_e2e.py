"""The offline demo end to end, on real parts: local HTTP server, real spiders, SQLite, spaCy, compare.

Run as a subprocess because Scrapy's Twisted reactor cannot be restarted inside one test process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from sqlite_utils import Database

from jobintel.store.facts import stale_facts

pytestmark = pytest.mark.slow


def _demo(out, db=None):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("JOBINTEL_DB", None)
    args = [sys.executable, "-m", "jobintel", "demo", "--out", str(out)]
    if db:
        args += ["--db", str(db)]
    return subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    first = _demo(out)
    assert first.returncode == 0, first.stderr[-3000:]
    con = sqlite3.connect(out / "jobintel.db")
    count_1 = con.execute("SELECT count(*) FROM postings").fetchone()[0]
    tags_1 = con.execute("SELECT count(*) FROM tags").fetchone()[0]
    con.close()
    second = _demo(out)
    assert second.returncode == 0, second.stderr[-3000:]
    return out, first, second, count_1, tags_1


def test_demo_crawls_at_least_300_postings_from_15_companies(demo_runs):
    out, first, _, count_1, _ = demo_runs
    con = sqlite3.connect(out / "jobintel.db")
    assert count_1 >= 300
    assert con.execute("SELECT count(DISTINCT company) FROM postings").fetchone()[0] >= 15
    sources = {r[0] for r in con.execute("SELECT DISTINCT source FROM postings")}
    assert sources == {"greenhouse", "lever", "ashby", "jsonld"}
    assert "127.0.0.1" in first.stdout


def test_rerunning_the_demo_adds_no_duplicates(demo_runs):
    out, _, second, count_1, tags_1 = demo_runs
    con = sqlite3.connect(out / "jobintel.db")
    assert con.execute("SELECT count(*) FROM postings").fetchone()[0] == count_1
    assert con.execute("SELECT count(*) FROM tags").fetchone()[0] == tags_1
    # the second crawl finds every posting unchanged: nothing new, nothing rewritten
    assert f"({0} new, 0 updated, {count_1} unchanged)" in second.stdout, second.stdout[:2000]


def test_every_posting_is_tagged_and_both_roles_are_present(demo_runs):
    out, *_ = demo_runs
    con = sqlite3.connect(out / "jobintel.db")
    untagged = con.execute(
        "SELECT count(*) FROM postings p WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.posting_id = p.id)"
    ).fetchone()[0]
    assert untagged == 0
    roles = dict(con.execute("SELECT role, count(*) FROM tags GROUP BY role").fetchall())
    assert roles["AI/ML Engineer"] > roles["MLOps Engineer"] > 0
    # Two crawls and a tag run later, compare's fact table matches its source tables row for row.
    assert con.execute("SELECT count(*) FROM compare_facts").fetchone()[0] == sum(roles.values())
    assert stale_facts(Database(con)) == 0


def test_demo_prints_the_head_to_head_and_writes_exports(demo_runs):
    out, first, *_ = demo_runs
    for needle in (
        "AI/ML Engineer",
        "MLOps Engineer",
        "Open Positions",
        "Median",
        "75th Percentile",
        "Top Skill",
    ):
        assert needle.lower() in first.stdout.lower(), needle
    data = json.loads((out / "h2h.json").read_text())
    names = [r["name"] for r in data["roles"]]
    assert names == ["AI/ML Engineer", "MLOps Engineer"]
    for role in data["roles"]:
        s = role["salary"]
        assert s["n"] >= 5
        # the seed page's bug: p75 above the range it reports. Ours is consistent by construction.
        assert s["median"] <= s["p75"]
        # display names come from the dictionary ("RAG", "AWS"), never title-cased ("Rag", "Aws")
        con = sqlite3.connect(out / "jobintel.db")
        canonical = {r[0] for r in con.execute("SELECT name FROM skills")}
        assert {sk["name"] for sk in role["top_skills"]} <= canonical
        assert not {"Rag", "Aws", "Openai", "Gcp"} & {sk["name"] for sk in role["top_skills"]}
    assert (out / "h2h.html").read_text().lstrip().lower().startswith("<!doctype html")
    assert (out / "h2h.csv").stat().st_size > 0
