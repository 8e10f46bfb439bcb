"""Dictionary suggestions: frequent technical-looking terms in requirements that no dictionary entry matches.

Only the requirements and nice-to-have sections are read (``detect_sections``): that is where a posting
names its tools, and it keeps company blurbs and benefits out. A term looks technical when it has
inner capitals or digits ("DuckDB", "vLLM", "GPT-4"), an inner dot/plus/hash ("Bun.js"), or is a
capitalised word mid-sentence that is not an everyday word ("Dagster"). Each suggestion carries its
posting count, the roles it comes from, example contexts, and the nearest existing alias when rapidfuzz
finds one ("Pytorch-Lightning" ~ "PyTorch Lightning"), so a maintainer can paste it into a user dictionary.

>>> s = suggest_terms([("Requirements\\n- Experience with Marimo and Python", "Data Engineer")] * 2)
>>> [(x.term, x.count, dict(x.roles)) for x in s]
[('Marimo', 2, {'Data Engineer': 2})]
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from spacy.lang.en.stop_words import STOP_WORDS

from jobintel.nlp.dictionary import SkillDictionary, load_dictionary
from jobintel.nlp.sections import detect_sections

__all__ = ["Suggestion", "render_table", "render_yaml", "suggest_terms"]

_SECTIONS = frozenset({"requirements", "nice_to_have"})
_TOKEN = re.compile(r"(?<![\w.+#-])[A-Za-z][A-Za-z0-9]*(?:[.+#-][A-Za-z0-9]+)*[+#]*")
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]|\d|\w[.+#]")
_SENTENCE_START = re.compile(r"(?:^|[\n.!?:;•*(\[–—-]|\s-)\s*$")
# words that open requirement bullets and are missing from the dictionary's common-word list
_BULLET_WORDS = frozenset(
    {"proven", "hands", "demonstrated", "familiarity", "proficiency", "solid", "deep", "prior", "excellent",
     "strong", "good", "great", "comfortable", "ability", "understanding", "working", "bonus", "ideally"}
)  # fmt: skip
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NOT_SKILLS = frozenset(
    {"phd", "bs", "ms", "ba", "ma", "mba", "bsc", "msc", "usa", "eeo", "pto", "ada", "llc", "inc"}
)


@dataclass
class Suggestion:
    term: str
    count: int = 0  # postings whose requirements mention it
    roles: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    near: tuple[str, str, float] | None = None  # (skill id, alias, score) of a near-duplicate entry
    forms: Counter = field(default_factory=Counter)

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9+#.]+", "-", self.term.lower()).strip("-")


def _key(text: str) -> str:
    return _NON_ALNUM.sub("", text.lower())


@functools.lru_cache(maxsize=4)
def _alias_keys(dictionary: SkillDictionary) -> dict[str, tuple[str, str]]:
    """Fuzzy key -> (skill id, alias), for the near-duplicate check."""
    out: dict[str, tuple[str, str]] = {}
    for e in dictionary:
        for a in e.aliases:
            if len(_key(a)) >= 4:
                out.setdefault(_key(a), (e.id, a))
    return out


def _technical(word: str, start_of_sentence: bool, common: frozenset[str]) -> bool:
    low = word.lower()
    if low in _NOT_SKILLS or len(word) < 2:
        return False
    if _CAMEL.search(word) or (word.isupper() and 3 <= len(word) <= 6 and low not in common):
        return True
    # a capital at the start of a sentence or bullet says little, so there the word must also be rarer
    if start_of_sentence and (len(word) < 4 or low in _BULLET_WORDS or re.search(r"-[a-z]", word)):
        return False
    return word[:1].isupper() and low not in common and low not in STOP_WORDS


def _candidates(text: str, common: frozenset[str], aliases: dict[str, str]) -> Iterable[tuple[str, int, int]]:
    """(term, start, end) for unmatched technical-looking words and capitalised word pairs."""
    tokens = list(_TOKEN.finditer(text))
    starts = [bool(_SENTENCE_START.search(text[max(0, m.start() - 3) : m.start()])) for m in tokens]
    tech = [_technical(m.group(), start, common) for m, start in zip(tokens, starts, strict=True)]

    def known(a: int, b: int) -> bool:
        return (
            a >= 0
            and b < len(tokens)
            and " ".join(text[tokens[a].start() : tokens[b].end()].lower().split()) in aliases
        )

    for i, m in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) and text[m.end() : tokens[i + 1].start()] == " " else None
        # inside an alias of up to three words, punctuation included ("Weights & Biases")
        if any(
            known(a, b) for a, b in ((i, i), (i - 1, i), (i, i + 1), (i - 2, i), (i - 1, i + 1), (i, i + 2))
        ):
            continue
        if tech[i]:
            yield m.group(), m.start(), m.end()
            if nxt is not None and tech[i + 1] and not known(i + 1, i + 1):
                yield f"{m.group()} {nxt.group()}", m.start(), nxt.end()


def suggest_terms(
    postings: Iterable[tuple[str, str | None]],
    dictionary: SkillDictionary | None = None,
    *,
    min_count: int = 2,
    limit: int = 50,
    examples: int = 3,
    near_cutoff: float = 88.0,
) -> list[Suggestion]:
    """Frequent unmatched terms in the requirements of ``(text, role)`` pairs, most frequent first."""
    d = dictionary or load_dictionary()
    aliases = d.alias_index()
    found: dict[str, Suggestion] = {}
    for text, role in postings:
        seen: set[str] = set()
        for sec in detect_sections(text or ""):
            if sec.name not in _SECTIONS:
                continue
            body = text[sec.start : sec.end]
            if sec.heading:  # "Preferred qualifications" names the section, not a tool
                body = " " * (body.find("\n") + 1) + body[body.find("\n") + 1 :] if "\n" in body else ""
            for term, start, end in _candidates(body, d.common_words, aliases):
                low = term.lower()
                s = found.setdefault(low, Suggestion(term))
                s.forms[term] += 1
                if low in seen:
                    continue
                seen.add(low)
                s.count += 1
                if role:
                    s.roles[role] += 1
                if len(s.examples) < examples:
                    line_start = body.rfind("\n", 0, start) + 1
                    line_end = body.find("\n", end)
                    line = body[line_start : line_end if line_end >= 0 else len(body)]
                    s.examples.append(" ".join(line.split())[:160])
    ranked = sorted(
        (s for s in found.values() if s.count >= min_count), key=lambda s: (-s.count, s.term.lower())
    )
    out = ranked[:limit]
    keys = _alias_keys(d)
    choices = list(keys)
    for s in out:
        s.term = s.forms.most_common(1)[0][0]
        hit = process.extractOne(
            _key(s.term), choices, scorer=fuzz.ratio, processor=None, score_cutoff=near_cutoff
        )
        if hit is not None:
            sid, alias = keys[hit[0]]
            s.near = (sid, alias, float(hit[1]))
    return out


def render_table(suggestions: list[Suggestion]) -> str:
    """Plain-text table: term, postings, top roles, near-duplicate, one example."""
    if not suggestions:
        return "No unmatched candidate terms."
    lines = [f"{'term':<24} {'postings':>8}  {'roles':<40} near-duplicate"]
    for s in suggestions:
        roles = ", ".join(f"{r} {n}" for r, n in s.roles.most_common(2)) or "-"
        near = f"{s.near[1]} ({s.near[0]}, {s.near[2]:.0f})" if s.near else ""
        lines.append(f"{s.term:<24} {s.count:>8}  {roles[:40]:<40} {near}")
        if s.examples:
            lines.append(f"{'':<24} e.g. {s.examples[0][:100]}")
    return "\n".join(lines)


def render_yaml(suggestions: list[Suggestion], category: str = "tool") -> str:
    """A user-dictionary snippet: near-duplicates as aliases of the existing skill, the rest as new skills.

    The category is a guess to review; the file validates as is (``jobintel dict check``).
    """
    lines = ["skills:"]
    near: dict[str, list[Suggestion]] = {}
    for s in suggestions:
        if s.near:
            near.setdefault(s.near[0], []).append(s)
    done: set[str] = set()
    for s in suggestions:
        roles = ", ".join(f"{r} {n}" for r, n in s.roles.most_common(3))
        lines.append(f"  # {s.term}: {s.count} postings" + (f" ({roles})" if roles else ""))
        if s.near is None:
            lines += [f"  - id: {s.slug}", f"    name: {_q(s.term)}", f"    category: {category}  # review"]
        elif s.near[0] not in done:  # one entry per existing skill, however many near-duplicates it has
            done.add(s.near[0])
            group = near[s.near[0]]
            lines.append(f"  - id: {s.near[0]}  # near {s.near[1]!r} ({s.near[2]:.0f})")
            lines.append(f"    aliases: [{', '.join(_q(g.term) for g in group)}]")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
