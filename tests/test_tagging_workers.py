"""Tagging in worker processes (spawned: each imports spaCy and builds the pipeline, a few seconds)."""

from __future__ import annotations

import pytest

from jobintel.nlp.tagger import Tagger
from jobintel.store import open_db, upsert_postings
from jobintel.tagging import tag_postings
from tests.test_tagging import _postings


@pytest.fixture(scope="module")
def tagger():
    return Tagger.default()


def test_two_worker_processes_write_the_same_rows_as_one(tmp_path, tagger):
    dbs = []
    for workers in (1, 2):
        db = open_db(tmp_path / f"w{workers}.db")
        upsert_postings(db, _postings())
        summary = tag_postings(db, tagger, workers=workers, batch_size=1)
        assert (summary.tagged, summary.fresh, summary.workers) == (2, 2, workers)
        dbs.append(db)
    rows = [
        db.execute(
            "SELECT posting_id, skill_id, counted, required, evidence FROM posting_skills ORDER BY 1, 2"
        ).fetchall()
        for db in dbs
    ]
    assert rows[0] == rows[1] and len(rows[0]) > 5
