"""A static site of comparisons: one HTML page per pair of roles plus an index.

Each role's profile is computed once and reused by every pair it appears in, so a site of
k roles costs k profile builds, not k x (k - 1).

>>> write_site(open_db("jobintel.db"), "site/")  # doctest: +SKIP
[PosixPath('site/index.html'), ...]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import Path

from sqlite_utils import Database

from jobintel.compare.export.html import render_html, render_index
from jobintel.compare.headtohead import assemble, build_roles, make_scope
from jobintel.compare.model import CompareOptions
from jobintel.compare.stats import format_count, format_money
from jobintel.errors import ConfigError

__all__ = ["page_name", "write_site"]


def page_name(a: str, b: str) -> str:
    """``ai-ml-engineer-vs-mlops-engineer.html``: stable, URL-safe, ASCII.

    >>> page_name("AI/ML Engineer", "MLOps Engineer")
    'ai-ml-engineer-vs-mlops-engineer.html'
    """

    def slug(s: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "role"

    return f"{slug(a)}-vs-{slug(b)}.html"


def write_site(
    db: Database,
    out_dir: str | Path,
    roles: Sequence[str] | None = None,
    *,
    options: CompareOptions | None = None,
    max_roles: int = 12,
    min_postings: int = 1,
) -> list[Path]:
    """Write ``index.html`` and one page per pair of ``roles`` into ``out_dir``; return the paths.

    ``roles`` default to the ``max_roles`` roles with most postings in scope (at least
    ``min_postings`` each). Each page links the other comparisons that share one of its roles.
    """
    options = options or CompareOptions()
    scope, info, counts = make_scope(db, options, by_role=roles is None)
    if roles is None:
        ranked = sorted(
            ((n, r) for r, n in counts.items() if r and n >= min_postings), key=lambda x: (-x[0], x[1])
        )
        roles = [r for _, r in ranked[:max_roles]]
    roles = list(dict.fromkeys(roles))
    if len(roles) < 2:
        raise ConfigError(f"a site needs at least two roles with postings in scope, found {roles}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = dict(zip(roles, build_roles(db, scope, roles, options, info), strict=True))
    pairs = list(itertools.combinations(roles, 2))
    written: list[Path] = []
    index_entries = []
    for a, b in pairs:
        h2h = assemble([data[a], data[b]], options, info)
        related = [(f"{x} vs {y}", page_name(x, y)) for x, y in pairs if (x, y) != (a, b) and {x, y} & {a, b}]
        path = out / page_name(a, b)
        path.write_text(render_html(h2h, related=related), encoding="utf-8")
        written.append(path)
        pa, pb = h2h.roles
        summary = (
            f"{format_count(pa.postings)} vs {format_count(pb.postings)} postings; median "
            f"{format_money(pa.salary.median, info.currency, pa.salary.n)} vs "
            f"{format_money(pb.salary.median, info.currency, pb.salary.n)}"
        )
        index_entries.append((h2h.title, path.name, summary))
    index = out / "index.html"
    index.write_text(render_index(index_entries), encoding="utf-8")
    return [index, *written]
