"""Cross-source dedupe: normalizers, veto words, and merges through ``upsert_postings(dedupe=True)``."""

from __future__ import annotations

import pytest

from jobintel.models import Posting
from jobintel.spiders.runner import BoardResult, CrawlSummary
from jobintel.store import count_postings, open_db, upsert_postings
from jobintel.store.dedupe import (
    canonical_url,
    external_ref,
    locations_compatible,
    normalize_company,
    titles_compatible,
)

# -- titles ---------------------------------------------------------------------------------------

SAME_JOB = [
    # development examples: how aggregators re-title ATS postings
    ("Senior Machine Learning Engineer", "Sr. ML Engineer"),
    ("Software Engineer (m/w/d)", "Software Engineer"),
    ("Machine Learning Engineer - Remote", "Machine Learning Engineer"),
    ("Staff Software Engineer, Infrastructure", "Staff Software Engineer, Infrastructure (Remote)"),
    ("MLOps Engineer, Training Platform", "MLOps Engineer – Training Platform"),
    ("Research Engineer, Post-Training", "Research Engineer (Post-Training)"),
    ("Backend Engineer (all genders)", "Backend Engineer"),
    ("Software Engineer II", "Software Engineer 2"),
    ("Engineer, Machine Learning Infrastructure", "Engineer, Machine Learning Infrastructure"),
]

DIFFERENT_JOBS = [
    # traps: level and qualifier words veto a merge
    ("AI Engineer", "AI Engineer, Ads"),
    ("Senior Software Engineer", "Staff Software Engineer"),
    ("Software Engineer II", "Software Engineer III"),
    ("Product Manager", "Senior Product Manager"),
    ("Machine Learning Engineer", "Machine Learning Engineer Intern"),
    ("Engineering Manager, Inference", "Software Engineer, Inference"),
    ("Research Engineer, Post-Training", "Research Engineer, Pre-Training"),
    ("Data Scientist", "Data Engineer"),
    ("Principal Engineer", "Engineer"),
    ("Head of AI", "AI Engineer"),
    ("Software Engineer (Contract)", "Software Engineer"),
]


@pytest.mark.parametrize(("a", "b"), SAME_JOB)
def test_titles_of_the_same_job_are_compatible(a, b):
    assert titles_compatible(a, b)
    assert titles_compatible(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_JOBS)
def test_level_and_qualifier_words_veto(a, b):
    assert not titles_compatible(a, b)
    assert not titles_compatible(b, a)


# -- URLs, companies, locations --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.acme.com/careers/ml-engineer/?utm_source=linkedin&utm_medium=x", "https://acme.com/careers/ml-engineer"),
        ("http://acme.com/careers/ml-engineer#apply", "https://acme.com/careers/ml-engineer"),
        ("https://acme.com/jobs?gh_jid=4012345&gh_src=abc123", "https://acme.com/jobs?gh_jid=4012345"),
        ("https://jobs.lever.co/acme/3f1d7a0e-6a4b-4bb5-9a53-0c2f6f7d9e11?lever-source=LinkedIn",
         "https://jobs.lever.co/acme/3f1d7a0e-6a4b-4bb5-9a53-0c2f6f7d9e11"),
        ("https://acme.com/job/12?source=remotive&ref=himalayas&b=2&a=1", "https://acme.com/job/12?a=1&b=2"),
        ("mailto:jobs@acme.com", None),
        ("", None),
    ],
)  # fmt: skip
def test_canonical_url_strips_tracking(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://boards.greenhouse.io/anthropic/jobs/4012345008", ("greenhouse", "4012345008")),
        ("https://job-boards.greenhouse.io/exampleai/jobs/7712345002?gh_src=x", ("greenhouse", "7712345002")),
        ("https://www.example.ai/careers/open-roles?gh_jid=8559344002", ("greenhouse", "8559344002")),
        ("https://jobs.lever.co/mistral/0b7c6c5e-1d2f-4a3b-9c8d-7e6f5a4b3c2d/apply",
         ("lever", "0b7c6c5e-1d2f-4a3b-9c8d-7e6f5a4b3c2d")),
        ("https://jobs.ashbyhq.com/exampleai/3f1d7a0e-6a4b-4bb5-9a53-0c2f6f7d9e11",
         ("ashby", "3f1d7a0e-6a4b-4bb5-9a53-0c2f6f7d9e11")),
        ("https://remoteok.com/remote-jobs/123456", None),
        ("https://boards.greenhouse.io/anthropic", None),
    ],
)  # fmt: skip
def test_external_ref_names_the_ats_job(url, expected):
    assert external_ref(url) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Example AI, Inc.", "exampleai", True),
        ("ACME Corp", "Acme", True),
        ("Müller GmbH", "Muller", True),
        ("The Browser Company", "Browser Company", True),
        ("Acme", "Acme Robotics", False),
    ],
)
def test_normalize_company(a, b, same):
    assert (normalize_company(a) == normalize_company(b)) is same


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        (["San Francisco, CA"], ["San Francisco, California, United States"], True),
        (["San Francisco, CA", "Remote - US"], ["Remote (US)"], True),
        (["New York City, NY"], ["New York, NY"], True),
        (["London, UK"], ["Austin, TX"], False),
        ([], [], True),
        ([], ["Austin, TX"], False),  # one side unknown: doubt keeps them split
    ],
)
def test_locations_compatible(a, b, ok):
    assert locations_compatible(a, b) is ok


