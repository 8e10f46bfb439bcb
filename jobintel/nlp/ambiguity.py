"""Rules, loaded from ``data/ambiguity.toml``, that decide when an everyday-word alias is a skill mention.

Nothing here knows about particular skills: "React needs corroboration", "Go is case-sensitive" and
"C after Series is not a language" are all lines of the TOML file. The functions work on plain token texts
so they can be tested without spaCy.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jobintel.errors import DictionaryError

__all__ = ["AliasRule", "AmbiguityRules", "Candidate", "accept_candidates", "load_ambiguity_rules"]

# Tokens after which a capitalised word starts a sentence or a bullet, so its capital says nothing.
_BOUNDARY = frozenset({".", "!", "?", ":", ";", "•", "*", "-", "–", "—", "·", "(", '"', "“", "|", ">", "o"})
# Between a role noun and a practice, these make a job title: "Software Engineer - Full Stack", "Head of AI".
_TITLE_JOINERS = frozenset({"-", "–", "—", "(", "|", "of"})
_ROLE_SLASHES = frozenset({"/", "&"})
# Words that end the modifiers of a job title: "DevOps practices for the team" is not "DevOps ... team".
_CLAUSE_WORDS = frozenset(
    {"a", "an", "the", "for", "to", "in", "on", "at", "of", "with", "by", "from", "is", "are", "who", "that"}
)


@dataclass(frozen=True, slots=True)
class AliasRule:
    """What ambiguity.toml says about one alias (keyed by its lowercase form)."""

    key: str
    forms: frozenset[str]
    case_sensitive: bool = False
    corroborate: bool = False
    proper_case_ok: bool = False
    role_ok: bool = False
    cues: frozenset[str] = frozenset()
    reject_followed: frozenset[str] = frozenset()
    reject_preceded: frozenset[str] = frozenset()
    reject_next: re.Pattern[str] | None = None
    reject_prev: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A dictionary match before the ambiguity check: token offsets ``[start, end)`` into the token list."""

    start: int
    end: int
    skill_id: str
    category: str
    rule: AliasRule | None = None


@dataclass(frozen=True, eq=False)  # identity-hashed: caches key on it
class AmbiguityRules:
    """All rules plus the shared settings; ``version`` is a hash of the file."""

    rules: dict[str, AliasRule]
    window: int = 8
    cue_window: int = 2
    version_pattern: re.Pattern[str] = re.compile(r"^v?\d+(?:\.\d+)*$")
    list_connectors: frozenset[str] = frozenset({",", "/", "and", "or", "&"})
    corroborating_categories: frozenset[str] = frozenset()
    cue_words: frozenset[str] = frozenset()
    short_alias_max_len: int = 3
    onet_single_token_case_sensitive: bool = True
    role_categories: frozenset[str] = frozenset()
    role_nouns: frozenset[str] = frozenset()
    role_gap: int = 2
    lowercase_in_lists: bool = False
    version: str = ""

    def rule_for(self, alias: str) -> AliasRule | None:
        """The rule for an alias, in any case: ``rules.rule_for("react").corroborate is True``."""
        return self.rules.get(alias.lower())


def _pattern(table: dict, name: str, key: str, where: str) -> re.Pattern[str] | None:
    pattern = table.get(name)
    try:
        return re.compile(pattern) if pattern else None
    except re.error as exc:
        raise DictionaryError(f"bad {name} for {key!r}: {exc}", path=where) from exc


