"""Build the spaCy pipeline: ``spacy.blank("en")`` plus our own components. No model downloads.

>>> nlp = build_nlp()
>>> [s.label_ for s in nlp("Python and PyTorch on AWS").spans["skills"]]
['python', 'pytorch', 'aws']
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

# Importing the module registers the "jobintel_skills" factory with spaCy.
from jobintel.nlp import skills as _skills  # noqa: F401

__all__ = ["PIPE_NAMES", "build_nlp"]

PIPE_NAMES = ("jobintel_skills",)


@functools.cache
def build_nlp(*, fuzzy: bool = True) -> Language:
    """The tagging pipeline, built once per process (the dictionary's matchers are cached too).

    Only a tokenizer and our skills component: sentence splitting, tagging and parsing models are
    not needed and would cost 10-50x the time per posting.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("jobintel_skills", config={"fuzzy": fuzzy})
    return nlp
