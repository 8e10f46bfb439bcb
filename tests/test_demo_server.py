"""The bundled SAMPLE boards and the local server that ``jobintel demo`` crawls.

Everything runs against 127.0.0.1 on an ephemeral port. Shapes are checked against
job-sources.md sections 1-3 and 14: a spider that passes here has met the real APIs' traps.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import extruct
import pytest

from jobintel.demo.server import BASE_URL_PLACEHOLDER, SampleBoardServer

SAMPLES = Path(str(resources.files("jobintel.demo") / "samples"))
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_samples.py"
JSON = "application/json; charset=utf-8"


@pytest.fixture(scope="module")
def server():
    with SampleBoardServer() as srv:
        yield srv


def fetch(server: SampleBoardServer, path: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(server.base_url + path, timeout=5) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


def fetch_json(server: SampleBoardServer, path: str):
    status, ctype, body = fetch(server, path)
    assert (status, ctype) == (200, JSON), path
    return json.loads(body)


@pytest.fixture(scope="module")
def corpus(server):
    """Every listed posting over HTTP, as (source, board, payload) triples."""
    sources = server.sources()
    out = []
    for token in sources["greenhouse"]["boards"]:
        for row in fetch_json(server, f"/v1/boards/{token}/jobs?content=true")["jobs"]:
            out.append(("greenhouse", token, row))
    for site in sources["lever"]["boards"]:
        out += [("lever", site, p) for p in fetch_json(server, f"/v0/postings/{site}?mode=json")]
    for name in sources["ashby"]["boards"]:
        board = fetch_json(server, f"/posting-api/job-board/{name}?includeCompensation=true")
        out += [("ashby", name, j) for j in board["jobs"] if j["isListed"]]
    for sitemap in sources["jsonld"]["sitemaps"]:
        _, _, xml = fetch(server, sitemap)
        for loc in re.findall(r"<loc>(.*?)</loc>", xml.decode()):
            _, _, page = fetch(server, loc.removeprefix(server.base_url))
            for item in extruct.extract(page.decode(), syntaxes=["json-ld"])["json-ld"]:
                nodes = item.get("@graph", [item])
                out += [("jsonld", sitemap, n) for n in nodes if n.get("@type") == "JobPosting"]
    return out


def body_text(source: str, payload: dict) -> str:
    if source == "greenhouse":
        return html.unescape(payload["content"])
    if source == "lever":
        return payload["descriptionPlain"] + " ".join(x["content"] for x in payload["lists"])
    if source == "ashby":
        return payload["descriptionPlain"]
    return html.unescape(payload["description"])


# --- volume -----------------------------------------------------------------------------------------
def test_at_least_300_postings_from_15_companies(corpus):
    assert len(corpus) >= 300
    assert len({(source, board) for source, board, _ in corpus}) >= 15
    by_source = {
        s: sum(1 for src, _, _ in corpus if src == s) for s in ("greenhouse", "lever", "ashby", "jsonld")
    }
    assert by_source == {"greenhouse": 156, "lever": 72, "ashby": 78, "jsonld": 27}


def test_mlops_roles_are_scarcer_than_ai_roles(corpus):
    titles = [p.get("title") or p.get("text") for _, _, p in corpus]
    mlops = sum(
        bool(re.search(r"MLOps|ML Platform|ML Infrastructure|Machine Learning Platform", t)) for t in titles
    )
    ai = sum(
        bool(
            re.search(
                r"Machine Learning Engineer|\bML Engineer|AI Engineer|LLM Engineer|Applied Scientist|"
                r"NLP Engineer|Computer Vision Engineer|Director of Machine Learning",
                t,
            )
        )
        for t in titles
    )
    assert 3.5 <= ai / mlops <= 6


@pytest.mark.parametrize(
    "label, pattern",
    [  # salary formats the tagger must parse, all present in the bodies
        ("US comma range", r"\$\d{3},000 - \$\d{3},000"),
        ("US K range with en dash", r"\$\d{3}K–\$\d{3}K"),
        ("ISO code, no separators", r"USD \d{6} - \d{6} per year"),
        ("pounds", r"£\d{2,3},000 - £\d{2,3},000"),
        ("euros, German grouping", r"€\d{2,3}\.000–€\d{2,3}\.000"),
        ("hourly", r"\$\d{2,3} - \$\d{2,3} per hour"),
        ("Canadian dollars", r"CA\$\d{3},000–CA\$\d{3},000"),
        ("rupees in lakhs", r"₹\d{2},00,000"),
        ("no number at all", r"Competitive salary"),
    ],
)
def test_salary_formats_present(corpus, label, pattern):
    assert any(re.search(pattern, body_text(s, p)) for s, _, p in corpus), label


@pytest.mark.parametrize(
    "trap",  # phrases a good tagger must NOT turn into skills, remote flags or seniority
    [
        "go-to-market",
        "react to changes",
        "Trust and Safety",
        "robust",
        "leverage",
        "storage",
        "remote monitoring of devices",
        "We are a remote-first company",
        "Series C",
        "spring 2026 offsite",
        "excel at",
    ],
)
def test_tagger_traps_present(corpus, trap):
    assert any(trap.lower() in body_text(s, p).lower() for s, _, p in corpus)


def test_remote_first_about_on_an_onsite_job(corpus):
    hits = [p for s, b, p in corpus if b == "tessellate" and "on-site in our" in body_text(s, p)]
    assert hits and all("remote-first company" in body_text("greenhouse", p) for p in hits)


# --- Greenhouse ------------------------------------------------------------------------------------
def test_greenhouse_list_needs_content_flag(server):
    bare = fetch_json(server, "/v1/boards/northwindai/jobs")["jobs"]
    full = fetch_json(server, "/v1/boards/northwindai/jobs?content=true")
    assert len(bare) == full["meta"]["total"] == len(full["jobs"]) == 30
    assert not {"content", "departments", "offices"} & set(bare[0])
    row = full["jobs"][0]
    assert row["content"].startswith("&lt;") and "<" not in row["content"]
    assert html.unescape(row["content"]).startswith("<h2>")
    assert row["id"] > 2**31 and isinstance(row["requisition_id"], str)
    assert datetime.fromisoformat(row["first_published"]).utcoffset() is not None


def test_greenhouse_quirks_across_boards(corpus):
    rows = [p for s, _, p in corpus if s == "greenhouse"]
    assert any(r["metadata"] is None for r in rows) and any(isinstance(r["metadata"], list) for r in rows)
    assert any("; " in r["location"]["name"] for r in rows)
    assert any(r["first_published"] is None for r in rows)
    assert any(r["title"] != r["title"].strip() for r in rows)
    assert any("&amp;nbsp;" in r["content"] for r in rows)
    assert any('class="pay-range"' in html.unescape(r["content"]) for r in rows)
    assert {r["company_name"] for r in rows} >= {"Northwind AI", "Lumen Labs"}


def test_greenhouse_board_info_is_labelled_sample(server):
    assert fetch_json(server, "/v1/boards/lumenlabs")["name"] == "Lumen Labs (sample data)"


def test_greenhouse_single_job_pay_ranges(server):
    job_id = int(sorted((SAMPLES / "greenhouse" / "northwindai" / "jobs").glob("*.json"))[0].stem)
    with_pay = fetch_json(server, f"/v1/boards/northwindai/jobs/{job_id}?pay_transparency=true")
    ranges = with_pay["pay_input_ranges"]
    assert ranges and all(isinstance(r["min_cents"], int) and r["min_cents"] >= 100_000 for r in ranges)
    assert "pay_input_ranges" not in fetch_json(server, f"/v1/boards/northwindai/jobs/{job_id}")
    listed = {r["id"] for r in fetch_json(server, "/v1/boards/northwindai/jobs")["jobs"]}
    no_detail = min(
        listed - {int(p.stem) for p in (SAMPLES / "greenhouse" / "northwindai" / "jobs").glob("*.json")}
    )
    assert (
        fetch_json(server, f"/v1/boards/northwindai/jobs/{no_detail}?pay_transparency=true")[
            "pay_input_ranges"
        ]
        == []
    )
    assert fetch(server, "/v1/boards/northwindai/jobs/123")[0] == 404


# --- Lever -----------------------------------------------------------------------------------------
def test_lever_is_a_bare_array_with_ms_timestamps(server):
    postings = fetch_json(server, "/v0/postings/saltmarsh?mode=json")
    assert isinstance(postings, list) and len(postings) == 20
    window = (
        datetime(2026, 7, 20, tzinfo=UTC).timestamp() * 1000,
        datetime(2026, 11, 16, tzinfo=UTC).timestamp() * 1000,
    )
    for p in postings:
        assert "title" not in p and p["text"]
        assert window[0] < p["createdAt"] < window[1]  # milliseconds, not seconds
        assert p["workplaceType"] in {"on-site", "remote", "hybrid", "unspecified"}
        assert all(x["content"].startswith("<li>") and "<ul>" not in x["content"] for x in p["lists"])
    assert fetch_json(server, "/v0/postings/saltmarsh?mode=json&skip=5&limit=3") == postings[5:8]
    assert fetch_json(server, f"/v0/postings/saltmarsh/{postings[0]['id']}") == postings[0]


def test_lever_salary_intervals(corpus):
    intervals = {p["salaryRange"]["interval"] for s, _, p in corpus if s == "lever" and "salaryRange" in p}
    assert intervals == {"per-year-salary", "per-hour-wage"}


# --- Ashby -----------------------------------------------------------------------------------------
def test_ashby_compensation_needs_flag(server):
    bare = fetch_json(server, "/posting-api/job-board/halcyon")
    assert bare["apiVersion"] == "1" and not any("compensation" in j for j in bare["jobs"])
    full = fetch_json(server, "/posting-api/job-board/halcyon?includeCompensation=true")
    assert all("compensation" in j for j in full["jobs"])
    assert any(not j["isListed"] for j in full["jobs"])


def test_ashby_traps(corpus):
    jobs = [p for s, _, p in corpus if s == "ashby"]
    assert any(j["isRemote"] is True and j["workplaceType"] == "Hybrid" for j in jobs)
    assert any(j["isRemote"] is None and j["workplaceType"] is None for j in jobs)
    first_types = [
        j["compensation"]["summaryComponents"][0]["compensationType"]
        for j in jobs
        if len(j["compensation"]["summaryComponents"]) == 2
    ]
    assert "Salary" in first_types and {"EquityCashValue", "EquityPercentage"} & set(first_types)
    assert all(j["publishedAt"].endswith("+00:00") for j in jobs)


# --- JSON-LD career sites --------------------------------------------------------------------------
def test_jsonld_variants(server, corpus):
    _, ctype, graph_page = fetch(server, "/careers/bluebell/")
    assert ctype == "text/html; charset=utf-8" and b"SAMPLE DATA" in graph_page
    nodes = [p for s, _, p in corpus if s == "jsonld"]
    assert any(
        n["hiringOrganization"] == {"@id": "https://www.bluebell-logistics.example/#org"} for n in nodes
    )
    assert any(n.get("jobLocationType") == "TELECOMMUTE" for n in nodes)
    assert any("unitText" in n.get("baseSalary", {}) for n in nodes)  # outer unitText
    assert any("unitText" in n.get("baseSalary", {}).get("value", {}) for n in nodes)  # nested
    _, _, listing = fetch(server, "/careers/tidewater/openings.html")
    assert len(extruct.extract(listing.decode(), syntaxes=["json-ld"])["json-ld"]) == 2
    page = next((SAMPLES / "sites" / "granite" / "jobs").glob("*.html")).read_text(encoding="utf-8")
    assert "//<![CDATA[" in page


def test_static_routes_and_content_types(server):
    status, ctype, body = fetch(server, "/careers/granite/sitemap.xml")
    assert (status, ctype) == (200, "application/xml")
    assert BASE_URL_PLACEHOLDER.encode() not in body and server.base_url.encode() in body
    status, ctype, body = fetch(server, "/robots.txt")
    assert ctype == "text/plain; charset=utf-8" and body.count(b"Sitemap: " + server.base_url.encode()) == 4
    with urllib.request.urlopen(server.base_url + "/careers/solstice", timeout=5) as resp:
        assert resp.url.endswith("/careers/solstice/")  # 301 so relative links resolve


@pytest.mark.parametrize(
    "path",
    [
        "/v1/boards/nope/jobs?content=true",
        "/v0/postings/nope?mode=json",
        "/posting-api/job-board/nope",
        "/v1/boards/northwindai/jobs/1",
        "/nothing/here",
    ],
)
def test_unknown_boards_are_json_404s(server, path):
    status, ctype, body = fetch(server, path)
    assert (status, ctype) == (404, JSON) and json.loads(body)


def test_no_path_escapes_the_samples_folder():
    srv = SampleBoardServer()
    assert srv.handle("/careers/bluebell/../../../demo/server.py").status == 404
    assert srv.handle("/careers/.hidden").status == 404


def test_request_counter(server):
    before = server.requests
    fetch(server, "/v1/boards/lumenlabs")
    assert server.requests == before + 1 and server.paths[-1] == "/v1/boards/lumenlabs"


# --- generator --------------------------------------------------------------------------------------
def test_generator_rebuilds_shipped_files_byte_for_byte(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_samples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve string annotations through sys.modules, so register the script while it runs
    monkeypatch.setitem(sys.modules, "make_samples", module)
    spec.loader.exec_module(module)
    counts = module.generate(tmp_path)
    assert counts["postings"] >= 300 and counts["companies"] >= 15
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    shipped = {p.relative_to(SAMPLES): p.read_bytes() for p in SAMPLES.rglob("*") if p.is_file()}
    assert sorted(fresh) == sorted(shipped)
    assert [k for k in fresh if fresh[k] != shipped[k]] == []
    assert sum(map(len, shipped.values())) < 3_000_000
