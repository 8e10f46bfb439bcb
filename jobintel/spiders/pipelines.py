"""Store pipeline: validate postings, upsert them in batches, record one crawl run per board.

A crawl writes to the SQLite file at ``JOBINTEL_DB`` (the pipeline is off without it). Postings are
buffered per board and flushed every ``JOBINTEL_BATCH_SIZE`` items through ``store.upsert_postings``
(one transaction per batch) and on close. New/updated/unchanged counts go to the crawler stats under
``jobintel/postings/...``; invalid items are dropped with a counted reason, never a crash.

Settings: ``JOBINTEL_DB`` (path), ``JOBINTEL_BATCH_SIZE`` (default 200).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from jobintel.models import WORKPLACES, Posting
from jobintel.store import UpsertResult, finish_crawl_run, open_db, start_crawl_run, upsert_postings

__all__ = ["StorePipeline", "board_results"]

logger = logging.getLogger(__name__)

BOARD_RESULTS_STAT = "jobintel/board_results"


class StorePipeline:
    """Batched, validated writes of ``Posting`` items into the jobintel store."""

    def __init__(self, crawler: Crawler, db_path: str, batch_size: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = db_path
        self.batch_size = max(1, batch_size)
        self.db: Any = None
        self.run_ids: dict[str, int] = {}
        self.buffers: dict[str, list[Posting]] = defaultdict(list)
        self.results: dict[str, UpsertResult] = defaultdict(UpsertResult)
        self.dropped: dict[str, int] = defaultdict(int)
        self.seen: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        db_path = crawler.settings.get("JOBINTEL_DB")
        if not db_path:
            raise NotConfigured("JOBINTEL_DB is not set: postings are not stored")
        return cls(crawler, str(db_path), crawler.settings.getint("JOBINTEL_BATCH_SIZE", 200))

    # -- lifecycle ---------------------------------------------------------------------------------

    def open_spider(self) -> None:
        self.db = open_db(self.db_path)
        spider = self.crawler.spider
        for board in getattr(spider, "board_status", {}):
            self.run_ids[board] = start_crawl_run(self.db, spider.name, board)

    def close_spider(self) -> None:
        spider = self.crawler.spider
        for board in list(self.buffers):
            self._flush(board)
        statuses = getattr(spider, "board_status", {})
        results = []
        for board in dict.fromkeys([*self.run_ids, *statuses]):
            run_id = self._run_id(board)
            status = statuses.get(board)
            result = self.results[board]
            state = status.status if status else "failed"
            if state == "complete" and self.dropped[board]:
                state = "partial"
            reason = status.reason if status else "not fetched"
            if status and status.fetched == 0 and not status.failed:
                reason = reason or "not fetched (crawl stopped early)"
            run_stats = {
                "new": result.new,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "dropped": self.dropped[board],
                "errors": (status.failed + status.errors) if status else 1,
                "reason": reason,
            }
            finish_crawl_run(self.db, run_id, state, run_stats)
            results.append(
                {"source": spider.name, "board": board, "status": state, "run_id": run_id, **run_stats}
            )
        self.stats.set_value(BOARD_RESULTS_STAT, results)
        self.db.close()

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
        result = upsert_postings(self.db, batch, run_id=self._run_id(board))
        self.results[board] += UpsertResult(result.new, result.updated, result.unchanged)
        for kind in ("new", "updated", "unchanged"):
            self.stats.inc_value(f"jobintel/postings/{kind}", getattr(result, kind))
        self.stats.inc_value("jobintel/postings/stored", len(batch))


def board_results(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-board outcome a finished crawl left in its stats (``[]`` when nothing was stored)."""
    return list(stats.get(BOARD_RESULTS_STAT) or [])
