"""`jobintel dict show/check/diff/suggest` and `jobintel tags versions/prune`, through click's runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from jobintel.cli import cli, main
from jobintel.models import Posting
from jobintel.store import open_db, upsert_postings

USER = "skills:\n  - id: skypilot\n    name: SkyPilot\n    category: tool\n  - id: kubernetes\n    remove_aliases: [k8s]\n"


@pytest.fixture
def user_file(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text(USER, encoding="utf-8")
    return p


def _run(*args):
    result = CliRunner().invoke(cli, list(map(str, args)))
    assert result.exit_code == 0, result.output
    return result.output


def test_show_by_alias_with_onet_and_rules(user_file):
    out = _run("dict", "show", "k8s")
    assert out.splitlines()[0] == "Kubernetes  (id: kubernetes)"
    assert "  category : platform" in out and "O*NET    : 43232701" in out
    go = _run("dict", "show", "golang")
    assert "rule     : 'go': forms ['Go']; case_sensitive; corroborate" in go
    mine = _run("dict", "show", "skypilot", "--dict", user_file)
    assert f"source   : user; from {user_file}" in mine


def test_show_unknown_skill_is_an_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["dict", "show", "no-such-skill-xyz"])
    assert exc.value.code == 2
    assert "no skill has the id or alias 'no-such-skill-xyz'" in capsys.readouterr().err


def test_check_and_diff(user_file, tmp_path):
    out = _run("dict", "check", user_file)
    assert out.startswith(f"ok: {user_file}\n")
    assert "1 skills added, 0 removed, 1 with alias changes, 0 recategorized, 0 rule changes" in out
    assert "+ skill skypilot (SkyPilot)" in out and "~ kubernetes: - alias 'k8s'" in out
    newer = tmp_path / "newer.yaml"
    newer.write_text(USER.replace("category: tool", "category: platform"), encoding="utf-8")
    diff = _run("dict", "diff", user_file, newer)
    assert diff.splitlines()[1:] == ["~ skypilot: category tool -> platform"]
    assert _run("dict", "diff", "shipped", "shipped").startswith("No differences")


def test_suggest_and_tags_commands(tmp_path, user_file):
    db_path = tmp_path / "j.db"
    text = "Requirements\n- Experience with Marimo notebooks and Python\n- Pytorch-Lightning or JAX\n"
    upsert_postings(open_db(db_path), [
        Posting(source="t", source_id=str(i), url=f"u{i}", title="Data Scientist", company="A", description_text=text)
        for i in range(3)
    ])  # fmt: skip
    _run("--db", db_path, "tag")
    table = _run("--db", db_path, "dict", "suggest")
    assert "Marimo" in table and "pytorch lightning (pytorch, 100)" in table
    snippet = _run("--db", db_path, "dict", "suggest", "--format", "yaml")
    (tmp_path / "s.yaml").write_text(snippet, encoding="utf-8")
    assert _run("dict", "check", tmp_path / "s.yaml").startswith("ok:")  # pasteable as is
    _run("--db", db_path, "retag", "--dict", tmp_path / "s.yaml")
    versions = _run("--db", db_path, "tags", "versions").splitlines()
    assert len(versions) == 2 and versions[0].endswith("current") and versions[1].endswith("previous")
    assert "pruned 1 version(s)" in _run("--db", db_path, "tags", "prune", "--keep", "1")
