"""Benchmark: an end-to-end crawl of one big Greenhouse board into SQLite, and what limits it.

A mock board of ``--postings`` jobs (default 10,000; ~``--words`` words of HTML each) is generated in
memory and served on 127.0.0.1. The real runner (``python -m jobintel.spiders.runner``) crawls it into a
temp SQLite file in a subprocess. Reported:

- postings/s of the crawl (the runner's own duration, and wall time including interpreter start);
- peak RSS of the crawl process (``getrusage(RUSAGE_CHILDREN)``);
- the unchanged re-crawl: time, and posting rows written (must be 0);
- where the time goes, two ways: a cProfile run of the same crawl (download + JSON, mapping,
  the one BeautifulSoup pass per description in SanitizePipeline, storage), and each stage timed
  alone in this process.

    uv run python bench/bench_crawl.py                     # 10,000 postings of ~400 words
    uv run python bench/bench_crawl.py --postings 2000 --no-profile

Numbers are from a shared 2-core machine: expect noise of +-20 %.
"""

from __future__ import annotations

import argparse
import cProfile  # noqa: F401 - documents that the profile below is cProfile's
import html
import json
import pstats
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).parent.parent
_WORDS = [
    "python",
    "pytorch",
    "kubernetes",
    "model",
    "training",
    "inference",
    "latency",
    "data",
    "pipelines",
    "we",
    "you",
    "will",
    "build",
    "ship",
    "team",
    "research",
    "production",
    "scale",
    "distributed",
    "systems",
    "evaluation",
    "deploy",
    "monitor",
    "gpu",
    "cluster",
    "experience",
    "years",
    "strong",
    "communication",
    "collaborate",
    "design",
    "review",
    "mentor",
    "own",
    "roadmap",
    "customers",
    "safety",
    "reliable",
]


def make_board(n: int, words: int, seed: int = 7) -> bytes:
    """A Greenhouse ``jobs?content=true`` payload of ``n`` jobs with ~``words`` words of HTML each."""
    rng = random.Random(seed)
    jobs = []
    for i in range(n):
        paras = []
        left = words
        while left > 0:
            k = min(left, rng.randint(30, 70))
            paras.append("<p>" + " ".join(rng.choices(_WORDS, k=k)) + ".</p>")
            left -= k
        items = "".join(f"<li>{' '.join(rng.choices(_WORDS, k=6))}</li>" for _ in range(5))
        content = f"<h2>About the role</h2>{''.join(paras)}<h3>Requirements</h3><ul>{items}</ul>"
        jobs.append(
            {
                "id": 4_000_000 + i,
                "title": f"{rng.choice(['Senior ', 'Staff ', ''])}ML Engineer {i}",
                "absolute_url": f"https://boards.greenhouse.io/bench/jobs/{4_000_000 + i}",
                "location": {"name": rng.choice(["San Francisco, CA", "London, UK", "Remote - US"])},
                "updated_at": "2025-09-30T12:00:00-04:00",
                "first_published": "2025-09-01T12:00:00-04:00",
                "content": html.escape(content),
                "company_name": "Bench AI",
                "departments": [{"name": "Research"}],
                "metadata": None,
            }
        )
    return json.dumps({"jobs": jobs, "meta": {"total": n}}).encode()


class BoardServer:
    """Serves the one board (and an allow-all robots.txt) on an ephemeral 127.0.0.1 port."""

    def __init__(self, body: bytes):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                data = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else body
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def crawl_cmd(db: Path, url: str, body_size: int) -> list[str]:
    settings = [
        "DOWNLOAD_DELAY=0",
        "AUTOTHROTTLE_ENABLED=false",
        "JOBINTEL_CONTACT=bench@example.org",
        "JOBINTEL_ALLOW_PRIVATE_ADDRESSES=true",
        "LOG_LEVEL=ERROR",
        # The default 32 MB cap (settings.py) is below a 10,000-job board with bodies: raise it here.
        f"DOWNLOAD_MAXSIZE={max(body_size * 2, 32 * 1024 * 1024)}",
        f"DOWNLOAD_WARNSIZE={max(body_size * 2, 16 * 1024 * 1024)}",
    ]
    cmd = ["-m", "jobintel.spiders.runner", "--db", str(db), "--json", "--progress", "off"]
    cmd += ["--source", "greenhouse", "--board", "bench", "--base-url", url]
    for s in settings:
        cmd += ["--set", s]
    return cmd


