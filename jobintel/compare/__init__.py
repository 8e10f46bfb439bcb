"""Role head-to-head comparisons: statistics, the ``HeadToHead`` value object and its exports.

>>> from jobintel.store import open_db
>>> h2h = role_head_to_head(open_db("jobintel.db"), ["AI/ML Engineer", "MLOps Engineer"])  # doctest: +SKIP
>>> print(render_markdown(h2h))  # doctest: +SKIP
"""

from jobintel.compare.export import render_csv, render_html, render_json, render_markdown, to_json_dict
from jobintel.compare.headtohead import role_head_to_head
from jobintel.compare.model import SCHEMA_VERSION, CompareOptions, HeadToHead
from jobintel.compare.site import write_site

__all__ = [
    "SCHEMA_VERSION",
    "CompareOptions",
    "HeadToHead",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "role_head_to_head",
    "to_json_dict",
    "write_site",
]
