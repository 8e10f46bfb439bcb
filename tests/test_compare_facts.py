"""``compare_facts`` stays in step with tags, skills and postings through every write path.

Each step below goes through the real store and tagger (crawl upserts, content changes, closing
and reopening, tagging, re-tagging with and without history, pruning, a migration back-fill) and
then checks the trigger-maintained table against a fresh build from the source tables.
"""

from __future__ import annotations

import pytest

from jobintel.compare import CompareOptions, role_head_to_head
from jobintel.models import Posting
from jobintel.nlp.tagger import Tagger
from jobintel.store import close_missing_postings, open_db, upsert_postings
from jobintel.store.facts import day_number, iso_day, stale_facts
from jobintel.store.tagdiff import prune_versions
from jobintel.tagging import tag_postings

TEXTS = {
    "a": (
        "Senior ML Engineer",
        "Requirements\n- Python, PyTorch and AWS.\n- 5+ years.\nSalary: $150,000 - $190,000",
    ),
    "b": ("MLOps Engineer", "Requirements\n- Kubernetes, Terraform and Python.\nRemote (US)."),
    "c": ("Machine Learning Engineer", "Requirements\n- Python and SQL.\nPay: $70/hour."),
    "d": ("Data Engineer", "Requirements\n- SQL, dbt and Airflow."),
    "e": ("Office Manager", "About us\nWe love Python.\n\nRequirements\n- Organised and friendly.\n"),
}


def _posting(key: str, text: str | None = None, **kw) -> Posting:
    title, body = TEXTS[key]
    return Posting(
        source="t",
        source_id=key,
        board="acme",
        url=f"https://example.test/{key}",
        title=title,
        company="Acme",
        description_text=text or body,
        date_posted="2025-05-01T23:30:00-05:00",
        **kw,
    )


@pytest.fixture(scope="module")
def taggers(tmp_path_factory):
    path = tmp_path_factory.mktemp("dict") / "mine.yaml"
    path.write_text("skills:\n  - id: postgresql\n    aliases: [PG]\n", encoding="utf-8")
    return Tagger.default(), Tagger.from_files([path])


def _facts(db, version: str) -> dict[int, tuple]:
    """``posting_id -> (role, open, opened, closed, sorted skill ids)`` at ``version``."""
    ids = dict(db.execute("SELECT code, skill_id FROM skill_codes").fetchall())
    rows = db.execute(
        "SELECT posting_id, role, open, opened, closed, skills FROM compare_facts WHERE tagger_version = ?",
        [version],
    ).fetchall()
    return {
        r[0]: (r[1], r[2], r[3], r[4], sorted(ids[int(c)] for c in r[5].split(",")) if r[5] else [])
        for r in rows
    }


def test_every_write_path_keeps_facts_in_step(tmp_path, taggers):
    old, new = taggers
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_posting(k) for k in TEXTS])
    tag_postings(db, old)
    assert stale_facts(db) == 0
    facts = _facts(db, old.version)
    assert len(facts) == 5
    a = db.execute("SELECT id FROM postings WHERE source_id = 'a'").fetchone()[0]
    _, is_open, opened, closed, skills = facts[a]
    assert (is_open, closed) == (1, None)
    # 23:30 in New York on May 1st is May 2nd in UTC, the opening day.
    assert iso_day(opened) == "2025-05-02"
    assert skills == ["aws", "python", "pytorch"]
    # "e" names Python only in company boilerplate: it is not counted, so not in its skill list.
    e = db.execute("SELECT id FROM postings WHERE source_id = 'e'").fetchone()[0]
    assert facts[e][4] == []

    # A crawl that no longer lists "d" closes it; the facts follow the posting.
    closed_ids = close_missing_postings(
        db, "t", "acme", ["a", "b", "c", "e"], closed_at="2025-06-03T10:00:00+00:00"
    )
    assert stale_facts(db) == 0
    (d,) = closed_ids
    assert _facts(db, old.version)[d][1:4:2] == (0, day_number("2025-06-03"))

    # "d" reappears (reopens) and "c" changes content: its tags are dropped until it is tagged again.
    c = db.execute("SELECT id FROM postings WHERE source_id = 'c'").fetchone()[0]
    upsert_postings(db, [_posting("d"), _posting("c", "Requirements\n- Python, Spark and PG.\n")])
    assert stale_facts(db) == 0
    assert c not in _facts(db, old.version)
    assert _facts(db, old.version)[d][1] == 1
    tag_postings(db, old)
    assert stale_facts(db) == 0

    # A re-tag with a user dictionary copies unchanged rows and writes changed ones.
    tag_postings(db, new)
    assert stale_facts(db) == 0
    assert set(_facts(db, new.version)) == set(_facts(db, old.version))
    assert "postgresql" not in _facts(db, old.version)[c][4]
    assert "postgresql" in _facts(db, new.version)[c][4]

    # Pruning the old version removes its facts; re-tagging back without history relabels rows.
    assert prune_versions(db, keep=1)
    assert stale_facts(db) == 0
    assert _facts(db, old.version) == {}
    tag_postings(db, old, keep_history=False)
    assert stale_facts(db) == 0
    assert _facts(db, new.version) == {}
    assert len(_facts(db, old.version)) == 5


