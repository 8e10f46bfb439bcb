"""User dictionaries: skills, aliases, categories and ambiguity rules layered on the shipped dictionary.

A user file is YAML (``.yaml``/``.yml``) or TOML (``.toml``)::

    skills:
      - id: polars                     # a new skill: name and category required
        name: Polars
        category: framework
        aliases: [Polars, polars-py]
      - id: kubernetes                 # an existing skill: aliases are added/removed, name/category replaced
        aliases: [kube]
        remove_aliases: [k8s]
    remove: [1cadcam-unigraphics]      # drop skills entirely
    ambiguity:
      rules:                           # same keys as a [[rule]] table of jobintel/nlp/data/ambiguity.toml
        - forms: [Polars]
          corroborate: true

Files apply in order (later ones win). Every problem is a ``DictionaryError`` naming the file and line.
The effective dictionary's ``version`` is a content hash: identical content gives the identical version,
whatever files produced it.

>>> eff = load_effective(())
>>> eff.dictionary is load_dictionary() and eff.files == ()
True
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jobintel.errors import DictionaryError
from jobintel.nlp.ambiguity import AmbiguityRules, _merge, load_ambiguity_rules
from jobintel.nlp.dictionary import CATEGORIES, SkillDictionary, SkillEntry, load_dictionary

__all__ = [
    "RULE_KEYS",
    "EffectiveDictionary",
    "SkillPatch",
    "UserDictionary",
    "apply_user_dictionaries",
    "load_effective",
    "parse_user_dictionary",
]

TOP_KEYS = ("skills", "remove", "ambiguity")
SKILL_KEYS = ("id", "name", "category", "aliases", "remove_aliases")
AMBIGUITY_KEYS = ("rules",)
#: The keys of an ambiguity rule table, as in ambiguity.toml, plus ``replace`` (drop the shipped rule first).
RULE_KEYS = (
    "forms",
    "case_sensitive",
    "corroborate",
    "proper_case_ok",
    "cues",
    "reject_if_followed_by",
    "reject_if_preceded_by",
    "reject_if_next_matches",
    "reject_if_prev_matches",
    "role_ok",
    "replace",
)
_BOOL_RULE_KEYS = ("case_sensitive", "corroborate", "proper_case_ok", "role_ok", "replace")
_ID = re.compile(r"^[a-z0-9][a-z0-9+#._-]*$")
_TOML_LINE = re.compile(r"at line (\d+)")

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class SkillPatch:
    """One ``skills`` entry of a user file: a new skill, or changes to an existing one."""

    id: str
    name: str | None = None
    category: str | None = None
    aliases: tuple[str, ...] = ()
    remove_aliases: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class UserDictionary:
    """A parsed, schema-checked user file (not yet checked against the dictionary it layers on)."""

    path: str
    skills: tuple[SkillPatch, ...] = ()
    remove: tuple[tuple[str, int | None], ...] = ()
    rules: tuple[tuple[dict[str, Any], int | None], ...] = ()


@dataclass(frozen=True, eq=False)
class EffectiveDictionary:
    """The shipped dictionary and rules with the user files applied, and where each skill came from."""

    dictionary: SkillDictionary
    rules: AmbiguityRules
    files: tuple[str, ...] = ()
    origins: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # skill id -> files
    removed: dict[str, str] = dataclasses.field(default_factory=dict)  # skill id -> file that removed it

    @property
    def version(self) -> str:
        return f"{self.dictionary.version}+{self.rules.version}"


# ---------------------------------------------------------------------------------- reading with lines
def _yaml_lines(text: str) -> dict[Path_, int]:
    """Line (1-based) of every mapping key and sequence item, by its path from the root."""
    lines: dict[Path_, int] = {}

    def walk(node: yaml.Node, path: Path_) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value))
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return lines


def _toml_line(text: str, path: Path_) -> int | None:
    """Best-effort line of ``path`` in TOML text: tomllib keeps no positions, so search the raw lines."""
    raw = text.splitlines()
    lo, hi, line = 0, len(raw), None
    table: list[str] = []
    for part in path:
        if isinstance(part, int):
            header = re.compile(r"^\s*\[\[\s*" + r"\s*\.\s*".join(map(re.escape, table)) + r"\s*\]\]")
            hits = [i for i in range(lo, hi) if header.match(raw[i])]
            if part < len(hits):
                lo = hits[part]
                nxt = [i for i in range(lo + 1, len(raw)) if raw[i].lstrip().startswith("[")]
                hi, line = (nxt[0] if nxt else len(raw)), lo + 1
            continue
        table.append(part)
        key = re.compile(r"^\s*" + re.escape(part) + r"\s*=")
        hit = next((i for i in range(lo, hi) if key.match(raw[i])), None)
        if hit is not None:
            line = hit + 1
    return line


def _read(path: Path, text: str) -> tuple[Any, Callable[[Path_], int | None]]:
    where = str(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = _TOML_LINE.search(str(exc))
            raise DictionaryError(
                f"invalid TOML: {exc}", path=where, line=int(m.group(1)) if m else None
            ) from exc
        return data, lambda p: _toml_line(text, p)
    if suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
            lines = _yaml_lines(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise DictionaryError(
                f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
                path=where,
                line=mark.line + 1 if mark else None,
            ) from exc

        def line_of(p: Path_) -> int | None:
            while p and p not in lines:
                p = p[:-1]
            return lines.get(p)

        return data, line_of
    raise DictionaryError("a user dictionary must end in .yaml, .yml or .toml", path=where)


# ---------------------------------------------------------------------------------- schema validation
class _Checker:
    def __init__(self, where: str, line_of: Callable[[Path_], int | None]):
        self.where, self.line_of = where, line_of

    def fail(self, path: Path_, message: str) -> DictionaryError:
        label = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))
        return DictionaryError(
            f"{label}: {message}" if label else message, path=self.where, line=self.line_of(path)
        )

    def keys(self, value: Any, path: Path_, allowed: Sequence[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected a table/mapping, got {type(value).__name__}")
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(allowed)})"
                raise self.fail((*path, str(key)), f"unknown key {key!r}{hint}")
        return value

    def strings(self, value: Any, path: Path_) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, list):
            raise self.fail(path, "expected a list of strings")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail((*path, i), f"expected a non-empty string, got {item!r}")
        return tuple(" ".join(s.split()) for s in value)

    def string(self, value: Any, path: Path_) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"expected a non-empty string, got {value!r}")
        return value.strip()


def parse_user_dictionary(text: str, path: str | Path) -> UserDictionary:
    """Parse and schema-check the text of a user dictionary file (the suffix picks YAML or TOML).

    >>> ud = parse_user_dictionary("skills:\\n  - {id: polars, name: Polars, category: tool}\\n", "u.yaml")
    >>> ud.skills[0].name, ud.skills[0].line
    ('Polars', 2)
    """
    p = Path(path)
    data, line_of = _read(p, text)
    check = _Checker(str(p), line_of)
    if data is None:
        return UserDictionary(path=str(p))
    check.keys(data, (), TOP_KEYS)
    skills, seen = [], set()
    raw_skills = data.get("skills", [])
    if not isinstance(raw_skills, list):
        raise check.fail(("skills",), "expected a list of skill entries")
    for i, raw in enumerate(raw_skills):
        at: Path_ = ("skills", i)
        check.keys(raw, at, SKILL_KEYS)
        if "id" not in raw:
            raise check.fail(at, "missing 'id'")
        sid = check.string(raw["id"], (*at, "id"))
        if not _ID.match(sid):
            raise check.fail((*at, "id"), f"{sid!r} is not a skill id (lowercase letters, digits, + # . _ -)")
        if sid in seen:
            raise check.fail((*at, "id"), f"skill {sid!r} appears twice in this file")
        seen.add(sid)
        category = raw.get("category")
        if category is not None and category not in CATEGORIES:
            raise check.fail((*at, "category"), f"{category!r} is not a category ({', '.join(CATEGORIES)})")
        skills.append(
            SkillPatch(
                id=sid,
                name=check.string(raw["name"], (*at, "name")) if "name" in raw else None,
                category=category,
                aliases=check.strings(raw["aliases"], (*at, "aliases")) if "aliases" in raw else (),
                remove_aliases=(
                    check.strings(raw["remove_aliases"], (*at, "remove_aliases"))
                    if "remove_aliases" in raw
                    else ()
                ),
                line=line_of(at),
            )
        )
    remove = check.strings(data["remove"], ("remove",)) if "remove" in data else ()
    rules = []
    amb = check.keys(data.get("ambiguity", {}), ("ambiguity",), AMBIGUITY_KEYS)
    raw_rules = amb.get("rules", [])
    if not isinstance(raw_rules, list):
        raise check.fail(("ambiguity", "rules"), "expected a list of rule tables")
    for i, raw in enumerate(raw_rules):
        at = ("ambiguity", "rules", i)
        check.keys(raw, at, RULE_KEYS)
        if "forms" not in raw:
            raise check.fail(at, "missing 'forms'")
        rule: dict[str, Any] = {"forms": list(check.strings(raw["forms"], (*at, "forms")))}
        for key in _BOOL_RULE_KEYS:
            if key in raw:
                if not isinstance(raw[key], bool):
                    raise check.fail((*at, key), f"expected true or false, got {raw[key]!r}")
                rule[key] = raw[key]
        for key in ("cues", "reject_if_followed_by", "reject_if_preceded_by"):
            if key in raw:
                rule[key] = list(check.strings(raw[key], (*at, key)))
        for key in ("reject_if_next_matches", "reject_if_prev_matches"):
            if key in raw:
                pattern = check.string(raw[key], (*at, key))
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise check.fail((*at, key), f"bad regular expression: {exc}") from exc
                rule[key] = pattern
        rules.append((rule, line_of(at)))
    return UserDictionary(
        path=str(p),
        skills=tuple(skills),
        remove=tuple((sid, line_of(("remove", i))) for i, sid in enumerate(remove)),
        rules=tuple(rules),
    )


# ---------------------------------------------------------------------------------- layering
def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _patched(patch: SkillPatch, current: SkillDictionary, where: str) -> SkillEntry:
    old = current.get(patch.id)
    if old is None:
        if patch.name is None or patch.category is None:
            raise DictionaryError(
                f"new skill {patch.id!r} needs 'name' and 'category' (no skill has this id)",
                path=where,
                line=patch.line,
            )
        if patch.remove_aliases:
            raise DictionaryError(
                f"new skill {patch.id!r} has no aliases to remove", path=where, line=patch.line
            )
        return SkillEntry(
            id=patch.id,
            name=patch.name,
            category=patch.category,
            aliases=_dedupe([patch.name, *patch.aliases]),
            source="user",
        )
    have = {a.lower() for a in old.aliases}
    missing = [a for a in patch.remove_aliases if a.lower() not in have]
    if missing:
        raise DictionaryError(
            f"skill {patch.id!r} has no alias {missing[0]!r} to remove (aliases: {', '.join(old.aliases)})",
            path=where,
            line=patch.line,
        )
    drop = {a.lower() for a in patch.remove_aliases}
    name = patch.name or old.name
    aliases = [a for a in old.aliases if a.lower() not in drop]
    if patch.name and name.lower() not in {a.lower() for a in aliases}:
        aliases.insert(0, name)
    aliases = list(_dedupe([*aliases, *patch.aliases]))
    if not aliases:
        raise DictionaryError(
            f"skill {patch.id!r} would be left without aliases; use 'remove: [{patch.id}]' to drop it",
            path=where,
            line=patch.line,
        )
    return dataclasses.replace(
        old, name=name, category=patch.category or old.category, aliases=tuple(aliases)
    )


def _layer(current: SkillDictionary, user: UserDictionary) -> SkillDictionary:
    """One file on top of ``current``. An alias the file adds is taken away from any other skill that had it,
    so a user can move an alias; aliases the file does not mention stay where they are."""
    patched = {p.id: _patched(p, current, user.path) for p in user.skills}
    claims: dict[str, str] = {}
    for p in user.skills:
        added = (*p.aliases, *((p.name,) if p.name and p.id not in current else ()))
        claims.update({a.lower(): p.id for a in added})
    dropped = {sid for sid, _ in user.remove}
    entries = []
    for entry in [*(e for e in current if e.id not in patched), *patched.values()]:
        if entry.id in dropped:
            continue
        aliases = tuple(a for a in entry.aliases if claims.get(a.lower(), entry.id) == entry.id)
        if aliases:  # an entry whose every alias moved elsewhere is gone
            entries.append(entry if aliases == entry.aliases else dataclasses.replace(entry, aliases=aliases))
    return SkillDictionary(
        entries=tuple(sorted(entries, key=lambda e: e.id)), common_words=current.common_words
    )


def _apply_rules(rules: AmbiguityRules, user: UserDictionary) -> AmbiguityRules:
    if not user.rules:
        return rules
    table = dict(rules.rules)
    for rule, _line in user.rules:
        for key in sorted({f.lower() for f in rule["forms"]}):
            base = None if rule.get("replace") else table.get(key)
            table[key] = _merge(base, key, rule, user.path)
    blob = json.dumps([rules.version, [r for r, _ in user.rules]], sort_keys=True, ensure_ascii=False)
    return dataclasses.replace(rules, rules=table, version=hashlib.sha256(blob.encode()).hexdigest()[:16])


def apply_user_dictionaries(
    users: Sequence[UserDictionary],
    dictionary: SkillDictionary | None = None,
    rules: AmbiguityRules | None = None,
) -> EffectiveDictionary:
    """Layer parsed user files, in order, on ``dictionary`` and ``rules`` (default: the shipped ones).

    >>> ud = parse_user_dictionary("remove = ['kubernetes']\\n", "u.toml")
    >>> "kubernetes" in apply_user_dictionaries([ud]).dictionary
    False
    """
    base = dictionary or load_dictionary()
    current, rules = base, rules or load_ambiguity_rules()
    origins: dict[str, list[str]] = {}
    removed: dict[str, str] = {}
    for user in users:
        for sid, line in user.remove:
            if sid not in current:
                raise DictionaryError(
                    f"cannot remove {sid!r}: no skill has this id", path=user.path, line=line
                )
            removed[sid] = user.path
            origins.pop(sid, None)
        current = _layer(current, user)
        for patch in user.skills:
            origins.setdefault(patch.id, []).append(user.path)
            removed.pop(patch.id, None)
        rules = _apply_rules(rules, user)
    if users and current.content_hash() == base.content_hash():
        current = base  # same content, same version: a no-op user file does not make postings stale
    return EffectiveDictionary(
        dictionary=current,
        rules=rules,
        files=tuple(u.path for u in users),
        origins={k: tuple(v) for k, v in origins.items()},
        removed=removed,
    )


def _read_text(path: str | Path) -> str:
    """A user file's text; a missing or unreadable file is a ``DictionaryError``."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"cannot read user dictionary: {exc}", path=str(path)) from exc


@functools.lru_cache(maxsize=16)
def _effective(files: tuple[tuple[str, str], ...]) -> EffectiveDictionary:
    return apply_user_dictionaries([parse_user_dictionary(text, path) for path, text in files])


def load_effective(paths: Iterable[str | Path]) -> EffectiveDictionary:
    """The effective dictionary for these user files, in order; cached on the files' content.

    No files gives the shipped dictionary and rules themselves.
    """
    files = [(str(Path(path)), _read_text(path)) for path in paths]
    if not files:
        return EffectiveDictionary(dictionary=load_dictionary(), rules=load_ambiguity_rules())
    return _effective(tuple(files))
