"""User dictionaries: schema errors with file and line, layering, content-hash versions."""

from __future__ import annotations

import pytest

from jobintel.errors import DictionaryError
from jobintel.nlp.dictionary import load_dictionary
from jobintel.nlp.tagger import PostingInput, Tagger
from jobintel.nlp.userdict import apply_user_dictionaries, load_effective, parse_user_dictionary

GOOD_YAML = """\
skills:
  - id: skypilot
    name: SkyPilot
    category: tool
    aliases: [sky-pilot]
  - id: kubernetes
    aliases: [kube-cluster]
    remove_aliases: [k8s]
remove: [1cadcam-unigraphics]
ambiguity:
  rules:
    - forms: [SkyPilot]
      corroborate: true
"""

GOOD_TOML = """\
remove = ["1cadcam-unigraphics"]

[[skills]]
id = "skypilot"
name = "SkyPilot"
category = "tool"
aliases = ["sky-pilot"]

[[skills]]
id = "kubernetes"
aliases = ["kube-cluster"]
remove_aliases = ["k8s"]

[[ambiguity.rules]]
forms = ["SkyPilot"]
corroborate = true
"""


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_yaml_and_toml_give_the_same_effective_dictionary(tmp_path):
    y = load_effective([_write(tmp_path, "a.yaml", GOOD_YAML)])
    t = load_effective([_write(tmp_path, "a.toml", GOOD_TOML)])
    assert y.dictionary.version == t.dictionary.version != load_dictionary().version
    assert y.rules.version == t.rules.version
    d = y.dictionary
    assert d.get("skypilot").aliases == ("SkyPilot", "sky-pilot") and d.get("skypilot").source == "user"
    assert "k8s" not in d.get("kubernetes").aliases and "kube-cluster" in d.get("kubernetes").aliases
    assert "1cadcam-unigraphics" not in d
    assert y.rules.rule_for("skypilot").corroborate
    assert y.origins == {"skypilot": (str(tmp_path / "a.yaml"),), "kubernetes": (str(tmp_path / "a.yaml"),)}


def test_identical_content_same_version_and_noop_file_keeps_shipped(tmp_path):
    a = Tagger.from_files([_write(tmp_path, "a.yaml", GOOD_YAML)])
    b = Tagger.from_files([_write(tmp_path, "b.yaml", "# same content, other file\n" + GOOD_YAML)])
    assert a.version == b.version != Tagger.default().version
    noop = load_effective(
        [_write(tmp_path, "noop.yaml", "skills:\n  - id: kubernetes\n    aliases: [k8s]\n")]
    )
    assert noop.dictionary is load_dictionary()


def test_user_skill_is_tagged_and_alias_moves(tmp_path):
    t = Tagger.from_files([_write(tmp_path, "a.yaml", GOOD_YAML)])
    tags = t.tag_one(
        PostingInput(title="MLOps Engineer", text="Requirements\n- SkyPilot and Kubernetes, k8s")
    )
    assert {s.skill_id for s in tags.skills} == {"skypilot", "kubernetes"}
    moved = apply_user_dictionaries(
        [parse_user_dictionary("skills:\n  - {id: docker, aliases: [k8s]}\n", "m.yaml")]
    )
    assert (
        "k8s" in moved.dictionary.get("docker").aliases
        and "k8s" not in moved.dictionary.get("kubernetes").aliases
    )


def test_user_rules_take_the_shipped_rule_keys(tmp_path):
    """A user file may use every key of an ambiguity.toml rule, e.g. a previous-word veto."""
    text = "Requirements\n- Docker and Terraform.\n"
    shipped = Tagger.default().tag_one(PostingInput(title="Engineer", text=text))
    veto = "ambiguity:\n  rules:\n    - forms: [Terraform]\n      reject_if_prev_matches: '^and$'\n      role_ok: true\n"
    user = Tagger.from_files([_write(tmp_path, "veto.yaml", veto)]).tag_one(
        PostingInput(title="Engineer", text=text)
    )
    assert "terraform" in {s.skill_id for s in shipped.skills}
    assert "terraform" not in {s.skill_id for s in user.skills}


