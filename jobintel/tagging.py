"""Tag stored postings: read clean text from the store, run the tagger, write one transaction per batch.

This is the one place where ``store`` and ``nlp`` meet (the tagger itself never sees SQL).
``tag`` handles postings without tags at the current version; ``retag`` the ones tagged by another.

>>> from jobintel.store import open_db
>>> tag_postings(open_db(":memory:")).tagged
0
"""

from __future__ import annotations

import json
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from jobintel.models import StructuredSalary
from jobintel.nlp.fx import load_fx_table
from jobintel.nlp.tagger import PostingInput, PostingTags, SkillTag, Tagger
from jobintel.retag_report import ChangeReport
from jobintel.store import (
    CURRENT_TAGGER_KEY,
    PostingText,
    get_meta,
    iter_postings_to_tag,
    set_meta,
    tagdiff,
    write_skills,
)

__all__ = ["TagSummary", "skill_rows_for", "tag_postings", "tags_to_rows"]


@dataclass
class TagSummary:
    """What a tag/retag run did. ``changed + unchanged + fresh == tagged``."""

    version: str
    tagged: int = 0
    batches: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    skills_written: int = 0
    changed: int = 0  # re-tagged postings whose rows differ: rewritten
    unchanged: int = 0  # re-tagged postings whose rows are identical: carried to the new version by SQL
    fresh: int = 0  # postings tagged for the first time
    workers: int = 1
    dry_run: bool = False
    timings: dict[str, float] = field(default_factory=lambda: {"read": 0.0, "tag": 0.0, "write": 0.0})

    @property
    def rate(self) -> float:
        return self.tagged / self.seconds if self.seconds else 0.0

    def render(self) -> str:
        state = "interrupted (re-run to resume)" if self.interrupted else "done"
        verb = "Would re-tag" if self.dry_run else "Tagged"
        detail = f"{self.changed:,} changed, {self.unchanged:,} unchanged, {self.fresh:,} new"
        return (
            f"{verb} {self.tagged:,} postings with tagger {self.version} in {self.seconds:.1f}s "
            f"({self.rate:,.0f}/s, {self.workers} worker{'s' if self.workers > 1 else ''}): {detail}; "
            f"{self.batches} batches: {state}."
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
    return row, skill_rows_for(tags.id, tags.skills)


def skill_rows_for(posting_id: Any, skills: Iterable[SkillTag]) -> list[dict]:
    """The ``posting_skills`` rows of one posting's skills (evidence: the first five mentions)."""
    return [
        {
            "posting_id": posting_id,
            "skill_id": sk.skill_id,
            "counted": int(sk.counted),
            "required": None if sk.required is None else int(sk.required),
            "section": sk.section,
            "match": sk.match,
            "score": sk.score,
            "n_mentions": len(sk.mentions),
            "evidence": json.dumps([m.evidence() for m in sk.mentions[:5]], ensure_ascii=False),
        }
        for sk in skills
    ]


# -- tagging a batch: in this process or in a worker -------------------------------------------------

_WORKER: dict[str, Tagger] = {}


def _init_worker(fuzzy: bool, user_dicts: tuple[str, ...], version: str) -> None:
    """Build the tagger once per worker process; Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tagger = Tagger(fuzzy=fuzzy, user_dicts=user_dicts) if (user_dicts or not fuzzy) else Tagger.default()
    if tagger.version != version:  # a user file edited mid-run would silently mix two dictionaries
        raise RuntimeError(f"worker built tagger {tagger.version}, expected {version}")
    _WORKER["tagger"] = tagger


def _tag_batch(
    tagger: Tagger, items: Sequence[tuple[PostingInput, bool]]
) -> dict[Any, tuple[dict | None, list[dict]]]:
    """``{id: (tags row or None, skill rows)}``; postings flagged skills-only get no tags row."""
    out: dict[Any, tuple[dict | None, list[dict]]] = {}
    full = [p for p, skills_only in items if not skills_only]
    for tags in tagger.tag(full):
        out[tags.id] = tags_to_rows(tags)
    for pid, skills in tagger.tag_skills(p for p, skills_only in items if skills_only):
        out[pid] = (None, skill_rows_for(pid, skills))
    return out


def _worker_tag_batch(
    items: Sequence[tuple[PostingInput, bool]],
) -> dict[Any, tuple[dict | None, list[dict]]]:
    return _tag_batch(_WORKER["tagger"], items)


class _Done:
    """A finished result with the ``AsyncResult.get()`` interface (the one-process path)."""

    def __init__(self, value: Any):
        self.value = value

    def get(self) -> Any:
        return self.value


def _row_equal(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    return old is not None and all(old.get(k) == v for k, v in new.items() if k != "posting_id")


def _skills_equal(old: dict[str, dict], new: dict[str, dict]) -> bool:
    return old.keys() == new.keys() and all(old[s] == new[s] for s in old)


# -- the run ---------------------------------------------------------------------------------------


def tag_postings(
    db: Database,
    tagger: Tagger | None = None,
    *,
    stale_only: bool = False,
    batch_size: int = 500,
    keep_history: bool = True,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    dry_run: bool = False,
    report: ChangeReport | None = None,
) -> TagSummary:
    """Tag every posting that has no tags at ``tagger.version`` (``stale_only``: only re-tag old ones).

    A posting already tagged at another version is compared with its rows there: identical rows are
    carried to the new version by SQL (copied, or relabelled without ``keep_history``), so only postings
    whose tags really differ are rewritten. When only the dictionary or rules changed, only skills are
    recomputed. Each batch is one transaction; on SIGINT the batches in hand are finished and the run
    stops, and the next run resumes with exactly the postings still missing. ``meta.current_tagger_version``
    switches to the new version when a run completes (the old one is kept as ``previous_tagger_version``).
    ``dry_run`` writes nothing; ``report`` collects the differences. ``workers > 1`` tags in that many
    processes while this one reads, compares and writes.

    >>> from jobintel.store import open_db
    >>> tag_postings(open_db(":memory:"), dry_run=True).tagged
    0
    """
    tagger = tagger or Tagger.default()
    summary = TagSummary(version=tagger.version, workers=max(1, workers), dry_run=dry_run)
    components = tagger.components()
    if not dry_run:
        tagdiff.register_version(
            db,
            tagger.version,
            dictionary_version=tagger.dictionary.version,
            n_skills=len(tagger.dictionary),
            components=components,
        )
        write_skills(db, [{"id": e.id, "name": e.name, "category": e.category} for e in tagger.dictionary])
        fx = load_fx_table()
        with db.atomic():
            set_meta(db, "fx_table", f"jobintel FX reference rates of {fx.date} (docs/fx.md)")
            if get_meta(db, CURRENT_TAGGER_KEY) is None:  # nothing to keep consistent with yet
                set_meta(db, CURRENT_TAGGER_KEY, tagger.version)
    same_code: dict[str, bool] = {}

    def skills_only(base: str | None) -> bool:
        # a base version that differs only in dictionary/rules: the other tags cannot change
        if base is None:
            return False
        if base not in same_code:
            old = tagdiff.version_components(db, base)
            same_code[base] = bool(old) and all(
                old.get(k) == components[k] for k in ("extractor", "taxonomy", "data")
            )
        return same_code[base]

    stop = {"flag": False}

    def _on_sigint(signum, frame):  # finish the batches in hand, then stop cleanly
        stop["flag"] = True

    try:
        previous = signal.signal(signal.SIGINT, _on_sigint)
    except ValueError:  # not the main thread: no signal handling, still batch-safe
        previous = None
    pool = None
    if summary.workers > 1:
        # spawn, not fork: the parent may hold threads (progress bar) and an open SQLite connection
        pool = multiprocessing.get_context("spawn").Pool(
            summary.workers,
            initializer=_init_worker,
            initargs=(tagger.fuzzy, tagger.user_dicts, tagger.version),
        )
    started = time.perf_counter()
    pending: deque = deque()
    try:
        batches = iter_postings_to_tag(db, tagger.version, stale_only=stale_only, batch_size=batch_size)
        while not stop["flag"]:
            t0 = time.perf_counter()
            batch = next(batches, None)
            if batch is None:
                summary.timings["read"] += time.perf_counter() - t0
                break
            bases = tagdiff.base_versions(db, [p.id for p in batch], tagger.version)
            items = [(_to_input(p), skills_only(bases.get(p.id))) for p in batch]
            t1 = time.perf_counter()
            summary.timings["read"] += t1 - t0
            if pool is None:
                job = _Done(_tag_batch(tagger, items))
                summary.timings["tag"] += time.perf_counter() - t1
            else:
                job = pool.apply_async(_worker_tag_batch, (items,))
            pending.append((batch, bases, job))
            # keep every worker busy, and no more batches in memory than that
            while len(pending) > (summary.workers if pool else 0):
                _finish(
                    db, tagger.version, *pending.popleft(), summary, keep_history, dry_run, report, progress
                )
        while pending:
            _finish(db, tagger.version, *pending.popleft(), summary, keep_history, dry_run, report, progress)
        summary.interrupted = stop["flag"]
        if not stop["flag"] and not dry_run:
            tagdiff.switch_current_version(db, tagger.version)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        summary.seconds = time.perf_counter() - started
    return summary


def _finish(
    db: Database,
    version: str,
    batch: list[PostingText],
    bases: dict[int, str],
    job: Any,
    summary: TagSummary,
    keep_history: bool,
    dry_run: bool,
    report: ChangeReport | None,
    progress: Callable[[int], None] | None,
) -> None:
    """Compare one tagged batch with the rows it replaces and write (only) the differences."""
    t0 = time.perf_counter()
    results = job.get()
    t1 = time.perf_counter()
    old_tags = tagdiff.read_tag_rows(db, bases)
    old_skills = tagdiff.read_skill_rows(db, bases)
    carry, carry_tags, tag_rows, skill_rows = [], [], [], []
    for p in batch:
        row, srows = results[p.id]
        new_skills = {r["skill_id"]: r for r in srows}
        base = bases.get(p.id)
        old_row = old_tags.get(p.id)
        if base is None:
            summary.fresh += 1
            tag_rows.append(row)
            skill_rows.extend(srows)
        else:
            row_same = row is None or _row_equal(old_row, row)
            if row_same and _skills_equal(old_skills[p.id], new_skills):
                summary.unchanged += 1
                carry.append((p.id, base))
            else:
                summary.changed += 1
                if row_same:  # only skills changed: keep the tags row, rewrite the skill rows
                    carry_tags.append((p.id, base))
                else:
                    tag_rows.append(row)
                skill_rows.extend(srows)
        if report is not None:
            old_role = old_row.get("role") if old_row else None
            new_role = row["role"] if row is not None else old_role
            report.add(p.id, p.title, p.text, old_role, new_role, old_skills.get(p.id), new_skills)
    t2 = time.perf_counter()
    if not dry_run:
        tagdiff.write_retag_batch(
            db,
            version,
            carry=carry,
            carry_tags=carry_tags,
            tag_rows=tag_rows,
            skill_rows=skill_rows,
            keep_history=keep_history,
        )
    t3 = time.perf_counter()
    summary.timings["tag"] += t1 - t0  # waiting for a worker
    summary.timings["read"] += t2 - t1  # reading the old rows and comparing
    summary.timings["write"] += t3 - t2
    summary.tagged += len(batch)
    summary.skills_written += len(skill_rows)
    summary.batches += 1
    if progress:
        progress(len(batch))
