"""Store: migrations, upserts keyed by (source, source_id), first/last seen, crawl runs, tag batches."""

from __future__ import annotations

import json
import sqlite3

import pytest

from jobintel.errors import StoreError
from jobintel.models import Posting, StructuredSalary
from jobintel.store import (
    CURRENT_TAGGER_KEY,
    count_postings,
    finish_crawl_run,
    get_meta,
    iter_postings_to_tag,
    open_db,
    start_crawl_run,
    tagdiff,
    upsert_postings,
)


def write_tags(db, version, tag_rows, skill_rows, *, keep_history=True):
    tagdiff.write_retag_batch(
        db, version, tag_rows=tag_rows, skill_rows=skill_rows, keep_history=keep_history
    )


def _posting(i: int, **kw) -> Posting:
    base = dict(
        source="greenhouse", source_id=str(i), url=f"https://x/{i}", title=f"ML Engineer {i}", company="Acme"
    )
    base.update(kw)
    return Posting(**base)


def test_open_db_is_wal_and_migrations_are_idempotent(tmp_path):
    path = tmp_path / "j.db"
    db = open_db(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    db2 = open_db(path)  # re-opening applies nothing new
    assert db2.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == applied
    assert {"postings", "crawl_runs", "tags", "posting_skills", "skills", "meta"} <= set(db2.table_names())


def test_open_db_rejects_a_non_database(tmp_path):
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"not a jobintel database|cannot migrate"):
        open_db(bad)


def test_open_db_without_create_names_the_missing_file(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_db(tmp_path / "missing.db", create=False)


def test_upsert_new_unchanged_updated(tmp_path):
    db = open_db(tmp_path / "j.db")
    first = upsert_postings(db, [_posting(1), _posting(2)])
    assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    again = upsert_postings(db, [_posting(1), _posting(2)])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert count_postings(db) == 2
    changed = upsert_postings(db, [_posting(1, title="Staff ML Engineer")])
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 0)
    row = db.execute("SELECT title, first_seen <= last_seen FROM postings WHERE source_id = '1'").fetchone()
    assert row == ("Staff ML Engineer", 1)
    assert count_postings(db) == 2


def test_same_source_id_on_two_sources_is_two_postings(tmp_path):
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_posting(1), _posting(1, source="lever")])
    assert count_postings(db) == 2


def test_structured_salary_is_stored_normalized(tmp_path):
    db = open_db(tmp_path / "j.db")
    # Swapped bounds and a lower-case code, as sources send them; 0 means "not given".
    upsert_postings(
        db,
        [
            _posting(1, salary=StructuredSalary(240000, 180000, "usd", "year")),
            _posting(2, salary=StructuredSalary(0, 90000, "GBP", "year")),
        ],
    )
    rows = db.execute(
        "SELECT salary_min, salary_max, salary_currency, salary_basis FROM postings ORDER BY id"
    ).fetchall()
    assert rows == [(180000.0, 240000.0, "USD", "stated"), (None, 90000.0, "GBP", "stated")]


def test_raw_payload_and_locations_round_trip(tmp_path):
    db = open_db(tmp_path / "j.db")
    upsert_postings(
        db, [_posting(1, locations=["San Francisco, CA", "Remote - US"], raw={"id": 1, "é": "ü"})]
    )
    locs, raw = db.execute("SELECT locations, raw FROM postings").fetchone()
    assert json.loads(locs) == ["San Francisco, CA", "Remote - US"]
    assert json.loads(raw) == {"id": 1, "é": "ü"}


def test_failed_batch_rolls_back_whole_batch(tmp_path):
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_posting(1)])
    bad = _posting(2)
    bad.title = None  # NOT NULL violation inside the batch
    with pytest.raises((sqlite3.IntegrityError, AttributeError)):
        upsert_postings(db, [_posting(3), bad])
    assert count_postings(db) == 1  # posting 3 was not half-written


def test_crawl_runs_are_recorded(tmp_path):
    db = open_db(tmp_path / "j.db")
    run = start_crawl_run(db, "greenhouse", "acme")
    finish_crawl_run(db, run, "complete", {"new": 3})
    row = db.execute(
        "SELECT source, board, status, stats, finished_at IS NOT NULL FROM crawl_runs"
    ).fetchone()
    assert row == ("greenhouse", "acme", "complete", '{"new": 3}', 1)
    with pytest.raises(ValueError):
        finish_crawl_run(db, run, "exploded", {})


def test_postings_to_tag_selects_untagged_then_stale(tmp_path):
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_posting(i) for i in range(1, 6)])
    batches = list(iter_postings_to_tag(db, "v1", batch_size=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    write_tags(
        db,
        "v1",
        [{"posting_id": i, "role": "AI/ML Engineer"} for i in (1, 2, 3)],
        [{"posting_id": 1, "skill_id": "python", "counted": 1}],
    )
    tagdiff.register_version(db, "v1", dictionary_version="d1", n_skills=1, components={})
    tagdiff.switch_current_version(db, "v1")
    assert get_meta(db, CURRENT_TAGGER_KEY) == "v1"
    assert [p.id for b in iter_postings_to_tag(db, "v1") for p in b] == [4, 5]
    # retag: only postings tagged by another version, never the untagged ones
    assert [p.id for b in iter_postings_to_tag(db, "v2", stale_only=True) for p in b] == [1, 2, 3]


def test_write_tags_replaces_same_version_and_keeps_or_prunes_history(tmp_path):
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_posting(1)])
    write_tags(
        db, "v1", [{"posting_id": 1, "role": "A"}], [{"posting_id": 1, "skill_id": "go", "counted": 1}]
    )
    write_tags(db, "v1", [{"posting_id": 1, "role": "B"}], [])
    assert db.execute("SELECT role FROM tags").fetchall() == [("B",)]
    assert db.execute("SELECT count(*) FROM posting_skills").fetchone()[0] == 0
    write_tags(db, "v2", [{"posting_id": 1, "role": "C"}], [])
    assert db.execute("SELECT tagger_version FROM tags ORDER BY 1").fetchall() == [("v1",), ("v2",)]
    write_tags(db, "v3", [{"posting_id": 1, "role": "D"}], [], keep_history=False)
    assert db.execute("SELECT tagger_version, role FROM tags").fetchall() == [("v3", "D")]


def test_changed_posting_loses_its_stale_tags(tmp_path):
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_posting(1), _posting(2)])
    write_tags(
        db,
        "v1",
        [{"posting_id": 1, "role": "A"}, {"posting_id": 2, "role": "A"}],
        [{"posting_id": 1, "skill_id": "go", "counted": 1}],
    )
    upsert_postings(db, [_posting(1, description_text="now with Rust"), _posting(2)])
    assert db.execute("SELECT posting_id FROM tags").fetchall() == [(2,)]
    assert db.execute("SELECT count(*) FROM posting_skills").fetchone()[0] == 0
    assert [p.id for b in iter_postings_to_tag(db, "v1") for p in b] == [1]


@pytest.mark.parametrize(
    "posting",
    [
        _posting(1),
        _posting(2, locations=["Zürich, CH", "Remote"], raw={"deep": {"x": [1, 2]}}, board="acme"),
        _posting(3, salary=StructuredSalary(1000, 2000, "eur", "month", text="1k-2k"), workplace="hybrid"),
    ],
)
def test_store_content_hash_equals_the_posting_hash(posting):
    from jobintel.store.db import content_hash

    assert content_hash(posting) == posting.content_hash()
