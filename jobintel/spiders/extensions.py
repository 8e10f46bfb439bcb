"""Crawl progress on stderr: a rich progress bar on a terminal, a plain line otherwise.

On a TTY: a bar of boards done out of boards to crawl, with pages, postings, errors and drops, redrawn
at most twice a second. Elsewhere (``"force"`` into a log): one plain line per update,
``crawl  pages 12  stored 340  errors 1  dropped 0  (greenhouse, lever)``. Several crawlers run in one
process (one per source), so every extension instance feeds one shared display. Setting
``JOBINTEL_PROGRESS``: ``False`` (off), ``True`` (only when stderr is a TTY) or ``"force"`` (always).
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

__all__ = ["ProgressExtension", "ProgressLine"]

_MIN_INTERVAL_S = 0.5


class ProgressLine:
    """The shared line: sums the stats of every registered crawler, redraws throttled."""

    def __init__(self, stream: TextIO, *, tty: bool):
        self.stream = stream
        self.tty = tty
        self.crawlers: list[Crawler] = []
        self.open = 0
        self.last_draw = 0.0
        self.drawn = False
        self.bar: Any = None
        self.task: Any = None

    def totals(self) -> dict[str, int]:
        out = {"pages": 0, "stored": 0, "errors": 0, "dropped": 0, "boards": 0, "boards_done": 0}
        for crawler in self.crawlers:
            boards = getattr(crawler.spider, "board_status", None) or {}
            out["boards"] += len(boards)
            # A board is done once its listing was parsed or failed; closed crawlers are all done.
            closed = getattr(crawler, "_jobintel_closed", False)
            out["boards_done"] += sum(1 for b in boards.values() if closed or b.fetched or b.failed)
            stats = crawler.stats.get_stats() if crawler.stats else {}
            out["pages"] += int(stats.get("response_received_count", 0))
            # Items that passed the pipeline; they reach SQLite at the next batch flush.
            out["stored"] += int(stats.get("item_scraped_count", 0))
            out["errors"] += int(stats.get("jobintel/errors", 0))
            out["dropped"] += int(stats.get("item_dropped_count", 0))
        return out

    def render(self) -> str:
        t = self.totals()
        names = ", ".join(dict.fromkeys(c.spider.name for c in self.crawlers if c.spider is not None))
        return (
            f"crawl  pages {t['pages']}  stored {t['stored']}  errors {t['errors']}  dropped {t['dropped']}"
            f"  ({names})"
        )

    def draw(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_draw < _MIN_INTERVAL_S:
            return
        self.last_draw = now
        if self.tty:
            self._draw_bar()
        else:
            self.stream.write(self.render() + "\n")
            self.stream.flush()
        self.drawn = True

    def _draw_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        t = self.totals()
        if self.bar is None:
            # auto_refresh off: no extra thread next to the reactor; we redraw from signals instead.
            self.bar = Progress(
                TextColumn("crawl"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("boards  {task.fields[detail]}"),
                TimeElapsedColumn(),
                console=Console(file=self.stream, force_terminal=True),
                auto_refresh=False,
            )
            self.task = self.bar.add_task("crawl", total=None, detail="")
            self.bar.start()
        detail = f"pages {t['pages']}  stored {t['stored']}  errors {t['errors']}  dropped {t['dropped']}"
        self.bar.update(self.task, completed=t["boards_done"], total=t["boards"] or None, detail=detail)
        self.bar.refresh()

    def finish(self) -> None:
        self.draw(force=True)
        if self.bar is not None:
            self.bar.stop()


_shared: ProgressLine | None = None


def _line(stream: TextIO, tty: bool) -> ProgressLine:
    # All crawlers of one process are created before the reactor starts, so they share this line;
    # a later process-wide run (after every crawler closed) starts a fresh one.
    global _shared
    if _shared is None or (_shared.open == 0 and _shared.drawn):
        _shared = ProgressLine(stream, tty=tty)
    return _shared


class ProgressExtension:
    """Scrapy extension feeding the shared ``ProgressLine`` from signals."""

    def __init__(self, crawler: Crawler, line: ProgressLine):
        self.crawler = crawler
        self.line = line

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        mode = crawler.settings.get("JOBINTEL_PROGRESS", False)
        stream = sys.stderr
        tty = bool(getattr(stream, "isatty", lambda: False)())
        if mode in (False, None, "", "0", "false", "False") or (mode != "force" and not tty):
            raise NotConfigured  # no message: Scrapy would log a message at WARNING
        ext = cls(crawler, _line(stream, tty))
        ext.line.crawlers.append(crawler)
        ext.line.open += 1
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        for signal in (signals.response_received, signals.item_scraped, signals.item_dropped):
            crawler.signals.connect(ext.tick, signal=signal)
        return ext

    def tick(self, *args: Any, **kwargs: Any) -> None:
        self.line.draw()

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.crawler._jobintel_closed = True  # type: ignore[attr-defined]
        self.line.open -= 1
        if self.line.open == 0:
            self.line.finish()
