"""Store pipeline: validate postings, upsert them in batches, record one crawl run per board.

A crawl writes to the SQLite file at ``JOBINTEL_DB`` (the pipeline is off without it). Postings are
buffered per board and flushed every ``JOBINTEL_BATCH_SIZE`` items through ``store.upsert_postings``
(one transaction per batch) and on close. New/updated/unchanged/merged counts go to the crawler stats
under ``jobintel/postings/...``; invalid items are dropped with a counted reason, never a crash.

At close, each board's run is finished in one transaction with its lifecycle effect: a *complete*
board closes its postings that this crawl did not list; a partial or failed one closes nothing. A
crawl cut short (SIGINT, a stop) is never complete. Runs left ``running`` by a killed crawl are
marked failed when the next crawl opens the store.

Settings: ``JOBINTEL_DB`` (path), ``JOBINTEL_BATCH_SIZE`` (default 200), ``JOBINTEL_DEDUPE``
(default True: cross-source duplicates become links, see ``store/dedupe.py``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from jobintel.errors import StoreError
from jobintel.models import WORKPLACES, Posting
from jobintel.store import (
    UpsertResult,
    finish_board_crawl,
    mark_interrupted_runs,
    open_db,
    start_crawl_run,
    upsert_postings,
)

__all__ = ["StorePipeline", "board_results", "crawl_merges"]

logger = logging.getLogger(__name__)

BOARD_RESULTS_STAT = "jobintel/board_results"
MERGES_STAT = "jobintel/merges"


class StorePipeline:
    """Batched, validated writes of ``Posting`` items into the jobintel store."""

    def __init__(self, crawler: Crawler, db_path: str, batch_size: int, *, dedupe: bool = True):
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = db_path
        self.batch_size = max(1, batch_size)
        self.dedupe = dedupe
        self.db: Any = None
        self.run_ids: dict[str, int] = {}
        self.buffers: dict[str, list[Posting]] = defaultdict(list)
        self.results: dict[str, UpsertResult] = defaultdict(UpsertResult)
        self.dropped: dict[str, int] = defaultdict(int)
        # Problems the spider's board bookkeeping cannot see: a failed batch, a callback that raised.
        self.failures: dict[str, list[str]] = defaultdict(list)
        self.seen: set[tuple[str, str]] = set()
        # Every source_id listed per board, across batches: what a complete crawl keeps open.
        self.seen_ids: dict[str, set[str]] = defaultdict(set)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        db_path = crawler.settings.get("JOBINTEL_DB")
        if not db_path:
            raise NotConfigured("JOBINTEL_DB is not set: postings are not stored")
        pipeline = cls(
            crawler,
            str(db_path),
            crawler.settings.getint("JOBINTEL_BATCH_SIZE", 200),
            dedupe=crawler.settings.getbool("JOBINTEL_DEDUPE", True),
        )
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        return pipeline

    # -- lifecycle ---------------------------------------------------------------------------------

    def open_spider(self) -> None:
        self.db = open_db(self.db_path)
        interrupted = mark_interrupted_runs(self.db)
        if interrupted:
            logger.warning("marked %d crawl run(s) of a killed crawl as failed (interrupted)", interrupted)
        spider = self.crawler.spider
        for board in getattr(spider, "board_status", {}):
            self.run_ids[board] = start_crawl_run(self.db, spider.name, board)

    def close_spider(self) -> None:
        spider = self.crawler.spider
        for board in list(self.buffers):
            self._flush(board)
        cut_short = self._cut_short()
        statuses = getattr(spider, "board_status", {})
        results = []
        for board in dict.fromkeys([*self.run_ids, *statuses]):
            run_id = self._run_id(board)
            status = statuses.get(board)
            result = self.results[board]
            state = status.status if status else "failed"
            reason = status.reason if status else "not fetched"
            if status and status.fetched == 0 and not status.failed:
                reason = reason or "not fetched (crawl stopped early)"
            if state == "complete" and (self.dropped[board] or self.failures[board] or cut_short):
                state = "partial"
                reason = reason or (self.failures[board][:1] or [cut_short or "dropped postings"])[0]
            run_stats = {
                "new": result.new,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "merged": result.merged,
                "dropped": self.dropped[board],
                "errors": ((status.failed + status.errors) if status else 1) + len(self.failures[board]),
                "reason": reason,
            }
            closed = finish_board_crawl(
                self.db,
                run_id,
                state,
                run_stats,
                source=spider.name,
                board=board or None,
                seen_source_ids=self.seen_ids[board],
            )
            self.stats.inc_value("jobintel/postings/closed", len(closed))
            results.append(
                {
                    "source": spider.name,
                    "board": board,
                    "status": state,
                    "run_id": run_id,
                    **run_stats,
                    "closed": len(closed),
                }
            )
        self.stats.set_value(BOARD_RESULTS_STAT, results)
        self.stats.set_value(MERGES_STAT, [m.to_dict() for r in self.results.values() for m in r.merges])
        self.db.close()

    def _cut_short(self) -> str | None:
        """Why this crawl did not run to its natural end, or ``None`` when it did.

        Scrapy closes pipelines before it tells anyone the close reason; a stopped crawler
        (SIGINT, ``crawler.stop()``) is no longer ``crawling``, and requests still queued were dropped.
        """
        if not getattr(self.crawler, "crawling", True):
            return "interrupted"
        slot = getattr(getattr(self.crawler, "engine", None), "_slot", None)
        scheduler = getattr(slot, "scheduler", None)
        try:
            if scheduler is not None and scheduler.has_pending_requests():
                return "stopped with requests pending"
        except Exception:  # a custom scheduler may not support it: assume finished
            return None
        return None

    def spider_error(self, failure: Any, response: Any, spider: Any = None) -> None:
        # A callback that raised stopped yielding: its board's listing may be incomplete.
        board = response.meta.get("jobintel_board") if getattr(response, "request", None) else None
        if board is None:
            boards = getattr(self.crawler.spider, "boards", None)
            board = boards[0] if boards and len(boards) == 1 else urlsplit(response.url).netloc.lower()
        self.failures[board].append(f"spider error: {type(failure.value).__name__}")
        self.stats.inc_value("jobintel/errors")

    # -- items -------------------------------------------------------------------------------------

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Posting):
            self._drop(None, "not a Posting")
        board = item.board or ""
        if not (isinstance(item.title, str) and item.title.strip()):
            self._drop(board, "missing title")
        if not (isinstance(item.url, str) and item.url.strip()):
            self._drop(board, "missing url")
        if not str(item.source_id or "").strip():
            self._drop(board, "missing source_id")
        if not (isinstance(item.company, str) and item.company.strip()):
            self._drop(board, "missing company")
        if item.workplace is not None and item.workplace not in WORKPLACES:
            self._drop(board, "invalid workplace")
        key = (item.source, str(item.source_id))
        if key in self.seen:
            # The same posting twice (a listings page and its detail page) is not a data error.
            self._drop(None, "duplicate in this crawl")
        self.seen.add(key)
        self.seen_ids[board].add(str(item.source_id))
        self._run_id(board)
        self.buffers[board].append(item)
        if len(self.buffers[board]) >= self.batch_size:
            self._flush(board)
        return item

    def _run_id(self, board: str) -> int:
        # Boards not known at open (a sitemap pointing at another host) get their run on first sight.
        if board not in self.run_ids:
            self.run_ids[board] = start_crawl_run(self.db, self.crawler.spider.name, board or None)
        return self.run_ids[board]

    def _drop(self, board: str | None, reason: str) -> None:
        if board is not None:
            self.dropped[board] += 1
        self.stats.inc_value("jobintel/dropped")
        self.stats.inc_value(f"jobintel/dropped/{reason.replace(' ', '_')}")
        raise DropItem(reason)

    def _flush(self, board: str) -> None:
        batch = self.buffers.pop(board, [])
        if not batch:
            return
        try:
            result = upsert_postings(self.db, batch, run_id=self._run_id(board), dedupe=self.dedupe)
        except (sqlite3.Error, StoreError) as exc:
            # The batch rolled back as a whole; the board is partial, so nothing gets closed for it.
            logger.error("could not store %d postings of board %r: %s", len(batch), board, exc)
            self.failures[board].append(f"store error: {exc}")
            self.stats.inc_value("jobintel/errors")
            self.stats.inc_value("jobintel/postings/store_failed", len(batch))
            return
        self.results[board] += result
        for kind in ("new", "updated", "unchanged", "merged", "touched"):
            self.stats.inc_value(f"jobintel/postings/{kind}", getattr(result, kind))
        self.stats.inc_value("jobintel/postings/stored", len(batch))


def board_results(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-board outcome a finished crawl left in its stats (``[]`` when nothing was stored)."""
    return list(stats.get(BOARD_RESULTS_STAT) or [])


def crawl_merges(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """The cross-source merges a finished crawl made (``store.Merge.to_dict()`` rows)."""
    return list(stats.get(MERGES_STAT) or [])
