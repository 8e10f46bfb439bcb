"""Seniority from titles, structured fields and years of experience."""

from __future__ import annotations

import pytest

from jobintel.nlp.seniority import infer_seniority, years_of_experience

# (title, expected level): real titles from Greenhouse/Lever/Ashby boards of AI companies.
TITLES = [
    # development examples
    ("Senior Machine Learning Engineer", "senior"),
    ("Sr. Data Engineer", "senior"),
    ("Staff Software Engineer, ML Infrastructure", "lead"),
    ("Senior Staff ML Engineer", "lead"),
    ("Tech Lead, Inference", "lead"),
    ("Lead Data Scientist", "lead"),
    ("Principal Applied Scientist", "principal"),
    ("Distinguished Engineer", "principal"),
    ("Engineering Manager, ML Platform", "manager"),
    ("Director of Engineering", "manager"),
    ("Head of AI", "manager"),
    ("VP, Engineering", "manager"),
    ("Machine Learning Intern", "intern"),
    ("Software Engineering Internship (Summer 2025)", "intern"),
    ("New Grad Software Engineer", "entry"),
    ("Junior Data Analyst", "entry"),
    ("Jr. Developer", "entry"),
    ("Entry Level Data Analyst", "entry"),
    ("Associate Data Scientist", "entry"),
    ("Research Fellow", "entry"),
    ("Mid-Level Backend Engineer", "mid"),
    # roman numerals and ladders
    ("Software Engineer I", "entry"),
    ("Software Engineer II", "mid"),
    ("Software Engineer III, Machine Learning", "senior"),
    ("Data Scientist IV", "lead"),
    ("Data Analyst 2", "mid"),
    ("AI Engineer (L5)", "senior"),
    ("Software Engineer - L4", "mid"),
    # traps
    ("Product Manager", None),  # an individual contributor, not a people manager
    ("Senior Product Manager", "senior"),
    ("Technical Program Manager", None),
    ("Account Manager", None),
    ("Internal Tools Engineer", None),  # "Intern" inside a word
    ("ML Engineer", None),
    ("Associate Director, Data Science", "manager"),
    ("Member of Technical Staff", None),  # a generic IC title, not staff level
    ("Staff Accountant", None),  # "staff" = employed, outside the technical ladder
    ("Engineering Mgr", "manager"),
]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_title(title: str, expected: str | None) -> None:
    s = infer_seniority(title)
    assert s.level == expected
    assert s.basis == ("title" if expected else "none")


YEARS = [
    # development examples
    ("5+ years of experience with Python", 5),
    ("3-5 yrs experience in backend development", 3),
    ("At least 7 years in software engineering", 7),
    ("Minimum of two years of experience", 2),
    ("We're looking for someone with 6+ years of professional experience", 6),
    ("8+ years building distributed systems", 8),
    ("Experience: 4 years", 4),
    ("PhD with 0-2 years of industry experience", 0),
    ("5+ years of Python; 2+ years of Kubernetes", 5),  # the highest requirement is the bar
    ("10+ years of experience preferred. 3+ years of experience required.", 3),  # preferred ignored
    ("Three (3) years of experience with SQL", 3),
    # traps: not a hiring bar
    ("You must be 18 years old", None),
    ("For 10 years, we have been building tools for scientists", None),
    ("We have over 10 years of experience in fintech", None),
    ("Founded 12 years ago, Acme serves 500 customers", None),
    ("We offer 4 weeks of PTO after 2 years", None),
    ("Our company has been around for 20 years", None),
]


@pytest.mark.parametrize(("text", "expected"), YEARS)
def test_years(text: str, expected: int | None) -> None:
    found = years_of_experience(text)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("1+ year of experience", "entry"),
        ("2+ years of experience", "mid"),
        ("4 years of experience", "mid"),
        ("5+ years of experience", "senior"),
        ("7+ years of experience", "senior"),
        ("8+ years of experience", "lead"),
        ("12+ years of experience", "lead"),
    ],
)
def test_years_to_level(text: str, level: str) -> None:
    s = infer_seniority("Machine Learning Engineer", text)
    assert (s.level, s.basis) == (level, "years")
    assert s.evidence


STRUCTURED = [
    # Workable "experience" (LinkedIn-style labels)
    ("Mid-Senior level", "", "mid"),
    ("Mid-Senior level", "You have 6+ years of experience.", "senior"),  # years pick inside the range
    ("Mid-Senior level", "1+ year of experience", "mid"),  # clamped to the range
    ("Entry level", "", "entry"),
    ("Associate", "", "mid"),
    ("Internship", "", "intern"),
    ("Director", "", "manager"),
    ("Executive", "", "manager"),
    # SmartRecruiters experienceLevel ids
    ("mid_senior_level", "", "mid"),
    ("entry_level", "", "entry"),
    # JSON-LD monthsOfExperience
    ("60 months", "", "senior"),
    ("24", "", "mid"),
    ("36.0", "", "mid"),
    # unknown or empty labels fall through to years / none
    ("not_applicable", "", None),
    ("something odd", "3+ years of experience", "mid"),
]


@pytest.mark.parametrize(("structured", "text", "expected"), STRUCTURED)
def test_structured(structured: str, text: str, expected: str | None) -> None:
    assert infer_seniority("Machine Learning Engineer", text, structured).level == expected


def test_priority_title_over_structured_over_years() -> None:
    s = infer_seniority("Senior ML Engineer", "1+ year of experience", "Entry level")
    assert (s.level, s.basis) == ("senior", "title")
    s = infer_seniority("ML Engineer", "8+ years of experience", "Entry level")
    assert (s.level, s.basis) == ("entry", "structured")


def test_no_signal() -> None:
    s = infer_seniority("Machine Learning Engineer", "Build models with PyTorch.")
    assert (s.level, s.basis, s.bucket) == (None, "none", None)
    assert s.to_dict() == {"level": None, "bucket": None, "basis": "none", "evidence": ""}


def test_bucket() -> None:
    assert infer_seniority("Staff Engineer").bucket == "senior"
    assert infer_seniority("Software Engineer Intern").bucket == "entry"
