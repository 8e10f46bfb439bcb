"""SQLite store (sqlite-utils): schema, migrations, batched writes and the read-side queries."""

from jobintel.store.db import (
    CURRENT_TAGGER_KEY,
    Merge,
    PostingText,
    UpsertResult,
    count_postings,
    get_meta,
    iter_postings_to_tag,
    now_iso,
    open_db,
    set_meta,
    upsert_postings,
    write_skills,
)
from jobintel.store.lifecycle import (
    close_missing_postings,
    finish_board_crawl,
    finish_crawl_run,
    mark_interrupted_runs,
    start_crawl_run,
)

__all__ = [
    "CURRENT_TAGGER_KEY",
    "Merge",
    "PostingText",
    "UpsertResult",
    "close_missing_postings",
    "count_postings",
    "finish_board_crawl",
    "finish_crawl_run",
    "get_meta",
    "iter_postings_to_tag",
    "mark_interrupted_runs",
    "now_iso",
    "open_db",
    "set_meta",
    "start_crawl_run",
    "upsert_postings",
    "write_skills",
]
