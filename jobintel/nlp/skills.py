"""The ``jobintel_skills`` spaCy component: dictionary skills into ``doc.spans["skills"]``.

Three passes, cheapest first:

1. two ``PhraseMatcher``s over whole tokens -- ``LOWER`` for ordinary aliases (multi-word ones also
   hyphen-joined, as tag lists write them: "spring-boot"), ``ORTH`` for the aliases that ``ambiguity.toml``
   (or the short-alias rule) makes case-sensitive;
2. glued tokens the tokenizer left whole ("React.js/Vue.js", "Python3") split on "/" and a version suffix;
3. rapidfuzz over the few leftover tokens and bigrams that look technical ("Kubernets", "Tensor Flow").

Every candidate from 1-2 with an ambiguity rule must then pass ``accept_candidates``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process
from spacy.attrs import ORTH, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from jobintel.nlp.ambiguity import AmbiguityRules, Candidate, accept_candidates, load_ambiguity_rules
from jobintel.nlp.dictionary import SkillDictionary, load_dictionary
from jobintel.nlp.types import SkillMention

__all__ = ["SkillTagger", "skill_mentions"]

_VERSION_SUFFIX = re.compile(r"^([a-z][a-z+#.]{2,}?)[-_]?v?\d+(?:\.\d+)*$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DICTIONARIES: dict[str, SkillDictionary] = {}
_FUZZY_MIN_LEN = 5
_FUZZY_CACHE_MAX = 200_000
_WORD_CACHE_MAX = 500_000


def _fuzzy_key(text: str) -> str:
    """Comparison form for fuzzy matching: "Scikit Learn" and "scikit-learn" both give "scikitlearn"."""
    return _NON_ALNUM.sub("", text.lower())


@dataclass(frozen=True)
class _Tables:
    """Everything derived from (dictionary, rules) that does not depend on a spaCy vocab."""

    lower_terms: dict[str, list[str]]  # skill id -> aliases matched case-insensitively
    orth_terms: dict[str, list[str]]  # skill id -> exact written forms
    single_lower: dict[str, str]  # one-token alias (lowercase) -> skill id, for glued tokens
    single_orth: dict[str, str]  # one-token case-sensitive form -> skill id
    categories: dict[str, str]
    fuzzy_buckets: dict[tuple[str, int], dict[str, str]]  # (first char, length) -> {key: skill id}
    fuzzy_prefixes: frozenset[str]
    fuzzy_blockers: tuple[str, ...]  # ambiguous aliases: a near miss of one ("Reacts") is an English word
    common_words: frozenset[str]


def _case_forms(
    alias: str, name: str, source: str, rules: AmbiguityRules, english: frozenset[str]
) -> list[str] | None:
    """Exact forms for a case-sensitive alias, or None when it matches in any case.

    >>> rules = load_ambiguity_rules()
    >>> _case_forms("vue", "Vue.js", "curated", rules, frozenset())
    ['VUE', 'Vue', 'vue']
    """
    rule = rules.rule_for(alias)
    if rule is not None and rule.case_sensitive:
        forms = set(rule.forms)
        if rules.lowercase_in_lists and rule.corroborate:
            # "python go docker": tag lists write names in lowercase; accept_candidates asks for a list
            forms.update(f.lower() for f in rule.forms if len(f) > 1 and f[:1].isupper() and f[1:].islower())
        return sorted(forms)
    one_word = " " not in alias
    if one_word and source == "onet" and rules.onet_single_token_case_sensitive:
        return [alias]
    if one_word and len(alias) <= rules.short_alias_max_len and alias.replace("+", "").isalnum():
        forms = {alias, alias.lower(), alias.upper()}
        if name.lower() == alias.lower():
            forms.add(name)
        if alias.isalpha() and alias.lower() not in english:
            forms.add(alias.capitalize())  # "Vue", "Npm" open a sentence or a list item
        return sorted(forms)
    return None


def _hyphenated(alias: str) -> str | None:
    """The hyphen-joined form of a multi-word alias: tag lists write "spring boot" as "spring-boot"."""
    words = alias.split()
    if len(words) > 1 and all(w.isalnum() for w in words):
        return "-".join(words)
    return None


@cache
def _tables(dictionary: SkillDictionary, rules: AmbiguityRules) -> _Tables:
    lower: dict[str, list[str]] = {}
    orth: dict[str, list[str]] = {}
    single_lower: dict[str, str] = {}
    single_orth: dict[str, str] = {}
    buckets: dict[tuple[str, int], dict[str, str]] = {}
    prefixes: set[str] = set()
    blockers: set[str] = set()
    all_aliases = {a.lower() for entry in dictionary for a in entry.aliases}
    for entry in dictionary:
        # Fuzzy guesses only at curated product names: concept phrases differ from prose by an inflection
        # ("Cloud Architect" ~ "cloud architecture") and obscure O*NET products are rarely misspelt.
        fuzzy_entry = entry.source in ("curated", "user") and entry.category in rules.corroborating_categories
        for alias in entry.aliases:
            forms = _case_forms(alias, entry.name, entry.source, rules, dictionary.common_words)
            if forms is None:
                lower.setdefault(entry.id, []).append(alias)
                hyphenated = _hyphenated(alias)
                if hyphenated is not None and hyphenated.lower() not in all_aliases:
                    lower[entry.id].append(hyphenated)
                if " " not in alias:
                    single_lower.setdefault(alias.lower(), entry.id)
            else:
                orth.setdefault(entry.id, []).extend(forms)
                for form in forms:
                    single_orth.setdefault(form, entry.id)
            key = _fuzzy_key(alias)
            # never guess an ambiguous, short or everyday-word alias
            if rules.rule_for(alias) is not None:
                blockers.add(key)
            elif (
                fuzzy_entry
                and forms is None
                and len(key) >= _FUZZY_MIN_LEN
                and key not in dictionary.common_words
                and len(alias.split()) <= 2
            ):
                buckets.setdefault((key[0], len(key)), {}).setdefault(key, entry.id)
                prefixes.update(key[:n] for n in range(2, len(key) - 1))
    return _Tables(
        lower_terms=lower,
        orth_terms=orth,
        single_lower=single_lower,
        single_orth=single_orth,
        categories={e.id: e.category for e in dictionary},
        fuzzy_buckets=buckets,
        fuzzy_prefixes=frozenset(prefixes),
        fuzzy_blockers=tuple(sorted(blockers)),
        common_words=dictionary.common_words,
    )


def _register_extensions() -> None:
    # force=True so a re-imported module (tests, notebooks) does not raise; guarded to keep existing values
    for name in ("skill_id", "skill_match", "skill_score"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None, force=True)


class SkillTagger:
    """Writes skill spans (label = canonical skill id) to ``doc.spans[spans_key]``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "jobintel_skills",
        *,
        fuzzy: bool = True,
        fuzzy_cutoff: float = 90.0,
        spans_key: str = "skills",
        dictionary: SkillDictionary | None = None,
        rules: AmbiguityRules | None = None,
    ) -> None:
        _register_extensions()
        self.name = name
        self.fuzzy = fuzzy
        self.fuzzy_cutoff = fuzzy_cutoff
        self.spans_key = spans_key
        self.dictionary = dictionary or load_dictionary()
        self.rules = rules or load_ambiguity_rules()
        _DICTIONARIES[self.dictionary.version] = self.dictionary
        self._t = _tables(self.dictionary, self.rules)
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        for matcher, terms in ((self._lower, self._t.lower_terms), (self._orth, self._t.orth_terms)):
            for skill_id, aliases in terms.items():
                matcher.add(skill_id, list(nlp.tokenizer.pipe(aliases)))
        self._fuzzy_cache: dict[str, tuple[str, float] | None] = {}
        self._text_cache: dict[int, str] = {}
        self._kind_cache: dict[str, int] = {}

    # ------------------------------------------------------------------ exact and glued-token candidates
    def _words(self, doc: Doc) -> tuple[list[str], list[int]]:
        """Token texts and trailing-space flags, without creating a Token object per token (the hot path)."""
        arr = doc.to_array([ORTH, SPACY])
        if not len(arr):
            return [], []
        cache, strings = self._text_cache, doc.vocab.strings
        if len(cache) > _WORD_CACHE_MAX:
            cache.clear()
        words = []
        for h in arr[:, 0].tolist():
            w = cache.get(h)
            if w is None:
                w = cache[h] = strings[h]
            words.append(w)
        return words, arr[:, 1].tolist()

    def _exact(self, doc: Doc, words: list[str] | None = None) -> list[Candidate]:
        if words is None:
            words = self._words(doc)[0]
        strings = doc.vocab.strings
        found: dict[tuple[int, int, str], Candidate] = {}
        for key, start, end in [*self._lower(doc), *self._orth(doc)]:
            sid = strings[key]
            rule = self.rules.rule_for(" ".join(words[start:end]) if end - start > 1 else words[start])
            found[(start, end, sid)] = Candidate(start, end, sid, self._t.categories[sid], rule)
        covered = {i for s, e, _ in found for i in range(s, e)}
        for i, text in enumerate(words):
            if ("/" not in text and not text[-1:].isdigit()) or len(text) < 3 or i in covered:
                continue
            hits = [(part, *self._lookup_part(part)) for part in filter(None, text.split("/"))]
            # a one-letter part counts only beside a longer known name: "C/C++" yes, "M/F/D" no
            anchored = any(sid is not None and len(part) > 1 for part, sid, _ in hits)
            for part, sid, form in hits:
                if sid is not None and (len(part) > 1 or anchored):
                    rule = self.rules.rule_for(form)
                    found[(i, i + 1, sid)] = Candidate(i, i + 1, sid, self._t.categories[sid], rule)
        return _drop_contained(found.values())

    def _lookup_part(self, part: str) -> tuple[str | None, str]:
        for form in (part, *(m.group(1) for m in [_VERSION_SUFFIX.match(part.lower())] if m)):
            sid = self._t.single_orth.get(form) or self._t.single_lower.get(form.lower())
            if sid is not None:
                return sid, form
        return None, part

    # ------------------------------------------------------------------ fuzzy candidates
    def _word_kind(self, word: str) -> int:
        """Bit flags per distinct word, cached: 1 = may be fuzzy-matched alone, 2 = may start a bigram."""
        kind = self._kind_cache.get(word)
        if kind is None:
            low = word.lower()
            kind = 0
            if word.isalnum() and low not in STOP_WORDS:
                looks_technical = not word.islower() or any(ch.isdigit() for ch in word)
                if len(word) >= _FUZZY_MIN_LEN and looks_technical and low not in self._t.common_words:
                    kind |= 1
                if word.isalpha():
                    kind |= 4  # may end a bigram
                    # an acronym plus a word ("CI tools") is not a misspelt name ("CLI tools")
                    if len(word) >= 3 and not word.isupper() and _fuzzy_key(word) in self._t.fuzzy_prefixes:
                        kind |= 2
            if len(self._kind_cache) > _WORD_CACHE_MAX:
                self._kind_cache.clear()
            self._kind_cache[word] = kind
        return kind

    def _fuzzy_candidates(
        self, words: list[str], spaces: list[int], covered: set[int]
    ) -> list[tuple[int, int, str]]:
        out = []
        common = self._t.common_words
        kinds = [self._word_kind(w) for w in words]
        for i, kind in enumerate(kinds):
            if not kind or i in covered:
                continue
            if kind & 1:
                out.append((i, i + 1, _fuzzy_key(words[i])))
            # "Tensor Flow", "scikit learn": the first half must begin some alias exactly
            if kind & 2 and i + 1 < len(words) and spaces[i] and kinds[i + 1] & 4 and i + 1 not in covered:
                key = _fuzzy_key(words[i] + words[i + 1])
                # two plain words ("new framework") are prose even when they look like ".NET Framework"
                prose = words[i].lower() in common and words[i + 1].lower() in common
                if len(key) >= 6 and not prose:
                    out.append((i, i + 2, key))
        return out

    def _fuzzy_lookup(self, key: str) -> tuple[str, float] | None:
        if key in self._fuzzy_cache:
            return self._fuzzy_cache[key]
        choices: dict[str, str] = {}
        n = len(key)
        # Indel ratio >= 90 needs lengths within ~20% of each other; a misspelling keeps its first letter
        for length in range(int(n * 0.8), int(n * 1.25) + 1):
            choices.update(self._t.fuzzy_buckets.get((key[0], length), {}))
        best = None
        blocked = process.extractOne(
            key, self._t.fuzzy_blockers, scorer=fuzz.ratio, processor=None, score_cutoff=self.fuzzy_cutoff
        )
        if choices and blocked is None:
            # a list, not the {key: id} mapping: rapidfuzz scores a mapping's values (the ids)
            hit = process.extractOne(
                key, list(choices), scorer=fuzz.ratio, processor=None, score_cutoff=self.fuzzy_cutoff
            )
            if hit is not None:
                best = (choices[hit[0]], float(hit[1]))
        if len(self._fuzzy_cache) > _FUZZY_CACHE_MAX:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[key] = best
        return best

    # ------------------------------------------------------------------ component
    def __call__(self, doc: Doc) -> Doc:
        words, spaces = self._words(doc)
        candidates = self._exact(doc, words)
        keep = accept_candidates(candidates, words, self.rules) if candidates else []
        spans = []
        for cand, ok in zip(candidates, keep, strict=True):
            if ok:
                spans.append(self._span(doc, cand.start, cand.end, cand.skill_id, "exact", 100.0))
        if self.fuzzy:
            covered = {i for c in candidates for i in range(c.start, c.end)}
            taken = set()
            for start, end, key in self._fuzzy_candidates(words, spaces, covered):
                if start in taken or end - 1 in taken:
                    continue
                hit = self._fuzzy_lookup(key)
                if hit is not None:
                    spans.append(self._span(doc, start, end, hit[0], "fuzzy", hit[1]))
                    taken.update(range(start, end))
        spans.sort(key=lambda s: (s.start, -s.end, s.label_))
        doc.spans[self.spans_key] = spans
        doc.spans[self.spans_key].attrs["dictionary_version"] = self.dictionary.version
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    @staticmethod
    def _span(doc: Doc, start: int, end: int, skill_id: str, match: str, score: float) -> Span:
        span = Span(doc, start, end, label=skill_id)
        span._.skill_id = skill_id
        span._.skill_match = match
        span._.skill_score = score
        return span


