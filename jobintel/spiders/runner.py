"""Run crawl jobs in-process with Scrapy and summarise what was stored.

``run_crawl`` starts one ``CrawlerProcess`` with one crawler per ``CrawlJob``. The Twisted reactor
cannot be restarted, so call it once per process; tests (and anything else that needs several crawls)
run ``python -m jobintel.spiders.runner ...`` in a subprocess.

    python -m jobintel.spiders.runner --db jobs.db --source greenhouse --board acme \\
        --base-url http://127.0.0.1:8123 --set DOWNLOAD_DELAY=0 --json

>>> CrawlSummary(pages_fetched=1, postings_new=2).to_dict()["postings_new"]
2
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jobintel.errors import ConfigError, JobintelError
from jobintel.spiders.sources import CrawlJob, load_sources

__all__ = ["BoardResult", "CrawlSummary", "main", "run_crawl"]


@dataclass
class BoardResult:
    """The outcome of one board (or one host, for ``jsonld``): also its ``crawl_runs`` row."""

    source: str
    board: str | None
    status: str  # complete | partial | failed
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    dropped: int = 0
    errors: int = 0
    reason: str | None = None
    run_id: int | None = None
    merged: int = 0  # new to this source, stored as a link to another source's posting
    closed: int = 0  # postings this complete crawl no longer listed


@dataclass
class CrawlSummary:
    """Totals of one ``run_crawl`` call, for the CLI's summary and ``--json`` output."""

    pages_fetched: int = 0
    postings_new: int = 0
    postings_updated: int = 0
    postings_unchanged: int = 0
    errors: int = 0
    dropped: int = 0
    boards: list[BoardResult] = field(default_factory=list)
    duration_s: float = 0.0
    postings_merged: int = 0
    postings_closed: int = 0
    merges: list[dict[str, Any]] = field(default_factory=list)
    # Politeness/safety/data-quality counters by label (middlewares/problems.py) and hosts stopped.
    problems: dict[str, int] = field(default_factory=dict)
    stopped: list[str] = field(default_factory=list)

    @property
    def postings_stored(self) -> int:
        return self.postings_new + self.postings_updated + self.postings_unchanged + self.postings_merged

    @property
    def all_failed(self) -> bool:
        """True when no board got anywhere (the CLI's exit status 1)."""
        return bool(self.boards) and all(b.status == "failed" for b in self.boards)

    @property
    def ok(self) -> bool:
        """True when no board failed outright (partial boards still stored their postings)."""
        return all(b.status != "failed" for b in self.boards)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def render(self) -> str:
        """Multi-line human summary.

        >>> board = BoardResult("lever", "acme", "complete", new=2)
        >>> print(CrawlSummary(1, 2, boards=[board]).render().splitlines()[1])
          lever/acme  complete  2 new, 0 updated, 0 unchanged
        """
        n = len(self.boards)
        lines = [
            f"Crawled {n} board{'s' * (n != 1)} in {self.duration_s:.1f} s: "
            f"{self.pages_fetched} page{'s' * (self.pages_fetched != 1)}, "
            f"{self.postings_stored} postings stored ({self.postings_new} new, "
            f"{self.postings_updated} updated, {self.postings_unchanged} unchanged"
            f"{f', {self.postings_merged} merged' if self.postings_merged else ''}), "
            f"{self.dropped} dropped, {self.errors} errors"
        ]
        width = max((len(f"{b.source}/{b.board}") for b in self.boards), default=0)
        for b in self.boards:
            detail = f"{b.new} new, {b.updated} updated, {b.unchanged} unchanged"
            if b.merged:
                detail += f", {b.merged} merged"
            if b.closed:
                detail += f", {b.closed} closed"
            if b.dropped:
                detail += f", {b.dropped} dropped"
            if b.status != "complete" and b.reason:
                detail += f" ({b.reason})" if b.status == "partial" else ""
                detail = b.reason if b.status == "failed" else detail
            lines.append(f"  {f'{b.source}/{b.board}':<{width}}  {b.status:<8}  {detail}".rstrip())
        lines += _render_merges(self.merges)
        if self.problems:
            lines.append("Problems: " + ", ".join(f"{label} {n}" for label, n in self.problems.items()))
        lines += [f"  {message}" for message in self.stopped]
        return "\n".join(lines)


def _render_merges(merges: list[dict[str, Any]], limit: int = 20) -> list[str]:
    """``Merged 2 cross-source duplicates:`` and one line per merge (the first ``limit``)."""
    if not merges:
        return []
    lines = [f"Merged {len(merges)} cross-source duplicate{'s' * (len(merges) != 1)}:"]
    for m in merges[:limit]:
        lines.append(
            f"  {m['source']}/{m['source_id']} -> posting {m['posting_id']} "
            f"({m['other_source']}/{m['other_source_id']}) by {m['match']}"
            + (f" {m['score']:.0f}" if m["match"] == "fuzzy" else "")
            + f": {m['title']!r}"
        )
    if len(merges) > limit:
        lines.append(f"  ... and {len(merges) - limit} more")
    return lines