# -- merges in the store ---------------------------------------------------------------------------


def _p(
    source: str, sid: str, title: str, url: str, *, company="Acme", locations=("San Francisco, CA",), **kw
):
    return Posting(
        source=source, source_id=sid, url=url, title=title, company=company, locations=list(locations), **kw
    )


def _links(db):
    return db.execute(
        "SELECT posting_id, source, source_id, match FROM posting_links ORDER BY posting_id, source"
    ).fetchall()


def test_exact_ats_id_in_an_aggregator_url_merges(tmp_path):
    db = open_db(tmp_path / "j.db")
    gh = _p(
        "greenhouse",
        "4012345",
        "Senior ML Engineer",
        "https://boards.greenhouse.io/acme/jobs/4012345",
        board="acme",
    )
    agg = _p(
        "remotive",
        "rm-77",
        "Machine Learning Engineer (Senior)",
        "https://acme.com/careers?gh_jid=4012345&utm_source=remotive",
    )
    upsert_postings(db, [gh], dedupe=True)
    result = upsert_postings(db, [agg], dedupe=True)
    assert (result.new, result.merged) == (0, 1)
    assert [(m.match, m.other_source, m.other_source_id) for m in result.merges] == [
        ("exact_id", "greenhouse", "4012345")
    ]
    assert count_postings(db) == 1  # compare counts postings, so the job counts once
    assert _links(db) == [(1, "greenhouse", "4012345", "primary"), (1, "remotive", "rm-77", "exact_id")]


def test_aggregator_first_then_ats_merges_and_the_ats_text_wins(tmp_path):
    db = open_db(tmp_path / "j.db")
    agg = _p(
        "remotive",
        "rm-77",
        "ML Engineer",
        "https://acme.com/careers?gh_jid=4012345",
        description_text="short",
    )
    gh = _p("greenhouse", "4012345", "Machine Learning Engineer", "https://boards.greenhouse.io/acme/jobs/4012345",
            description_text="the employer's full text")  # fmt: skip
    upsert_postings(db, [agg], dedupe=True)
    result = upsert_postings(db, [gh], dedupe=True)
    assert result.merged == 1 and result.merges[0].match == "exact_id"
    assert db.execute("SELECT source, source_id, description_text FROM postings").fetchall() == [
        ("greenhouse", "4012345", "the employer's full text")
    ]
    assert _links(db) == [(1, "greenhouse", "4012345", "primary"), (1, "remotive", "rm-77", "exact_id")]


def test_canonical_url_merges_across_sources(tmp_path):
    db = open_db(tmp_path / "j.db")
    site = _p("jsonld", "https://careers.acme.com/jobs/ml-platform", "ML Platform Engineer",
              "https://careers.acme.com/jobs/ml-platform?utm_source=google")  # fmt: skip
    agg = _p(
        "himalayas",
        "h-1",
        "ML Platform Engineer",
        "https://www.careers.acme.com/jobs/ml-platform/?ref=himalayas",
    )
    upsert_postings(db, [site], dedupe=True)
    result = upsert_postings(db, [agg], dedupe=True)
    assert [m.match for m in result.merges] == ["url"]
    assert count_postings(db) == 1