def _drop_contained(cands: Iterable[Candidate]) -> list[Candidate]:
    """Drop candidates strictly inside a longer one: "Spring Boot" beats "Spring", "Objective-C" beats "C"."""
    ordered = sorted(cands, key=lambda c: (c.start, -(c.end - c.start), c.skill_id))
    out: list[Candidate] = []
    for c in ordered:
        if any(o.start <= c.start and c.end <= o.end and (o.end - o.start) > (c.end - c.start) for o in out):
            continue
        out.append(c)
    return out


@Language.factory(
    "jobintel_skills",
    assigns=["doc.spans"],
    default_config={"fuzzy": True, "fuzzy_cutoff": 90.0, "spans_key": "skills", "user_dicts": []},
)
def make_skill_tagger(
    nlp: Language, name: str, fuzzy: bool, fuzzy_cutoff: float, spans_key: str, user_dicts: list[str]
) -> SkillTagger:
    """``nlp.add_pipe("jobintel_skills", config={"user_dicts": ["my-skills.yaml"]})`` after
    ``import jobintel.nlp.skills``; without ``user_dicts`` the shipped dictionary and rules are used."""
    from jobintel.nlp.userdict import load_effective  # user files are rare: keep yaml off the default path

    effective = load_effective(user_dicts)
    return SkillTagger(
        nlp,
        name,
        fuzzy=fuzzy,
        fuzzy_cutoff=fuzzy_cutoff,
        spans_key=spans_key,
        dictionary=effective.dictionary,
        rules=effective.rules,
    )


def skill_mentions(doc: Doc, spans_key: str = "skills") -> list[SkillMention]:
    """The skill spans of a processed doc as value objects with character offsets.

    >>> import spacy
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("jobintel_skills")
    >>> [(m.skill_id, m.text, m.match) for m in skill_mentions(nlp("Kubernets and PyTorch"))]
    [('kubernetes', 'Kubernets', 'fuzzy'), ('pytorch', 'PyTorch', 'exact')]
    """
    if spans_key not in doc.spans:
        return []
    group = doc.spans[spans_key]
    dictionary = _DICTIONARIES.get(group.attrs.get("dictionary_version", "")) or load_dictionary()
    out = []
    for span in group:
        entry = dictionary.get(span.label_)
        out.append(
            SkillMention(
                skill_id=span.label_,
                name=entry.name if entry else span.label_,
                category=entry.category if entry else "concept",
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                match=span._.skill_match or "exact",
                score=float(span._.skill_score if span._.skill_score is not None else 100.0),
            )
        )
    return out
