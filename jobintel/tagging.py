"""Tag stored postings: read clean text from the store, run the tagger, write one transaction per batch.

This is the one place where ``store`` and ``nlp`` meet (the tagger itself never sees SQL).
``tag`` handles postings without tags at the current version; ``retag`` the ones tagged by another.

>>> from jobintel.store import open_db
>>> tag_postings(open_db(":memory:")).tagged
0
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlite_utils import Database

from jobintel.models import StructuredSalary
from jobintel.nlp.fx import load_fx_table
from jobintel.nlp.tagger import PostingInput, PostingTags, Tagger
from jobintel.store import (
    PostingText,
    iter_postings_to_tag,
    record_tagger_version,
    set_meta,
    write_skills,
    write_tags,
)

__all__ = ["TagSummary", "tag_postings", "tags_to_rows"]


@dataclass
class TagSummary:
    version: str
    tagged: int = 0
    batches: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    skills_written: int = 0
    timings: dict[str, float] = field(default_factory=lambda: {"read": 0.0, "tag": 0.0, "write": 0.0})

    @property
    def rate(self) -> float:
        return self.tagged / self.seconds if self.seconds else 0.0

    def render(self) -> str:
        state = "interrupted (re-run to resume)" if self.interrupted else "done"
        return (
            f"Tagged {self.tagged:,} postings with tagger {self.version} in {self.seconds:.1f}s "
            f"({self.rate:,.0f}/s), {self.batches} batches: {state}."
        )


def _to_input(p: PostingText) -> PostingInput:
    salary = StructuredSalary(**p.salary) if p.salary else None
    return PostingInput(
        id=p.id,
        title=p.title,
        text=p.text,
        locations=tuple(p.locations),
        workplace=p.workplace,
        seniority_hint=p.seniority_hint,
        salary=salary,
    )


def tags_to_rows(tags: PostingTags) -> tuple[dict, list[dict]]:
    """Flatten one posting's tags into a ``tags`` row and its ``posting_skills`` rows."""
    s = tags.salary
    loc = next((loc for loc in tags.locations if not loc.remote), None)
    row = {
        "posting_id": tags.id,
        "role": tags.role.name if tags.role else None,
        "role_family": tags.role.family if tags.role else None,
        "role_basis": tags.role.basis if tags.role else None,
        "seniority_level": tags.seniority.level,
        "seniority_bucket": tags.seniority.bucket,
        "seniority_basis": tags.seniority.basis,
        "remote": tags.remote.value,
        "remote_basis": tags.remote.basis,
        "remote_region": tags.remote.region,
        "salary_min": s.min if s else None,
        "salary_max": s.max if s else None,
        "salary_currency": s.currency if s else None,
        "salary_period": s.period if s else None,
        "salary_basis": s.basis if s else None,
        "salary_kind": s.kind if s else None,
        "salary_text": s.text if s else None,
        "annual_usd_min": s.annual_usd_min if s else None,
        "annual_usd_max": s.annual_usd_max if s else None,
        "metro": tags.metro,
        "city": loc.city if loc else None,
        "region": loc.region if loc else None,
        "country": loc.country if loc else None,
        "locations": json.dumps([x.to_dict() for x in tags.locations], ensure_ascii=False),
    }
    skill_rows = []
    for sk in tags.skills:
        skill_rows.append(
            {
                "posting_id": tags.id,
                "skill_id": sk.skill_id,
                "counted": int(sk.counted),
                "required": None if sk.required is None else int(sk.required),
                "section": sk.section,
                "match": sk.match,
                "score": sk.score,
                "n_mentions": len(sk.mentions),
                "evidence": json.dumps(
                    [
                        {
                            "text": m.text,
                            "start": m.start,
                            "end": m.end,
                            "section": m.section,
                            "match": m.match,
                            "score": m.score,
                        }
                        for m in sk.mentions[:5]
                    ],
                    ensure_ascii=False,
                ),
            }
        )
    return row, skill_rows


def tag_postings(
    db: Database,
    tagger: Tagger | None = None,
    *,
    stale_only: bool = False,
    batch_size: int = 500,
    keep_history: bool = True,
    progress: Callable[[int], None] | None = None,
) -> TagSummary:
    """Tag every posting that has no tags at ``tagger.version`` (``stale_only``: only re-tag old ones).

    Each batch is committed on its own, so an interrupted run (SIGINT) resumes where it stopped:
    the next run selects exactly the postings still missing tags at this version.
    """
    tagger = tagger or Tagger.default()
    summary = TagSummary(version=tagger.version)
    record_tagger_version(
        db,
        tagger.version,
        dictionary_version=tagger.dictionary.version,
        n_skills=len(tagger.dictionary),
        components=tagger.components(),
    )
    write_skills(db, [{"id": e.id, "name": e.name, "category": e.category} for e in tagger.dictionary])
    fx = load_fx_table()
    with db.atomic():
        set_meta(db, "fx_table", f"jobintel FX reference rates of {fx.date} (docs/fx.md)")
    stop = {"flag": False}

    def _on_sigint(signum, frame):  # finish the batch in hand, then stop cleanly
        stop["flag"] = True

    previous = None
    try:
        previous = signal.signal(signal.SIGINT, _on_sigint)
    except ValueError:  # not the main thread: no signal handling, still batch-safe
        previous = None
    started = time.perf_counter()
    try:
        batches = iter_postings_to_tag(db, tagger.version, stale_only=stale_only, batch_size=batch_size)
        while True:
            t0 = time.perf_counter()
            batch = next(batches, None)
            t1 = time.perf_counter()
            summary.timings["read"] += t1 - t0
            if batch is None:
                break
            tag_rows, skill_rows = [], []
            for tags in tagger.tag(_to_input(p) for p in batch):
                row, srows = tags_to_rows(tags)
                tag_rows.append(row)
                skill_rows.extend(srows)
            t2 = time.perf_counter()
            write_tags(db, tagger.version, tag_rows, skill_rows, keep_history=keep_history)
            t3 = time.perf_counter()
            summary.timings["tag"] += t2 - t1
            summary.timings["write"] += t3 - t2
            summary.tagged += len(batch)
            summary.skills_written += len(skill_rows)
            summary.batches += 1
            if progress:
                progress(len(batch))
            if stop["flag"]:
                summary.interrupted = True
                break
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        summary.seconds = time.perf_counter() - started
    return summary
