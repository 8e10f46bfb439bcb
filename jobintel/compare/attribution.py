"""Attribution that exports must carry for the sources behind the data (RemoteOK, Remotive, Himalayas...).

The terms live in ``jobintel/data/source_terms.toml``, plain package data shared with the spiders, so
compare reads them without importing ``spiders``.

>>> [a.text for a in attributions_for(["remoteok", "greenhouse"])]
['Jobs from Remote OK']
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

__all__ = ["Attribution", "attributions_for"]


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str
    text: str
    link: str


@functools.cache
def _terms() -> dict[str, dict]:
    raw = resources.files("jobintel.data").joinpath("source_terms.toml").read_text("utf-8")
    return {name: body for name, body in tomllib.loads(raw).items() if isinstance(body, dict)}


def attributions_for(sources: Iterable[str]) -> tuple[Attribution, ...]:
    """The attributions required by ``sources`` (sources that require none are left out), sorted."""
    terms = _terms()
    out = []
    for source in sorted(set(sources)):
        body = terms.get(source, {})
        text = str(body.get("attribution") or "")
        if text:
            out.append(Attribution(source=source, text=text, link=str(body.get("link") or "")))
    return tuple(out)
