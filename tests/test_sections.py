"""Section detection on clean job-description text (BeautifulSoup ``get_text("\\n")`` shape)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobintel.nlp.sections import (
    COUNTED_SECTIONS,
    detect_sections,
    is_boilerplate,
    is_required,
    section_at,
)
from jobintel.nlp.types import SECTION_NAMES

# A Greenhouse-style posting: headings from <h3>, list items on their own lines, pay-transparency div.
GREENHOUSE = """Acme AI builds the inference stack behind the world's largest language models.
About the role
You will own the serving layer for our LLMs.
What You'll Do
Design low-latency APIs in Python and Rust
Experience with Rust is welcome but not needed
What We're Looking For
5+ years of experience with Python
Experience with Kubernetes
Nice to have
Triton Inference Server
Experience
Benefits
Medical, dental and vision insurance
401(k) matching
The base salary range for this position is $245,000 - $320,000 USD.
About Acme
We are a remote-first company founded in 2015 and love Go.
Acme is an equal opportunity employer. We do not discriminate on the basis of race, religion, color or sex.
We provide reasonable accommodations for qualified individuals with disabilities.
"""

# A Lever-style posting: ALL CAPS and colon headings, inline "Requirements:" lead.
LEVER = """We're hiring a Data Engineer to join the Platform team.
RESPONSIBILITIES
Build batch pipelines on Spark.
Requirements: 3+ years with SQL and Airflow.
dbt experience.
BONUS POINTS:
Snowflake
Experience with:
Terraform
PERKS & BENEFITS
Free lunch
"""

# Markdown-ish text (Ashby descriptionPlain and JSON imports).
MARKDOWN = """## The Role
Train ranking models.
## Minimum Qualifications
PhD or MS in CS
## Preferred Qualifications
JAX
## Tech Stack
PyTorch, Ray
## Equal Employment Opportunity
We celebrate diversity.
"""


def _name_at(text: str, needle: str) -> str:
    return section_at(detect_sections(text), text.index(needle))


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        # development examples: Greenhouse
        (GREENHOUSE, "Acme AI builds", "intro"),
        (GREENHOUSE, "own the serving layer", "responsibilities"),
        (GREENHOUSE, "Design low-latency", "responsibilities"),
        (GREENHOUSE, "5+ years of experience", "requirements"),
        (GREENHOUSE, "Experience with Kubernetes", "requirements"),
        (GREENHOUSE, "Triton", "nice_to_have"),
        (GREENHOUSE, "401(k)", "benefits"),
        (GREENHOUSE, "The base salary range", "salary"),
        (GREENHOUSE, "remote-first company", "about_company"),
        (GREENHOUSE, "equal opportunity employer", "eeo"),
        (GREENHOUSE, "reasonable accommodations", "eeo"),
        # development examples: Lever
        (LEVER, "Build batch pipelines", "responsibilities"),
        (LEVER, "3+ years with SQL", "requirements"),
        (LEVER, "dbt experience", "requirements"),
        (LEVER, "Snowflake", "nice_to_have"),
        (LEVER, "Terraform", "nice_to_have"),
        (LEVER, "Free lunch", "benefits"),
        # development examples: markdown
        (MARKDOWN, "Train ranking", "responsibilities"),
        (MARKDOWN, "PhD or MS", "requirements"),
        (MARKDOWN, "JAX", "nice_to_have"),
        (MARKDOWN, "PyTorch, Ray", "other"),
        (MARKDOWN, "celebrate diversity", "eeo"),
    ],
)
def test_section_of_line(text: str, needle: str, expected: str) -> None:
    assert _name_at(text, needle) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("What you'll do", "responsibilities"),
        ("What you’ll do:", "responsibilities"),
        ("Responsibilities", "responsibilities"),
        ("The Role", "responsibilities"),
        ("Requirements", "requirements"),
        ("What we're looking for:", "requirements"),
        ("Qualifications", "requirements"),
        ("Minimum Qualifications", "requirements"),
        ("BASIC QUALIFICATIONS", "requirements"),
        ("You have:", "requirements"),
        ("About You", "requirements"),
        ("Nice to have", "nice_to_have"),
        ("Bonus points:", "nice_to_have"),
        ("Preferred Qualifications", "nice_to_have"),
        ("Benefits", "benefits"),
        ("Perks", "benefits"),
        ("What we offer", "benefits"),
        ("About us", "about_company"),
        ("About Anthropic", "about_company"),
        ("Who we are", "about_company"),
        ("Equal Opportunity", "eeo"),
        ("EEO Statement", "eeo"),
        ("Compensation", "salary"),
        ("🚀 What You'll Do", "responsibilities"),
        ("### Requirements", "requirements"),
    ],
)
def test_heading_table(heading: str, expected: str) -> None:
    text = f"Intro line.\n{heading}\nbody line\n"
    assert _name_at(text, "body line") == expected
    assert any(s.heading == heading.strip() for s in detect_sections(text))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # traps: list items and prose that contain heading words
        ("Experience", "single generic word without a colon"),
        ("Experience with Rust is a plus", "prose, not Title Case"),
        ("You have 5 years of experience with Python.", "a sentence"),
        ("About 5 years of experience", "'about' followed by a number"),
        ("Python is a plus", "list item"),
        ("You'll work with great people", "prose starting with a heading word"),
    ],
)
def test_not_a_heading(line: str, reason: str) -> None:
    text = f"Requirements:\n{line}\nbody line\n"
    assert _name_at(text, "body line") == "requirements", reason


def test_eeo_paragraph_without_heading_runs_to_next_heading() -> None:
    text = (
        "Build models.\nWe are an equal opportunity employer.\nPrivacy notice applies.\nRequirements\nSQL\n"
    )
    assert _name_at(text, "Privacy notice") == "eeo"
    assert _name_at(text, "SQL") == "requirements"


def test_eeo_regardless_of_race_phrase() -> None:
    text = "Work on search.\nApplicants will receive consideration regardless of race, color, religion.\n"
    assert _name_at(text, "Applicants will") == "eeo"
    assert _name_at(text, "Work on search") == "intro"


def test_salary_paragraph_is_its_own_section() -> None:
    text = "Benefits\nGym\nThe annual salary range for this role is $150,000 - $180,000.\nFree snacks\n"
    assert _name_at(text, "The annual salary") == "salary"
    assert _name_at(text, "Free snacks") == "benefits"


def test_helpers() -> None:
    assert is_required("requirements") is True
    assert is_required("nice_to_have") is False
    assert is_required("responsibilities") is None
    assert {n for n in SECTION_NAMES if is_boilerplate(n)} == {"about_company", "benefits", "eeo"}
    assert "requirements" in COUNTED_SECTIONS and "benefits" not in COUNTED_SECTIONS
    assert section_at([], 5) == "other"
    assert detect_sections("") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab :\n#ABRequirementsNicetohave.")), max_size=300))
def test_sections_cover_text(text: str) -> None:
    sections = detect_sections(text)
    if not text:
        assert sections == []
        return
    assert sections[0].start == 0 and sections[-1].end == len(text)
    for a, b in itertools.pairwise(sections):
        assert a.end == b.start and a.start < a.end
    assert all(s.name in SECTION_NAMES for s in sections)


def test_inline_fact_line_does_not_start_a_section() -> None:
    text = "Responsibilities\nLocation: Berlin\nShip features\n"
    assert _name_at(text, "Ship features") == "responsibilities"