def run_crawl(cmd: list[str], *, profile: Path | None = None) -> tuple[dict, float]:
    prefix = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else [])
    started = time.perf_counter()
    proc = subprocess.run(prefix + cmd, capture_output=True, text=True, cwd=ROOT, timeout=1800)
    wall = time.perf_counter() - started
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.exit(f"crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    # cProfile may print nothing else on stdout with -o; the JSON summary is the last object.
    return json.loads(proc.stdout[proc.stdout.index("{") :]), wall


def profile_breakdown(path: Path) -> dict[str, float]:
    """Cumulative seconds of the stages, from the crawl's cProfile output."""
    stats = pstats.Stats(str(path))
    want = {
        "json": ("jobintel/spiders/base.py", "parse"),  # response.json() + the per-job loop
        "map": ("jobintel/spiders/greenhouse.py", "posting_from_greenhouse"),
        "clean_description": ("jobintel/spiders/sanitize.py", "clean_description"),
        "store": ("jobintel/spiders/pipelines.py", "_flush"),
        "upsert": ("jobintel/store/db.py", "upsert_postings"),
        "dedupe": ("jobintel/store/dedupe.py", "find_duplicate"),
        "sanitize": ("jobintel/spiders/sanitize.py", "process_item"),
        "pipelines": ("jobintel/spiders/pipelines.py", "process_item"),
        "json_loads": ("scrapy/http/response/text.py", "json"),
        "reactor": ("scrapy/crawler.py", "start"),
    }
    out = {k: 0.0 for k in want}
    for (file, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        for key, (suffix, name) in want.items():
            if func == name and file.endswith(suffix):
                out[key] += ct
    return out


def stage_timings(body: bytes, batch: int) -> dict[str, float]:
    """Each stage alone, in this process: JSON parse, mapping, the description pass, storage."""
    from jobintel.spiders.greenhouse import posting_from_greenhouse
    from jobintel.spiders.sanitize import clean_description
    from jobintel.store import open_db, upsert_postings

    t0 = time.perf_counter()
    jobs = json.loads(body)["jobs"]
    t1 = time.perf_counter()
    postings = [posting_from_greenhouse(j, board="bench", company="Bench AI") for j in jobs]
    t2 = time.perf_counter()
    t = time.perf_counter()
    for p in postings[:1000]:
        # What SanitizePipeline runs per posting: one parse, safe HTML and text.
        p.description_text = clean_description(p.description_html).text
    t_san = (time.perf_counter() - t) * len(jobs) / min(1000, len(jobs))
    for p in postings[1000:]:
        p.description_text = clean_description(p.description_html).text
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "stage.db")
        t3 = time.perf_counter()
        for i in range(0, len(postings), batch):
            upsert_postings(db, postings[i : i + batch], dedupe=True)
        t4 = time.perf_counter()
        for i in range(0, len(postings), batch):
            upsert_postings(db, postings[i : i + batch], dedupe=True)
        t5 = time.perf_counter()
    return {
        "json_loads": t1 - t0,
        "mapping": t2 - t1,
        "sanitize": t_san,
        "store_new": t4 - t3,
        "store_unchanged": t5 - t4,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=400)
    parser.add_argument("--batch", type=int, default=200, help="JOBINTEL_BATCH_SIZE (the default)")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run")
    args = parser.parse_args()

    t = time.perf_counter()
    body = make_board(args.postings, args.words)
    built = time.perf_counter() - t
    print(f"board: {args.postings:,} postings, {len(body) / 1e6:.1f} MB JSON (built in {built:.1f} s)")
    server = BoardServer(body)
    n = args.postings
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.db"
            cmd = crawl_cmd(db, server.url, len(body))
            summary, wall = run_crawl(cmd)
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            assert summary["postings_new"] == n, summary
            crawl_s = summary["duration_s"]
            print(f"crawl:    {n / crawl_s:7.0f} postings/s  ({crawl_s:.1f} s crawl, {wall:.1f} s wall)")
            print(f"peak RSS: {peak_mb:7.0f} MB (crawl process)")
            print(f"database: {db.stat().st_size / 1e6:.0f} MB")

            with sqlite3.connect(db) as conn:
                before = conn.execute("SELECT max(id) FROM crawl_runs").fetchone()[0]
            again, _ = run_crawl(cmd)
            with sqlite3.connect(db) as conn:
                written = conn.execute(
                    "SELECT count(*) FROM postings WHERE last_run_id > ?", (before,)
                ).fetchone()[0]
            print(
                f"re-crawl unchanged: {n / again['duration_s']:7.0f} postings/s"
                f" ({again['duration_s']:.1f} s),"
                f" {again['postings_unchanged']:,} unchanged, {written} posting rows written"
            )
            if not args.no_profile:
                prof = Path(tmp) / "crawl.prof"
                run_crawl(crawl_cmd(Path(tmp) / "prof.db", server.url, len(body)), profile=prof)
                b = profile_breakdown(prof)
                total = b["reactor"]
                print(
                    f"\ncProfile of a fresh crawl ({total:.1f} s reactor time, profiler overhead included):"
                )
                rest = total - b["json"] - b["sanitize"] - b["pipelines"]
                rows = [
                    ("Scrapy: download, scheduling, middlewares, signals", rest),
                    ("spider parse: JSON + mapping", b["json"]),
                    ("  of which response.json()", b["json_loads"]),
                    ("  of which mapping (posting_from_greenhouse)", b["map"]),
                    ("SanitizePipeline", b["sanitize"]),
                    ("  of which clean_description (1 parse)", b["clean_description"]),
                    ("StorePipeline", b["pipelines"]),
                    ("  of which storage (_flush: upsert batches)", b["store"]),
                    ("    of which dedupe lookups", b["dedupe"]),
                ]
                for label, secs in rows:
                    print(f"  {label:<46} {secs:6.1f} s  {100 * secs / total:4.0f} %")
    finally:
        server.close()

    s = stage_timings(body, args.batch)
    print("\nstages alone (this process):")
    print(f"  JSON parse             {s['json_loads']:6.2f} s  {n / s['json_loads']:9.0f} postings/s")
    print(f"  mapping                {s['mapping']:6.2f} s  {n / s['mapping']:9.0f} postings/s")
    print(f"  clean_description      {s['sanitize']:6.2f} s  {n / s['sanitize']:9.0f} postings/s")
    print(f"  store, new             {s['store_new']:6.2f} s  {n / s['store_new']:9.0f} postings/s")
    print(
        f"  store, unchanged       {s['store_unchanged']:6.2f} s  {n / s['store_unchanged']:9.0f} postings/s"
    )
    parsing = s["mapping"] + s["sanitize"]
    print(
        f"\nper posting: parsing HTML {1000 * parsing / n:.2f} ms (mapping + clean_description),"
        f" storage {1000 * s['store_new'] / n:.2f} ms, JSON {1000 * s['json_loads'] / n:.3f} ms;"
        f" the crawl spends {1000 * crawl_s / n:.2f} ms per posting end to end"
    )
    stages = {"parsing (mapping + one BeautifulSoup pass)": parsing, "storage": s["store_new"],
              "JSON parse": s["json_loads"]}  # fmt: skip
    slowest = max(stages, key=stages.__getitem__)
    rest = crawl_s - sum(stages.values())
    print(f"limit: {slowest}; Scrapy's own per-item machinery adds ~{max(rest, 0):.1f} s on top")


if __name__ == "__main__":
    main()
