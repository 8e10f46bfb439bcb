"""The tagger: one posting in, every tag out, with evidence. Pure: it never touches the store.

``Tagger.version`` hashes everything that changes tags (dictionary, rules, taxonomy, gazetteer, FX table
and the extractor code version), so the store can tell which postings are stale.

>>> t = Tagger.default()
>>> tags = t.tag_one(PostingInput(title="Senior ML Engineer", text="We use Python and PyTorch."))
>>> tags.role.name, [m.name for m in tags.skills]
('AI/ML Engineer', ['Python', 'PyTorch'])
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jobintel.models import StructuredSalary
from jobintel.nlp.ambiguity import AmbiguityRules, load_ambiguity_rules
from jobintel.nlp.dictionary import SkillDictionary, load_dictionary
from jobintel.nlp.locations import parse_locations, primary_metro
from jobintel.nlp.pipeline import build_nlp
from jobintel.nlp.remote import infer_remote
from jobintel.nlp.roles import RoleTaxonomy, load_taxonomy
from jobintel.nlp.salary import find_salary
from jobintel.nlp.salary_sources import from_structured
from jobintel.nlp.sections import detect_sections, is_boilerplate, is_required, section_at
from jobintel.nlp.seniority import infer_seniority
from jobintel.nlp.skills import skill_mentions
from jobintel.nlp.types import Location, Remote, Role, Salary, Section, Seniority, SkillMention

__all__ = ["EXTRACTOR_VERSION", "PostingInput", "PostingTags", "SkillTag", "Tagger"]

#: Bump when extractor *code* changes in a way that changes tags; data changes are hashed automatically.
EXTRACTOR_VERSION = "2"  # 2: salary, role, seniority and remote rules from the real-world audits

# Data files whose content changes tags. skills_curated.yaml is only a build input of skills.json.
_VERSIONED_DATA_SUFFIXES = (".json", ".toml", ".csv", ".yaml", ".yml")
_UNVERSIONED_DATA = {"skills_curated.yaml", "ATTRIBUTION.md"}


@dataclass(frozen=True, slots=True)
class PostingInput:
    """What the tagger needs of a posting. ``salary`` is the source's structured pay, if any."""

    title: str
    text: str = ""
    locations: tuple[str, ...] | list[str] = ()
    workplace: str | None = None
    seniority_hint: str | None = None
    salary: StructuredSalary | None = None
    id: Any = None


@dataclass(frozen=True, slots=True)
class SkillTag:
    """One canonical skill of a posting, aggregated over its mentions."""

    skill_id: str
    name: str
    category: str
    counted: bool  # False when it occurs only in company/benefits/EEO boilerplate
    required: bool | None
    section: str  # section of the first counted mention
    match: str  # "exact" if any exact mention, else "fuzzy"
    score: float
    mentions: tuple[SkillMention, ...]


@dataclass(frozen=True, slots=True)
class PostingTags:
    id: Any
    role: Role | None
    seniority: Seniority
    remote: Remote
    salary: Salary | None
    locations: tuple[Location, ...]
    metro: str | None
    sections: tuple[Section, ...]
    skills: tuple[SkillTag, ...] = field(default_factory=tuple)


