"""The posting schema: the dataclass and the shipped JSON Schema describe the same record."""

from __future__ import annotations

from dataclasses import fields

import pytest

from jobintel.errors import PostingValidationError
from jobintel.models import Posting, StructuredSalary, posting_schema

VALID = {
    "source": "import",
    "source_id": 42,
    "url": "https://example.com/jobs/42",
    "title": "MLOps Engineer",
    "company": "Example AI",
    "locations": ["Remote - US"],
    "salary": {"min": 150000, "max": 190000, "currency": "usd", "period": "year"},
    "workplace": "remote",
}


def test_schema_properties_match_dataclass_fields():
    assert set(posting_schema()["properties"]) == {f.name for f in fields(Posting)}
    assert set(posting_schema()["properties"]["salary"]["oneOf"][1]["properties"]) == {
        f.name for f in fields(StructuredSalary)
    }


def test_from_dict_builds_typed_posting():
    p = Posting.from_dict(VALID)
    assert p.source_id == "42"
    assert isinstance(p.salary, StructuredSalary)
    assert (p.salary.min, p.salary.max, p.salary.currency, p.salary.basis) == (
        150000,
        190000,
        "USD",
        "stated",
    )


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"title": ""}, "title"),
        ({"url": None}, "url"),
        ({"workplace": "sometimes"}, "workplace"),
        ({"salary": {"min": 1, "max": 2, "currency": "USD", "period": "fortnight"}}, "salary"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_from_dict_names_the_bad_field(patch, message):
    with pytest.raises(PostingValidationError, match=message):
        Posting.from_dict({**VALID, **patch})


def test_missing_required_field():
    data = dict(VALID)
    del data["company"]
    with pytest.raises(PostingValidationError, match="company"):
        Posting.from_dict(data)


def test_content_hash_ignores_raw_payload_but_not_content():
    a = Posting.from_dict(VALID)
    b = Posting.from_dict({**VALID, "raw": {"fetched": "later"}})
    c = Posting.from_dict({**VALID, "title": "Senior MLOps Engineer"})
    assert a.content_hash() == b.content_hash() != c.content_hash()
