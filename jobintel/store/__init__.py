"""SQLite store (sqlite-utils): schema, migrations, batched writes and the read-side queries."""

from jobintel.store.db import (
    CURRENT_TAGGER_KEY,
    PostingText,
    UpsertResult,
    count_postings,
    finish_crawl_run,
    get_meta,
    iter_postings_to_tag,
    now_iso,
    open_db,
    record_tagger_version,
    set_meta,
    start_crawl_run,
    upsert_postings,
    write_skills,
    write_tags,
)

__all__ = [
    "CURRENT_TAGGER_KEY",
    "PostingText",
    "UpsertResult",
    "count_postings",
    "finish_crawl_run",
    "get_meta",
    "iter_postings_to_tag",
    "now_iso",
    "open_db",
    "record_tagger_version",
    "set_meta",
    "start_crawl_run",
    "upsert_postings",
    "write_skills",
    "write_tags",
]
