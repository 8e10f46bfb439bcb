"""Value objects returned by the extractors. Plain frozen dataclasses: no spaCy, no store.

Every tag carries a ``basis`` (where the value came from) and evidence, so a user can see why it is there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "MIX_BUCKETS",
    "REMOTE_VALUES",
    "SECTION_NAMES",
    "SENIORITY_LEVELS",
    "Location",
    "Remote",
    "Role",
    "Salary",
    "Section",
    "Seniority",
    "SkillMention",
]

#: Seniority levels, lowest first.
SENIORITY_LEVELS: tuple[str, ...] = ("intern", "entry", "mid", "senior", "lead", "principal", "manager")
#: The Entry/Mid/Senior mix shown by comparisons; each level maps to one bucket.
MIX_BUCKETS: dict[str, str] = {
    "intern": "entry",
    "entry": "entry",
    "mid": "mid",
    "senior": "senior",
    "lead": "senior",
    "principal": "senior",
    "manager": "senior",
}
REMOTE_VALUES: tuple[str, ...] = ("remote", "hybrid", "onsite", "unknown")
SECTION_NAMES: tuple[str, ...] = (
    "intro",
    "responsibilities",
    "requirements",
    "nice_to_have",
    "benefits",
    "about_company",
    "eeo",
    "salary",
    "other",
)


@dataclass(frozen=True, slots=True)
class Salary:
    """A salary range with its provenance.

    ``basis``: ``stated`` (structured source field), ``parsed`` (period written in the text),
    ``inferred`` (period deduced, e.g. from magnitude; always flagged), ``estimated`` (a third-party
    estimate).
    ``kind``: ``base`` pay, or ``ote`` (on-target earnings incl. commission). Bonus/equity are never base pay.
    """

    min: float | None
    max: float | None
    currency: str | None
    period: str | None
    basis: str
    text: str
    annual_usd_min: float | None = None
    annual_usd_max: float | None = None
    kind: str = "base"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Seniority:
    level: str | None  # one of SENIORITY_LEVELS or None when no signal
    basis: str  # title | years | structured | none
    evidence: str = ""

    @property
    def bucket(self) -> str | None:
        return MIX_BUCKETS.get(self.level) if self.level else None

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "bucket": self.bucket, "basis": self.basis, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class Remote:
    value: str  # one of REMOTE_VALUES
    basis: str  # structured | location | title | text | none
    region: str | None = None  # "US" for "Remote - US"
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    family: str | None
    basis: str  # rule | fuzzy
    score: float = 100.0
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Location:
    raw: str
    city: str | None = None
    region: str | None = None
    country: str | None = None  # ISO-3166 alpha-2
    metro: str | None = None  # e.g. "San Francisco Bay Area"
    remote: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Section:
    name: str  # one of SECTION_NAMES
    start: int  # character offsets into the text
    end: int
    heading: str = ""


@dataclass(frozen=True, slots=True)
class SkillMention:
    skill_id: str
    name: str
    category: str
    text: str
    start: int  # character offsets into the text
    end: int
    match: str = "exact"  # exact | fuzzy
    score: float = 100.0
    section: str = "other"
    required: bool | None = None  # True required, False preferred, None unknown
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("extra")
        return d

    def evidence(self) -> dict[str, Any]:
        """Why the skill is there: the mention's text, offsets, section and how it matched."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "match": self.match,
            "score": self.score,
        }
