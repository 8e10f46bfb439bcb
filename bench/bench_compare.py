"""Benchmark compare: generate N tagged postings, time one head-to-head and the full site.

    uv run python bench/bench_compare.py --n 200000
    uv run python bench/bench_compare.py --n 1000000 --db /tmp/jobintel-bench.db --keep

Inserts use plain ``executemany`` in one transaction (sqlite-utils' per-row conversion would
dominate at a million rows), skills before tags as the tagger writes them, so the ``compare_facts``
triggers build each fact row once. Postings carry a ``date_posted`` a few days before ``first_seen``, as
sources publish before a crawler finds them. Prints timings (best and median of ``--repeat`` runs,
since a shared machine is noisy) and peak RSS (``resource.getrusage``; it includes the pages of the
database file that the readers map, which the OS can drop at any time).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobintel.compare import (  # noqa: E402
    CompareOptions,
    render_html,
    render_json,
    render_markdown,
    role_head_to_head,
    write_site,
)
from jobintel.nlp.types import MIX_BUCKETS  # noqa: E402
from jobintel.store import open_db, tagdiff, write_skills  # noqa: E402

VERSION = "bench-v1"
ROLES = [  # name, family, weight, base salary (USD)
    ("AI/ML Engineer", "ML Engineering", 0.40, 150_000),
    ("MLOps Engineer", "ML Engineering", 0.05, 165_000),
    ("Data Scientist", "Data Science", 0.20, 135_000),
    ("Data Engineer", "Data Engineering", 0.15, 140_000),
    ("ML Research Scientist", "Research", 0.05, 190_000),
    ("AI Product Manager", "Product", 0.05, 170_000),
    ("Data Analyst", "Data Science", 0.08, 95_000),
    (None, None, 0.02, 120_000),
]
SKILLS = [
    ("python", "Python", "language"),
    ("pytorch", "PyTorch", "framework"),
    ("tensorflow", "TensorFlow", "framework"),
    ("aws", "AWS", "cloud"),
    ("gcp", "GCP", "cloud"),
    ("azure", "Azure", "cloud"),
    ("rag", "RAG", "technique"),
    ("kubernetes", "Kubernetes", "infra"),
    ("docker", "Docker", "infra"),
    ("sql", "SQL", "language"),
    ("spark", "Apache Spark", "data"),
    ("airflow", "Airflow", "data"),
    ("mlflow", "MLflow", "mlops"),
    ("terraform", "Terraform", "infra"),
    ("llm", "LLMs", "technique"),
    ("prompt-eng", "Prompt Engineering", "technique"),
    ("openai-api", "OpenAI API", "api"),
    ("rust", "Rust", "language"),
    ("go", "Go", "language"),
    ("scala", "Scala", "language"),
    ("dbt", "dbt", "data"),
    ("snowflake", "Snowflake", "data"),
    ("tableau", "Tableau", "bi"),
    ("statistics", "Statistics", "domain"),
    ("jax", "JAX", "framework"),
    ("cuda", "CUDA", "infra"),
    ("kafka", "Kafka", "data"),
    ("r", "R", "language"),
]
METROS = [
    ("San Francisco Bay Area", "San Francisco", "US"),
    ("New York", "New York", "US"),
    ("Seattle", "Seattle", "US"),
    ("Austin", "Austin", "US"),
    ("Boston", "Boston", "US"),
    ("Los Angeles", "Los Angeles", "US"),
    ("London", "London", "GB"),
    ("Berlin", "Berlin", "DE"),
    ("Paris", "Paris", "FR"),
    ("Toronto", "Toronto", "CA"),
    (None, None, None),
]
LEVELS = ["intern", "entry", "mid", "senior", "lead", "principal", "manager", None]
LEVEL_P = [0.02, 0.10, 0.38, 0.28, 0.08, 0.04, 0.05, 0.05]
BUCKET = {**MIX_BUCKETS, None: None}
LEVEL_MULT = {
    "intern": 0.45,
    "entry": 0.75,
    "mid": 1.0,
    "senior": 1.3,
    "lead": 1.45,
    "principal": 1.7,
    "manager": 1.5,
    None: 1.0,
}
TITLE_PREFIX = {
    "intern": "Intern",
    "entry": "Junior",
    "mid": "",
    "senior": "Senior",
    "lead": "Lead",
    "principal": "Principal",
    "manager": "Manager,",
    None: "",
}
FX = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27}
PERIOD_DIV = {"year": 1, "month": 12, "hour": 2080}


def generate(path: Path, n: int, seed: int = 7) -> None:
    """A DB of ``n`` postings with tags and ~6 skills each at tagger version ``bench-v1``."""
    rng = np.random.default_rng(seed)
    db = open_db(path)
    write_skills(db, [{"id": i, "name": nm, "category": c} for i, nm, c in SKILLS])
    tagdiff.register_version(db, VERSION, dictionary_version="bench", n_skills=len(SKILLS), components={})
    tagdiff.switch_current_version(db, VERSION)
    now = datetime(2025, 6, 30, tzinfo=UTC)
    role_idx = rng.choice(len(ROLES), size=n, p=[r[2] for r in ROLES])
    level_idx = rng.choice(len(LEVELS), size=n, p=LEVEL_P)
    metro_idx = rng.integers(0, len(METROS), size=n)
    remote = rng.choice(["remote", "hybrid", "onsite", "unknown"], size=n, p=[0.15, 0.25, 0.45, 0.15])
    company = rng.zipf(1.6, size=n) % 3000
    age = rng.integers(0, 180, size=n)
    life = rng.integers(1, 90, size=n)
    closed = (age - life) > 0
    has_salary = rng.random(n) < 0.45
    currency = rng.choice(list(FX), size=n, p=[0.85, 0.10, 0.05])
    period = rng.choice(list(PERIOD_DIV), size=n, p=[0.9, 0.05, 0.05])
    basis = rng.choice(["stated", "parsed", "inferred", "estimated"], size=n, p=[0.6, 0.2, 0.1, 0.1])
    kind = np.where(rng.random(n) < 0.95, "base", "ote")
    noise = rng.lognormal(0.0, 0.25, size=n)
    spread = rng.uniform(1.1, 1.5, size=n)
    one_bound = rng.random(n) < 0.1
    # Sources publish a few days before the crawler first sees a posting; some state no date at all.
    posted_lag = rng.integers(0, 8, size=n)
    posted_hour = rng.integers(0, 24, size=n)
    has_posted = rng.random(n) < 0.9
    conn = db.conn
    with db.atomic():
        postings, tags, skills = [], [], []
        for i in range(n):
            role, family, _, base = ROLES[role_idx[i]]
            level = LEVELS[level_idx[i]]
            metro, city, country = METROS[metro_idx[i]]
            first = now - timedelta(days=int(age[i]))
            last = first + timedelta(days=int(min(life[i], age[i])))
            closed_at = (last + timedelta(days=1)).isoformat() if closed[i] else None
            posted = None
            if has_posted[i]:
                day = first - timedelta(days=int(posted_lag[i]))
                posted = f"{day.date().isoformat()}T{posted_hour[i]:02d}:00:00-05:00"
            title = f"{TITLE_PREFIX[level]} {role or 'Software Engineer'}".strip()
            postings.append(
                (
                    i + 1,
                    "bench",
                    str(i + 1),
                    f"https://example.test/{i + 1}",
                    title,
                    f"Company {company[i]}",
                    posted,
                    first.isoformat(),
                    last.isoformat() if closed_at else now.isoformat(),
                    closed_at,
                )
            )
            smin = smax = amin = amax = cur = per = None
            if has_salary[i]:
                annual = base * LEVEL_MULT[level] * noise[i]
                cur, per = str(currency[i]), str(period[i])
                amin, amax = annual, annual * spread[i]
                if one_bound[i]:
                    amax = None
                smin = round(amin / FX[cur] / PERIOD_DIV[per], 2)
                smax = round(amax / FX[cur] / PERIOD_DIV[per], 2) if amax else None
            tags.append(
                (
                    i + 1,
                    VERSION,
                    role,
                    family,
                    level,
                    BUCKET[level],
                    str(remote[i]),
                    smin,
                    smax,
                    cur,
                    per,
                    str(basis[i]) if has_salary[i] else None,
                    str(kind[i]) if has_salary[i] else None,
                    amin,
                    amax,
                    metro,
                    city,
                    country,
                )
            )
            k = 3 + (i * 7919) % 6
            start = (role_idx[i] * 3 + i) % len(SKILLS)
            for j in range(k):
                sid = (
                    SKILLS[(start + j * (1 + role_idx[i] % 3)) % len(SKILLS)][0]
                    if j
                    else SKILLS[role_idx[i] % 4][0]
                )
                skills.append((i + 1, VERSION, sid, 0 if (i + j) % 11 == 0 else 1, 1))
            if len(postings) >= 50_000 or i == n - 1:
                conn.executemany(
                    "INSERT INTO postings (id, source, source_id, url, title, company, date_posted,"
                    " first_seen, last_seen, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    postings,
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO posting_skills (posting_id, tagger_version, skill_id, counted,"
                    " required) VALUES (?, ?, ?, ?, ?)",
                    skills,
                )
                conn.executemany(
                    "INSERT INTO tags (posting_id, tagger_version, role, role_family, seniority_level,"
                    " seniority_bucket, remote, salary_min, salary_max, salary_currency, salary_period,"
                    " salary_basis, salary_kind, annual_usd_min, annual_usd_max, metro, city, country)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    tags,
                )
                postings, tags, skills = [], [], []
    conn.execute("ANALYZE")


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=None, help="reuse/keep this DB file")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-site", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each head-to-head (best and median)")
    args = ap.parse_args(argv)
    tmp = tempfile.TemporaryDirectory()
    path = args.db or Path(tmp.name) / "bench.db"
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, args.n)
        print(f"generated {args.n:,} postings in {time.perf_counter() - t0:.1f} s ({path})")
    db = open_db(path)  # applies pending migrations (the compare indexes) before timing
    roles = ["AI/ML Engineer", "MLOps Engineer"]
    for label, opts in (
        ("open, defaults", CompareOptions()),
        ("all, no trend", CompareOptions(scope="all", trend_weeks=0)),
    ):
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            h2h = role_head_to_head(db, roles, options=opts)
            times.append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        render_markdown(h2h), render_json(h2h), render_html(h2h)
        t2 = time.perf_counter()
        print(
            f"head-to-head ({label}): best {min(times):.2f} s, median {statistics.median(times):.2f} s"
            f" of {len(times)} ({', '.join(f'{t:.2f}' for t in times)});"
            f" {t2 - t1:.3f} s render all formats; n={h2h.roles[0].postings:,}/{h2h.roles[1].postings:,}"
        )
    if not args.no_site:
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as out:
            pages = write_site(db, out)
        print(f"site: {len(pages)} pages in {time.perf_counter() - t0:.2f} s")
    print(f"peak RSS: {_peak_rss_mb():.0f} MB")
    if args.keep and args.db is None:
        print("--keep needs --db")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
