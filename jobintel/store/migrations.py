"""Versioned schema migrations (sqlite-utils ``Migrations``): safe to re-run, applied in order.

Never edit a migration that has shipped; add a new one. Each runs in its own transaction.
"""

from __future__ import annotations

import logging

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

__all__ = ["SCHEMA_MIGRATIONS", "migrate"]

log = logging.getLogger(__name__)

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


@SCHEMA_MIGRATIONS()
def m003_posting_links(db: Database) -> None:
    """One row per (source, source_id) that points at a canonical posting (cross-source dedupe).

    The posting's own source gets a ``primary`` link; a duplicate found on another source gets an
    ``exact_id`` / ``url`` / ``fuzzy`` link and no ``postings`` row, so compare counts it once.
    Existing postings are back-filled with their primary link.
    """
    # Imported here: the keys are computed by today's normalizers, which may evolve; a later
    # migration can recompute them, this one only has to run once.
    from jobintel.store.dedupe import link_keys

    db["posting_links"].create(
        {
            "id": int,
            "posting_id": int,
            "source": str,
            "source_id": str,
            "board": str,
            "url": str,
            "canonical_url": str,
            "ref_source": str,  # the ATS job this link's URL names (gh_jid=...), if any
            "ref_id": str,
            "company_key": str,
            "title": str,
            "title_key": str,
            "locations": str,  # JSON array, as the source gave them
            "content_hash": str,
            "match": str,  # primary | exact_id | url | fuzzy
            "score": float,
            "first_seen": str,
            "last_seen": str,
            "closed_at": str,
            "last_run_id": int,
        },
        pk="id",
        not_null={"posting_id", "source", "source_id", "first_seen", "last_seen"},
        foreign_keys=[("posting_id", "postings", "id")],
    )
    links = db["posting_links"]
    links.create_index(["source", "source_id"], unique=True)
    links.create_index(["posting_id"])
    links.create_index(["source", "board"])
    links.create_index(["canonical_url"])
    links.create_index(["ref_source", "ref_id"])
    links.create_index(["company_key", "source"])
    rows = db.execute(
        "SELECT id, source, source_id, board, url, title, company, locations, content_hash, first_seen,"
        " last_seen, closed_at, last_run_id FROM postings"
    ).fetchall()
    links.insert_all(
        (
            {
                "posting_id": r[0],
                "source": r[1],
                "source_id": r[2],
                "board": r[3],
                "url": r[4],
                **link_keys(source=r[1], source_id=r[2], url=r[4], title=r[5], company=r[6]),
                "title": r[5],
                "locations": r[7],
                "content_hash": r[8],
                "match": "primary",
                "first_seen": r[9],
                "last_seen": r[10],
                "closed_at": r[11],
                "last_run_id": r[12],
            }
            for r in rows
        ),
        batch_size=500,
    )


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied (empty when up to date)."""
    pending = [m.name for m in SCHEMA_MIGRATIONS.pending(db)]
    SCHEMA_MIGRATIONS.apply(db)
    return pending


@SCHEMA_MIGRATIONS()
def m004_compare_indexes(db: Database) -> None:
    """Covering indexes for ``jobintel compare`` (queries.py), so no comparison reads a table row.

    Compare joins each role's tags to their postings. Posting rows carry whole descriptions (often
    overflow pages), so the postings index holds every column compare reads and queries name it with
    ``INDEXED BY``; the tags indexes start with ``(tagger_version, role)`` then ``posting_id`` so the
    join walks postings in id order. ``ANALYZE`` of the new indexes gives the planner their shape.
    """
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_tags_compare_role ON tags (tagger_version, role, posting_id,"
        " remote, seniority_bucket, role_family, metro, seniority_level, city, country)"
    )
    # Career paths read senior titles of a whole family, and the pay of the most common ones.
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_tags_compare_family ON tags (tagger_version, role_family,"
        " seniority_level, role, posting_id, salary_basis, salary_kind, annual_usd_min, annual_usd_max,"
        " salary_min, salary_max, salary_currency, salary_period, seniority_bucket)"
    )
    # Partial: only postings that state pay (about half) are ever read for salaries.
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_tags_compare_salary ON tags (tagger_version, role, posting_id,"
        " salary_basis, salary_kind, annual_usd_min, annual_usd_max, salary_min, salary_max,"
        " salary_currency, salary_period, seniority_bucket)"
        " WHERE salary_min IS NOT NULL OR salary_max IS NOT NULL"
        " OR annual_usd_min IS NOT NULL OR annual_usd_max IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_postings_compare"
        " ON postings (id, closed_at, last_seen, first_seen, date_posted, company, title)"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_postings_compare_open"
        " ON postings (id, last_seen) WHERE closed_at IS NULL"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_posting_skills_compare"
        " ON posting_skills (posting_id, tagger_version, counted, skill_id)"
    )
    for name in ("tags", "postings", "posting_skills"):
        db.execute(f"ANALYZE {name}")


@SCHEMA_MIGRATIONS()
def m005_compare_facts(db: Database) -> None:
    """``compare_facts`` (see ``jobintel.store.facts``), its triggers and a back-fill; drops m004's indexes.

    Compare reads the fact table only, so the covering indexes of ``m004_compare_indexes`` on
    ``tags`` and ``postings`` go (``idx_posting_skills_compare`` stays: the triggers' skill lists
    use it). Triggers delete before they insert, because an ``OR IGNORE``/``OR REPLACE`` on the
    statement that fires a trigger overrides the conflict policy of the statements inside it.
    """
    from jobintel.store import facts

    cols = ", ".join(facts.FACT_COLUMNS)
    db.execute("CREATE TABLE skill_codes (code INTEGER PRIMARY KEY, skill_id TEXT NOT NULL UNIQUE)")
    db.execute(
        "CREATE TABLE compare_facts ("
        " tagger_version TEXT NOT NULL, role TEXT NOT NULL, open INTEGER NOT NULL,"
        " posting_id INTEGER NOT NULL,"
        " opened INTEGER, closed INTEGER, first_seen TEXT, last_seen TEXT,"
        " remote TEXT, seniority_bucket TEXT, seniority_level TEXT, role_family TEXT,"
        " metro TEXT, city TEXT, country TEXT,"
        " annual_usd_min REAL, annual_usd_max REAL, salary_min REAL, salary_max REAL,"
        " salary_currency TEXT, salary_period TEXT, salary_basis TEXT, salary_kind TEXT,"
        " company TEXT, title TEXT, skills TEXT,"
        " PRIMARY KEY (tagger_version, role, open, posting_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX idx_compare_facts_posting ON compare_facts (posting_id, tagger_version)")
    # Postings in scope across all roles (the "share of tracked postings" denominator).
    db.execute("CREATE INDEX idx_compare_facts_totals ON compare_facts (tagger_version, open, last_seen)")
    # Career paths read the senior titles of a whole role family.
    db.execute(
        "CREATE INDEX idx_compare_facts_family ON compare_facts"
        " (tagger_version, role_family, seniority_level, open, title, role)"
    )

    def this_fact(row: str) -> str:
        return f"posting_id = {row}.posting_id AND tagger_version = {row}.tagger_version"

    def drop(row: str) -> str:
        return f"DELETE FROM compare_facts WHERE {this_fact(row)};"

    def refresh_skills(row: str) -> str:
        skills = facts.skills_expr(f"{row}.posting_id", f"{row}.tagger_version")
        return f"UPDATE compare_facts SET skills = {skills} WHERE {this_fact(row)};"

    new_code = (
        "INSERT INTO skill_codes (skill_id) SELECT NEW.skill_id"
        " WHERE NOT EXISTS (SELECT 1 FROM skill_codes WHERE skill_id = NEW.skill_id);"
    )
    insert_new = (
        f"{drop('NEW')} INSERT INTO compare_facts ({cols}) {facts.fact_select()}"
        " WHERE t.posting_id = NEW.posting_id AND t.tagger_version = NEW.tagger_version;"
    )
    posting_sets = facts.posting_update_sets("NEW.")
    triggers = {
        "tags_insert": ("AFTER INSERT ON tags", insert_new),
        "tags_update": ("AFTER UPDATE ON tags", f"{drop('OLD')} {insert_new}"),
        "tags_delete": ("AFTER DELETE ON tags", drop("OLD")),
        "skills_insert": (
            "AFTER INSERT ON posting_skills WHEN NEW.counted = 1",
            f"{new_code} {refresh_skills('NEW')}",
        ),
        "skills_update": (
            "AFTER UPDATE ON posting_skills",
            f"{new_code} {refresh_skills('OLD')} {refresh_skills('NEW')}",
        ),
        "skills_delete": ("AFTER DELETE ON posting_skills WHEN OLD.counted = 1", refresh_skills("OLD")),
        "postings_update": (
            "AFTER UPDATE OF date_posted, first_seen, last_seen, closed_at, company, title ON postings",
            f"UPDATE compare_facts SET {posting_sets} WHERE posting_id = NEW.id;",
        ),
        "postings_delete": (
            "AFTER DELETE ON postings",
            "DELETE FROM compare_facts WHERE posting_id = OLD.id;",
        ),
    }
    for name, (event, body) in triggers.items():
        db.execute(f"CREATE TRIGGER compare_facts_{name} {event} BEGIN {body} END")
    n_tags = db.execute("SELECT count(*) FROM tags").fetchone()[0]
    if n_tags:
        # Shown without -v (a warning): the back-fill of a large database is a silent pause otherwise.
        log.warning(
            "upgrading the database once: building compare_facts for %s tag rows (~30 s per million)",
            f"{n_tags:,}",
        )
    db.execute("INSERT INTO skill_codes (skill_id) SELECT DISTINCT skill_id FROM posting_skills ORDER BY 1")
    db.execute(f"INSERT INTO compare_facts ({cols}) {facts.fact_select()}")
    for index in (
        "idx_tags_compare_role",
        "idx_tags_compare_family",
        "idx_tags_compare_salary",
        "idx_postings_compare",
        "idx_postings_compare_open",
    ):
        db.execute(f"DROP INDEX IF EXISTS {index}")
    db.execute("ANALYZE compare_facts")