class Tagger:
    """Runs the spaCy pipeline and the pure extractors over postings.

    Build it once (``Tagger.default()``); ``tag`` streams through ``nlp.pipe`` in batches.
    """

    def __init__(
        self,
        dictionary: SkillDictionary | None = None,
        taxonomy: RoleTaxonomy | None = None,
        *,
        fuzzy: bool = True,
        user_dicts: Sequence[str | Path] = (),
    ):
        self.fuzzy = fuzzy
        self.user_dicts = tuple(str(p) for p in user_dicts)
        self.nlp = build_nlp(fuzzy=fuzzy, user_dicts=self.user_dicts)
        skills = self.nlp.get_pipe("jobintel_skills")
        # with user files the dictionary is the one the component built its matchers from
        self.dictionary = skills.dictionary if (self.user_dicts or dictionary is None) else dictionary
        self.rules: AmbiguityRules = skills.rules
        self.taxonomy = taxonomy or load_taxonomy()
        # the shipped rules are covered by the data hash; user rules are hashed on top
        custom_rules = self.rules is not load_ambiguity_rules()
        self.version = _tagger_version(
            self.dictionary.version, self.taxonomy.version, self.rules.version if custom_rules else None
        )

    @classmethod
    @functools.cache
    def default(cls) -> Tagger:
        return cls(load_dictionary(), load_taxonomy())

    @classmethod
    def from_files(cls, user_dicts: Sequence[str | Path], *, fuzzy: bool = True) -> Tagger:
        """The tagger with user dictionary files layered, in order, on the shipped dictionary.

        No files gives ``Tagger.default()``. A bad file raises ``DictionaryError`` naming file and line.
        """
        if not user_dicts and fuzzy:
            return cls.default()
        return cls(fuzzy=fuzzy, user_dicts=user_dicts)

    def components(self) -> dict[str, str]:
        out = {
            "extractor": EXTRACTOR_VERSION,
            "dictionary": self.dictionary.version,
            "taxonomy": self.taxonomy.version,
            "data": _data_hash(),
        }
        if self.user_dicts:
            out["rules"] = self.rules.version
            out["user_dicts"] = os.pathsep.join(self.user_dicts)  # provenance only: content is hashed
        return out

    def tag_skills(
        self, postings: Iterable[PostingInput], *, batch_size: int = 64
    ) -> Iterator[tuple[Any, tuple[SkillTag, ...]]]:
        """Only the skills of each posting, as ``(id, skills)``: what a dictionary change can alter.

        Re-tagging after a dictionary-only change uses this and keeps the other tags, which do not read
        the dictionary (salary parsing alone costs about as much as the skill matcher).
        """
        docs = self.nlp.pipe(((p.text or "", p) for p in postings), as_tuples=True, batch_size=batch_size)
        for doc, posting in docs:
            sections = tuple(detect_sections(posting.text or ""))
            yield posting.id, _aggregate_skills(skill_mentions(doc), sections)

    def tag_one(self, posting: PostingInput) -> PostingTags:
        return next(self.tag([posting]))

    def tag(self, postings: Iterable[PostingInput], *, batch_size: int = 64) -> Iterator[PostingTags]:
        items = iter(postings)
        # nlp.pipe with as_tuples keeps each posting next to its doc without materializing the stream.
        docs = self.nlp.pipe(((p.text or "", p) for p in items), as_tuples=True, batch_size=batch_size)
        for doc, posting in docs:
            yield self._tags_for(doc, posting)

    def _tags_for(self, doc, p: PostingInput) -> PostingTags:
        text = p.text or ""
        sections = tuple(detect_sections(text))
        mentions = skill_mentions(doc)
        skills = _aggregate_skills(mentions, sections)
        locations = tuple(parse_locations(list(p.locations)))
        salary: Salary | None = None
        if p.salary is not None and not p.salary.is_empty:
            salary = from_structured(p.salary)
        if salary is None:
            salary = find_salary(text)
        return PostingTags(
            id=p.id,
            role=self.taxonomy.classify(p.title),
            seniority=infer_seniority(p.title, text, p.seniority_hint),
            remote=infer_remote(
                structured=p.workplace,
                locations=list(p.locations),
                title=p.title,
                text=text,
                sections=list(sections),
            ),
            salary=salary,
            locations=locations,
            metro=primary_metro(list(locations)),
            sections=sections,
            skills=skills,
        )


def _aggregate_skills(mentions: list[SkillMention], sections: tuple[Section, ...]) -> tuple[SkillTag, ...]:
    by_skill: dict[str, list[SkillMention]] = {}
    for m in mentions:
        sec = section_at(sections, m.start) if sections else "other"
        by_skill.setdefault(m.skill_id, []).append(_with_section(m, sec))
    out = []
    for skill_id, ms in by_skill.items():
        counted_ms = [m for m in ms if not is_boilerplate(m.section)]
        reqs = {is_required(m.section) for m in counted_ms}
        required = True if True in reqs else (False if False in reqs else None)
        first = counted_ms[0] if counted_ms else ms[0]
        out.append(
            SkillTag(
                skill_id=skill_id,
                name=first.name,
                category=first.category,
                counted=bool(counted_ms),
                required=required,
                section=first.section,
                match="exact" if any(m.match == "exact" for m in ms) else "fuzzy",
                score=max(m.score for m in ms),
                mentions=tuple(ms),
            )
        )
    return tuple(out)


def _with_section(m: SkillMention, section: str) -> SkillMention:
    return SkillMention(
        skill_id=m.skill_id,
        name=m.name,
        category=m.category,
        text=m.text,
        start=m.start,
        end=m.end,
        match=m.match,
        score=m.score,
        section=section,
        required=is_required(section),
    )


@functools.cache
def _data_hash() -> str:
    h = hashlib.sha256()
    data = resources.files("jobintel.nlp").joinpath("data")
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name in _UNVERSIONED_DATA or not entry.name.endswith(_VERSIONED_DATA_SUFFIXES):
            continue
        h.update(entry.name.encode())
        h.update(entry.read_bytes())
    return h.hexdigest()[:16]


def _tagger_version(dictionary_version: str, taxonomy_version: str, rules_version: str | None = None) -> str:
    parts = [EXTRACTOR_VERSION, dictionary_version, taxonomy_version, _data_hash()]
    if rules_version is not None:
        parts.append(rules_version)
    blob = json.dumps(parts, separators=(",", ":"))
    return "t-" + hashlib.sha256(blob.encode()).hexdigest()[:12]
