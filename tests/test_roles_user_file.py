"""Users edit their own copy of the role taxonomy and point JOBINTEL_ROLES at it."""

from __future__ import annotations

import pytest

from jobintel.errors import DictionaryError
from jobintel.nlp.dictionary import load_dictionary
from jobintel.nlp.roles import ROLES_PATH, load_taxonomy
from jobintel.nlp.tagger import PostingInput, Tagger

EXTRA_ROLE = """
[[role]]
name = "Prompt Engineer"
family = "ml"
include = ['prompt engineer']
examples = ["Prompt Engineer"]
"""


def _user_copy(tmp_path, extra: str = EXTRA_ROLE):
    text = ROLES_PATH.read_text("utf-8")
    # the new role goes first: roles are tried in file order
    head, sep, rest = text.partition("[[role]]")
    path = tmp_path / "my-roles.toml"
    path.write_text(head + extra.strip() + "\n\n" + sep + rest, encoding="utf-8")
    return path


def test_env_var_points_every_default_load_at_the_user_file(tmp_path, monkeypatch):
    assert load_taxonomy().classify("Prompt Engineer").name == "AI/ML Engineer"  # shipped file
    monkeypatch.setenv("JOBINTEL_ROLES", str(_user_copy(tmp_path)))
    taxonomy = load_taxonomy()
    assert taxonomy.classify("Senior Prompt Engineer").name == "Prompt Engineer"
    assert taxonomy.classify("MLOps Engineer").name == "MLOps Engineer"  # the rest still applies
    # an edited taxonomy is a new tagger version, so `jobintel retag` picks the change up
    default = Tagger(load_dictionary(), load_taxonomy(ROLES_PATH))
    edited = Tagger(load_dictionary(), taxonomy)
    assert edited.version != default.version
    tags = edited.tag_one(PostingInput(title="Prompt Engineer", text="Write evals for LLMs."))
    assert tags.role.name == "Prompt Engineer"


def test_a_broken_user_file_is_a_clear_error(tmp_path, monkeypatch):
    bad = _user_copy(tmp_path, '[[role]]\nname = "X"\nfamily = "ml"\ninclude = ["(unclosed"]\n')
    monkeypatch.setenv("JOBINTEL_ROLES", str(bad))
    with pytest.raises(DictionaryError, match=r"my-roles\.toml"):
        load_taxonomy()