def test_later_files_win(tmp_path):
    first = _write(tmp_path, "1.yaml", "skills:\n  - {id: skypilot, name: SkyPilot, category: tool}\n")
    second = _write(tmp_path, "2.yaml", "skills:\n  - {id: skypilot, category: platform}\n")
    assert load_effective([first, second]).dictionary.get("skypilot").category == "platform"


ERRORS = [
    # (file name, text, expected "file:line: message" suffix)
    ("unknown_key.yaml", "skills:\n  - id: x\n    name: X\n    categroy: tool\n",
     "unknown_key.yaml:4: skills[0].categroy: unknown key 'categroy' (did you mean 'category'?)"),
    ("top_key.yaml", "skill:\n  - id: x\n", "top_key.yaml:1: skill: unknown key 'skill' (did you mean 'skills'?)"),
    ("category.toml", '[[skills]]\nid = "a"\nname = "A"\ncategory = "tool"\n\n[[skills]]\nid = "b"\nname = "B"\ncategory = "databse"\n',
     "category.toml:9: skills[1].category: 'databse' is not a category"),
    ("needs_name.yaml", "skills:\n  - id: brand-new-thing\n    category: tool\n",
     "needs_name.yaml:2: new skill 'brand-new-thing' needs 'name' and 'category'"),
    ("bad_alias.yaml", "skills:\n  - id: kubernetes\n    aliases: [ok, 3]\n",
     "bad_alias.yaml:3: skills[0].aliases[1]: expected a non-empty string, got 3"),
    ("remove.yaml", "remove:\n  - kubernetes\n  - no-such-skill\n",
     "remove.yaml:3: cannot remove 'no-such-skill': no skill has this id"),
    ("remove_alias.toml", '[[skills]]\nid = "kubernetes"\nremove_aliases = ["kubes"]\n',
     "remove_alias.toml:1: skill 'kubernetes' has no alias 'kubes' to remove"),
    ("rule.yaml", "ambiguity:\n  rules:\n    - forms: [Polars]\n      corroborate: yes please\n",
     "rule.yaml:4: ambiguity.rules[0].corroborate: expected true or false"),
    ("regex.yaml", "ambiguity:\n  rules:\n    - forms: [X]\n      reject_if_next_matches: '('\n",
     "regex.yaml:4: ambiguity.rules[0].reject_if_next_matches: bad regular expression"),
    ("prev_regex.yaml", "ambiguity:\n  rules:\n    - forms: [X]\n      reject_if_prev_matches: '['\n",
     "prev_regex.yaml:4: ambiguity.rules[0].reject_if_prev_matches: bad regular expression"),
    ("role_ok.yaml", "ambiguity:\n  rules:\n    - forms: [Scrum]\n      role_ok: 1\n",
     "role_ok.yaml:4: ambiguity.rules[0].role_ok: expected true or false"),
    ("syntax.yaml", "skills:\n  - id: [unclosed\n", "syntax.yaml:3: invalid YAML"),
    ("syntax.toml", 'remove = ["a"\n[[skills]]\n', "syntax.toml:2: invalid TOML"),
    ("dup.yaml", "skills:\n  - {id: a, name: A, category: tool}\n  - {id: a, name: B, category: tool}\n",
     "dup.yaml:3: skills[1].id: skill 'a' appears twice in this file"),
    ("suffix.json", "{}", "suffix.json: a user dictionary must end in .yaml, .yml or .toml"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "expected"), ERRORS, ids=[e[0] for e in ERRORS])
def test_invalid_files_name_file_and_line(tmp_path, name, text, expected):
    path = _write(tmp_path, name, text)
    with pytest.raises(DictionaryError) as exc:
        load_effective([path])
    assert str(exc.value).startswith(str(tmp_path / expected.split(":", 1)[0]))
    assert expected in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(DictionaryError, match="cannot read user dictionary"):
        load_effective([tmp_path / "nope.yaml"])
