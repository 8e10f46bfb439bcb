"""Exports carry the attribution that the terms of the sources behind the data require."""

from __future__ import annotations

import csv
import io
import json

from test_compare_headtohead import A, B, _posting, build_db

from jobintel.compare import render_csv, render_html, render_json, render_markdown, role_head_to_head
from jobintel.compare.attribution import attributions_for


def _db(tmp_path, sources):
    specs = []
    for i, source in enumerate(sources, 1):
        spec = _posting(i, A if i % 2 else B, lo=100_000, hi=150_000)
        spec["posting"]["source"] = source
        specs.append(spec)
    return build_db(tmp_path / "a.db", specs)


def test_attribution_table_comes_from_the_terms_file():
    got = {
        a.source: (a.text, a.link) for a in attributions_for(["remoteok", "remotive", "greenhouse", "lever"])
    }
    assert got["remoteok"][0] == "Jobs from Remote OK" and got["remoteok"][1].startswith("https://remoteok")
    assert got["remotive"][0] == "Jobs from Remotive"
    assert "greenhouse" not in got and "lever" not in got  # no attribution required


def test_every_export_carries_the_required_attribution(tmp_path):
    db = _db(tmp_path, ["remoteok", "himalayas", "greenhouse", "greenhouse"])
    h2h = role_head_to_head(db, [A, B])
    attributions = json.loads(render_json(h2h))["scope"]["attributions"]
    assert [a["source"] for a in attributions] == ["himalayas", "remoteok"]
    md = render_markdown(h2h)
    assert "## Sources" in md and "Jobs from Remote OK" in md and "Sourced from Himalayas" in md
    rows = list(csv.reader(io.StringIO(render_csv(h2h))))
    assert any(r[3] == "attribution:remoteok" and "Jobs from Remote OK" in r[4] for r in rows)
    html = render_html(h2h)
    assert '<section id="sources">' in html and "Jobs from Remote OK</a>" in html


def test_no_sources_section_when_no_source_requires_one(tmp_path):
    db = _db(tmp_path, ["greenhouse", "ashby"])
    h2h = role_head_to_head(db, [A, B])
    assert json.loads(render_json(h2h))["scope"]["attributions"] == []
    assert "## Sources" not in render_markdown(h2h)
