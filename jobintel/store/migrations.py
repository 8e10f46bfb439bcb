"""Versioned schema migrations (sqlite-utils ``Migrations``): safe to re-run, applied in order.

Never edit a migration that has shipped; add a new one. Each runs in its own transaction.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

__all__ = ["SCHEMA_MIGRATIONS", "migrate"]

SCHEMA_MIGRATIONS = Migrations("jobintel")


@SCHEMA_MIGRATIONS()
def m001_postings(db: Database) -> None:
    db["postings"].create(
        {
            "id": int,
            "source": str,
            "source_id": str,
            "board": str,
            "url": str,
            "title": str,
            "company": str,
            "locations": str,  # JSON array, as the source gave them
            "description_html": str,
            "description_text": str,
            "date_posted": str,
            # Structured salary exactly as the source stated it (never parsed from prose).
            "salary_min": float,
            "salary_max": float,
            "salary_currency": str,
            "salary_period": str,
            "salary_basis": str,
            "salary_text": str,
            "workplace": str,
            "employment_type": str,
            "department": str,
            "seniority_hint": str,
            "raw": str,
            "content_hash": str,
            "first_seen": str,
            "last_seen": str,
            "closed_at": str,
            "last_run_id": int,
        },
        pk="id",
        not_null={"source", "source_id", "url", "title", "company", "first_seen", "last_seen"},
    )
    db["postings"].create_index(["source", "source_id"], unique=True)
    db["postings"].create_index(["source", "board"])
    db["postings"].create_index(["first_seen"])

    db["crawl_runs"].create(
        {
            "id": int,
            "source": str,
            "board": str,
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | complete | partial | failed
            "stats": str,  # JSON
        },
        pk="id",
    )


@SCHEMA_MIGRATIONS()
def m002_tags(db: Database) -> None:
    db["tagger_versions"].create(
        {
            "version": str,
            "created_at": str,
            "dictionary_version": str,
            "n_skills": int,
            "components": str,  # JSON: versions of every input that changes tags
        },
        pk="version",
    )
    db["skills"].create(
        {"id": str, "name": str, "category": str},
        pk="id",
    )
    db["tags"].create(
        {
            "posting_id": int,
            "tagger_version": str,
            "role": str,
            "role_family": str,
            "role_basis": str,
            "seniority_level": str,
            "seniority_bucket": str,
            "seniority_basis": str,
            "remote": str,
            "remote_basis": str,
            "remote_region": str,
            "salary_min": float,
            "salary_max": float,
            "salary_currency": str,
            "salary_period": str,
            "salary_basis": str,
            "salary_kind": str,
            "salary_text": str,
            "annual_usd_min": float,
            "annual_usd_max": float,
            "metro": str,
            "city": str,
            "region": str,
            "country": str,
            "locations": str,  # JSON list of normalized locations
            "tagged_at": str,
        },
        pk=("posting_id", "tagger_version"),
        foreign_keys=[("posting_id", "postings", "id")],
    )
    db["tags"].create_index(["tagger_version", "role"])
    db["posting_skills"].create(
        {
            "posting_id": int,
            "tagger_version": str,
            "skill_id": str,
            "counted": int,  # 0 when the skill occurs only in company/benefits/EEO boilerplate
            "required": int,  # 1 required, 0 preferred, NULL unknown
            "section": str,
            "match": str,  # exact | fuzzy
            "score": float,
            "n_mentions": int,
            "evidence": str,  # JSON list of {text, start, end, section, match, score}
        },
        pk=("posting_id", "tagger_version", "skill_id"),
        foreign_keys=[("posting_id", "postings", "id")],
    )
    db["posting_skills"].create_index(["tagger_version", "skill_id"])
    db["meta"].create({"key": str, "value": str}, pk="key")


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied (empty when up to date)."""
    pending = [m.name for m in SCHEMA_MIGRATIONS.pending(db)]
    SCHEMA_MIGRATIONS.apply(db)
    return pending
