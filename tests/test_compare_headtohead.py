"""role_head_to_head on small databases whose statistics are computed by hand (docs/statistics.md).

Rows are inserted through sqlite-utils into a DB created by ``jobintel.store.open_db``.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from jobintel.compare import CompareOptions, render_json, render_markdown, role_head_to_head, to_json_dict
from jobintel.errors import ConfigError, UnknownRoleError
from jobintel.store import open_db

SCHEMA = json.loads((Path(__file__).parent.parent / "jobintel/schema/compare.schema.json").read_text())
V = "v2"
SKILLS = [
    {"id": "aws", "name": "AWS", "category": "cloud"},
    {"id": "rag", "name": "RAG", "category": "technique"},
    {"id": "pytorch", "name": "PyTorch", "category": "framework"},
    {"id": "python", "name": "Python", "category": "language"},
    {"id": "rust", "name": "Rust", "category": "language"},
    {"id": "kubernetes", "name": "Kubernetes", "category": "infra"},
]


def _posting(
    pid,
    role,
    *,
    lo=None,
    hi=None,
    remote="unknown",
    bucket=None,
    basis="stated",
    kind="base",
    closed=False,
    version=V,
    company="Acme",
    metro=None,
    skills=(),
    boiler=(),
    first="2025-05-01",
    cur="USD",
    period="year",
    usd=None,
    title=None,
    level=None,
    posted=None,
    closed_on="2025-06-02",
):
    return {
        "posting": {
            "id": pid,
            "source": "test",
            "source_id": str(pid),
            "url": f"https://x.test/{pid}",
            "title": title or f"{role} {pid}",
            "company": company,
            "first_seen": f"{first}T00:00:00+00:00",
            "last_seen": "2025-06-01T00:00:00+00:00",
            "date_posted": posted,
            "closed_at": f"{closed_on}T00:00:00+00:00" if closed else None,
        },
        "tag": {
            "posting_id": pid,
            "tagger_version": version,
            "role": role,
            "role_family": "ML",
            "seniority_level": level or bucket,
            "seniority_bucket": bucket,
            "remote": remote,
            "salary_min": lo,
            "salary_max": hi,
            "salary_currency": cur if (lo or hi) else None,
            "salary_period": period if (lo or hi) else None,
            "salary_basis": basis if (lo or hi) else None,
            "salary_kind": kind if (lo or hi) else None,
            "annual_usd_min": usd[0] if usd else lo,
            "annual_usd_max": usd[1] if usd else hi,
            "metro": metro,
        },
        "skills": [(s, 1) for s in skills] + [(s, 0) for s in boiler],
        "version": version,
    }


def build_db(path: Path, specs: list[dict], skills=SKILLS):
    db = open_db(path)
    db["skills"].insert_all(skills, pk="id")
    db["postings"].insert_all([s["posting"] for s in specs], pk="id")
    db["tags"].insert_all([s["tag"] for s in specs])
    db["posting_skills"].insert_all(
        [
            {"posting_id": s["posting"]["id"], "tagger_version": s["version"], "skill_id": sid, "counted": c}
            for s in specs
            for sid, c in s["skills"]
        ]
    )
    db["meta"].insert({"key": "current_tagger_version", "value": V}, pk="key", replace=True)
    return db


A, B = "AI/ML Engineer", "MLOps Engineer"

# The issue-2 dataset. Role A counts postings 1-8 (9 is closed, 10 is from an old tagger version).
HAND = [
    _posting(1, A, lo=100e3, hi=150e3, remote="remote", bucket="senior", skills=["rag", "aws", "python"]),
    _posting(2, A, lo=120e3, hi=160e3, remote="remote", bucket="mid", skills=["rag", "aws", "python"]),
    _posting(3, A, lo=90e3, hi=110e3, remote="hybrid", bucket="mid", skills=["rag", "aws", "python"]),
    _posting(
        4, A, lo=200e3, hi=None, remote="onsite", bucket="entry", skills=["rag", "python"], boiler=["aws"]
    ),
    _posting(5, A, lo=130e3, hi=170e3, remote="onsite", bucket="senior", skills=["rag"]),
    _posting(6, A, remote="unknown", bucket=None, skills=["pytorch"]),
    _posting(7, A, lo=300e3, hi=400e3, basis="estimated", remote="remote", bucket="mid", boiler=["rust"]),
    _posting(8, A, lo=250e3, hi=260e3, kind="ote", remote="onsite", bucket="senior"),
    _posting(9, A, lo=500e3, hi=600e3, closed=True, remote="remote", bucket="senior", skills=["rust"]),
    _posting(10, A, lo=900e3, hi=990e3, version="v1", remote="remote", bucket="senior", skills=["rust"]),
    _posting(
        11,
        B,
        lo=150e3,
        hi=190e3,
        remote="remote",
        bucket="senior",
        skills=["kubernetes", "aws", "python", "rag"],
    ),
    _posting(
        12, B, lo=160e3, hi=200e3, remote="onsite", bucket="senior", skills=["kubernetes", "aws", "python"]
    ),
    _posting(13, B, lo=140e3, hi=160e3, remote="onsite", bucket="mid", skills=["kubernetes", "aws"]),
    _posting(14, B, lo=180e3, hi=220e3, remote="onsite", bucket="entry", skills=["kubernetes", "aws"]),
    _posting(15, B, lo=None, hi=210e3, remote="unknown", bucket="senior", skills=["kubernetes"]),
    _posting(16, B, remote="remote", bucket="mid", skills=["kubernetes"]),
    _posting(17, "Data Scientist", remote="onsite", bucket="mid"),
]


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("h2h") / "t.db", HAND)


@pytest.fixture(scope="module")
def hand_json(hand_db):
    return json.loads(render_json(role_head_to_head(hand_db, [A, B])))


def test_json_validates_against_schema(hand_json):
    jsonschema.validate(hand_json, SCHEMA)
    assert hand_json["schema_version"] == "1.2"
    assert [r["name"] for r in hand_json["roles"]] == [A, B]


@pytest.mark.parametrize(
    ("role", "key", "expected"),
    [
        # A: open, current version, base, not estimated -> postings 1-5; #4 has only a minimum.
        (0, "n", 5),
        (0, "currency", "USD"),
        (0, "avg_min", (100e3 + 120e3 + 90e3 + 200e3 + 130e3) / 5),
        (0, "avg_max", (150e3 + 160e3 + 110e3 + 200e3 + 170e3) / 5),
        (0, "median", 140e3),  # midpoints 100, 125, 140, 150, 200 (K)
        (0, "p75", 150e3),
        (0, "p25", 125e3),
        # B: midpoints 150, 170, 180, 200, 210 (K); #15 has only a maximum.
        (1, "n", 5),
        (1, "avg_min", (150e3 + 160e3 + 140e3 + 180e3 + 210e3) / 5),
        (1, "avg_max", (190e3 + 200e3 + 160e3 + 220e3 + 210e3) / 5),
        (1, "median", 180e3),
        (1, "p75", 200e3),
    ],
)
def test_salary_matches_hand_computed(hand_json, role, key, expected):
    assert hand_json["roles"][role]["salary"][key] == expected


def test_percentiles_are_numpy_linear_interpolation(hand_json):
    mids = np.array([125e3, 140e3, 100e3, 200e3, 150e3])
    s = hand_json["roles"][0]["salary"]
    assert [s["p10"], s["p90"]] == np.percentile(mids, [10, 90]).tolist()
    assert s["p10"] == pytest.approx(110e3) and s["p90"] == pytest.approx(180e3)
    assert s["median_ci"][0] <= s["median"] <= s["median_ci"][1]
    assert s["confidence"] == "low"


def test_counts_remote_and_experience(hand_json):
    a, b = hand_json["roles"]
    assert (a["open_positions"], b["open_positions"]) == (8, 6)
    assert a["remote_share"] == 3 / 7  # remote / known (remote, hybrid, onsite); posting 6 unknown
    assert a["remote"]["n"] == 7 and a["remote"]["unknown"] == 1
    assert b["remote_share"] == 2 / 5
    assert {k: a["experience_mix"][k] for k in ("entry", "mid", "senior")} == {
        "entry": 1 / 7,
        "mid": 3 / 7,
        "senior": 3 / 7,
    }
    assert {k: b["experience_mix"][k] for k in ("entry", "mid", "senior")} == {
        "entry": 1 / 6,
        "mid": 2 / 6,
        "senior": 3 / 6,
    }
    assert a["share_of_tracked"] == 8 / 15 and hand_json["scope"]["total_tracked"] == 15


def test_top_skills_use_counted_mentions_and_canonical_names(hand_json):
    a, b = hand_json["roles"]
    assert [(s["name"], s["count"], s["share"]) for s in a["top_skills"]] == [
        ("RAG", 5, 5 / 8),
        ("Python", 4, 4 / 8),
        ("AWS", 3, 3 / 8),
        ("PyTorch", 1, 1 / 8),
    ]  # Rust is boilerplate-only (counted = 0) or closed/old-version: never counted
    assert [s["name"] for s in b["top_skills"]] == ["Kubernetes", "AWS", "Python", "RAG"]
    assert hand_json["skills_overlap"]["shared"] == ["RAG", "Python", "AWS"]
    assert hand_json["skills_overlap"]["unique"] == {A: ["PyTorch"], B: ["Kubernetes"]}


def test_estimated_and_ote_kept_apart(hand_json):
    a = hand_json["roles"][0]
    assert a["salary_estimated"]["n"] == 1 and a["salary_estimated"]["median"] is None
    d = a["salary_disclosure"]
    assert (d["n_postings"], d["n_disclosed"], d["n_estimated"], d["n_other_kind"]) == (8, 6, 1, 1)
    assert d["rate"] == 6 / 8


def test_all_postings_scope_counts_closed(hand_db):
    doc = to_json_dict(role_head_to_head(hand_db, [A, B], options=CompareOptions(scope="all")))
    assert doc["roles"][0]["open_positions"] == 9
    assert doc["roles"][0]["salary"]["n"] == 6
    assert doc["scope"]["postings"] == "all"


def test_verdict_sentences_come_from_the_numbers(hand_db):
    h2h = role_head_to_head(hand_db, [A, B])
    assert h2h.verdict[0].startswith(
        "Choose MLOps Engineer if you want higher compensation: its median is 29% higher than"
        " AI/ML Engineer's ($180K vs $140K, n=5 vs n=5)."
    )
    assert "Choose AI/ML Engineer if you want more open positions (8 vs 6)." in h2h.verdict
    assert any(
        s.startswith("Caveat: AI/ML Engineer's pay figures rest on a small sample (n=5") for s in h2h.verdict
    )


def test_markdown_side_by_side_table(hand_db):
    md = render_markdown(role_head_to_head(hand_db, [A, B]))
    assert "| Open positions | 8 | 6 |" in md
    assert "| Avg salary range | $128K–$158K (n=5) | $168K–$196K (n=5) |" in md
    assert "| 75th percentile | $150K | $200K |" in md
    assert "| Remote % | 42.9% (n=7 with known workplace) | 40.0% (n=5 with known workplace) |" in md
    assert "| Top skill | RAG (62.5%, 5 of 8) | Kubernetes (100.0%, 6 of 6) |" in md
    assert "Rust" not in md


def test_filters(hand_db):
    doc = to_json_dict(role_head_to_head(hand_db, [A, B], options=CompareOptions(remote_only=True)))
    assert [r["open_positions"] for r in doc["roles"]] == [3, 2]
    doc = to_json_dict(role_head_to_head(hand_db, [A, B], options=CompareOptions(seniority=("senior",))))
    assert [r["open_positions"] for r in doc["roles"]] == [3, 3]
    assert doc["scope"]["filters"] == {"seniority": "senior"}


def test_bad_input(hand_db):
    with pytest.raises(ConfigError):
        role_head_to_head(hand_db, [A])
    with pytest.raises(UnknownRoleError, match="Rust Engineer"):
        role_head_to_head(hand_db, [A, "Rust Engineer"])
    with pytest.raises(ConfigError):
        CompareOptions(scope="closed")


# -- edge cases on generated data with known answers ----------------------------------------------------
def _generated():
    rng = np.random.default_rng(42)
    specs, pid = [], 1000
    lo = np.round(rng.lognormal(11.7, 0.3, 120), 0)
    hi = np.round(lo * rng.uniform(1.0, 1.6, 120), 0)
    buckets = rng.choice(["entry", "mid", "senior"], 120, p=[0.2, 0.5, 0.3])
    for i in range(120):
        pid += 1
        specs.append(
            _posting(
                pid,
                "Gen",
                lo=float(lo[i]),
                hi=float(hi[i]),
                bucket=str(buckets[i]),
                remote=["remote", "onsite", "hybrid"][i % 3],
                skills=["python"],
            )
        )
    for _ in range(6):  # a role with no salaries at all
        pid += 1
        specs.append(_posting(pid, "No Pay", remote="onsite", bucket="mid"))
    for k in range(3):  # a role with n < 5 salaries
        pid += 1
        specs.append(_posting(pid, "Tiny", lo=100e3 + k, hi=120e3, remote="remote", bucket="senior"))
    # Mixed currencies, hourly/weekly/monthly pay. usd = the tagger's annual USD (EUR at 1.08, GBP at 1.27).
    intl = [
        ("USD", "year", 100_000, (100_000, 100_000)),
        ("EUR", "hour", 50, (112_320, 112_320)),
        ("EUR", "month", 8_000, (103_680, 103_680)),
        ("EUR", "year", 90_000, (97_200, 97_200)),
        ("GBP", "year", 70_000, (88_900, 88_900)),
        ("EUR", "year", 110_000, (118_800, 118_800)),
        ("EUR", "week", 2_000, (112_320, 112_320)),
        ("EUR", None, 7_000, (None, None)),  # period unknown: cannot be annualized
    ]
    for cur, period, amount, usd in intl:
        pid += 1
        specs.append(
            _posting(pid, "Intl", lo=amount, hi=amount, cur=cur, period=period, usd=usd, remote="onsite")
        )
    return specs, lo, hi, buckets


@pytest.fixture(scope="module")
def gen(tmp_path_factory):
    specs, lo, hi, buckets = _generated()
    db = build_db(tmp_path_factory.mktemp("gen") / "t.db", specs)
    return db, lo, hi, buckets


def test_generated_role_matches_numpy(gen):
    db, lo, hi, buckets = gen
    doc = to_json_dict(role_head_to_head(db, ["Gen", "Tiny"]))
    s = doc["roles"][0]["salary"]
    mids = (lo + hi) / 2
    assert s["n"] == 120 and s["confidence"] == "high"
    assert [s["p10"], s["p25"], s["median"], s["p75"], s["p90"]] == np.percentile(
        mids, [10, 25, 50, 75, 90]
    ).tolist()
    assert s["avg_min"] == pytest.approx(lo.mean(), rel=1e-12) and s["avg_max"] == pytest.approx(
        hi.mean(), rel=1e-12
    )
    assert s["p10"] <= s["p25"] <= s["median"] <= s["p75"] <= s["p90"]
    assert s["median_ci"][0] <= s["median"] <= s["median_ci"][1]
    senior = doc["roles"][0]["salary_by_seniority"]["senior"]
    sel = buckets == "senior"
    assert senior["n"] == int(sel.sum()) and senior["median"] == float(np.median(mids[sel]))
    mix = doc["roles"][0]["experience_mix"]
    assert mix["entry"] + mix["mid"] + mix["senior"] == pytest.approx(1.0)
    md = render_markdown(role_head_to_head(db, ["Gen", "Tiny"]))
    row = next(line for line in md.splitlines() if line.startswith("| Experience mix"))
    shown = [float(x) for x in __import__("re").findall(r"([0-9.]+)%", row.split("|")[2])]
    assert abs(sum(shown) - 100.0) <= 0.15


def test_role_with_no_salaries_and_role_below_five(gen):
    db = gen[0]
    h2h = role_head_to_head(db, ["No Pay", "Tiny"])
    doc = to_json_dict(h2h)
    none, tiny = doc["roles"]
    assert none["salary"]["n"] == 0 and none["salary"]["median"] is None and none["salary_histogram"] == []
    assert none["salary_disclosure"]["rate"] == 0.0
    assert tiny["salary"]["n"] == 3 and tiny["salary"]["withheld"] and tiny["salary"]["p75"] is None
    assert tiny["remote_share"] is None and tiny["remote"]["n"] == 3  # share withheld below n = 5
    md = render_markdown(h2h)
    assert "| Median salary | n/a (n=0) | n/a (n=3) |" in md
    assert "Caveat: Tiny has too few salaries to report pay (n=3)." in h2h.verdict
    assert not any("higher compensation" in s for s in h2h.verdict)


def test_mixed_currencies_usd_mode(gen):
    doc = to_json_dict(role_head_to_head(gen[0], ["Intl", "Tiny"]))
    s, d = doc["roles"][0]["salary"], doc["roles"][0]["salary_disclosure"]
    assert s["n"] == 7 and s["currency"] == "USD"
    assert s["median"] == 103_680.0  # of 100000, 112320, 103680, 97200, 88900, 118800, 112320
    assert d["n_unconvertible"] == 1 and d["n_disclosed"] == 8


def test_mixed_currencies_original_currency_mode(gen):
    h2h = role_head_to_head(gen[0], ["Intl", "Tiny"], options=CompareOptions(currency="eur"))
    doc = to_json_dict(h2h)
    s = doc["roles"][0]["salary"]
    # EUR only, annualized: 50/h -> 104000, 8000/month -> 96000, 90000, 110000, 2000/week -> 104000.
    assert s["currency"] == "EUR" and s["n"] == 5
    assert (s["avg_min"], s["median"], s["p25"], s["p75"]) == (100_800.0, 104_000.0, 96_000.0, 104_000.0)
    assert doc["roles"][0]["salary_disclosure"]["n_unconvertible"] == 3  # USD, GBP, unknown period
    assert doc["scope"]["currency_mode"] == "original"
    assert "€104K" in render_markdown(h2h)
