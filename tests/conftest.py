"""Fixtures shared by more than one test module."""

from __future__ import annotations

import pytest
import spacy

import jobintel.nlp.skills  # noqa: F401  (registers the jobintel_skills factory)


@pytest.fixture(scope="module")
def nlp():
    """A blank English pipeline with only the shipped skills component."""
    nlp = spacy.blank("en")
    nlp.add_pipe("jobintel_skills")
    return nlp
