"""Value objects of a comparison: options in, ``HeadToHead`` out. Plain frozen dataclasses.

Exporters read only these objects, never the database, so every format shows the same numbers.

>>> CompareOptions(scope="all", since="2025-01-01").scope
'all'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jobintel.compare.attribution import Attribution
from jobintel.compare.stats import SalarySummary
from jobintel.errors import ConfigError

__all__ = [
    "SCHEMA_VERSION",
    "CareerStep",
    "CompareOptions",
    "Disclosure",
    "HeadToHead",
    "Mix",
    "NamedCount",
    "PairOverlap",
    "RoleProfile",
    "ScopeInfo",
    "SkillShare",
    "TrendPoint",
]

#: JSON schema version. Minor bumps only add keys; the issue-2 keys are kept forever.
SCHEMA_VERSION = "1.2"
_SCOPES = ("open", "all")
_KINDS = ("base", "ote", "any")


@dataclass(frozen=True)
class CompareOptions:
    """What to compare and how.

    ``scope``: ``open`` (postings open now) or ``all`` (every posting seen in the window).
    ``since``/``until``: ISO dates bounding when postings were seen. Filters: ``location`` (metro,
    city or country), ``remote_only``, ``seniority`` (levels or buckets), ``company``.
    ``currency``: limit salary figures to postings paid in that currency, annualized with
    ``stats.PERIOD_FACTORS`` (default: all currencies as annual USD via ``fx_table``).
    ``include_estimated`` is never mixed in: estimated pay is always reported apart.
    """

    scope: str = "open"
    since: str | None = None
    until: str | None = None
    location: str | None = None
    remote_only: bool = False
    seniority: tuple[str, ...] = ()
    company: str | None = None
    salary_kind: str = "base"
    currency: str | None = None
    fx_table: str | None = None  # default: the table recorded by the tagger (meta.fx_table)
    top_skills: int = 8
    top_companies: int = 5
    top_metros: int = 5
    histogram_bins: int = 12
    trend_weeks: int = 12
    bootstrap_resamples: int = 1000
    seed: int = 0
    tagger_version: str | None = None
    workers: int = 0  # query threads; 0 = min(2, CPU count); in-memory databases always use 1

    def __post_init__(self) -> None:
        if self.scope not in _SCOPES:
            raise ConfigError(f"scope must be one of {_SCOPES}, not {self.scope!r}")
        if self.salary_kind not in _KINDS:
            raise ConfigError(f"salary_kind must be one of {_KINDS}, not {self.salary_kind!r}")
        if self.top_skills < 1 or self.trend_weeks < 0 or self.bootstrap_resamples < 10:
            raise ConfigError("top_skills >= 1, trend_weeks >= 0 and bootstrap_resamples >= 10 are required")
        if isinstance(self.seniority, str):
            object.__setattr__(self, "seniority", (self.seniority,))
        if self.currency:
            object.__setattr__(self, "currency", self.currency.strip().upper())
        if self.since and self.until and self.since > self.until:
            raise ConfigError(f"since ({self.since}) is after until ({self.until})")

    @property
    def salary_currency(self) -> str:
        return self.currency or "USD"


@dataclass(frozen=True, slots=True)
class ScopeInfo:
    """Which postings every figure describes; stated in every export."""

    tagger_version: str
    postings: str  # open | all
    since: str | None
    until: str | None
    as_of: str | None
    filters: dict[str, object]
    currency: str
    currency_mode: str  # annual_usd | original
    fx_table: str
    salary_kind: str
    total_tracked: int
    # Sources whose terms require attribution next to their data (source_terms.toml).
    attributions: tuple[Attribution, ...] = ()

    @property
    def description(self) -> str:
        what = "open postings" if self.postings == "open" else "all postings seen"
        window = ""
        if self.since or self.until:
            window = f" between {self.since or 'the first crawl'} and {self.until or 'the last crawl'}"
        filt = ", ".join(f"{k}={v}" for k, v in self.filters.items())
        money = (
            f"annual {self.currency} converted with {self.fx_table}"
            if self.currency_mode == "annual_usd"
            else f"postings paid in {self.currency}, annualized (hour x2080, day x260, week x52, month x12)"
        )
        parts = [
            f"{what}{window}",
            f"data as of {self.as_of or 'n/a'}",
            f"tagger {self.tagger_version}",
            f"salaries: {self.salary_kind} pay, {money}; estimated salaries reported apart",
        ]
        if filt:
            parts.insert(1, f"filters: {filt}")
        return "; ".join(parts) + "."


@dataclass(frozen=True, slots=True)
class SkillShare:
    skill_id: str
    name: str  # canonical display name from ``skills.name``: never re-cased
    category: str | None
    count: int
    share: float  # of the role's postings in scope


@dataclass(frozen=True, slots=True)
class NamedCount:
    name: str
    count: int
    share: float


@dataclass(frozen=True, slots=True)
class Mix:
    """Counts of categories, their shares over the known ones (``n``), and how many were unknown."""

    counts: dict[str, int]
    shares: dict[str, float | None]
    n: int
    unknown: int


@dataclass(frozen=True, slots=True)
class Disclosure:
    """How many postings state pay, and why some stated pay is not in the statistics."""

    n_postings: int
    n_disclosed: int  # any salary bound, any kind, basis not estimated
    n_estimated: int
    n_other_kind: int  # e.g. OTE when base pay is compared
    n_unconvertible: int  # unknown period / no FX rate / other currency
    rate: float | None


@dataclass(frozen=True, slots=True)
class CareerStep:
    level: str
    title: str
    n: int
    salary: SalarySummary


@dataclass(frozen=True, slots=True)
class TrendPoint:
    week: str  # Monday, ISO date
    open_positions: int  # open at the end of the week
    new_postings: int  # first seen that week
    median: float | None  # of salaries first seen that week (None below n = 5)
    n_salary: int
    skill_shares: dict[str, float | None]  # top-skill name -> share of the week's new postings


@dataclass(frozen=True, slots=True)
class RoleProfile:
    name: str
    family: str | None
    postings: int
    share_of_tracked: float | None
    remote: Mix  # remote | hybrid | onsite, unknown apart
    experience: Mix  # entry | mid | senior, unknown apart
    salary: SalarySummary
    salary_estimated: SalarySummary
    disclosure: Disclosure
    by_seniority: dict[str, SalarySummary]
    histogram: list[int]
    top_skills: list[SkillShare]
    top_companies: list[NamedCount]
    top_metros: list[NamedCount]
    career_path: list[CareerStep]
    trend: list[TrendPoint]

    @property
    def remote_share(self) -> float | None:
        return self.remote.shares.get("remote")

    @property
    def top_skill(self) -> SkillShare | None:
        return self.top_skills[0] if self.top_skills else None


@dataclass(frozen=True, slots=True)
class PairOverlap:
    a: str
    b: str
    shared: list[str]
    only_a: list[str]
    only_b: list[str]
    fraction: float  # shared / size of the larger top list
    sentence: str


@dataclass(frozen=True)
class HeadToHead:
    """A comparison of two or more roles; exporters render it, nothing recomputes it."""

    roles: tuple[RoleProfile, ...]
    scope: ScopeInfo
    histogram_edges: list[float]
    shared_skills: list[str]  # in every role's top list, in the first role's order
    unique_skills: dict[str, list[str]]  # in this role's top list and no other
    pairs: list[PairOverlap]
    verdict: list[str]
    other_roles_postings: int
    options: CompareOptions = field(default_factory=CompareOptions)
    schema_version: str = SCHEMA_VERSION

    @property
    def title(self) -> str:
        return " vs ".join(r.name for r in self.roles)

    @property
    def currency(self) -> str:
        return self.scope.currency
