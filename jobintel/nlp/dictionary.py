"""The skill dictionary: canonical skills with aliases, categories and O*NET/ESCO cross-references.

The compiled file ``data/skills.json`` is built by ``scripts/build_skill_dictionary.py`` from O*NET 29.2
Technology Skills and ``data/skills_curated.yaml``; this module only reads it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from jobintel.errors import DictionaryError

__all__ = ["CATEGORIES", "SkillDictionary", "SkillEntry", "load_dictionary"]

CATEGORIES: tuple[str, ...] = ("language", "framework", "platform", "database", "tool", "practice", "concept")


@dataclass(frozen=True, slots=True)
class SkillEntry:
    """One canonical skill. ``aliases`` includes the display ``name``."""

    id: str
    name: str
    category: str
    aliases: tuple[str, ...]
    source: str = "curated"  # curated | onet | overlay | user (added by a user dictionary)
    onet: Mapping[str, Any] | None = None  # examples, commodity_codes, commodity_titles, hot, occupations
    esco: str | None = None  # ESCO preferred label (the label list we have carries no URIs)

    @property
    def onet_commodity_codes(self) -> tuple[str, ...]:
        return tuple(self.onet["commodity_codes"]) if self.onet else ()


# eq=False: compared and hashed by identity, which the caches below rely on; it is immutable once built.
@dataclass(frozen=True, eq=False)
class SkillDictionary:
    """An immutable set of skills with a content-hash ``version``.

    >>> d = load_dictionary()
    >>> d.get("kubernetes").name
    'Kubernetes'
    """

    entries: tuple[SkillEntry, ...]
    common_words: frozenset[str] = frozenset()
    version: str = ""
    _by_id: dict[str, SkillEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {e.id: e for e in self.entries}
        if len(by_id) != len(self.entries):
            raise DictionaryError("duplicate skill ids in dictionary")
        object.__setattr__(self, "_by_id", by_id)
        if not self.version:
            object.__setattr__(self, "version", _content_hash(self.entries, self.common_words))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[SkillEntry]:
        return iter(self.entries)

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._by_id

    def get(self, skill_id: str) -> SkillEntry | None:
        """The entry with this id, or None: ``load_dictionary().get("pytorch").category == "framework"``."""
        return self._by_id.get(skill_id)

    def alias_index(self) -> dict[str, str]:
        """Lowercased alias -> skill id; the first entry (by id) wins a shared alias.

        >>> load_dictionary().alias_index()["postgres"]
        'postgresql'
        """
        return _alias_index(self)

    def merged(self, overlay: SkillDictionary | list[SkillEntry]) -> SkillDictionary:
        """A new dictionary with ``overlay`` entries added or replacing same-id entries.

        Aliases the overlay claims are removed from the entries they used to belong to, so a user can move
        an alias from one skill to another. The version is recomputed from the merged content.
        """
        extra = list(overlay.entries if isinstance(overlay, SkillDictionary) else overlay)
        claimed = {a.lower() for e in extra for a in e.aliases}
        replaced = {e.id for e in extra}
        kept = []
        for e in self.entries:
            if e.id in replaced:
                continue
            aliases = tuple(a for a in e.aliases if a.lower() not in claimed)
            if aliases:
                kept.append(replace(e, aliases=aliases) if aliases != e.aliases else e)
        entries = tuple(sorted([*kept, *extra], key=lambda e: e.id))
        return SkillDictionary(entries=entries, common_words=self.common_words)

    def without(self, skill_ids: Iterable[str]) -> SkillDictionary:
        """A new dictionary without these skills: ``d.without(["kubernetes"]).get("kubernetes") is None``."""
        drop = set(skill_ids)
        kept = tuple(e for e in self.entries if e.id not in drop)
        return SkillDictionary(entries=kept, common_words=self.common_words)

    def content_hash(self) -> str:
        """Hash of the entries and common words, independent of entry order and of the stored ``version``.

        Two dictionaries with the same content have the same hash, however they were assembled.
        """
        return _content_hash(self.entries, self.common_words)


def _content_hash(entries: tuple[SkillEntry, ...], common_words: frozenset[str]) -> str:
    # sorted by id so that the hash does not depend on how the entries were assembled
    payload = [
        [e.id, e.name, e.category, sorted(e.aliases), e.source, e.esco, dict(e.onet or {})]
        for e in sorted(entries, key=lambda e: e.id)
    ]
    text = json.dumps([payload, sorted(common_words)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=8)
def _alias_index(dictionary: SkillDictionary) -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in sorted(dictionary.entries, key=lambda e: (e.source != "curated", e.id)):
        for alias in entry.aliases:
            index.setdefault(" ".join(alias.lower().split()), entry.id)
    return index


def _parse(doc: Mapping[str, Any], where: str) -> SkillDictionary:
    try:
        entries = tuple(
            SkillEntry(
                id=s["id"],
                name=s["name"],
                category=s["category"],
                aliases=tuple(s["aliases"]),
                source=s.get("source", "curated"),
                onet=s.get("onet"),
                esco=s.get("esco"),
            )
            for s in doc["skills"]
        )
    except (KeyError, TypeError) as exc:
        raise DictionaryError(f"malformed skill entry ({exc})", path=where) from exc
    bad = sorted({e.category for e in entries} - set(CATEGORIES))
    if bad:
        raise DictionaryError(f"unknown categories {bad}", path=where)
    return SkillDictionary(
        entries=entries, common_words=frozenset(doc.get("common_words", ())), version=doc.get("version", "")
    )


@functools.cache
def _packaged() -> SkillDictionary:
    text = resources.files("jobintel.nlp").joinpath("data/skills.json").read_text(encoding="utf-8")
    return _parse(json.loads(text), "jobintel/nlp/data/skills.json")


def load_dictionary(path: str | Path | None = None) -> SkillDictionary:
    """Load the packaged dictionary (cached) or a compiled skills.json at ``path``.

    >>> len(load_dictionary()) >= 2000
    True
    """
    if path is None:
        return _packaged()
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DictionaryError(f"cannot read skill dictionary: {exc}", path=str(p)) from exc
    return _parse(doc, str(p))
