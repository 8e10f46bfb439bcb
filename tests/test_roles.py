"""Role taxonomy: title classification, lookups and validation of user-edited files."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobintel.errors import DictionaryError, UnknownRoleError
from jobintel.nlp.roles import ROLES_PATH, load_taxonomy, normalize_title

AIML, MLOPS, RS = "AI/ML Engineer", "MLOps Engineer", "ML Research Scientist"

TITLES = [
    # the examples
    ("Senior Machine Learning Engineer, Platform", MLOPS),  # platform team qualifier -> platform flavour
    ("ML Ops Engineer", MLOPS),
    ("MLE", AIML),
    ("AI Engineer", AIML),
    ("Applied Scientist", RS),
    ("LLM Inference Engineer", AIML),
    ("Staff Software Engineer, ML Infrastructure", MLOPS),
    ("Account Executive", None),
    ("Chef", None),
    # development examples from AI-company boards
    ("Machine Learning Engineer", AIML),
    ("Senior MLE (Remote)", AIML),
    ("Software Engineer, Machine Learning", AIML),
    ("Software Engineer, Inference", AIML),
    ("Member of Technical Staff, Inference", AIML),
    ("Deep Learning Engineer (m/f/d)", AIML),
    ("Computer Vision Engineer II", AIML),
    ("AI/ML Engineer", AIML),
    ("GenAI Engineer", AIML),
    ("Staff Machine Learning Engineer, Ads", AIML),
    ("Machine Learning Engineer - Ranking", AIML),
    ("ML Platform Engineer", MLOPS),
    ("MLOps Engineer", MLOPS),
    ("Inference Infrastructure Engineer", MLOPS),
    ("Platform Engineer, ML", MLOPS),
    ("Research Scientist, Alignment", RS),
    ("Research Engineer", RS),
    ("Machine Learning Scientist", RS),
    ("Senior Applied Scientist, Alexa AI", RS),
    ("Data Scientist", "Data Scientist"),
    ("Senior Data Scientist, Product Analytics", "Data Scientist"),
    ("Data Engineer", "Data Engineer"),
    ("Senior Software Engineer - Data Platform", "Data Engineer"),
    ("Analytics Engineer", "Analytics Engineer"),
    ("Data Analyst", "Data Analyst"),
    ("Business Intelligence Analyst", "Data Analyst"),
    ("Software Engineer", "Software Engineer"),
    ("Senior Full-Stack Engineer", "Software Engineer"),
    ("Backend Engineer", "Software Engineer"),
    ("iOS Engineer", "Software Engineer"),
    ("Senior Software Engineer, Backend (Python)", "Software Engineer"),
    ("Member of Technical Staff", "Software Engineer"),
    ("Site Reliability Engineer", "DevOps/Platform Engineer"),
    ("DevOps Engineer", "DevOps/Platform Engineer"),
    ("Software Engineer, Infrastructure", "DevOps/Platform Engineer"),
    ("Cloud Engineer", "DevOps/Platform Engineer"),
    ("Product Manager, AI", "Product Manager"),
    ("Engineering Manager, ML Platform", "Engineering Manager"),
    ("Director of Engineering", "Engineering Manager"),
    ("Head of Data Science", "Engineering Manager"),
    ("Application Security Engineer", "Security Engineer"),
    # traps: stay unknown rather than forced into a role
    ("Technical Program Manager", None),
    ("AI Solutions Engineer", None),
    ("Sales Engineer", None),
    ("Customer Success Manager", None),
    ("Recruiter", None),
    ("Product Designer", None),
    ("UX Researcher", None),
    ("AI Tutor - Python", None),
    ("Engineer", None),
    ("Marketing Manager", None),
    ("", None),
]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_classify(title: str, expected: str | None) -> None:
    role = load_taxonomy().classify(title)
    assert (role.name if role else None) == expected
    if role:
        assert role.family == load_taxonomy().family(role.name)
        assert role.evidence


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Machine Lerning Engineer", AIML),
        ("Sofware Engineer", "Software Engineer"),
        ("Data Scienist", "Data Scientist"),
    ],
)
def test_fuzzy_catches_typos(title: str, expected: str) -> None:
    role = load_taxonomy().classify(title)
    assert role is not None and (role.name, role.basis) == (expected, "fuzzy")
    assert 88 <= role.score < 100


@pytest.mark.parametrize(
    ("title", "normalized"),
    [
        ("Senior Machine Learning Engineer, Platform (Remote)", "machine learning engineer | platform"),
        ("Staff Software Engineer, ML Infrastructure", "software engineer | ml infrastructure"),
        ("Software Engineer III - Search", "software engineer | search"),
        ("Member of Technical Staff", "member of technical staff"),
        ("Deep Learning Engineer (m/f/d)", "deep learning engineer"),
        # short forms spelled out, accents folded
        ("Sr. Eng Mgr - ML/AI", "engineering manager | ml ai"),
        ("SW Dev II", "software developer"),
        ("Ingénieur Données", "engineer data"),
        ("Tech Lead Manager, Ads", "tech lead manager | ads"),
    ],
)
def test_normalize_title(title: str, normalized: str) -> None:
    assert normalize_title(title) == normalized


def test_lookups() -> None:
    tax = load_taxonomy()
    assert tax.roles[:1] == ["Engineering Manager"] and AIML in tax.roles and MLOPS in tax.roles
    assert tax.get("mlops").name == MLOPS
    assert tax.get("ai/ml engineer").name == AIML
    assert tax.get("ML Engineer").name == AIML
    assert tax.get("nope") is None
    assert tax.family("SRE") == "infra"
    assert tax.family(AIML) == "ml" and tax.family("Data Engineer") == "data"
    assert tax.career_path(MLOPS)
    with pytest.raises(UnknownRoleError):
        tax.family("Astronaut")
    assert load_taxonomy() is tax  # cached
    assert len(tax.version) == 12


def test_version_is_content_hash(tmp_path: Path) -> None:
    copy = tmp_path / "roles.toml"
    copy.write_text(ROLES_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_taxonomy(copy).version == load_taxonomy().version
    copy.write_text(ROLES_PATH.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_taxonomy(copy).version != load_taxonomy().version


GOOD = """
[[role]]
name = "Chef"
family = "kitchen"
include = ['chef', 'cook']
"""


def test_user_taxonomy(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(GOOD, encoding="utf-8")
    tax = load_taxonomy(path)
    assert tax.classify("Sous Chef").name == "Chef"
    assert tax.classify("Machine Learning Engineer") is None


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('[[role]]\nname = "A"\nfamily = "x"\ninclude = [\'(unclosed\']\n', "bad pattern", 4),
        ('[[role]]\nname = "A"\nfamily = "x"\ninclude = ["a"]\ncolour = "red"\n', "unknown key 'colour'", 2),
        ('[[role]]\nname = "A"\ninclude = ["a"]\n', "'family' must be a string", 2),
        ('[[role]]\nname = "A"\nfamily = "x"\n', "needs 'include'", 2),
        (
            '[[role]]\nname = "A"\nfamily = "x"\ninclude = ["a"]\n'
            '[[role]]\nname = "a"\nfamily = "y"\ninclude = ["b"]\n',
            "already used",
            6,
        ),
        ('[[role]]\nname = "A"\nfamily = \n', "invalid TOML", 3),
        ("[roles]\n", "unknown top-level key", 1),
        (
            '[settings.abbreviations]\n\'(bad\' = \'x\'\n[[role]]\nname = "A"\nfamily = "x"\ninclude = ["a"]\n',
            "bad abbreviation pattern",
            2,
        ),
        ("", "no [[role]]", None),
    ],
)
def test_validation_errors(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        load_taxonomy(path)
    assert message in str(err.value)
    assert err.value.path == str(path)
    assert err.value.line == line


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError):
        load_taxonomy(tmp_path / "absent.toml")
