"""Benchmark: re-tag N stored postings (~400 words each) after a one-alias dictionary change.

Generates a corpus into a temporary SQLite file (fast ``executemany``), tags it once with the shipped
dictionary, then re-tags it with a user dictionary that adds one alias ("PG" for PostgreSQL), once with
1 worker and once with 2 (the second run starts from the same state: the first run's rows are deleted).
Reports postings/s, the share of time in reading (incl. comparing with the old rows), tagging and
writing, and peak RSS of the parent and of the worker processes.

Target (issue 6): 100,000 postings in under 5 minutes on 2 cores, memory independent of corpus size.

    uv run python bench/bench_retag.py --n 20000     # quick
    uv run python bench/bench_retag.py               # 100,000
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

_PLAIN = [
    "the",
    "team",
    "will",
    "work",
    "with",
    "our",
    "customers",
    "to",
    "build",
    "and",
    "improve",
    "reliable",
    "systems",
    "that",
    "scale",
    "across",
    "regions",
    "you",
    "will",
    "own",
    "projects",
    "end",
    "to",
    "end",
    "collaborate",
    "with",
    "product",
    "design",
    "and",
    "research",
    "partners",
    "write",
    "clear",
    "documentation",
    "review",
    "code",
    "mentor",
    "engineers",
    "and",
    "help",
    "shape",
    "our",
    "roadmap",
    "we",
    "value",
    "curiosity",
    "ownership",
    "and",
    "kindness",
    "experience",
    "in",
    "a",
    "fast",
    "paced",
    "environment",
    "strong",
    "communication",
    "skills",
    "problem",
    "solving",
]
_TECH = (
    "Python", "PyTorch", "TensorFlow", "Kubernetes", "Docker", "AWS", "GCP", "Azure", "Terraform", "Spark",
    "Airflow", "dbt", "Snowflake", "PostgreSQL", "Redis", "Kafka", "Go", "Rust", "Java", "TypeScript",
    "React", "MLflow", "Kubeflow", "Ray", "LangChain", "SQL", "Pandas", "NumPy", "scikit-learn", "Linux",
    "Git", "CI/CD",
)  # fmt: skip
_TITLES = (
    "Machine Learning Engineer",
    "MLOps Engineer",
    "Data Engineer",
    "Data Scientist",
    "Backend Engineer",
)
ALIAS_FILE = "skills:\n  - id: postgresql\n    aliases: [PG]\n"


def _text(rng: random.Random, words: int) -> str:
    def para(n: int) -> str:
        out = []
        for _ in range(n):
            out.append(rng.choice(_TECH) if rng.random() < 0.12 else rng.choice(_PLAIN))
        return " ".join(out)

    share = words // 5
    pg = " We run PG at scale." if rng.random() < 0.05 else ""
    return (
        f"About us\n{para(share)}.\n\nWhat you'll do\n- {para(share)}.\n- {para(share)}.\n\n"
        f"Requirements\n- {para(share)}.{pg}\n- {para(share // 2)}.\n\nBenefits\n{para(share // 2)}.\n"
    )


def generate(path: Path, n: int, words: int, seed: int = 7) -> None:
    from jobintel.store import open_db

    db = open_db(path)
    rng = random.Random(seed)
    now = "2026-01-01T00:00:00+00:00"
    sql = (
        "INSERT INTO postings (source, source_id, url, title, company, locations, description_text,"
        " content_hash, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    for start in range(0, n, 5000):
        rows = []
        for i in range(start, min(n, start + 5000)):
            text = _text(rng, words)
            h = hashlib.sha1(text.encode()).hexdigest()
            rows.append(
                ("bench", str(i), f"u/{i}", rng.choice(_TITLES), "Acme", '["Remote - US"]', text, h, now, now)
            )
        with db.conn:
            db.conn.executemany(sql, rows)
    # posting_links exists in newer schemas; the tagger does not read it
    db.conn.close()


def _peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--words", type=int, default=400)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts to measure")
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument("--dir", help="keep the database here instead of a temp dir")
    args = ap.parse_args()

    from jobintel.nlp.tagger import Tagger
    from jobintel.store import CURRENT_TAGGER_KEY, open_db, set_meta
    from jobintel.tagging import tag_postings

    tmp = Path(args.dir or tempfile.mkdtemp(prefix="jobintel-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    db_path = tmp / "bench.db"
    if db_path.exists():
        db_path.unlink()
    t0 = time.perf_counter()
    generate(db_path, args.n, args.words)
    print(
        f"generated {args.n:,} postings of ~{args.words} words in {time.perf_counter() - t0:.1f}s"
        f" -> {db_path}"
    )
    user = tmp / "alias.yaml"
    user.write_text(ALIAS_FILE, encoding="utf-8")
    old, new = Tagger.default(), Tagger.from_files([user])
    db = open_db(db_path)
    first = tag_postings(db, old, batch_size=args.batch_size, workers=2)
    print(f"initial tag: {first.render()}")
    results = []
    for workers in [int(w) for w in args.workers.split(",")]:
        with db.atomic():  # back to the state right after the initial tag
            for table in ("posting_skills", "tags"):
                db.conn.execute(f"DELETE FROM {table} WHERE tagger_version = ?", (new.version,))
            set_meta(db, CURRENT_TAGGER_KEY, old.version)
        s = tag_postings(db, new, stale_only=True, batch_size=args.batch_size, workers=workers)
        total = sum(s.timings.values()) or 1.0
        shares = ", ".join(f"{k} {v / total:.0%}" for k, v in s.timings.items())
        results.append((workers, s))
        print(
            f"re-tag, {workers} worker(s): {s.tagged:,} postings in {s.seconds:.1f}s = {s.rate:,.0f}/s; "
            f"{s.changed:,} changed, {s.unchanged:,} unchanged; time: {shares}"
        )
    print(
        f"peak RSS: parent {_peak_mib(resource.RUSAGE_SELF):.0f} MiB, "
        f"largest worker {_peak_mib(resource.RUSAGE_CHILDREN):.0f} MiB"
    )
    print(
        f"db size: {db_path.stat().st_size / 2**20:.0f} MiB; cores: {os.cpu_count()}; load: {os.getloadavg()}"
    )
    best = min(s.seconds for _, s in results)
    print(f"target 100k < 300 s: projected {best * 100_000 / max(1, args.n):.0f} s at the best rate")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
