"""Tagging stored postings with the real spaCy pipeline: rows, evidence, versions, idempotence."""

from __future__ import annotations

import json

import pytest

from jobintel.models import Posting, StructuredSalary
from jobintel.nlp.tagger import PostingInput, Tagger
from jobintel.store import CURRENT_TAGGER_KEY, get_meta, open_db, upsert_postings
from jobintel.tagging import tag_postings

TEXT = """About Acme
We are a remote-first company. Our benefits include a Python learning stipend.

What you'll do
- Build RAG pipelines with LangChain and PyTorch on AWS.

Requirements
- 5+ years of experience with Python and Kubernetes.

Nice to have
- Experience with Rust.

Compensation
The base salary range is $180,000 - $220,000 per year.
"""


@pytest.fixture(scope="module")
def tagger():
    return Tagger.default()


def _postings():
    return [
        Posting(
            source="t",
            source_id="1",
            url="u1",
            title="Senior Machine Learning Engineer",
            company="Acme",
            locations=["San Francisco, CA; New York, NY"],
            description_text=TEXT,
        ),
        Posting(
            source="t",
            source_id="2",
            url="u2",
            title="MLOps Engineer",
            company="Acme",
            locations=["Remote - US"],
            description_text="Requirements\n- Kubeflow, MLflow and Terraform",
            workplace="remote",
            salary=StructuredSalary(150000, 190000, "USD", "year"),
        ),
    ]


def test_tag_one_posting_end_to_end(tagger):
    tags = tagger.tag_one(
        PostingInput(
            title="Senior Machine Learning Engineer",
            text=TEXT,
            locations=("San Francisco, CA; New York, NY",),
        )
    )
    assert tags.role.name == "AI/ML Engineer"
    assert tags.seniority.level == "senior" and tags.seniority.bucket == "senior"
    assert (tags.salary.min, tags.salary.max, tags.salary.currency, tags.salary.period) == (
        180000,
        220000,
        "USD",
        "year",
    )
    assert tags.salary.basis == "parsed"
    assert tags.metro == "San Francisco Bay Area"
    # "remote-first company" sits in the About section: it does not make this job remote
    assert tags.remote.value != "remote"
    by_id = {s.skill_id: s for s in tags.skills}
    for sid in ("rag", "langchain", "pytorch", "aws", "kubernetes"):
        assert by_id[sid].counted, sid
    assert by_id["kubernetes"].required is True
    assert by_id["rust"].required is False  # only in "Nice to have"
    # Python is in the requirements, so it counts even though it is also in the About/benefits text
    assert by_id["python"].counted and by_id["python"].required is True
    mention = by_id["pytorch"].mentions[0]
    assert TEXT[mention.start : mention.end] == "PyTorch"


def test_skill_only_in_boilerplate_does_not_count(tagger):
    text = (
        "About us\nWe build developer tools in Rust and Go.\n\n"
        "Responsibilities\n- Sell our product to enterprises."
    )
    tags = tagger.tag_one(PostingInput(title="Account Executive", text=text))
    assert tags.role is None
    assert all(not s.counted for s in tags.skills)


def test_tag_postings_writes_rows_and_is_idempotent(tmp_path, tagger):
    db = open_db(tmp_path / "t.db")
    upsert_postings(db, _postings())
    summary = tag_postings(db, tagger)
    assert summary.tagged == 2 and not summary.interrupted
    assert get_meta(db, CURRENT_TAGGER_KEY) == tagger.version
    rows = {r["posting_id"]: r for r in db.query("SELECT * FROM tags")}
    assert rows[1]["role"] == "AI/ML Engineer" and rows[2]["role"] == "MLOps Engineer"
    # structured pay beats text; stated basis and USD annualization
    assert (rows[2]["salary_min"], rows[2]["salary_basis"], rows[2]["annual_usd_max"]) == (
        150000,
        "stated",
        190000,
    )
    assert rows[2]["remote"] == "remote" and rows[2]["remote_basis"] == "structured"
    skills = {r["skill_id"] for r in db.query("SELECT skill_id FROM posting_skills WHERE posting_id = 2")}
    assert skills >= {"kubeflow", "mlflow", "terraform"}
    ev = json.loads(
        db.execute(
            "SELECT evidence FROM posting_skills WHERE posting_id = 2 AND skill_id = 'mlflow'"
        ).fetchone()[0]
    )
    assert ev[0]["text"] == "MLflow" and ev[0]["section"] == "requirements"
    n_skill_rows = db.execute("SELECT count(*) FROM posting_skills").fetchone()[0]
    again = tag_postings(db, tagger)
    assert again.tagged == 0
    assert db.execute("SELECT count(*) FROM posting_skills").fetchone()[0] == n_skill_rows
    names = dict(
        db.execute("SELECT id, name FROM skills WHERE id IN ('rag', 'aws', 'openai', 'pytorch')").fetchall()
    )
    assert names == {"rag": "RAG", "aws": "AWS", "openai": "OpenAI", "pytorch": "PyTorch"}


def test_retag_only_touches_postings_from_other_versions(tmp_path, tagger):
    db = open_db(tmp_path / "t.db")
    upsert_postings(db, _postings())
    tag_postings(db, tagger)
    db.execute("UPDATE tags SET tagger_version = 'old' WHERE posting_id = 1")
    db.execute("UPDATE posting_skills SET tagger_version = 'old' WHERE posting_id = 1")
    upsert_postings(db, [Posting(source="t", source_id="3", url="u3", title="Data Engineer", company="B")])
    summary = tag_postings(db, tagger, stale_only=True)
    assert summary.tagged == 1  # posting 1 only: 2 is current, 3 was never tagged
    versions = db.execute("SELECT posting_id, tagger_version FROM tags ORDER BY 1, 2").fetchall()
    assert versions == [(1, "old"), (1, tagger.version), (2, tagger.version)]
    tag_postings(db, tagger, stale_only=True)
    assert db.execute("SELECT count(*) FROM tags").fetchone()[0] == 3


def test_tagger_version_is_stable_and_hashes_inputs(tagger):
    assert tagger.version == Tagger.default().version
    assert tagger.version.startswith("t-")
    assert set(tagger.components()) == {"extractor", "dictionary", "taxonomy", "data"}
