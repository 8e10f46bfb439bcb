"""The change report of a re-tag: what a dictionary (or tagger) change did to the stored tags.

Fed one posting at a time with its skill rows before and after (from a dry run in memory, or from two
tagger versions in the store), it keeps only counters, a few examples and a small heap, so memory stays
flat on any corpus. Rendered as Markdown or JSON.

>>> r = ChangeReport("t-old", "t-new")
>>> r.add(1, "ML Engineer", "Polars", "AI/ML Engineer", "AI/ML Engineer", {}, {"polars": {"counted": 1,
...       "evidence": '[{"text": "Polars", "start": 0, "end": 6, "section": "requirements"}]'}})
>>> r.skills["polars"].gained, r.changed
(1, 1)
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jobintel.errors import ConfigError

__all__ = ["ChangeReport", "SkillChange", "report_from_pairs"]

_CONTEXT = 50  # characters either side of an example mention


@dataclass
class SkillChange:
    skill_id: str
    gained: int = 0
    lost: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)


def _first_evidence(row: Mapping[str, Any]) -> dict[str, Any]:
    ev = row.get("evidence")
    items = json.loads(ev) if isinstance(ev, str) else (ev or [])
    return items[0] if items else {}


def _context(text: str, ev: Mapping[str, Any]) -> str:
    start, end = ev.get("start"), ev.get("end")
    if not text or start is None or end is None:
        return ""
    lo, hi = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    snippet = f"{text[lo:start]}**{text[start:end]}**{text[end:hi]}"
    return ("…" if lo else "") + " ".join(snippet.split()) + ("…" if hi < len(text) else "")


class ChangeReport:
    """Accumulates per-posting differences between two tagger versions."""

    def __init__(
        self,
        old_version: str | None,
        new_version: str,
        *,
        dry_run: bool = False,
        examples: int = 3,
        top_postings: int = 10,
        top_skills: int = 10,
        names: Mapping[str, str] | None = None,
    ):
        self.old_version, self.new_version, self.dry_run = old_version, new_version, dry_run
        self.n_examples, self.n_top_postings, self.n_top_skills = examples, top_postings, top_skills
        self.names = dict(names or {})
        self.compared = self.changed = self.fresh = 0
        self.skills: dict[str, SkillChange] = {}
        self.changed_ids: list[int] = []  # kept in full: a re-tag changes few postings, and tests need them
        self._heap: list[tuple[int, int, dict[str, Any]]] = []
        self.role_postings: dict[str, Counter] = {"before": Counter(), "after": Counter()}
        self.role_skills: dict[str, dict[str, Counter]] = {"before": {}, "after": {}}

    def _count_role(
        self, side: str, role: str | None, skills: Mapping[str, Mapping[str, Any]] | None
    ) -> None:
        if role is None or skills is None:
            return
        self.role_postings[side][role] += 1
        counter = self.role_skills[side].setdefault(role, Counter())
        counter.update(sid for sid, row in skills.items() if row.get("counted", 1))

    def add(
        self,
        posting_id: int,
        title: str,
        text: str,
        old_role: str | None,
        new_role: str | None,
        old_skills: Mapping[str, Mapping[str, Any]] | None,
        new_skills: Mapping[str, Mapping[str, Any]] | None,
    ) -> None:
        """One posting; ``old_skills``/``new_skills``: ``{skill_id: posting_skills row}``, None: no rows."""
        self._count_role("before", old_role, old_skills)
        self._count_role("after", new_role, new_skills)
        if old_skills is None:
            self.fresh += 1
            return
        if new_skills is None:
            return
        self.compared += 1
        if old_role == new_role and _same(old_skills, new_skills):
            return
        self.changed += 1
        self.changed_ids.append(posting_id)
        gained, lost = (
            sorted(new_skills.keys() - old_skills.keys()),
            sorted(old_skills.keys() - new_skills.keys()),
        )
        for kind, ids, rows in (("gained", gained, new_skills), ("lost", lost, old_skills)):
            for sid in ids:
                change = self.skills.setdefault(sid, SkillChange(sid))
                setattr(change, kind, getattr(change, kind) + 1)
                if len(change.examples) < self.n_examples:
                    ev = _first_evidence(rows[sid])
                    change.examples.append(
                        {
                            "change": kind,
                            "posting_id": posting_id,
                            "title": title,
                            "text": ev.get("text"),
                            "section": ev.get("section"),
                            "context": _context(text, ev),
                        }
                    )
        entry = {
            "posting_id": posting_id,
            "title": title,
            "gained": gained,
            "lost": lost,
            "role": [old_role, new_role] if old_role != new_role else new_role,
        }
        item = (len(gained) + len(lost), -posting_id, entry)
        if len(self._heap) < self.n_top_postings:
            heapq.heappush(self._heap, item)
        else:
            heapq.heappushpop(self._heap, item)

    # ------------------------------------------------------------------ results
    def _roles(self) -> list[dict[str, Any]]:
        out = []
        for role in sorted(set(self.role_postings["before"]) | set(self.role_postings["after"])):
            ranks = {}
            for side in ("before", "after"):
                n = self.role_postings[side][role]
                # ties broken by id, so that an unchanged count never moves a skill
                top = sorted(
                    self.role_skills[side].get(role, Counter()).items(), key=lambda kv: (-kv[1], kv[0])
                )
                ranks[side] = {sid: (i + 1, c / n if n else 0.0) for i, (sid, c) in enumerate(top)}
            rows = []
            for i, (sid, (rank, share)) in enumerate(sorted(ranks["after"].items(), key=lambda kv: kv[1][0])):
                if i >= self.n_top_skills:
                    break
                before = ranks["before"].get(sid)
                rows.append(
                    {
                        "skill_id": sid,
                        "name": self.names.get(sid, sid),
                        "rank": rank,
                        "share": round(share, 4),
                        "rank_before": before[0] if before else None,
                        "share_before": round(before[1], 4) if before else 0.0,
                    }
                )
            dropped = [
                sid
                for sid, (rank, _) in ranks["before"].items()
                if rank <= self.n_top_skills and ranks["after"].get(sid, (10**9, 0))[0] > self.n_top_skills
            ]
            moved = any(r["rank"] != r["rank_before"] for r in rows) or bool(dropped)
            out.append(
                {
                    "role": role,
                    "postings_before": self.role_postings["before"][role],
                    "postings_after": self.role_postings["after"][role],
                    "changed": moved,
                    "top_skills": rows,
                    "left_top": dropped,
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        skills = sorted(self.skills.values(), key=lambda c: (-(c.gained + c.lost), c.skill_id))
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "dry_run": self.dry_run,
            "postings_compared": self.compared,
            "postings_changed": self.changed,
            "postings_newly_tagged": self.fresh,
            "changed_posting_ids": sorted(self.changed_ids),
            "skills": [
                {
                    "skill_id": c.skill_id,
                    "name": self.names.get(c.skill_id, c.skill_id),
                    "gained": c.gained,
                    "lost": c.lost,
                    "examples": c.examples,
                }
                for c in skills
            ],
            "most_changed_postings": [e for _, _, e in sorted(self._heap, reverse=True)],
            "roles": self._roles(),
        }

    def render_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def render_markdown(self) -> str:
        d = self.to_dict()
        head = "Dry run: nothing was written." if d["dry_run"] else "Re-tag report."
        lines = [
            f"# Tag changes {d['old_version'] or '(none)'} → {d['new_version']}",
            "",
            f"{head} {d['postings_compared']:,} postings compared, **{d['postings_changed']:,} changed**"
            f", {d['postings_newly_tagged']:,} tagged for the first time.",
            "",
            "## Skills gained and lost",
            "",
        ]
        if not d["skills"]:
            lines += ["No posting gained or lost a skill.", ""]
        else:
            lines += ["| skill | gained | lost | example |", "| --- | ---: | ---: | --- |"]
            for s in d["skills"]:
                ex = s["examples"][0] if s["examples"] else None
                example = f"#{ex['posting_id']} {ex['title']}: {ex['context'] or ex['text']}" if ex else ""
                lines.append(
                    f"| {s['name']} (`{s['skill_id']}`) | {s['gained']:,} | {s['lost']:,} "
                    f"| {_cell(example)} |"
                )
            lines.append("")
        if d["most_changed_postings"]:
            lines += [
                "## Postings whose skills changed most",
                "",
                "| posting | gained | lost |",
                "| --- | --- | --- |",
            ]
            for p in d["most_changed_postings"]:
                lines.append(
                    f"| #{p['posting_id']} {_cell(p['title'])} | {', '.join(p['gained']) or '–'} "
                    f"| {', '.join(p['lost']) or '–'} |"
                )
            lines.append("")
        changed_roles = [r for r in d["roles"] if r["changed"]]
        lines += ["## Top skills by role", ""]
        if not changed_roles:
            lines += ["No role's top skills changed.", ""]
        for r in changed_roles:
            lines += [
                f"### {r['role']} ({r['postings_after']:,} postings)",
                "",
                "| rank | skill | share | before |",
                "| ---: | --- | ---: | --- |",
            ]
            for s in r["top_skills"]:
                before = (
                    "new" if s["rank_before"] is None else f"#{s['rank_before']} ({s['share_before']:.0%})"
                )
                if s["rank_before"] == s["rank"]:
                    before = "="
                lines.append(f"| {s['rank']} | {s['name']} | {s['share']:.0%} | {before} |")
            if r["left_top"]:
                lines.append(
                    f"\nLeft the top {self.n_top_skills}: "
                    + ", ".join(self.names.get(x, x) for x in r["left_top"])
                )
            lines.append("")
        return "\n".join(lines)


def _same(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]) -> bool:
    if old.keys() != new.keys():
        return False
    return all({k: v for k, v in old[s].items() if k != "tagger_version"} == dict(new[s]) for s in old)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_from_pairs(pairs: Iterable[Any], old: str | None, new: str, **kwargs: Any) -> ChangeReport:
    """A report from ``PostingVersions``-like records (``jobintel.store.tagdiff.iter_version_pairs``)."""
    report = ChangeReport(old, new, **kwargs)
    for p in pairs:
        report.add(p.posting_id, p.title, p.text, p.old_role, p.new_role, p.old_skills, p.new_skills)
    return report


def report_from_db(db: Any, old: str | None = None, new: str | None = None, **kwargs: Any) -> ChangeReport:
    """The report between two stored versions (default: ``previous_tagger_version`` -> current).

    Needs the old version's rows, i.e. a re-tag that kept history (the default).
    """
    from jobintel.store import CURRENT_TAGGER_KEY, get_meta
    from jobintel.store.tagdiff import PREVIOUS_TAGGER_KEY, iter_version_pairs

    new = new or get_meta(db, CURRENT_TAGGER_KEY)
    old = old or get_meta(db, PREVIOUS_TAGGER_KEY)
    if new is None:
        raise ConfigError("no tagger version recorded: run `jobintel tag` first")
    names = dict(db.execute("SELECT id, name FROM skills").fetchall())
    pairs = iter_version_pairs(db, old, new) if old else iter(())
    return report_from_pairs(pairs, old, new, names=names, **kwargs)