def _merge(old: AliasRule | None, key: str, table: dict, where: str) -> AliasRule:
    forms = frozenset(f for f in table["forms"] if f.lower() == key)
    new = AliasRule(
        key=key,
        forms=forms,
        case_sensitive=bool(table.get("case_sensitive", False)),
        corroborate=bool(table.get("corroborate", False)),
        proper_case_ok=bool(table.get("proper_case_ok", False)),
        role_ok=bool(table.get("role_ok", False)),
        cues=frozenset(w.lower() for w in table.get("cues", ())),
        reject_followed=frozenset(w.lower() for w in table.get("reject_if_followed_by", ())),
        reject_preceded=frozenset(w.lower() for w in table.get("reject_if_preceded_by", ())),
        reject_next=_pattern(table, "reject_if_next_matches", key, where),
        reject_prev=_pattern(table, "reject_if_prev_matches", key, where),
    )
    if old is None:
        return new
    return AliasRule(
        key=key,
        forms=old.forms | new.forms,
        case_sensitive=old.case_sensitive or new.case_sensitive,
        corroborate=old.corroborate or new.corroborate,
        proper_case_ok=old.proper_case_ok or new.proper_case_ok,
        role_ok=old.role_ok or new.role_ok,
        cues=old.cues | new.cues,
        reject_followed=old.reject_followed | new.reject_followed,
        reject_preceded=old.reject_preceded | new.reject_preceded,
        reject_next=new.reject_next or old.reject_next,
        reject_prev=new.reject_prev or old.reject_prev,
    )


