"""Map job titles to canonical roles ("AI/ML Engineer", "MLOps Engineer", ...) from an editable taxonomy.

The taxonomy is ``data/roles.toml``: rules (include/exclude regexes on a normalized title) tried in file
order, then RapidFuzz against each role's example titles. Titles that match nothing stay unknown (None).
The file's header explains the matching and the decisions behind ambiguous titles.

>>> tax = load_taxonomy()
>>> tax.classify("Staff Software Engineer, ML Infrastructure").name
'MLOps Engineer'
>>> tax.classify("Chef") is None
True
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from jobintel.errors import DictionaryError, UnknownRoleError
from jobintel.nlp.types import Role

#: Environment variable naming a user's role taxonomy file (a copy of nlp/data/roles.toml, edited).
ROLES_ENV = "JOBINTEL_ROLES"

__all__ = ["ROLES_ENV", "ROLES_PATH", "RoleSpec", "RoleTaxonomy", "load_taxonomy", "normalize_title"]

ROLES_PATH = Path(__file__).parent / "data" / "roles.toml"

_ROLE_KEYS = {"name", "family", "aliases", "include", "exclude", "examples", "career_path", "description"}
_TOP_KEYS = {"settings", "role"}
# Separators between the core title and its qualifiers ("Engineer, Platform", "Engineer - Search").
_QUALIFIER_SPLIT = re.compile(r"\s*(?:,|;|:|\||\s[-–—]\s|\(|\)|\[|\])\s*")
_NON_WORD = re.compile(r"[^a-z0-9+#]+")
# [settings.abbreviations] compiled: (whole-word pattern, replacement), applied in file order.
_Abbreviations = tuple[tuple[re.Pattern[str], str], ...]


@dataclass(frozen=True, slots=True)
class RoleSpec:
    """One role of the taxonomy as written in the file."""

    name: str
    family: str | None
    aliases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    career_path: tuple[str, ...] = ()
    include: tuple[re.Pattern[str], ...] = field(default=(), repr=False)
    exclude: tuple[re.Pattern[str], ...] = field(default=(), repr=False)


def _key(name: str) -> str:
    return " ".join(_NON_WORD.sub(" ", name.casefold()).split())


def _fold_accents(text: str) -> str:
    # "Ingénieur", "Développeur": drop combining marks so the ASCII rules see the letters, not a gap.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _expand(text: str, abbreviations: _Abbreviations) -> str:
    for pattern, replacement in abbreviations:
        text = pattern.sub(replacement, text)
    return text


def normalize_title(
    title: str, strip: re.Pattern[str] | None = None, abbreviations: _Abbreviations | None = None
) -> str:
    """The form rules match against: "core | qualifiers", lower-case, short forms spelled out, no level words.

    >>> normalize_title("Senior Machine Learning Engineer, Platform (Remote)")
    'machine learning engineer | platform'
    >>> normalize_title("Sr. Eng Mgr - ML/AI")
    'engineering manager | ml ai'
    """
    if strip is None:
        strip, abbreviations = load_taxonomy()._strip, load_taxonomy()._abbreviations
    text = _fold_accents(title or "").casefold().replace("&", " and ").replace("/", " ")
    parts: list[str] = []
    for raw in _QUALIFIER_SPLIT.split(text):
        words = _expand(_NON_WORD.sub(" ", raw), abbreviations or ())
        part = " ".join(strip.sub(" ", words).split())
        if part and part not in parts:
            parts.append(part)
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f"{parts[0]} | {' '.join(parts[1:])}"


class RoleTaxonomy:
    """A loaded, validated role taxonomy. Use ``load_taxonomy()``; instances are immutable."""

    def __init__(
        self,
        specs: list[RoleSpec],
        *,
        strip: re.Pattern[str],
        cutoff: float,
        version: str,
        path: str,
        abbreviations: _Abbreviations = (),
    ):
        self._specs = specs
        self._strip = strip
        self._abbreviations = abbreviations
        self._cutoff = cutoff
        self.version = version
        self.path = path
        self._by_key: dict[str, RoleSpec] = {}
        for spec in specs:
            for alias in (spec.name, *spec.aliases):
                self._by_key.setdefault(_key(alias), spec)
        # Fuzzy choices: a mapping {role name + "\0" + example: normalized example}; extractOne compares
        # against the values and hands back the key, which names the role.
        self._examples: dict[str, str] = {}
        for spec in specs:
            for example in (spec.name, *spec.examples):
                norm = normalize_title(example, strip, abbreviations).replace(" | ", " ")
                self._examples.setdefault(f"{spec.name}\0{example}", norm)
        self._classify_cached = functools.lru_cache(maxsize=16384)(self._classify)

    @property
    def roles(self) -> list[str]:
        """Role names in file order."""
        return [s.name for s in self._specs]

    def get(self, name: str) -> RoleSpec | None:
        """The role named ``name`` or one of its aliases, case-insensitively ("mlops" -> MLOps Engineer)."""
        return self._by_key.get(_key(name))

    def resolve(self, name: str) -> RoleSpec:
        """Like ``get`` but raises ``UnknownRoleError`` listing the known roles."""
        spec = self.get(name)
        if spec is None:
            raise UnknownRoleError(f"unknown role {name!r}; known roles: {', '.join(self.roles)}")
        return spec

    def family(self, name: str) -> str | None:
        """The family ("ml", "data", ...) of a role name or alias; raises ``UnknownRoleError``."""
        return self.resolve(name).family

    def career_path(self, name: str) -> tuple[str, ...]:
        """Typical next titles for a role, as written in the taxonomy (may be empty)."""
        return self.resolve(name).career_path

    def classify(self, title: str) -> Role | None:
        """The canonical role of a job title, or None when the title fits no role.

        >>> load_taxonomy().classify("ML Ops Engineer").name
        'MLOps Engineer'
        """
        return self._classify_cached(title or "")

    def _classify(self, title: str) -> Role | None:
        norm = normalize_title(title, self._strip, self._abbreviations)
        if not norm:
            return None
        for spec in self._specs:
            for pattern in spec.include:
                m = pattern.search(norm)
                if m and not any(ex.search(norm) for ex in spec.exclude):
                    return Role(spec.name, spec.family, "rule", 100.0, m.group(0))
        hit = process.extractOne(
            norm.replace(" | ", " "),
            self._examples,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=self._cutoff,
        )
        if hit is None:
            return None
        _, score, key = hit
        role_name, _, example = key.partition("\0")
        spec = self.resolve(role_name)
        if any(ex.search(norm) for ex in spec.exclude):
            return None
        return Role(spec.name, spec.family, "fuzzy", round(float(score), 1), example)


def _line_of(text: str, needle: str) -> int | None:
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    return None


def _name_line(text: str, name: str) -> int | None:
    m = re.search(rf"^\s*name\s*=\s*[\"']{re.escape(name)}[\"']", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _compile(pattern: str, raw: str, path: str, role: str) -> re.Pattern[str]:
    try:
        return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")
    except re.error as exc:
        line = _line_of(raw, pattern) or _name_line(raw, role)
        raise DictionaryError(f"role {role!r}: bad pattern {pattern!r}: {exc}", path=path, line=line) from exc


def _parse(raw: str, path: str) -> RoleTaxonomy:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise DictionaryError(f"invalid TOML: {exc}", path=path, line=int(m.group(1)) if m else None) from exc
    for key in set(data) - _TOP_KEYS:
        raise DictionaryError(f"unknown top-level key {key!r}", path=path, line=_line_of(raw, key))
    settings = data.get("settings", {})
    strip_words = settings.get("strip", [])
    try:
        strip = re.compile(rf"(?<![a-z0-9])(?:{'|'.join(strip_words) or '(?!)'})(?![a-z0-9])")
    except re.error as exc:
        raise DictionaryError(
            f"bad [settings].strip pattern: {exc}", path=path, line=_line_of(raw, "strip")
        ) from exc
    abbreviations = _parse_abbreviations(settings.get("abbreviations", {}), raw, path)
    specs: list[RoleSpec] = []
    seen: dict[str, str] = {}
    for entry in data.get("role", []):
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise DictionaryError("a [[role]] has no name", path=path, line=_line_of(raw, "[[role]]"))
        line = _name_line(raw, name)
        for key in set(entry) - _ROLE_KEYS:
            raise DictionaryError(f"role {name!r}: unknown key {key!r}", path=path, line=line)
        if not isinstance(entry.get("family"), str):
            raise DictionaryError(f"role {name!r}: 'family' must be a string", path=path, line=line)
        if not entry.get("include") and not entry.get("examples"):
            raise DictionaryError(
                f"role {name!r}: needs 'include' patterns or 'examples'", path=path, line=line
            )
        for alias in (name, *entry.get("aliases", [])):
            if (k := _key(alias)) in seen and seen[k] != name:
                raise DictionaryError(
                    f"role {name!r}: name or alias {alias!r} already used by {seen[k]!r}",
                    path=path,
                    line=line,
                )
            seen[k] = name
        specs.append(
            RoleSpec(
                name=name,
                family=entry["family"],
                aliases=tuple(entry.get("aliases", [])),
                examples=tuple(entry.get("examples", [])),
                career_path=tuple(entry.get("career_path", [])),
                include=tuple(_compile(p, raw, path, name) for p in entry.get("include", [])),
                exclude=tuple(_compile(p, raw, path, name) for p in entry.get("exclude", [])),
            )
        )
    if not specs:
        raise DictionaryError("the taxonomy defines no [[role]]", path=path)
    version = hashlib.sha256(raw.encode()).hexdigest()[:12]
    return RoleTaxonomy(
        specs,
        strip=strip,
        cutoff=float(settings.get("fuzzy_cutoff", 88)),
        version=version,
        path=path,
        abbreviations=abbreviations,
    )


def _parse_abbreviations(table: object, raw: str, path: str) -> _Abbreviations:
    if not isinstance(table, dict):
        raise DictionaryError(
            "[settings.abbreviations] must be a table", path=path, line=_line_of(raw, "abbreviations")
        )
    out = []
    for pattern, replacement in table.items():
        if not isinstance(replacement, str):
            raise DictionaryError(
                f"abbreviation {pattern!r}: replacement must be a string",
                path=path,
                line=_line_of(raw, pattern),
            )
        try:
            out.append((re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"), replacement))
        except re.error as exc:
            raise DictionaryError(
                f"bad abbreviation pattern {pattern!r}: {exc}", path=path, line=_line_of(raw, pattern)
            ) from exc
    return tuple(out)


@functools.cache
def _packaged() -> RoleTaxonomy:
    return _parse(ROLES_PATH.read_text(encoding="utf-8"), str(ROLES_PATH))


def load_taxonomy(path: str | Path | None = None) -> RoleTaxonomy:
    """Load and validate a role taxonomy; the packaged one (``path=None``) is cached.

    With ``path=None`` a user's own copy named by ``$JOBINTEL_ROLES`` wins over the packaged file, so an
    edited taxonomy reaches every command (and, through the tagger version, ``jobintel retag``).
    Raises ``DictionaryError`` naming the file and line of the first problem.

    >>> load_taxonomy().family("MLOps")
    'ml'
    """
    if path is None:
        path = os.environ.get(ROLES_ENV) or None
    if path is None:
        return _packaged()
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DictionaryError(f"cannot read role taxonomy: {exc}", path=str(path)) from exc
    return _parse(raw, str(path))
