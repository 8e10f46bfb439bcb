"""Render the HTML export in headless Chromium: it paints, shows SVG charts and never runs data as code."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_compare_headtohead import HAND, A, B, _posting, build_db

from jobintel.compare import render_html, role_head_to_head

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (CI installs it)"),
]
INJECTED = "Evil <script>document.title='pwned'</script> Corp"


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("browser")
    specs = [*HAND, _posting(301, A, company=INJECTED, remote="onsite", bucket="mid")]
    db = build_db(tmp / "t.db", specs)
    path = tmp / "page.html"
    path.write_text(render_html(role_head_to_head(db, [A, B])), encoding="utf-8")
    return tmp, path


def test_screenshot_is_painted(page):
    tmp, path = page
    png = tmp / "shot.png"
    _chromium(tmp, f"--screenshot={png}", "--window-size=1280,3000", path.as_uri())
    assert png.exists()
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a blank 1280x3000 page compresses to a few KB


def test_dom_has_charts_and_injected_script_never_runs(page):
    tmp, path = page
    dom = _chromium(tmp, "--dump-dom", path.as_uri()).stdout
    assert "<title>AI/ML Engineer vs MLOps Engineer</title>" in dom
    assert "pwned" not in dom.split("</title>")[0]
    assert "<script" not in dom.lower()
    assert "Evil &lt;script&gt;document.title='pwned'&lt;/script&gt; Corp" in dom
    for chart in ("chart seniority", "chart skills", "chart histogram", "chart trend"):
        assert f'class="{chart}"' in dom
    assert dom.count("<rect") >= 10
