"""The tagging pipeline: blank English, our components, and the tokenizer fix for newline-rich text."""

from __future__ import annotations

import html
import json
from importlib import resources

import spacy

from jobintel.nlp.pipeline import build_nlp, drop_whitespace_special_cases
from jobintel.spiders.sanitize import html_to_text


def _sample_texts(limit: int = 60) -> list[str]:
    board = resources.files("jobintel.demo").joinpath("samples", "greenhouse", "northwindai", "jobs.json")
    jobs = json.loads(board.read_text("utf-8"))["jobs"][:limit]
    return [html_to_text(html.unescape(j["content"])) for j in jobs]


def test_pipeline_is_blank_english_plus_our_components():
    nlp = build_nlp()
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["jobintel_skills"]
    assert build_nlp() is nlp  # built once per process


def test_tokens_equal_the_stock_tokenizer_on_posting_text():
    stock = spacy.blank("en")
    fast = spacy.blank("en")
    drop_whitespace_special_cases(fast)
    texts = [*_sample_texts(), "a\n\nb", "x\t y\xa0z", "Requirements:\n- Python 3.11\n- Go\r\n"]
    for text in texts:
        a, b = stock.tokenizer(text), fast.tokenizer(text)
        assert [(t.text, t.idx, t.whitespace_) for t in a] == [(t.text, t.idx, t.whitespace_) for t in b]
    assert "\n" in [t.text for t in fast.tokenizer("Requirements\n- Python")]
