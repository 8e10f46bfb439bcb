"""``jobintel demo``: the whole pipeline offline, on the bundled SAMPLE boards.

Serves ``jobintel/demo/samples`` on 127.0.0.1 (ephemeral port), crawls it with the real spiders, tags,
compares AI/ML Engineer vs MLOps Engineer, writes the DB and the exports, and stops the server.
Re-running is safe: postings are upserted, so counts do not change.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin

__all__ = ["DEMO_ROLES", "demo_crawl_settings", "run_demo"]

DEMO_ROLES = ("AI/ML Engineer", "MLOps Engineer")


def demo_crawl_settings() -> dict:
    """Settings for crawling our own loopback server: no delay needed, loopback explicitly allowed."""
    return {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "JOBINTEL_ALLOW_PRIVATE_ADDRESSES": True,
        "JOBINTEL_GREENHOUSE_PAY_DETAILS": True,
    }


def _sample_jobs(base_url: str):
    from jobintel.spiders.sources import load_sources

    sources_file = resources.files("jobintel.demo").joinpath("samples", "sources.toml")
    with resources.as_file(sources_file) as path:
        jobs = load_sources(path)
    return [
        dataclasses.replace(
            job,
            base_url=base_url,
            urls=[urljoin(base_url, u) for u in job.urls],
            sitemaps=[urljoin(base_url, s) for s in job.sitemaps],
        )
        for job in jobs
    ]


def run_demo(*, out_dir: Path, db_path: Path, echo: Callable[[str], None] = print) -> str:
    """Run crawl -> tag -> compare on the sample boards; return the Markdown head-to-head."""
    from jobintel import compare as cmp
    from jobintel.demo.server import SampleBoardServer
    from jobintel.spiders.runner import run_crawl
    from jobintel.store import count_postings, open_db
    from jobintel.tagging import tag_postings

    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with SampleBoardServer() as server:
        echo(f"Serving SAMPLE boards (fictional companies) at {server.base_url}")
        jobs = _sample_jobs(server.base_url)
        summary = run_crawl(jobs, db_path=str(db_path), settings=demo_crawl_settings(), progress=False)
    echo(summary.render())

    db = open_db(db_path)
    tagged = tag_postings(db)
    echo(tagged.render())

    h2h = cmp.role_head_to_head(db, list(DEMO_ROLES))
    markdown = cmp.render_markdown(h2h)
    exports = {
        "h2h.md": markdown,
        "h2h.json": cmp.render_json(h2h),
        "h2h.csv": cmp.render_csv(h2h),
        "h2h.html": cmp.render_html(h2h),
    }
    for name, text in exports.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    echo(
        f"Database: {db_path} ({count_postings(db):,} postings). Exports: "
        + ", ".join(str(out_dir / n) for n in exports)
        + f". Took {time.perf_counter() - started:.1f}s."
    )
    echo("")
    return markdown