def parse_ambiguity_rules(text: str, where: str = "ambiguity.toml") -> AmbiguityRules:
    """Parse the TOML text of an ambiguity file.

    >>> r = parse_ambiguity_rules('[[rule]]\\nforms = ["Go"]\\ncase_sensitive = true')
    >>> r.rule_for("go").forms == frozenset({"Go"})
    True
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DictionaryError(str(exc), path=where) from exc
    rules: dict[str, AliasRule] = {}
    for i, table in enumerate(doc.get("rule", [])):
        if not table.get("forms"):
            raise DictionaryError(f"rule #{i + 1} has no forms", path=where)
        for key in sorted({f.lower() for f in table["forms"]}):
            rules[key] = _merge(rules.get(key), key, table, where)
    s = doc.get("settings", {})
    return AmbiguityRules(
        rules=rules,
        window=int(s.get("window", 8)),
        cue_window=int(s.get("cue_window", 2)),
        version_pattern=re.compile(s.get("version_pattern", r"^v?\d+(?:\.\d+)*$")),
        list_connectors=frozenset(s.get("list_connectors", (",", "/", "and", "or", "&"))),
        corroborating_categories=frozenset(s.get("corroborating_categories", ())),
        cue_words=frozenset(w.lower() for w in s.get("cue_words", ())),
        short_alias_max_len=int(s.get("short_alias_max_len", 3)),
        onet_single_token_case_sensitive=bool(s.get("onet_single_token_case_sensitive", True)),
        role_categories=frozenset(s.get("role_categories", ())),
        role_nouns=frozenset(w.lower() for w in s.get("role_nouns", ())),
        role_gap=int(s.get("role_gap", 2)),
        lowercase_in_lists=bool(s.get("lowercase_in_lists", False)),
        version=hashlib.sha256(text.encode()).hexdigest()[:16],
    )


@functools.cache
def _packaged() -> AmbiguityRules:
    text = resources.files("jobintel.nlp").joinpath("data/ambiguity.toml").read_text(encoding="utf-8")
    return parse_ambiguity_rules(text, "jobintel/nlp/data/ambiguity.toml")


def load_ambiguity_rules(path: str | Path | None = None) -> AmbiguityRules:
    """The packaged rules (cached), or those of the TOML file at ``path``."""
    if path is None:
        return _packaged()
    p = Path(path)
    try:
        return parse_ambiguity_rules(p.read_text(encoding="utf-8"), str(p))
    except OSError as exc:
        raise DictionaryError(f"cannot read ambiguity rules: {exc}", path=str(p)) from exc


def _neighbour(tokens: Sequence[str], i: int, step: int) -> int | None:
    """Index of the nearest non-space token from ``i`` in direction ``step``."""
    i += step
    while 0 <= i < len(tokens):
        if tokens[i].strip():
            return i
        i += step
    return None


def _starts_line(tokens: Sequence[str], i: int) -> bool:
    j = i - 1
    while j >= 0 and not tokens[j].strip():
        if "\n" in tokens[j]:
            return True
        j -= 1
    return j < 0 or tokens[j] in _BOUNDARY


def _vetoed(c: Candidate, tokens: Sequence[str]) -> str | None:
    """Why a neighbour vetoes the match: "word" (a plain next word: "Go for", "Julia Jensen"), "hard" (any
    other veto: "Series C", "Go-to-market", "Spring 2025"), or None."""
    rule = c.rule
    assert rule is not None
    nxt, prev = _neighbour(tokens, c.end - 1, 1), _neighbour(tokens, c.start, -1)
    if nxt is not None and (
        tokens[nxt].lower() in rule.reject_followed
        or (rule.reject_next is not None and rule.reject_next.match(tokens[nxt]))
    ):
        return "word" if tokens[nxt].isalpha() else "hard"
    if prev is not None and (
        tokens[prev].lower() in rule.reject_preceded
        or (rule.reject_prev is not None and rule.reject_prev.match(tokens[prev]))
    ):
        return "hard"
    return None


def _names_a_role(c: Candidate, tokens: Sequence[str], rules: AmbiguityRules) -> bool:
    """True when a practice or field names a job or a team: "Full Stack Developer", "our DevOps team",
    "Software Engineer - Cloud Security". The posting may still ask for the skill elsewhere."""
    if c.category not in rules.role_categories or (c.rule is not None and c.rule.role_ok):
        return False
    gap, j = 0, c.end
    while j < len(tokens):
        tok = tokens[j]
        j += 1
        if not tok.strip():
            if "\n" in tok:  # a heading or list item ends with its line
                break
            continue
        low = tok.lower()
        if low in rules.role_nouns:
            return True
        if low in _ROLE_SLASHES:  # "QA/Test Developer", "DevOps & SRE engineers"
            continue
        # "Full Stack Web Developer", "Big Data DevOps Engineer": a few modifiers, no clause words
        if gap >= rules.role_gap or not tok.isalpha() or low in rules.list_connectors or low in _CLAUSE_WORDS:
            break
        gap += 1
    prev = _neighbour(tokens, c.start, -1)
    if prev is None or tokens[prev].lower() not in _TITLE_JOINERS:
        return False
    before = _neighbour(tokens, prev, -1)
    return before is not None and tokens[before].lower() in rules.role_nouns


def _loose_form(c: Candidate, tokens: Sequence[str]) -> bool:
    """A lowercase spelling of a case-sensitive name ("go", "spring"), as in tag lists."""
    rule = c.rule
    return rule is not None and rule.case_sensitive and " ".join(tokens[c.start : c.end]) not in rule.forms


def _touches(c: Candidate, tokens: Sequence[str], rules: AmbiguityRules, starts: set, ends: set) -> bool:
    """True when a list connector or plain spacing on the same line separates ``c`` from an anchor."""
    for step, index, edge in ((-1, ends, c.start - 1), (1, starts, c.end)):
        j = edge
        while 0 <= j < len(tokens):
            tok = tokens[j]
            if (j + 1 if step == -1 else j) in index:
                return True
            if "\n" in tok or (tok.strip() and tok.lower() not in rules.list_connectors):
                break
            j += step
    return False


def _cued(c: Candidate, tokens: Sequence[str], rules: AmbiguityRules) -> bool:
    rule = c.rule
    assert rule is not None
    nxt = _neighbour(tokens, c.end - 1, 1)
    if nxt is not None and rules.version_pattern.match(tokens[nxt]):
        return True
    lo, hi = max(0, c.start - rules.cue_window), min(len(tokens), c.end + rules.cue_window)
    for j in (*range(lo, c.start), *range(c.end, hi)):
        word = tokens[j].lower()
        if word in rules.cue_words or word in rule.cues:
            return True
    if rule.proper_case_ok and not _starts_line(tokens, c.start):
        text = " ".join(tokens[c.start : c.end])
        prev, after = _neighbour(tokens, c.start, -1), _neighbour(tokens, c.end - 1, 1)
        # inside "Spark Your Career" every word is capitalised, so the capital is not evidence
        heading = any(
            k is not None and tokens[k][:1].isupper() and tokens[k].isalpha() for k in (prev, after)
        )
        if text in rule.forms and not heading:
            return True
    return False


def _accept_loose(
    candidates: Sequence[Candidate],
    live: list[bool],
    tokens: Sequence[str],
    rules: AmbiguityRules,
    starts: set[int],
    ends: set[int],
) -> dict[int, bool]:
    """Decisions for the lowercase spellings, by candidate index: a version next to it, or a place in a
    tag list; an accepted one anchors its neighbour ("react, node, typescript": node, then react)."""
    pending = {i for i, c in enumerate(candidates) if live[i] and _loose_form(c, tokens)}
    out = {}
    for i in pending:
        nxt = _neighbour(tokens, candidates[i].end - 1, 1)
        out[i] = nxt is not None and bool(rules.version_pattern.match(tokens[nxt]))
    starts = starts | {candidates[i].start for i in pending if out[i]}
    ends = ends | {candidates[i].end for i in pending if out[i]}
    changed = True
    while changed:
        changed = False
        for i in pending:
            c = candidates[i]
            if not out[i] and _touches(c, tokens, rules, starts, ends):
                out[i] = changed = True
                starts.add(c.start)
                ends.add(c.end)
    return out


def _listed_with(c: Candidate, tokens: Sequence[str], rules: AmbiguityRules, starts, ends) -> bool:
    """True when only list punctuation/conjunctions separate ``c`` from another candidate."""
    for step, index, edge in ((-1, ends, c.start), (1, starts, c.end - 1)):
        j = _neighbour(tokens, edge, step)
        while j is not None:
            key = j + 1 if step == -1 else j
            if key in index:
                return True
            if tokens[j].lower() not in rules.list_connectors:
                break
            j = _neighbour(tokens, j, step)
    return False


def accept_candidates(
    candidates: Sequence[Candidate], tokens: Sequence[str], rules: AmbiguityRules
) -> list[bool]:
    """Decide, for each candidate, whether it is a skill mention in this token context.

    ``tokens`` are the document's token texts (spaces included as tokens). A candidate without a rule is
    accepted unless it is a practice naming a job or a team ("DevOps engineer").

    >>> rules = load_ambiguity_rules()
    >>> toks = "We react to changes".split()
    >>> c = Candidate(1, 2, "react", "framework", rules.rule_for("React"))
    >>> accept_candidates([c], toks, rules)
    [False]
    """
    vetoes = [_vetoed(c, tokens) if c.rule is not None else None for c in candidates]
    roles = [_names_a_role(c, tokens, rules) for c in candidates]
    live = [v is None and not r for v, r in zip(vetoes, roles, strict=True)]
    # anchors: unambiguous technologies whose presence nearby corroborates an ambiguous one
    anchored = [
        c
        for c, ok in zip(candidates, live, strict=True)
        if ok and c.rule is None and c.category in rules.corroborating_categories
    ]
    anchor_starts, anchor_ends = {c.start for c in anchored}, {c.end for c in anchored}
    # "Python/Java/Perl/Go for automation", "Rails and React to build", "R Julia Python": inside a list of
    # technologies the next word does not make the name a verb or a first name
    for i, c in enumerate(candidates):
        if vetoes[i] == "word" and not roles[i]:
            live[i] = _listed_with(c, tokens, rules, anchor_starts, anchor_ends)
    starts = {c.start: c for c, ok in zip(candidates, live, strict=True) if ok}
    ends = {c.end: c for c, ok in zip(candidates, live, strict=True) if ok}
    loose = _accept_loose(candidates, live, tokens, rules, anchor_starts, anchor_ends)
    out = []
    for i, (c, ok) in enumerate(zip(candidates, live, strict=True)):
        if not ok or c.rule is None:
            out.append(ok)
        elif i in loose:
            out.append(loose[i])
        elif not c.rule.corroborate:
            out.append(True)
        else:
            near = any(a.start - rules.window <= c.start and c.end <= a.end + rules.window for a in anchored)
            out.append(near or _cued(c, tokens, rules) or _listed_with(c, tokens, rules, starts, ends))
    return out