def run_crawl(
    jobs: list[CrawlJob],
    *,
    db_path: str | Path,
    settings: dict[str, Any] | None = None,
    progress: bool = True,
    verbose: bool = False,
) -> CrawlSummary:
    """Crawl every job into the SQLite store at ``db_path`` and return the summary.

    ``settings`` override the polite defaults (command-line priority), e.g. ``{"DOWNLOAD_DELAY": 0}``.
    ``progress`` shows the progress line when stderr is a TTY (``settings["JOBINTEL_PROGRESS"] = "force"``
    shows it anyway). Once per process: the reactor cannot restart.

    >>> run_crawl([], db_path=":memory:")
    Traceback (most recent call last):
    ...
    jobintel.errors.ConfigError: nothing to crawl: give boards, URLs or a sources file
    """
    if not jobs:
        raise ConfigError("nothing to crawl: give boards, URLs or a sources file")
    for job in jobs:
        job.validate()
    # Imported here so that `jobintel --help` and sources-file checks never pay for Scrapy.
    from scrapy.crawler import CrawlerProcess

    from jobintel.spiders import SPIDERS
    from jobintel.spiders.settings import build_settings
    from jobintel.store import open_db

    open_db(db_path).close()  # surface StoreError before the reactor starts
    overrides = {"JOBINTEL_PROGRESS": progress, **(settings or {}), "JOBINTEL_DB": str(db_path)}
    process = CrawlerProcess(build_settings(overrides, verbose=verbose))
    crawlers = []
    for job in jobs:
        crawler = process.create_crawler(SPIDERS[job.source])
        crawlers.append((job, crawler))
        process.crawl(crawler, **job.spider_kwargs())
    started = time.monotonic()
    process.start()
    summary = CrawlSummary(duration_s=round(time.monotonic() - started, 3))
    for job, crawler in crawlers:
        _add_crawler(summary, job, crawler.stats.get_stats() if crawler.stats else {})
    return summary


def _add_crawler(summary: CrawlSummary, job: CrawlJob, stats: dict[str, Any]) -> None:
    from jobintel.spiders.pipelines import board_results, crawl_merges

    summary.pages_fetched += int(stats.get("response_received_count", 0))
    summary.postings_new += int(stats.get("jobintel/postings/new", 0))
    summary.postings_updated += int(stats.get("jobintel/postings/updated", 0))
    summary.postings_unchanged += int(stats.get("jobintel/postings/unchanged", 0))
    summary.errors += int(stats.get("jobintel/errors", 0))
    summary.dropped += int(stats.get("jobintel/dropped", 0))
    summary.postings_merged += int(stats.get("jobintel/postings/merged", 0))
    summary.postings_closed += int(stats.get("jobintel/postings/closed", 0))
    summary.merges += crawl_merges(stats)
    from jobintel.spiders.middlewares.problems import crawl_problems, stopped_messages

    for label, count in crawl_problems(stats).items():
        summary.problems[label] = summary.problems.get(label, 0) + count
    summary.stopped += stopped_messages(stats)
    results = board_results(stats)
    if not results:
        # The pipeline never closed (the spider failed to start): every board counts as failed.
        boards = job.boards or [u for u in job.sitemaps + job.urls]
        summary.errors += 1
        summary.boards += [
            BoardResult(job.source, b, "failed", reason="crawl did not run (see log)") for b in boards
        ]
        return
    summary.boards += [BoardResult(**r) for r in results]


# -- python -m jobintel.spiders.runner --------------------------------------------------------------


def _parse_set(values: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set expects KEY=VALUE, got {item!r}")
        try:
            out[key.strip()] = json.loads(raw)
        except ValueError:
            out[key.strip()] = raw
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point for subprocess crawls; exit 0 when no board failed, 1 otherwise, 2 on bad options."""
    parser = argparse.ArgumentParser(
        prog="python -m jobintel.spiders.runner", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", required=True, help="SQLite file to write")
    parser.add_argument("--source", help="greenhouse, lever, ashby or jsonld")
    parser.add_argument("--board", action="append", default=[], help="board token (repeatable)")
    parser.add_argument("--base-url", help="replace the API's scheme and host, e.g. http://127.0.0.1:8123")
    parser.add_argument("--url", action="append", default=[], help="page URL for jsonld (repeatable)")
    parser.add_argument("--sitemap", action="append", default=[], help="sitemap URL for jsonld (repeatable)")
    parser.add_argument("--sources", help="sources TOML file")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="Scrapy/JOBINTEL setting"
    )
    parser.add_argument("--progress", choices=["auto", "force", "off"], default="auto")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    args = parser.parse_args(argv)
    try:
        jobs = load_sources(args.sources) if args.sources else []
        if args.source:
            job = CrawlJob(
                args.source, boards=args.board, base_url=args.base_url, urls=args.url, sitemaps=args.sitemap
            )
            jobs.append(job.validate("command line"))
        settings = _parse_set(args.set)
        if args.progress == "force":
            settings["JOBINTEL_PROGRESS"] = "force"
        summary = run_crawl(
            jobs, db_path=args.db, settings=settings, progress=args.progress != "off", verbose=args.verbose
        )
    except JobintelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(json.dumps(summary.to_dict(), indent=2) if args.json else summary.render())
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
