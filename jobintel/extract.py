"""``jobintel extract``: tag free-standing JSONL records without a database.

Input lines are ``{"id", "title", "text"}`` (optionally ``locations``, ``workplace``); each output line
carries every tag with its evidence (mention text and offsets, section, basis).

>>> out = next(extract_records(['{"id": 1, "title": "MLOps Engineer", "text": "Kubernetes and MLflow."}']))
>>> [s["name"] for s in out["skills"]]
['Kubernetes', 'MLflow']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from jobintel.nlp.tagger import PostingInput, PostingTags, Tagger

__all__ = ["extract_records", "tags_to_json"]


def tags_to_json(tags: PostingTags) -> dict[str, Any]:
    s = tags.salary
    return {
        "id": tags.id,
        "skills": [
            {
                "name": sk.name,
                "id": sk.skill_id,
                "category": sk.category,
                "counted": sk.counted,
                "required": sk.required,
                "mentions": [m.evidence() for m in sk.mentions],
            }
            for sk in tags.skills
        ],
        "salary": None
        if s is None
        else {
            "min": s.min,
            "max": s.max,
            "currency": s.currency,
            "period": s.period,
            "annual_usd_min": s.annual_usd_min,
            "annual_usd_max": s.annual_usd_max,
            "basis": s.basis,
            "kind": s.kind,
            "text": s.text,
        },
        "seniority": {
            "level": tags.seniority.level,
            "bucket": tags.seniority.bucket,
            "basis": tags.seniority.basis,
            "evidence": tags.seniority.evidence,
        },
        "remote": {
            "value": tags.remote.value,
            "basis": tags.remote.basis,
            "region": tags.remote.region,
            "evidence": tags.remote.evidence,
        },
        "role": None
        if tags.role is None
        else {
            "name": tags.role.name,
            "family": tags.role.family,
            "basis": tags.role.basis,
            "score": tags.role.score,
        },
        "locations": [loc.to_dict() for loc in tags.locations],
        "sections": [
            {"name": x.name, "start": x.start, "end": x.end, "heading": x.heading} for x in tags.sections
        ],
    }


def _parse(lines: Iterable[str], errors: list[str]) -> Iterator[PostingInput]:
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: not JSON ({exc.msg})")
            continue
        if not isinstance(rec, dict):
            errors.append(f"line {lineno}: expected a JSON object")
            continue
        locs = rec.get("locations") or []
        yield PostingInput(
            id=rec.get("id", lineno),
            title=str(rec.get("title") or ""),
            text=str(rec.get("text") or ""),
            locations=tuple([locs] if isinstance(locs, str) else locs),
            workplace=rec.get("workplace"),
        )


def extract_records(
    lines: Iterable[str], tagger: Tagger | None = None, *, errors: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Tag each JSONL line and yield its JSON-ready result, streaming (constant memory).

    Malformed lines are skipped and described in ``errors`` (line number and reason).
    """
    tagger = tagger or Tagger.default()
    errors = errors if errors is not None else []
    for tags in tagger.tag(_parse(lines, errors)):
        yield tags_to_json(tags)
