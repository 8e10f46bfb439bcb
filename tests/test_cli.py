"""CLI: help with examples everywhere, global options on every command, clean errors, import/extract."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from jobintel.cli import cli, main

COMMANDS = sorted(cli.commands)


def run(args, **kw):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kw)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples_and_global_options(command):
    result = run([command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "--db PATH" in result.output
    assert "--verbose" in result.output


def test_python_dash_m_works():
    out = subprocess.run(
        [sys.executable, "-m", "jobintel", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().startswith("jobintel, version ")


def test_readme_documents_every_command():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for command in COMMANDS:
        assert f"jobintel {command}" in readme, command


def test_import_then_reimport_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBINTEL_DB", str(tmp_path / "env.db"))
    lines = [
        {"source": "import", "source_id": "a", "url": "https://e/a", "title": "ML Engineer", "company": "E"},
        {
            "source": "import",
            "source_id": "b",
            "url": "https://e/b",
            "title": "MLOps Engineer",
            "company": "E",
        },
    ]
    f = tmp_path / "p.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    first = run(["import", str(f)])
    assert "2 new, 0 updated, 0 unchanged, 0 skipped" in first.output
    second = run(["import", str(f)])
    assert "0 new, 0 updated, 2 unchanged, 0 skipped" in second.output
    assert (tmp_path / "env.db").exists()  # JOBINTEL_DB is honoured


def test_import_skips_and_reports_bad_lines_but_keeps_good_ones(tmp_path):
    f = tmp_path / "p.jsonl"
    f.write_text(
        '{"source": "import", "source_id": "a", "url": "https://e/a", '
        '"title": "ML Engineer", "company": "E"}\n'
        "{not json\n"
        '{"source": "import", "source_id": "b", "url": "https://e/b", "title": "", "company": "E"}\n'
    )
    db = tmp_path / "x.db"
    result = CliRunner().invoke(cli, ["import", str(f), "--db", str(db)])
    assert "1 new, 0 updated, 0 unchanged, 2 skipped" in result.output
    assert "line 2" in result.output and "line 3: title" in result.output


def test_errors_are_one_line_messages_with_exit_codes(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["compare", "AI/ML Engineer", "MLOps Engineer", "--db", str(tmp_path / "none.db")])
    assert exc.value.code == 1
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["crawl", "--db", str(tmp_path / "x.db")])
    assert exc.value.code == 2
    assert "nothing to crawl" in capsys.readouterr().err
