"""Crawl configuration: sources TOML files, the shipped starter file, polite settings, the summary."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

from jobintel.errors import SourcesFileError
from jobintel.spiders import SPIDERS
from jobintel.spiders.runner import BoardResult, CrawlSummary
from jobintel.spiders.settings import build_settings, user_agent
from jobintel.spiders.sources import API_SOURCES, PAGE_SOURCES, CrawlJob, load_sources, parse_sources

ROOT = Path(__file__).parent.parent
STARTER = ROOT / "jobintel" / "data" / "sources" / "ai-companies.toml"


def test_source_names_match_spider_registry():
    assert set(API_SOURCES + PAGE_SOURCES) == set(SPIDERS)


def test_parse_all_sections():
    jobs = parse_sources(
        '[greenhouse]\nboards = ["anthropic", "anthropic", "xai"]\n'
        '[lever]\nboards = ["mistral"]\nbase_url = "http://127.0.0.1:8123"\n'
        'companies = { mistral = "Mistral AI" }\n'
        '[jsonld]\nbase_url = "http://127.0.0.1:8123/mirror/"\n'
        'urls = ["https://jobs.example.com/1", "careers/2"]\n'
        'sitemaps = ["/sitemap.xml"]\n'
    )
    assert jobs == [
        CrawlJob("greenhouse", boards=["anthropic", "xai"]),  # duplicates dropped, order kept
        CrawlJob(
            "lever", boards=["mistral"], base_url="http://127.0.0.1:8123", companies={"mistral": "Mistral AI"}
        ),
        CrawlJob(
            "jsonld",
            base_url="http://127.0.0.1:8123/mirror/",
            urls=["https://jobs.example.com/1", "http://127.0.0.1:8123/mirror/careers/2"],
            sitemaps=["http://127.0.0.1:8123/mirror/sitemap.xml"],  # relative to base_url, prefix kept
        ),
    ]
    assert jobs[1].spider_kwargs() == {
        "boards": ["mistral"],
        "base_url": "http://127.0.0.1:8123",
        "companies": {"mistral": "Mistral AI"},
    }
    assert jobs[2].spider_kwargs()["sitemaps"] == ["http://127.0.0.1:8123/mirror/sitemap.xml"]


BAD_FILES = [
    pytest.param(
        "[workday]\nboards = ['x']\n",
        "unknown source [workday] (known: greenhouse, lever, ashby, workable, smartrecruiters, recruitee, personio, hackernews, remoteok, remotive, arbeitnow, himalayas, usajobs, jsonld)",
        id="unknown-source",
    ),
    pytest.param('[greenhouse]\nboards = ["a"\n', "invalid TOML: ", id="bad-toml"),
    pytest.param(
        "[greenhouse]\nbase_url = 'http://x'\n", "[greenhouse] is missing `boards = [...]`", id="no-boards"
    ),
    pytest.param("[lever]\nboards = []\n", "[lever] needs a non-empty `boards` list", id="empty-boards"),
    pytest.param(
        "[lever]\nboards = 'acme'\n", "[lever] boards must be a list of non-empty strings", id="string"
    ),
    pytest.param("[ashby]\nboards = ['a']\nboard = 'b'\n", "[ashby] unknown key(s) board", id="typo-key"),
    pytest.param(
        "[jsonld]\nbase_url = 'http://x'\n", "[jsonld] needs `urls` or `sitemaps`", id="jsonld-empty"
    ),
    pytest.param(
        "[jsonld]\nurls = ['file:///etc/passwd']\n", "only http(s) URLs can be crawled", id="file-url"
    ),
    pytest.param(
        "[lever]\nboards = ['a']\nbase_url = 'localhost:8123'\n",
        "base_url must be http(s)://host",
        id="base-url-without-scheme",
    ),
    pytest.param("greenhouse = ['a']\n", "`greenhouse` must be a table", id="not-a-table"),
    pytest.param("# nothing\n", "no sources", id="empty"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_bad_sources_files(text, message):
    with pytest.raises(SourcesFileError) as err:
        parse_sources(text, where="s.toml")
    assert str(err.value).startswith("s.toml: ")
    assert message in str(err.value)


def test_relative_urls_wait_for_a_base_url():
    # The demo's sources file lists relative sitemaps and fills in its server's URL at run time.
    (job,) = parse_sources("[jsonld]\nsitemaps = ['/sitemap.xml']\n")
    assert job.sitemaps == ["/sitemap.xml"]
    with pytest.raises(SourcesFileError, match=r"relative URL '/sitemap\.xml' needs a base_url"):
        job.validate()


def test_bad_toml_names_the_line():
    with pytest.raises(SourcesFileError, match=r"line 3"):
        parse_sources('[greenhouse]\nboards = ["a"]\nbase_url = \n')


def test_missing_file(tmp_path):
    with pytest.raises(SourcesFileError, match="sources file not found"):
        load_sources(tmp_path / "nope.toml")


# -- the shipped starter file ----------------------------------------------------------------------


def test_starter_file_loads_every_board():
    jobs = {job.source: job for job in load_sources(STARTER)}
    assert {s: len(j.boards) for s, j in jobs.items()} == {"greenhouse": 71, "lever": 12, "ashby": 92}
    assert all(set(j.companies) == set(j.boards) for j in jobs.values())
    assert jobs["ashby"].companies["openai"] == "OpenAI"
    assert jobs["greenhouse"].boards[0] == "anthropic"
    # Registry tokens are used verbatim, dots and URL-encoding included.
    all_boards = {b for j in jobs.values() for b in j.boards}
    assert {"magic.dev", "hippocratic%20ai"} <= all_boards


def test_starter_file_comments_name_each_company():
    text = STARTER.read_text()
    assert "scripts/make_sources.py" in text and "Boards change" in text
    assert '"anthropic",' in text and "# Anthropic" in text
    board_lines = [line for line in text.splitlines() if line.startswith('    "')]
    assert len(board_lines) == 175 and all("  # " in line for line in board_lines)


def _make_sources():
    spec = importlib.util.spec_from_file_location("make_sources", ROOT / "scripts" / "make_sources.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_sources_render_roundtrips():
    rows = [
        {"ats": "ashby", "token": "openai", "company": "OpenAI", "notes": "x"},
        {"ats": "greenhouse", "token": "magic.dev", "company": 'Magic "AI"', "notes": "y"},
    ]
    text = _make_sources().render(rows)
    assert tomllib.loads(text)["greenhouse"]["companies"] == {"magic.dev": 'Magic "AI"'}
    assert [j.source for j in parse_sources(text)] == ["greenhouse", "ashby"]


# -- polite settings -------------------------------------------------------------------------------


def test_polite_defaults():
    s = build_settings()
    assert (s.getbool("ROBOTSTXT_OBEY"), s.getbool("AUTOTHROTTLE_ENABLED"), s.getfloat("DOWNLOAD_DELAY")) == (
        True,
        True,
        1.0,
    )
    assert s.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") == 1.0
    assert (s.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), s.getint("RETRY_TIMES")) == (2, 3)
    assert 429 in s.getlist("RETRY_HTTP_CODES")
    assert (s.getbool("TELNETCONSOLE_ENABLED"), s.getbool("COOKIES_ENABLED")) == (False, False)
    assert s.getdict("DOWNLOAD_HANDLERS") == {"file": None, "data": None, "ftp": None, "s3": None}
    assert s.getint("DOWNLOAD_MAXSIZE") == 32 * 1024 * 1024
    assert s["LOG_LEVEL"] == "WARNING" and build_settings(verbose=True)["LOG_LEVEL"] == "INFO"
    assert s.getint("JOBINTEL_BATCH_SIZE") == 200 and s.getbool("JOBINTEL_GREENHOUSE_PAY_DETAILS") is False


def test_user_agent_contact(monkeypatch):
    monkeypatch.delenv("JOBINTEL_CONTACT", raising=False)
    assert user_agent() == "jobintel/0.1.0 (+https://github.com/jobintel/jobintel; contact: unset)"
    monkeypatch.setenv("JOBINTEL_CONTACT", "env@example.org")
    assert build_settings()["USER_AGENT"].endswith("contact: env@example.org)")
    assert build_settings({"JOBINTEL_CONTACT": "cli@example.org"})["USER_AGENT"].endswith(
        "contact: cli@example.org)"
    )


def test_settings_flow_defaults_spider_cmdline():
    s = build_settings({"DOWNLOAD_DELAY": 0, "ITEM_PIPELINES": {"x.Pipeline": 100}})
    s.setdict({"DOWNLOAD_DELAY": 5, "RETRY_TIMES": 9}, priority="spider")  # what custom_settings does
    assert (s.getfloat("DOWNLOAD_DELAY"), s.getint("RETRY_TIMES")) == (0.0, 9)  # cmdline > spider > defaults
    assert s.getdict("ITEM_PIPELINES") == {
        "jobintel.spiders.sanitize.SanitizePipeline": 200,
        "jobintel.spiders.pipelines.StorePipeline": 300,
        "x.Pipeline": 100,
    }


# -- summary ---------------------------------------------------------------------------------------


def test_summary_render_and_dict():
    summary = CrawlSummary(
        pages_fetched=4,
        postings_new=3,
        postings_unchanged=2,
        errors=1,
        duration_s=1.25,
        boards=[
            BoardResult("greenhouse", "acme", "complete", new=3, unchanged=2),
            BoardResult("greenhouse", "gone", "failed", errors=1, reason="HTTP 404"),
        ],
    )
    assert summary.render() == (
        "Crawled 2 boards in 1.2 s: 4 pages, 5 postings stored (3 new, 0 updated, 2 unchanged), "
        "0 dropped, 1 errors\n"
        "  greenhouse/acme  complete  3 new, 0 updated, 2 unchanged\n"
        "  greenhouse/gone  failed    HTTP 404"
    )
    assert summary.ok is False
    assert summary.to_dict()["boards"][1]["reason"] == "HTTP 404"
