"""Exporters: one module per format, each reading only a ``HeadToHead``."""

from jobintel.compare.export.csv import render_csv
from jobintel.compare.export.html import render_html, render_index
from jobintel.compare.export.json import render_json, to_json_dict
from jobintel.compare.export.markdown import render_markdown

__all__ = ["render_csv", "render_html", "render_index", "render_json", "render_markdown", "to_json_dict"]
