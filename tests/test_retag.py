"""Exact, incremental re-tagging after a dictionary change: exactness, resume, dry run, report, errors."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobintel.cli import cli, main
from jobintel.models import Posting
from jobintel.nlp.tagger import Tagger
from jobintel.retag_report import ChangeReport, report_from_db
from jobintel.store import CURRENT_TAGGER_KEY, get_meta, open_db, upsert_postings
from jobintel.store.tagdiff import PREVIOUS_TAGGER_KEY, prune_versions
from jobintel.tagging import tag_postings

# "PG" is not a PostgreSQL alias in the shipped dictionary; the user file below adds it.
ALIAS_FILE = "skills:\n  - id: postgresql\n    aliases: [PG]\n"
TEXTS = {
    "a": "Requirements\n- 3+ years with Python and PG in production.\n",  # gains postgresql
    "b": "Requirements\n- Python, PostgreSQL and Kubernetes.\n",  # has it already
    "c": "Requirements\n- Kubernetes and Terraform.\n",
    "d": "About us\nWe love PG.\n\nRequirements\n- Rust.\n",  # gains it, in boilerplate only
    "e": "Requirements\n- SQL and dbt.\n",
}


def _db(path: Path, n_copies: int = 1):
    db = open_db(path)
    postings = [
        Posting(source="t", source_id=f"{k}{i}", url=f"u/{k}{i}", title="Data Engineer", company="Acme",
                description_text=text)
        for i in range(n_copies)
        for k, text in TEXTS.items()
    ]  # fmt: skip
    upsert_postings(db, postings)
    return db


def _user_dict(tmp_path: Path, text: str = ALIAS_FILE, name: str = "mine.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _content(db, version: str) -> dict[int, tuple]:
    """Per posting: its tags row and skill rows at ``version``, without version and timestamp."""
    tags = {
        r["posting_id"]: tuple(
            sorted((k, v) for k, v in r.items() if k not in ("tagger_version", "tagged_at"))
        )
        for r in db.query("SELECT * FROM tags WHERE tagger_version = ?", [version])
    }
    skills: dict[int, list] = {}
    for r in db.query("SELECT * FROM posting_skills WHERE tagger_version = ? ORDER BY skill_id", [version]):
        skills.setdefault(r["posting_id"], []).append(
            tuple(sorted((k, v) for k, v in r.items() if k != "tagger_version"))
        )
    return {pid: (row, tuple(skills.get(pid, ()))) for pid, row in tags.items()}


def _dump(db) -> list:
    return [
        db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
        for t in ("tags", "posting_skills", "tagger_versions", "meta")
    ]


@pytest.fixture(scope="module")
def taggers(tmp_path_factory):
    path = _user_dict(tmp_path_factory.mktemp("dict"))
    return Tagger.default(), Tagger.from_files([path])


def test_one_alias_change_rewrites_exactly_the_affected_postings(tmp_path, taggers):
    old, new = taggers
    assert old.version != new.version
    db = _db(tmp_path / "j.db")
    tag_postings(db, old)
    before = _content(db, old.version)
    stamps_before = dict(db.execute("SELECT posting_id, tagged_at FROM tags").fetchall())
    report = ChangeReport(old.version, new.version)
    summary = tag_postings(db, new, stale_only=True, report=report)
    assert (summary.tagged, summary.changed, summary.unchanged, summary.fresh) == (5, 2, 3, 0)
    after = _content(db, new.version)
    ids = dict(db.execute("SELECT source_id, id FROM postings").fetchall())
    changed = {pid for pid in after if after[pid] != before[pid]}
    assert changed == {ids["a0"], ids["d0"]}
    assert report.changed_ids == sorted(changed)
    pg = report.skills["postgresql"]
    assert (pg.gained, pg.lost) == (2, 0)
    assert pg.examples[0]["text"] == "PG" and "**PG**" in pg.examples[0]["context"]
    # history kept: the old version's rows are untouched; carried rows keep their original tagged_at
    assert _content(db, old.version) == before
    carried = db.execute(
        "SELECT posting_id, tagged_at FROM tags WHERE tagger_version = ?", [new.version]
    ).fetchall()
    assert {p: t for p, t in carried if p not in changed} == {
        p: stamps_before[p] for p in after if p not in changed
    }
    assert (get_meta(db, CURRENT_TAGGER_KEY), get_meta(db, PREVIOUS_TAGGER_KEY)) == (new.version, old.version)
    # the same report, afterwards, from the two stored versions
    stored = report_from_db(db)
    assert stored.changed_ids == report.changed_ids and stored.skills["postgresql"].gained == 2
    md = stored.render_markdown()
    assert "| PostgreSQL (`postgresql`) | 2 | 0 |" in md
    # exact: the re-tagged rows equal a from-scratch tag with the new dictionary
    fresh = _db(tmp_path / "fresh.db")
    tag_postings(fresh, new)
    assert _content(fresh, new.version) == after
    # nothing left to do; then prune the old version
    assert tag_postings(db, new, stale_only=True).tagged == 0
    assert prune_versions(db, keep=1) == {old.version: 5}
    assert (
        db.execute("SELECT count(*) FROM posting_skills WHERE tagger_version = ?", [old.version]).fetchone()[
            0
        ]
        == 0
    )


def test_prune_as_it_goes_relabels_unchanged_rows(tmp_path, taggers):
    old, new = taggers
    db = _db(tmp_path / "j.db")
    tag_postings(db, old)
    before = _content(db, old.version)
    summary = tag_postings(db, new, stale_only=True, keep_history=False)
    assert summary.changed == 2
    assert db.execute("SELECT DISTINCT tagger_version FROM tags").fetchall() == [(new.version,)]
    after = _content(db, new.version)
    assert sum(after[p] != before[p] for p in after) == 2


def test_dry_run_writes_nothing_and_reports_the_change(tmp_path, taggers):
    old, new = taggers
    db = _db(tmp_path / "j.db")
    tag_postings(db, old)
    dump, changes = _dump(db), db.conn.total_changes
    report = ChangeReport(old.version, new.version, dry_run=True)
    summary = tag_postings(db, new, stale_only=True, dry_run=True, report=report)
    assert summary.changed == 2 and summary.dry_run
    assert db.conn.total_changes == changes and _dump(db) == dump
    assert report.skills["postgresql"].gained == 2
    assert "Dry run: nothing was written." in report.render_markdown()


def test_interrupted_retag_resumes_to_the_same_end_state(tmp_path, taggers):
    old, new = taggers
    db = _db(tmp_path / "a.db", n_copies=6)  # 30 postings, 6 batches of 5
    tag_postings(db, old, batch_size=5)
    db.conn.close()
    (tmp_path / "b.db").write_bytes((tmp_path / "a.db").read_bytes())
    a, b = open_db(tmp_path / "a.db"), open_db(tmp_path / "b.db")
    seen = []

    def interrupt_after_two(n):  # a real SIGINT, delivered between batches
        seen.append(n)
        if len(seen) == 2:
            os.kill(os.getpid(), signal.SIGINT)

    first = tag_postings(a, new, stale_only=True, batch_size=5, progress=interrupt_after_two)
    assert first.interrupted and first.tagged == 10
    assert get_meta(a, CURRENT_TAGGER_KEY) == old.version  # not switched until complete
    rest = tag_postings(a, new, stale_only=True, batch_size=5)
    assert not rest.interrupted and rest.tagged == 20
    whole = tag_postings(b, new, stale_only=True, batch_size=5)
    assert whole.tagged == 30 and first.changed + rest.changed == whole.changed == 12
    assert _content(a, new.version) == _content(b, new.version)
    assert _content(a, old.version) == _content(b, old.version)
    assert get_meta(a, CURRENT_TAGGER_KEY) == get_meta(b, CURRENT_TAGGER_KEY) == new.version


def test_invalid_user_dictionary_is_a_clear_error_and_changes_nothing(tmp_path, taggers, capsys):
    db_path = tmp_path / "j.db"
    db = _db(db_path)
    tag_postings(db, taggers[0])
    db.conn.close()
    snapshot = _dump(open_db(db_path))
    bad = _user_dict(
        tmp_path, "skills:\n  - id: polars\n    name: Polars\n    category: frameworks\n", "bad.yaml"
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_path), "retag", "--dict", str(bad)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:4: skills[0].category: 'frameworks' is not a category (language, ")
    assert _dump(open_db(db_path)) == snapshot


def test_cli_retag_dry_run_and_report(tmp_path, taggers):
    db_path = tmp_path / "j.db"
    tag_postings(_db(db_path), taggers[0])
    path = _user_dict(tmp_path)
    runner = CliRunner()
    dry = runner.invoke(cli, ["--db", str(db_path), "retag", "--dict", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would re-tag 5 postings" in dry.output and "2 changed, 3 unchanged" in dry.output
    assert "| PostgreSQL (`postgresql`) | 2 | 0 |" in dry.output
    out = tmp_path / "changes.json"
    real = runner.invoke(cli, ["--db", str(db_path), "retag", "--dict", str(path), "--report", str(out)])
    assert real.exit_code == 0, real.output
    data = json.loads(out.read_text())
    assert data["postings_changed"] == 2 and data["skills"][0]["skill_id"] == "postgresql"
    assert data["old_version"] == taggers[0].version and data["new_version"] == taggers[1].version
