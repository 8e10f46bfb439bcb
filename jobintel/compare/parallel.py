"""Run independent read-only queries concurrently, one SQLite connection per worker thread.

sqlite3 releases the GIL while a statement runs, so threads give real parallelism on the few
heavy scans of a comparison. WAL mode (``open_db``) lets these readers run beside a writer.
In-memory databases cannot be shared between connections: they run inline, in order.

>>> with QueryPool(db, workers=2) as pool:  # doctest: +SKIP
...     n = pool.submit(lambda d: d.execute("select count(*) from postings").fetchone()[0]).result()
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

__all__ = ["QueryPool"]

T = TypeVar("T")
#: Per reader: a 64 MiB page cache and GROUP BY sorters in memory rather than temp files. No
#: mmap_size: at a million postings it saved no measurable time and tripled the reported RSS.
_READ_PRAGMAS = (
    "PRAGMA busy_timeout=30000",
    "PRAGMA cache_size=-65536",
    "PRAGMA temp_store=MEMORY",
)


def _file_path(db: Database) -> str | None:
    for _, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or None
    return None


class QueryPool:
    """A thread pool whose tasks receive their own read-only ``Database`` as first argument."""

    def __init__(self, db: Database, workers: int):
        self.db = db
        self._path = _file_path(db)
        self.workers = workers if self._path and workers > 1 else 1
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._ex = (
            ThreadPoolExecutor(self.workers, thread_name_prefix="jobintel-compare")
            if self.workers > 1
            else None
        )

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self._ex is None:
            done: Future[T] = Future()
            try:
                done.set_result(fn(self.db, *args))
            except Exception as exc:  # delivered by .result(), as a real pool would
                done.set_exception(exc)
            return done
        return self._ex.submit(self._run, fn, args)

    def _run(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        db = getattr(self._local, "db", None)
        if db is None:
            uri = Path(self._path).resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            for pragma in _READ_PRAGMAS:
                conn.execute(pragma)
            with self._lock:
                self._conns.append(conn)
            db = self._local.db = Database(conn)
        return fn(db, *args)

    def close(self) -> None:
        if self._ex is not None:
            self._ex.shutdown(wait=True)
        for conn in self._conns:
            conn.close()
        self._conns.clear()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
