"""The one posting schema that every spider and ``jobintel import`` produce.

``Posting`` is a plain dataclass, so Scrapy handles it as an item (through itemadapter) and the store
can persist it without a mapping layer. ``jobintel/schema/posting.schema.json`` documents the same
shape as JSON Schema; ``Posting.from_dict`` validates JSONL imports against that file.

>>> p = Posting(source="greenhouse", source_id="1", url="https://x/1", title="ML Engineer", company="Acme")
>>> p.to_dict()["source_id"]
'1'
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from importlib import resources
from typing import Any, Literal

from jobintel.errors import PostingValidationError

__all__ = [
    "EMPLOYMENT_TYPES",
    "PERIODS",
    "SALARY_BASES",
    "UNHASHED_FIELDS",
    "WORKPLACES",
    "Posting",
    "StructuredSalary",
    "posting_schema",
]

#: Posting fields that do not count as content for change detection.
UNHASHED_FIELDS: frozenset[str] = frozenset({"raw", "board"})

Period = Literal["hour", "day", "week", "month", "year"]
PERIODS: tuple[str, ...] = ("hour", "day", "week", "month", "year")
SALARY_BASES: tuple[str, ...] = ("stated", "parsed", "inferred", "estimated")
WORKPLACES: tuple[str, ...] = ("remote", "hybrid", "onsite")
EMPLOYMENT_TYPES: tuple[str, ...] = (
    "full_time",
    "part_time",
    "contract",
    "temporary",
    "intern",
    "volunteer",
    "other",
)


@dataclass(slots=True)
class StructuredSalary:
    """Pay exactly as the source's structured fields state it (never parsed from prose)."""

    min: float | None
    max: float | None
    currency: str | None
    period: str | None
    basis: str = "stated"
    text: str | None = None

    def __post_init__(self) -> None:
        # Sources use 0 as "not given" (RemoteOK); a zero salary is never a value.
        if self.min is not None and self.min <= 0:
            self.min = None
        if self.max is not None and self.max <= 0:
            self.max = None
        if self.min is not None and self.max is not None and self.min > self.max:
            self.min, self.max = self.max, self.min
        if self.currency:
            self.currency = self.currency.strip().upper()

    @property
    def is_empty(self) -> bool:
        return self.min is None and self.max is None


@dataclass(slots=True)
class Posting:
    """One job posting from one source.

    ``workplace`` is tri-state through ``None``: a source that does not say is unknown, not on-site.
    ``locations`` are kept exactly as the source gave them; normalization happens in the tagger.
    """

    source: str
    source_id: str
    url: str
    title: str
    company: str
    board: str | None = None
    locations: list[str] = field(default_factory=list)
    description_html: str = ""
    description_text: str = ""
    date_posted: str | None = None
    salary: StructuredSalary | None = None
    workplace: str | None = None
    employment_type: str | None = None
    department: str | None = None
    seniority_hint: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def content_hash(self) -> str:
        """Hash of the posting's content: a re-crawl that changes nothing we use is 'unchanged'.

        The raw payload and the board (crawl bookkeeping: a mirror or a loopback port may rename it)
        are left out.
        """
        d = self.to_dict()
        for name in UNHASHED_FIELDS:
            d.pop(name, None)
        blob = json.dumps(d, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:32]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Posting:
        """Validate ``data`` against the JSON Schema and build a Posting.

        Raises ``PostingValidationError`` naming the first offending field.
        """
        _validate(data)
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        salary = kwargs.get("salary")
        if isinstance(salary, dict):
            kwargs["salary"] = StructuredSalary(**salary)
        kwargs["source_id"] = str(kwargs["source_id"])
        return cls(**kwargs)


@functools.cache
def posting_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a posting record, as shipped in the package."""
    text = resources.files("jobintel.schema").joinpath("posting.schema.json").read_text("utf-8")
    return json.loads(text)


@functools.cache
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(posting_schema())


def _validate(data: Any) -> None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.absolute_path) or "(record)"
        raise PostingValidationError(f"{where}: {err.message}")
