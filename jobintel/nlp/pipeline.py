"""Build the spaCy pipeline: ``spacy.blank("en")`` plus our own components. No model downloads.

>>> nlp = build_nlp()
>>> doc = nlp("Python and PyTorch on AWS")  # keep the doc: spans die with it
>>> [s.label_ for s in doc.spans["skills"]]
['python', 'pytorch', 'aws']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

# Importing the module registers the "jobintel_skills" factory with spaCy.
from jobintel.nlp import skills as _skills  # noqa: F401

__all__ = ["PIPE_NAMES", "build_nlp", "drop_whitespace_special_cases"]

PIPE_NAMES = ("jobintel_skills",)


def build_nlp(*, fuzzy: bool = True, user_dicts: Sequence[str | Path] = ()) -> Language:
    """The tagging pipeline, built once per process and per effective dictionary.

    Only a tokenizer and our skills component: sentence splitting, tagging and parsing models are
    not needed and would cost 10-50x the time per posting. ``user_dicts`` are user dictionary files
    layered on the shipped one (see ``jobintel.nlp.userdict``); the cache is keyed on their content,
    so an edited file gives a new pipeline and an unchanged one reuses the built matchers.
    """
    paths = tuple(str(p) for p in user_dicts)
    if not paths:
        return _cached(fuzzy)
    from jobintel.nlp.userdict import load_effective

    key = (fuzzy, load_effective(paths).version)
    # keyed on content, not paths: the same dictionary under another file name reuses the matchers
    if key not in _BY_CONTENT:
        if len(_BY_CONTENT) >= 8:
            _BY_CONTENT.pop(next(iter(_BY_CONTENT)))
        _BY_CONTENT[key] = _build(fuzzy, paths)
    return _BY_CONTENT[key]


_BY_CONTENT: dict[tuple[bool, str], Language] = {}


@functools.lru_cache(maxsize=2)
def _cached(fuzzy: bool) -> Language:
    return _build(fuzzy, ())


def _build(fuzzy: bool, user_dicts: tuple[str, ...]) -> Language:
    nlp = spacy.blank("en")
    drop_whitespace_special_cases(nlp)
    nlp.add_pipe("jobintel_skills", config={"fuzzy": fuzzy, "user_dicts": list(user_dicts)})
    return nlp


def drop_whitespace_special_cases(nlp: Language) -> None:
    """Remove the tokenizer's special cases for whitespace ("\\n", "\\t", " ", NBSP).

    spaCy's English exceptions list them, and any special case in a text turns the tokenizer's cache
    off for the rest of that text. Postings have a newline after every heading and list item, so
    nearly every word was tokenized from scratch: 620 postings/s instead of 6,000 on the demo texts.
    Without the entries a whitespace run is still one token, so the tokens are identical
    (``tests/test_pipeline.py`` checks this against the stock tokenizer).
    """
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k.strip()}
