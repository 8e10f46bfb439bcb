"""What ``jobintel dict show/check/diff`` print: one skill's entry, and the difference of two dictionaries.

Pure functions over ``EffectiveDictionary`` values; the CLI only chooses the files.

>>> from jobintel.nlp.userdict import load_effective
>>> diff_dictionaries(load_effective(()), load_effective(())).empty
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobintel.nlp.ambiguity import AliasRule
from jobintel.nlp.userdict import EffectiveDictionary

__all__ = ["DictionaryDiff", "describe_skill", "diff_dictionaries", "find_skill"]


def find_skill(eff: EffectiveDictionary, query: str) -> str | None:
    """The id of the skill with this id or alias (any case): ``find_skill(eff, "k8s") == "kubernetes"``."""
    d = eff.dictionary
    if query in d:
        return query
    return d.alias_index().get(" ".join(query.lower().split()))


def _rule_text(rule: AliasRule) -> str:
    flags = [k for k in ("case_sensitive", "corroborate", "proper_case_ok") if getattr(rule, k)]
    parts = [f"forms {sorted(rule.forms)}", *flags]
    if rule.cues:
        parts.append(f"cues {sorted(rule.cues)}")
    if rule.reject_followed:
        parts.append(f"not before {sorted(rule.reject_followed)}")
    if rule.reject_preceded:
        parts.append(f"not after {sorted(rule.reject_preceded)}")
    if rule.reject_next is not None:
        parts.append(f"not before /{rule.reject_next.pattern}/")
    return "; ".join(parts)


def describe_skill(eff: EffectiveDictionary, query: str) -> str | None:
    """A readable entry for the skill ``query`` names (id or alias), or None when no skill matches."""
    sid = find_skill(eff, query)
    if sid is None:
        return None
    e = eff.dictionary.get(sid)
    assert e is not None
    origin = ["shipped" if e.source != "user" else None, *eff.origins.get(sid, ())]
    lines = [
        f"{e.name}  (id: {e.id})",
        f"  category : {e.category}",
        f"  source   : {e.source}; from {', '.join(o for o in origin if o)}",
        f"  aliases  : {', '.join(e.aliases)}",
    ]
    if e.onet:
        titles = ", ".join(e.onet.get("commodity_titles", ())[:3])
        lines.append(
            f"  O*NET    : {', '.join(e.onet_commodity_codes)} ({titles}); hot: {e.onet.get('hot', False)}"
        )
    if e.esco:
        lines.append(f"  ESCO     : {e.esco}")
    rules = {a.lower(): eff.rules.rule_for(a) for a in e.aliases}
    for alias, rule in sorted(rules.items()):
        if rule is not None:
            lines.append(f"  rule     : {alias!r}: {_rule_text(rule)}")
    return "\n".join(lines)


@dataclass
class DictionaryDiff:
    """Differences between two effective dictionaries (skills by id, rules by alias key)."""

    added: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    removed: list[tuple[str, str]] = field(default_factory=list)
    aliases: list[tuple[str, list[str], list[str]]] = field(default_factory=list)  # (id, added, removed)
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # (id, old, new)
    names: list[tuple[str, str, str]] = field(default_factory=list)
    rules: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (alias, old, new)
    versions: tuple[str, str] = ("", "")

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.aliases or self.categories or self.names or self.rules)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.versions[0],
            "new_version": self.versions[1],
            "added": [{"id": i, "name": n} for i, n in self.added],
            "removed": [{"id": i, "name": n} for i, n in self.removed],
            "aliases": [{"id": i, "added": a, "removed": r} for i, a, r in self.aliases],
            "categories": [{"id": i, "old": o, "new": n} for i, o, n in self.categories],
            "names": [{"id": i, "old": o, "new": n} for i, o, n in self.names],
            "rules": [{"alias": a, "old": o, "new": n} for a, o, n in self.rules],
        }

    def render(self) -> str:
        if self.empty:
            return f"No differences ({self.versions[0]} = {self.versions[1]})."
        out = [f"dictionary {self.versions[0]} -> {self.versions[1]}"]
        out += [f"+ skill {i} ({n})" for i, n in self.added]
        out += [f"- skill {i} ({n})" for i, n in self.removed]
        for i, added, removed in self.aliases:
            out += [f"~ {i}: + alias {a!r}" for a in added] + [f"~ {i}: - alias {a!r}" for a in removed]
        out += [f"~ {i}: category {o} -> {n}" for i, o, n in self.categories]
        out += [f"~ {i}: name {o!r} -> {n!r}" for i, o, n in self.names]
        for alias, old, new in self.rules:
            out.append(f"~ rule {alias!r}: {old or '(none)'} -> {new or '(none)'}")
        return "\n".join(out)


def diff_dictionaries(old: EffectiveDictionary, new: EffectiveDictionary) -> DictionaryDiff:
    """What changed from ``old`` to ``new``: skills, aliases, categories, names and ambiguity rules."""
    diff = DictionaryDiff(versions=(old.version, new.version))
    a, b = old.dictionary, new.dictionary
    if a is not b:
        for e in b:
            before = a.get(e.id)
            if before is None:
                diff.added.append((e.id, e.name))
                continue
            if before is e:
                continue
            plus = [x for x in e.aliases if x not in before.aliases]
            minus = [x for x in before.aliases if x not in e.aliases]
            if plus or minus:
                diff.aliases.append((e.id, plus, minus))
            if before.category != e.category:
                diff.categories.append((e.id, before.category, e.category))
            if before.name != e.name:
                diff.names.append((e.id, before.name, e.name))
        diff.removed = [(e.id, e.name) for e in a if e.id not in b]
    if old.rules is not new.rules:
        for key in sorted(set(old.rules.rules) | set(new.rules.rules)):
            r0, r1 = old.rules.rules.get(key), new.rules.rules.get(key)
            if r0 != r1:
                diff.rules.append((key, _rule_text(r0) if r0 else None, _rule_text(r1) if r1 else None))
    return diff