def test_direct_sql_writes_with_conflict_clauses_keep_facts_in_step(tmp_path, taggers):
    """Triggers run under the firing statement's OR REPLACE / OR IGNORE; the fact rows must not care."""
    old, _ = taggers
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_posting(k) for k in TEXTS])
    tag_postings(db, old)
    with db.conn:
        db.conn.execute("INSERT OR REPLACE INTO tags SELECT * FROM tags")
        db.conn.execute("UPDATE tags SET role = 'Data Analyst' WHERE role = 'Data Engineer'")
        db.conn.execute("INSERT OR IGNORE INTO posting_skills SELECT * FROM posting_skills")
        db.conn.execute("UPDATE posting_skills SET counted = 1 - counted WHERE skill_id = 'python'")
        # Skills moved to a version the posting has no tags at: its fact row loses them.
        db.conn.execute("UPDATE posting_skills SET tagger_version = 'elsewhere' WHERE skill_id = 'sql'")
        db.conn.execute("UPDATE postings SET company = 'Acme Corp', title = title || ' II'")
    assert stale_facts(db) == 0
    assert db.execute("SELECT count(*) FROM compare_facts WHERE role = 'Data Analyst'").fetchone()[0] == 1
    assert not any("sql" in skills for skills in _facts(db, old.version).values())
    with db.conn:
        db.conn.execute("DELETE FROM posting_skills")
    assert stale_facts(db) == 0
    assert db.execute("SELECT count(*) FROM compare_facts WHERE skills IS NOT NULL").fetchone()[0] == 0


def test_migration_back_fills_facts_of_an_existing_database(tmp_path, taggers, caplog):
    old, _ = taggers
    path = tmp_path / "j.db"
    db = open_db(path)
    upsert_postings(db, [_posting(k) for k in TEXTS])
    tag_postings(db, old)
    expected = _facts(db, old.version)
    # Roll the file back to before m005: no fact table, no triggers, no codes.
    with db.conn:
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE 'compare_facts_%'"
        ).fetchall():
            db.conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        db.conn.execute("DROP TABLE compare_facts")
        db.conn.execute("DROP TABLE skill_codes")
        db.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_compare_facts'")
    db.conn.close()
    db = open_db(path)
    # A large back-fill is a pause: the user is told what is happening, once.
    assert "building compare_facts for 5 tag rows" in caplog.text
    assert stale_facts(db) == 0
    got = _facts(db, old.version)
    assert got == expected


def test_compare_follows_a_closed_posting_without_retagging(tmp_path, taggers):
    old, _ = taggers
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_posting(k) for k in TEXTS])
    tag_postings(db, old)
    roles = ["MLOps Engineer", "AI/ML Engineer"]
    before = role_head_to_head(db, roles, options=CompareOptions(trend_weeks=0))
    close_missing_postings(db, "t", "acme", ["a", "c", "d", "e"])
    after = role_head_to_head(db, roles, options=CompareOptions(trend_weeks=0))
    everything = role_head_to_head(db, roles, options=CompareOptions(scope="all", trend_weeks=0))
    assert [r.postings for r in before.roles] == [1, 2]
    assert [r.postings for r in after.roles] == [0, 2]
    assert [r.postings for r in everything.roles] == [1, 2]
    assert after.scope.total_tracked == before.scope.total_tracked - 1


def test_a_cross_source_merge_keeps_facts_in_step(tmp_path, taggers):
    """An aggregator's copy first, then the employer's own posting: the merge rewrites the stored row."""
    old, _ = taggers
    db = open_db(tmp_path / "j.db")
    agg = Posting(source="remotive", source_id="rm-77", url="https://acme.com/careers?gh_jid=4012345",
                  title="ML Engineer", company="Acme", description_text="Requirements\n- Python.\n")  # fmt: skip
    upsert_postings(db, [agg], dedupe=True)
    tag_postings(db, old)
    assert [v[4] for v in _facts(db, old.version).values()] == [["python"]]
    ats = Posting(source="greenhouse", source_id="4012345", board="acme",
                  url="https://boards.greenhouse.io/acme/jobs/4012345", title="Machine Learning Engineer",
                  company="Acme", description_text="Requirements\n- Python, PyTorch and AWS.\n")  # fmt: skip
    assert upsert_postings(db, [ats], dedupe=True).merged == 1
    assert stale_facts(db) == 0
    tag_postings(db, old)
    assert stale_facts(db) == 0
    assert [v[4] for v in _facts(db, old.version).values()] == [["aws", "python", "pytorch"]]
