"""`jobintel extract`: JSONL in, JSONL out, evidence for every tag, no database."""

from __future__ import annotations

import json

from click.testing import CliRunner

from jobintel.cli import cli


def test_extract_outputs_every_field_with_evidence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "Requirements\n- 3+ years with Go and Kubernetes\nPay: $150k - $180k per year. Fully remote (US)."
    line = json.dumps({"id": "a1", "title": "Senior MLOps Engineer", "text": text})
    result = CliRunner().invoke(cli, ["extract"], input=line + "\n")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.strip())
    assert out["id"] == "a1"
    assert out["role"]["name"] == "MLOps Engineer"
    assert out["seniority"]["level"] == "senior" and out["seniority"]["basis"] == "title"
    sal = out["salary"]
    assert (sal["min"], sal["max"], sal["currency"], sal["period"], sal["basis"]) == (
        150000,
        180000,
        "USD",
        "year",
        "parsed",
    )
    assert sal["annual_usd_min"] == 150000 and sal["text"]
    skills = {s["name"]: s for s in out["skills"]}
    assert set(skills) >= {"Go", "Kubernetes"}
    m = skills["Go"]["mentions"][0]
    assert text[m["start"] : m["end"]] == "Go" and m["section"] == "requirements"
    assert skills["Go"]["category"]
    assert out["remote"]["value"] == "remote"
    assert not (tmp_path / "jobintel.db").exists()  # no database involved


def test_extract_skips_and_reports_malformed_lines():
    good = json.dumps({"id": 2, "title": "Data Scientist", "text": "SQL and Python"})
    result = CliRunner().invoke(cli, ["extract"], input=f"not json\n{good}\n")
    assert result.exit_code == 0
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    assert len(lines) == 1 and json.loads(lines[0])["id"] == 2
    assert "line 1: not JSON" in result.stderr
