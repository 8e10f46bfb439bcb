"""The tagging side: a spaCy pipeline on ``spacy.blank("en")`` plus pure extractors.

Pure extractors (salary, seniority, remote, roles, locations, sections) import no spaCy, so spiders can
use the structured-salary mappers without loading the pipeline; the spaCy parts load lazily.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "PostingInput",
    "PostingTags",
    "Tagger",
    "build_nlp",
    "detect_sections",
    "find_salary",
    "infer_remote",
    "infer_seniority",
    "load_dictionary",
    "load_taxonomy",
    "parse_locations",
    "parse_salary",
]

_LAZY = {
    "PostingInput": "jobintel.nlp.tagger",
    "PostingTags": "jobintel.nlp.tagger",
    "Tagger": "jobintel.nlp.tagger",
    "build_nlp": "jobintel.nlp.pipeline",
    "detect_sections": "jobintel.nlp.sections",
    "find_salary": "jobintel.nlp.salary",
    "infer_remote": "jobintel.nlp.remote",
    "infer_seniority": "jobintel.nlp.seniority",
    "load_dictionary": "jobintel.nlp.dictionary",
    "load_taxonomy": "jobintel.nlp.roles",
    "parse_locations": "jobintel.nlp.locations",
    "parse_salary": "jobintel.nlp.salary",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
