"""Small field normalizers shared by the spiders (private: the public contract is ``Posting``).

Each maps one source spelling onto the vocabulary of ``jobintel.models`` and returns ``None`` when the
source does not say (null is unknown, never false).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

# Structured pay is mapped by the nlp salary helpers, re-exported here so every spider imports one place.
from jobintel.nlp.salary_sources import (
    normalize_period,
    salary_from_ashby,
    salary_from_greenhouse_pay_ranges,
    salary_from_jsonld,
    salary_from_lever,
)

__all__ = [
    "epoch_to_iso",
    "first_text",
    "normalize_employment_type",
    "normalize_period",
    "salary_from_ashby",
    "salary_from_greenhouse_pay_ranges",
    "salary_from_jsonld",
    "salary_from_lever",
    "split_greenhouse_locations",
    "workplace_from_ashby",
    "workplace_from_lever",
]

_SQUASH = re.compile(r"[^a-z]+")

# Checked in order: "Part-time Intern" is an internship, "Full Time Contractor" a contract.
_EMPLOYMENT_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("intern", ("intern", "coop", "apprentice", "trainee")),
    ("contract", ("contract", "freelance", "consultant")),
    ("temporary", ("temporary", "temp", "fixedterm", "seasonal")),
    ("part_time", ("parttime",)),
    ("full_time", ("fulltime", "permanent", "regular")),
    ("volunteer", ("volunteer",)),
    ("other", ("perdiem", "other")),
)


def normalize_employment_type(raw: Any) -> str | None:
    """Map a source's employment type (string or list of strings) to ``EMPLOYMENT_TYPES``.

    Lists (JSON-LD ``["FULL_TIME", "CONTRACTOR"]``) give their first recognised value.

    >>> [normalize_employment_type(x) for x in ("FullTime", "Regular Full Time (Salary)", ["CONTRACTOR"], "")]
    ['full_time', 'full_time', 'contract', None]
    """
    if isinstance(raw, list | tuple):
        for value in raw:
            found = normalize_employment_type(value)
            if found:
                return found
        return None
    if not isinstance(raw, str) or not raw.strip():
        return None
    squashed = _SQUASH.sub("", raw.lower())
    for kind, needles in _EMPLOYMENT_RULES:
        if any(n in squashed for n in needles):
            return kind
    return None


_LEVER_WORKPLACE = {"remote": "remote", "hybrid": "hybrid", "on-site": "onsite", "onsite": "onsite"}
_ASHBY_WORKPLACE = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite"}


def workplace_from_lever(raw: Any) -> str | None:
    """Lever ``workplaceType``: ``unspecified`` (or anything unknown) is ``None``.

    >>> workplace_from_lever("on-site"), workplace_from_lever("unspecified")
    ('onsite', None)
    """
    return _LEVER_WORKPLACE.get(raw.strip().lower()) if isinstance(raw, str) else None


def workplace_from_ashby(workplace_type: Any, is_remote: Any) -> str | None:
    """Ashby: ``workplaceType`` wins; ``isRemote`` is only a fallback because it is true on hybrid roles.

    >>> [workplace_from_ashby(w, r) for w, r in [("Hybrid", True), (None, True), (None, False)]]
    ['hybrid', 'remote', None]
    """
    if isinstance(workplace_type, str) and workplace_type.strip():
        return _ASHBY_WORKPLACE.get(_SQUASH.sub("", workplace_type.lower()))
    # isRemote=false says "not fully remote", which may still be hybrid: unknown, not onsite.
    return "remote" if is_remote is True else None


def epoch_to_iso(value: Any) -> str | None:
    """Epoch seconds or milliseconds (magnitude > 10^11 means ms) to an ISO-8601 UTC timestamp.

    >>> epoch_to_iso(1751880000000)
    '2025-07-07T09:20:00+00:00'
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    seconds = value / 1000 if value > 1e11 else value
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


def split_greenhouse_locations(name: Any) -> list[str]:
    """Greenhouse joins several places with ``";"``; commas belong to the place ("San Francisco, CA").

    >>> split_greenhouse_locations("San Francisco, CA; Remote - US")
    ['San Francisco, CA', 'Remote - US']
    """
    if not isinstance(name, str):
        return []
    return [part.strip() for part in name.split(";") if part.strip()]


def first_text(*values: Any) -> str | None:
    """The first value that is a non-blank string, stripped.

    >>> first_text(None, "  ", " Research ")
    'Research'
    """
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