def test_company_title_location_fuzzy_merge(tmp_path):
    db = open_db(tmp_path / "j.db")
    upsert_postings(
        db,
        [_p("greenhouse", "1", "Senior Machine Learning Engineer", "https://gh/1", company="Acme, Inc.")],
        dedupe=True,
    )
    agg = _p("remoteok", "r-9", "Sr. Machine-Learning Engineer", "https://remoteok.com/remote-jobs/9",
             locations=["San Francisco, California"])  # fmt: skip
    result = upsert_postings(db, [agg], dedupe=True)
    assert [(m.match, m.score) for m in result.merges] == [("fuzzy", 100.0)]
    assert count_postings(db) == 1


@pytest.mark.parametrize(
    ("stored", "incoming", "why"),
    [
        (["AI Engineer"], _p("remoteok", "r", "AI Engineer, Ads", "https://r/1"), "qualifier veto"),
        (
            ["Senior Software Engineer"],
            _p("remoteok", "r", "Staff Software Engineer", "https://r/1"),
            "level veto",
        ),
        (
            ["ML Engineer"],
            _p("remoteok", "r", "ML Engineer", "https://r/1", locations=["London, UK"]),
            "location",
        ),
        (
            ["ML Engineer"],
            _p("remoteok", "r", "ML Engineer", "https://r/1", locations=[]),
            "location unknown",
        ),
        (["ML Engineer", "ML Engineer"], _p("remoteok", "r", "ML Engineer", "https://r/1"), "two candidates"),
        (
            ["ML Engineer"],
            _p("remoteok", "r", "ML Engineer", "https://r/1", company="Acme Robotics"),
            "company",
        ),
        (
            ["ML Engineer"],
            _p("greenhouse", "r", "ML Engineer", "https://r/1"),
            "same source: two ids, two jobs",
        ),
    ],
)
def test_doubt_keeps_postings_split(tmp_path, stored, incoming, why):
    db = open_db(tmp_path / "j.db")
    upsert_postings(
        db, [_p("greenhouse", str(i), t, f"https://gh/{i}") for i, t in enumerate(stored)], dedupe=True
    )
    result = upsert_postings(db, [incoming], dedupe=True)
    assert (result.new, result.merged) == (1, 0), why
    assert count_postings(db) == len(stored) + 1


def test_a_source_links_a_posting_at_most_once(tmp_path):
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_p("greenhouse", "1", "ML Engineer", "https://gh/1")], dedupe=True)
    first = upsert_postings(db, [_p("remoteok", "a", "ML Engineer", "https://r/a")], dedupe=True)
    second = upsert_postings(db, [_p("remoteok", "b", "ML Engineer", "https://r/b")], dedupe=True)
    assert (first.merged, second.merged, second.new) == (1, 0, 1)


def test_without_dedupe_every_source_id_is_a_posting(tmp_path):
    db = open_db(tmp_path / "j.db")
    upsert_postings(db, [_p("greenhouse", "1", "ML Engineer", "https://gh/1")])
    assert upsert_postings(db, [_p("remoteok", "a", "ML Engineer", "https://gh/1")]).new == 1


def test_merges_are_reported_in_the_crawl_summary():
    merge = {"source": "remotive", "source_id": "rm-77", "title": "ML Engineer", "posting_id": 1,
             "match": "exact_id", "score": 100.0, "other_source": "greenhouse", "other_source_id": "401",
             "other_title": "Machine Learning Engineer"}  # fmt: skip
    summary = CrawlSummary(
        pages_fetched=1,
        postings_merged=1,
        duration_s=0.5,
        boards=[BoardResult("remotive", "all", "complete", merged=1)],
        merges=[merge],
    )
    assert summary.render().splitlines() == [
        "Crawled 1 board in 0.5 s: 1 page, 1 postings stored (0 new, 0 updated, 0 unchanged, 1 merged), "
        "0 dropped, 0 errors",
        "  remotive/all  complete  0 new, 0 updated, 0 unchanged, 1 merged",
        "Merged 1 cross-source duplicate:",
        "  remotive/rm-77 -> posting 1 (greenhouse/401) by exact_id: 'ML Engineer'",
    ]
    assert summary.to_dict()["merges"][0]["match"] == "exact_id"
