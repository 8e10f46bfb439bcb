"""Spider callbacks fed with recorded responses (tests/fixtures, shaped after job-sources.md §1-3, §14).

Grouped by source; each table row is one posting of a fixture with the exact values we expect,
including the traps the reference lists (entity-escaped content, metadata null, ';'-joined
locations, cents, Lever ms timestamps and bare <li> lists, Ashby equity-before-salary, isRemote on
hybrid roles and unlisted rows, JSON-LD @graph/@id, CDATA, outer unitText, employmentType arrays).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import DropItem
from scrapy.http import TextResponse
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from jobintel.errors import ConfigError
from jobintel.models import Posting, StructuredSalary
from jobintel.spiders import SPIDERS, AshbySpider, GreenhouseSpider, JsonLdSpider, LeverSpider
from jobintel.spiders._fields import normalize_employment_type, workplace_from_ashby, workplace_from_lever
from jobintel.spiders.pipelines import StorePipeline
from jobintel.spiders.sanitize import SanitizePipeline, html_to_text
from jobintel.spiders.structured_data import extract_jsonld, job_postings

FIXTURES = Path(__file__).parent / "fixtures"


def _response(url: str, fixture: str, meta: dict[str, Any] | None = None, status: int = 200) -> TextResponse:
    return TextResponse(
        url=url,
        body=(FIXTURES / fixture).read_bytes(),
        encoding="utf-8",
        status=status,
        request=Request(url, meta=meta or {}),
    )


def _postings(spider, fixture: str, board: str = "exampleai") -> dict[str, Posting]:
    items = list(spider.parse(_response(spider.listing_url(board), fixture, {"jobintel_board": board})))
    assert all(isinstance(i, Posting) for i in items)
    return {p.source_id: p for p in items}


def _check(posting: Posting, expected: dict[str, Any]) -> None:
    stored = _stored(posting)
    actual = {k: getattr(stored, k) for k in expected}
    assert actual == expected


def _stored(posting: Posting) -> Posting:
    """The posting as it is stored: spiders set the HTML, ``SanitizePipeline`` renders the text."""
    stats = SimpleNamespace(inc_value=lambda *args, **kwargs: None)
    return SanitizePipeline(SimpleNamespace(stats=stats)).process_item(dataclasses.replace(posting))


# -- Greenhouse ------------------------------------------------------------------------------------

GREENHOUSE = [
    pytest.param(
        "7712345002",
        {
            "title": "Staff Machine Learning Engineer, Inference",
            "company": "Example AI",
            "url": "https://job-boards.greenhouse.io/exampleai/jobs/7712345002",
            # ';'-joined, split on ';' only: the commas belong to each place.
            "locations": ["San Francisco, CA", "Seattle, WA", "Remote - US"],
            # first_published wins over updated_at.
            "date_posted": "2026-06-18T09:30:00-04:00",
            "employment_type": "full_time",
            "department": "AI Infrastructure",
            "workplace": None,
            "salary": None,  # pay is on the single-job endpoint only; the pay block stays in the text
            "description_text": "About the role\nYou will build the serving stack for our LLMs using "
            "PyTorch, Triton and Kubernetes. 5+ years of experience required.\n$245,000—$320,000 USD",
        },
        id="entity-escaped-content-and-semicolon-locations",
    ),
    pytest.param(
        "8559344002",
        {
            "title": "MLOps Engineer, Training Platform",  # trailing spaces stripped
            "url": "https://www.example-ai.com/careers?gh_jid=8559344002",
            "locations": ["London, United Kingdom"],
            "date_posted": "2026-08-03T07:12:33-04:00",  # first_published null -> updated_at
            "employment_type": None,  # metadata: null
            "department": None,
            "description_text": "What you'll do\n- Run Kubeflow & MLflow on GKE\n- Own CI/CD for models",
        },
        id="metadata-null-and-script-dropped",
    ),
    pytest.param(
        "9001234002",
        {
            "employment_type": "part_time",
            "date_posted": "2026-07-01T08:00:00-04:00",
            "locations": ["Austin, TX"],
        },
        id="part-time-metadata",
    ),
]


@pytest.mark.parametrize(("source_id", "expected"), GREENHOUSE)
def test_greenhouse_listing(source_id, expected):
    postings = _postings(GreenhouseSpider(board="exampleai"), "greenhouse/exampleai.json")
    assert sorted(postings) == ["7712345002", "8559344002", "9001234002"]
    _check(postings[source_id], expected)


def test_greenhouse_raw_is_the_jobs_own_payload_and_html_is_unescaped():
    p = _postings(GreenhouseSpider(board="exampleai"), "greenhouse/exampleai.json")["7712345002"]
    assert p.raw["id"] == 7712345002 and p.raw["internal_job_id"] == 6623456002
    assert p.description_html.startswith("<h2>About the role</h2>")
    assert "&lt;" not in _stored(p).description_text


def _detail(spider, board: str, job: dict[str, Any], fixture: str) -> Posting:
    url = spider.resolve_base_url() + spider.job_path(board, job["id"])
    meta = {"jobintel_board": board, "jobintel_listing_job": job}
    (posting,) = spider.parse_job_detail(_response(url, fixture, meta))
    return posting


GREENHOUSE_PAY = [
    pytest.param(
        "7712345002",
        # Two zones in cents -> their envelope in units; no period hint in "Zone 1 (...)".
        StructuredSalary(
            220000.0, 320000.0, "USD", None, "stated", "Zone 1 (SF Bay Area, NYC); Zone 2 (all other US)"
        ),
        id="zones-in-cents",
    ),
    pytest.param(
        "9001234002",
        StructuredSalary(31.5, 42.75, "USD", "hour", "stated", "Hourly Pay Range"),
        id="hourly-title",
    ),
    pytest.param("8559344002", None, id="empty-pay-input-ranges"),
]


@pytest.mark.parametrize(("job_id", "expected"), GREENHOUSE_PAY)
def test_greenhouse_pay_details(job_id, expected):
    spider = GreenhouseSpider(board="exampleai")
    spider.settings = Settings({"JOBINTEL_GREENHOUSE_PAY_DETAILS": True})
    requests = list(spider.parse(_response(spider.listing_url("exampleai"), "greenhouse/exampleai.json")))
    assert [r.url for r in requests] == [
        f"https://boards-api.greenhouse.io/v1/boards/exampleai/jobs/{i}?pay_transparency=true"
        for i in ("7712345002", "8559344002", "9001234002")
    ]
    job = next(r.meta["jobintel_listing_job"] for r in requests if r.url.split("/")[-1].startswith(job_id))
    posting = _detail(spider, "exampleai", job, f"greenhouse/exampleai-{job_id}.json")
    assert posting.salary == expected
    assert "pay_input_ranges" in posting.raw


def test_greenhouse_failed_detail_keeps_posting_and_marks_board_partial():
    spider = GreenhouseSpider(board="exampleai")
    job = {"id": 5, "title": "ML Engineer", "absolute_url": "https://x/5", "company_name": "X", "content": ""}
    request = Request(
        "https://boards-api.greenhouse.io/v1/boards/exampleai/jobs/5?pay_transparency=true",
        meta={"jobintel_board": "exampleai", "jobintel_listing_job": job},
    )
    failure = Failure(HttpError(TextResponse(request.url, status=503, body=b"", request=request)))
    failure.request = request
    (posting,) = spider.job_detail_failed(failure)
    assert (posting.title, posting.salary) == ("ML Engineer", None)
    spider.board_fetched("exampleai")
    assert spider.board_status["exampleai"].status == "partial"
    assert spider.board_status["exampleai"].reason == "job detail HTTP 503"


# -- Lever -----------------------------------------------------------------------------------------

LEVER = [
    pytest.param(
        "0b6c1c55-3d0e-4c0a-9b7e-2f4a5d8e91aa",
        {
            "title": "Senior MLOps Engineer",  # the title is `text`
            "company": "Example AI",
            "url": "https://jobs.lever.co/exampleai/0b6c1c55-3d0e-4c0a-9b7e-2f4a5d8e91aa",
            "locations": ["London, UK", "Remote - EMEA"],
            "date_posted": "2025-07-07T09:20:00+00:00",  # createdAt is epoch milliseconds
            "salary": StructuredSalary(95000.0, 125000.0, "GBP", "year"),
            "workplace": "hybrid",
            "employment_type": "full_time",
            "department": "Engineering",
            "description_text": "We run training and inference for 40 models.\nYou will own our Kubeflow and "
            "MLflow stack.\nRequirements\n- 5+ years in ML infrastructure\n- Python, Terraform, Kubernetes\n"
            "Benefits\n- Private health",
        },
        id="lists-without-ul-and-ms-timestamp",
    ),
    pytest.param(
        "7f3e2a10-5b4c-4d2e-8f1a-9c0b1d2e3f40",
        {
            "salary": StructuredSalary(45.0, 55.0, "USD", "hour"),
            "workplace": "onsite",
            "employment_type": "intern",
            "department": "Research",  # no department: the team
            "date_posted": "2026-01-01T00:00:00+00:00",
            "description_text": "Work with our research team on evaluation tooling.\nWhat we look for\n"
            "- Pursuing a BS/MS in CS\n- PyTorch\nWe sponsor visas.",
        },
        id="per-hour-wage-and-additional",
    ),
    pytest.param(
        "c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f",
        {
            "salary": None,
            "workplace": None,  # "unspecified" is unknown, not on-site
            "employment_type": "full_time",  # "Regular Full Time (Salary)"
            "locations": ["Remote - US"],  # no allLocations: the primary location
            "description_text": "Build our lakehouse on Spark and dbt.",  # no descriptionBody: description
        },
        id="unspecified-workplace-old-payload",
    ),
]


@pytest.mark.parametrize(("source_id", "expected"), LEVER)
def test_lever_listing(source_id, expected):
    spider = LeverSpider(board="exampleai", companies={"exampleai": "Example AI"})
    postings = _postings(spider, "lever/exampleai.json")
    assert len(postings) == 3
    _check(postings[source_id], expected)


def test_lever_empty_board_is_complete_not_failed():
    spider = LeverSpider(board="emptyboard")
    assert _postings(spider, "lever/emptyboard.json", "emptyboard") == {}
    assert spider.board_status["emptyboard"].status == "complete"


# -- Ashby -----------------------------------------------------------------------------------------

ASHBY = [
    pytest.param(
        "3f1d7a0e-6a4b-4bb5-9a53-0c2f6f7d9e11",
        {
            "title": "Research Engineer, Post-Training",
            "company": "exampleai",  # Ashby does not name the employer: the board token
            "locations": ["San Francisco", "London"],
            "date_posted": "2026-07-14T17:02:41.118+00:00",
            "workplace": "hybrid",  # isRemote=true, but workplaceType says Hybrid
            "employment_type": "full_time",
            "department": "Research",
            "salary": StructuredSalary(257000.0, 335000.0, "USD", "year", "stated", "$257K – $335K"),
            "description_text": "About the team\nWe run RLHF and evals for frontier models.",
        },
        id="isRemote-true-on-hybrid",
    ),
    pytest.param(
        "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        {
            "workplace": "remote",
            "employment_type": "contract",
            "locations": ["Remote (US)", "Remote (Canada)"],  # secondaryLocations as plain strings
            # Two equity components come first; the Salary component is the pay.
            "salary": StructuredSalary(180000.0, 230000.0, "USD", "year", "stated", "$180K – $230K"),
        },
        id="equity-before-salary",
    ),
    pytest.param(
        "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        {"workplace": None, "employment_type": "part_time", "salary": None, "locations": ["Berlin"]},
        id="both-remote-fields-null",
    ),
]


@pytest.mark.parametrize(("source_id", "expected"), ASHBY)
def test_ashby_listing(source_id, expected):
    spider = AshbySpider(board="exampleai")
    postings = _postings(spider, "ashby/exampleai.json")
    _check(postings[source_id], expected)


def test_ashby_skips_and_counts_unlisted_rows():
    spider = AshbySpider(board="exampleai")
    postings = _postings(spider, "ashby/exampleai.json")
    assert "11111111-2222-4333-8444-555555555555" not in postings
    assert len(postings) == 3
    assert spider.local_stats["ashby/unlisted_skipped"] == 1


# -- JSON-LD ---------------------------------------------------------------------------------------

JSONLD = [
    pytest.param(
        "ml-platform-engineer",
        "https://www.example-ai.com/careers/ml-platform-engineer",
        {
            "title": "Senior ML Platform Engineer",
            "company": "Example AI, Inc.",  # hiringOrganization is an @id ref into @graph
            "url": "https://www.example-ai.com/careers/ml-platform-engineer",
            "locations": ["San Francisco, CA, US"],
            "date_posted": "2026-07-30T09:00:00+00:00",
            "workplace": "remote",  # jobLocationType TELECOMMUTE
            "employment_type": "full_time",
            "seniority_hint": "60 months of experience",
            "description_text": "Build and operate our training and inference platform (Kubernetes, Ray, "
            "PyTorch, MLflow).\n- 5+ years of infrastructure experience",
        },
        id="graph-with-org-ref",
    ),
    pytest.param(
        "annotation-specialist",
        "https://careers.example.org/careers/annotation-specialist#4417",
        {
            "title": "AI Data Annotation Specialist",
            "company": "Labelwise",
            "locations": ["Austin, TX, US"],  # addressCountry as a Country object
            "employment_type": "part_time",  # ["PART_TIME", "CONTRACTOR"]: the first
            "workplace": None,
            # Raw newline and tab inside the JSON string, CDATA guards around the block.
            "description_text": "Label and review model outputs.\nRequirements: fluent English",
        },
        id="cdata-control-chars-type-array",
    ),
    pytest.param(
        "open-roles",
        "https://careers.example.org/careers/open-roles#cv-engineer",
        {
            "title": "Computer Vision Engineer",  # "Title": capitalised keys
            "company": "Nimbus Labs",  # hiringOrganization as a bare string
            "locations": ["Toronto, ON, Canada"],
            "date_posted": "2026-07-21",
            "employment_type": "full_time",
        },
        id="listing-page-capitalised-keys",
    ),
    pytest.param(
        "open-roles",
        "https://careers.example.org/careers/open-roles#analytics-engineer",
        {
            "description_text": "Own our dbt models.",  # double-escaped description
            "locations": ["Nimbus Labs HQ"],
            "employment_type": "contract",
        },
        id="listing-page-double-escaped",
    ),
]


def _jsonld_postings(page: str) -> tuple[JsonLdSpider, dict[str, Posting]]:
    url = f"https://careers.example.org/careers/{page}"
    spider = JsonLdSpider(url=url)
    items = list(spider.parse(_response(url, f"jsonld/{page}.html")))
    return spider, {p.source_id: p for p in items}


@pytest.mark.parametrize(("page", "source_id", "expected"), JSONLD)
def test_jsonld_page(page, source_id, expected):
    _, postings = _jsonld_postings(page)
    _check(postings[source_id], expected)


JSONLD_SALARY = [
    pytest.param(
        "ml-platform-engineer", StructuredSalary(190000.0, 245000.0, "USD", "year"), id="nested-value"
    ),
    pytest.param("annotation-specialist", StructuredSalary(22.0, 28.0, "USD", "hour"), id="outer-unitText"),
    pytest.param(
        "open-roles", StructuredSalary(130000.0, 160000.0, "CAD", "year"), id="legacy-salaryCurrency"
    ),
]


@pytest.mark.parametrize(("page", "expected"), JSONLD_SALARY)
def test_jsonld_salary(page, expected):
    _, postings = _jsonld_postings(page)
    salary = next(iter(postings.values())).salary
    assert (salary.min, salary.max, salary.currency, salary.period, salary.basis) == (
        expected.min,
        expected.max,
        expected.currency,
        expected.period,
        "stated",
    )


def test_jsonld_estimated_salary_is_kept_apart():
    _, postings = _jsonld_postings("open-roles")
    salary = postings["https://careers.example.org/careers/open-roles#analytics-engineer"].salary
    assert (salary.min, salary.max, salary.currency, salary.period, salary.basis) == (
        90000.0,
        110000.0,
        "CAD",
        "year",
        "estimated",
    )


def test_jsonld_listing_page_dedupes_and_counts_broken_block():
    spider, postings = _jsonld_postings("open-roles")
    assert len(postings) == 2  # the repeated cv-engineer block is dropped
    assert spider.local_stats["jsonld/broken_blocks"] == 1  # the missing-comma block


def test_jsonld_page_without_jobposting_yields_nothing():
    spider, postings = _jsonld_postings("about")
    assert postings == {}
    assert spider.local_stats["jsonld/pages_without_jobposting"] == 1


def test_jsonld_sitemap_index_and_urlset():
    spider = JsonLdSpider(sitemap="http://127.0.0.1:9/sitemap.xml")
    index = TextResponse(
        "http://127.0.0.1:9/sitemap.xml",
        body=(FIXTURES / "jsonld/sitemap.xml").read_bytes().replace(b"{{BASE}}", b"http://127.0.0.1:9"),
        request=Request("http://127.0.0.1:9/sitemap.xml"),
    )
    (follow,) = spider.parse_sitemap(index)
    assert follow.url == "http://127.0.0.1:9/sitemap-careers.xml"
    urlset = TextResponse(
        follow.url,
        body=(FIXTURES / "jsonld/sitemap-careers.xml")
        .read_bytes()
        .replace(b"{{BASE}}", b"http://127.0.0.1:9"),
        request=follow,
    )
    pages = [r.url.rsplit("/", 1)[-1] for r in spider.parse_sitemap(urlset)]
    assert pages == ["ml-platform-engineer", "annotation-specialist", "open-roles", "about"]


# -- JSON-LD block traps (structured_data) ---------------------------------------------------------


def _script(body: str) -> str:
    return f'<html><head><script type="application/ld+json">{body}</script></head></html>'


JSONLD_TRAPS = [
    pytest.param(
        '//<![CDATA[\n{"@type": "JobPosting", "title": "A"}\n//]]>', ["A"], id="cdata-line-comments"
    ),
    pytest.param(
        '/*<![CDATA[*/{"@type": "JobPosting", "title": "A"}/*]]>*/', ["A"], id="cdata-block-comments"
    ),
    pytest.param('{"@type": "JobPosting", "title": "A\tB\nC"}', ["A\tB\nC"], id="raw-control-chars"),
    pytest.param('{"@type": "JobPosting", "title": "Pay \\$40"}', ["Pay $40"], id="invalid-escape"),
    pytest.param(
        "{&quot;@type&quot;: &quot;JobPosting&quot;, &quot;title&quot;: &quot;A&quot;}",
        ["A"],
        id="entity-encoded-document",
    ),
    pytest.param(
        '[{"@type": "JobPosting", "title": "A"}, {"@type": "JobPosting", "title": "B"}]',
        ["A", "B"],
        id="array-of-postings",
    ),
    pytest.param('{"@type": ["JobPosting", "Thing"], "title": "A"}', ["A"], id="type-array"),
    pytest.param('{"@type": "schema:JobPosting", "title": "A"}', ["A"], id="prefixed-type"),
    pytest.param(
        '{"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "item": '
        '{"@type": "JobPosting", "title": "A"}}]}',
        ["A"],
        id="item-list",
    ),
    pytest.param('{"@type": "JobPosting", "title": "A" "datePosted": "2026-01-01"}', [], id="missing-comma"),
]


@pytest.mark.parametrize(("block", "titles"), JSONLD_TRAPS)
def test_jsonld_block_traps(block, titles):
    found = job_postings(extract_jsonld(_script(block)).items)
    assert [p["title"] for p in found] == titles


def test_jsonld_graph_resolves_organization_reference():
    html = (FIXTURES / "jsonld/ml-platform-engineer.html").read_text()
    (node,) = job_postings(extract_jsonld(html).items)
    assert node["hiringOrganization"]["name"] == "Example AI, Inc."


# -- shared field mapping --------------------------------------------------------------------------

EMPLOYMENT = [
    ("FullTime", "full_time"),
    ("Full-time", "full_time"),
    ("FULL_TIME", "full_time"),
    ("full_time", "full_time"),
    ("Regular Full Time (Salary)", "full_time"),
    ("Permanent", "full_time"),
    ("PartTime", "part_time"),
    ("Part-time", "part_time"),
    ("CONTRACTOR", "contract"),
    ("Contract", "contract"),
    ("Temporary", "temporary"),
    ("Fixed Term", "temporary"),
    ("Intern", "intern"),
    ("INTERN", "intern"),
    ("Internship", "intern"),
    ("VOLUNTEER", "volunteer"),
    ("PER_DIEM", "other"),
    ("OTHER", "other"),
    (["FULL_TIME", "CONTRACTOR"], "full_time"),
    (["", "INTERN"], "intern"),
    ("", None),
    (None, None),
    ("Flexible", None),
]


@pytest.mark.parametrize(("raw", "expected"), EMPLOYMENT)
def test_employment_type(raw, expected):
    assert normalize_employment_type(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("remote", "remote"), ("hybrid", "hybrid"), ("on-site", "onsite"), ("unspecified", None), (None, None)],
)
def test_lever_workplace(raw, expected):
    assert workplace_from_lever(raw) == expected


@pytest.mark.parametrize(
    ("workplace_type", "is_remote", "expected"),
    [
        ("Hybrid", True, "hybrid"),
        ("Remote", True, "remote"),
        ("OnSite", False, "onsite"),
        (None, None, None),
        (None, True, "remote"),
        (None, False, None),
    ],
)
def test_ashby_workplace(workplace_type, is_remote, expected):
    assert workplace_from_ashby(workplace_type, is_remote) == expected


HTML_TO_TEXT = [
    ("<h2>About</h2><p>We  build&nbsp;LLMs.</p>", "About\nWe build LLMs."),
    ("<li>3+ years with PyTorch</li><li>Kubernetes</li>", "- 3+ years with PyTorch\n- Kubernetes"),
    ("<ul><li><p>nested</p></li></ul>", "- nested"),
    ("<div>one<br>two</div><style>p{}</style><script>x()</script>", "one\ntwo"),
    ("<p>a\n   b</p><!-- hidden -->", "a b"),
    ("<table><tr><td>Salary</td><td>$120k</td></tr></table>", "Salary | $120k"),
    ("", ""),
]


@pytest.mark.parametrize(("html", "text"), HTML_TO_TEXT)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


# -- base URL and board failures -------------------------------------------------------------------

BASE_URLS = [
    (
        GreenhouseSpider,
        {"base_url": "http://127.0.0.1:8123"},
        {},
        "http://127.0.0.1:8123/v1/boards/acme/jobs?content=true",
    ),
    (
        LeverSpider,
        {"base_url": "http://127.0.0.1:8123/"},
        {},
        "http://127.0.0.1:8123/v0/postings/acme?mode=json",
    ),
    (
        AshbySpider,
        {},
        {"JOBINTEL_BASE_URL_ASHBY": "http://localhost:9"},
        "http://localhost:9/posting-api/job-board/acme?includeCompensation=true",
    ),
    (
        LeverSpider,
        {},
        {"JOBINTEL_BASE_URL": "http://mirror.test"},
        "http://mirror.test/v0/postings/acme?mode=json",
    ),
    (
        LeverSpider,
        {"base_url": "http://arg.test"},
        {"JOBINTEL_BASE_URL_LEVER": "http://setting.test"},
        "http://arg.test/v0/postings/acme?mode=json",
    ),
    (GreenhouseSpider, {}, {}, "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"),
    (LeverSpider, {}, {}, "https://api.lever.co/v0/postings/acme?mode=json"),
    (AshbySpider, {}, {}, "https://api.ashbyhq.com/posting-api/job-board/acme?includeCompensation=true"),
]


@pytest.mark.parametrize(("cls", "kwargs", "settings", "url"), BASE_URLS)
def test_base_url_replaces_scheme_and_host_only(cls, kwargs, settings, url):
    spider = cls(board="acme", **kwargs)
    spider.settings = Settings(settings)
    assert spider.listing_url("acme") == url


def test_bad_base_url_and_missing_board_are_config_errors():
    with pytest.raises(ConfigError, match="base URL"):
        GreenhouseSpider(board="acme", base_url="ftp://x").listing_url("acme")
    with pytest.raises(ConfigError, match="at least one board"):
        LeverSpider()


def test_listing_404_marks_board_failed_and_others_continue():
    spider = GreenhouseSpider(board="missing,exampleai")
    request = Request(spider.listing_url("missing"), meta={"jobintel_board": "missing"})
    failure = Failure(HttpError(TextResponse(request.url, status=404, body=b"{}", request=request)))
    failure.request = request
    spider.listing_failed(failure)
    _postings(spider, "greenhouse/exampleai.json")
    assert {b: s.status for b, s in spider.board_status.items()} == {
        "missing": "failed",
        "exampleai": "complete",
    }
    assert spider.board_status["missing"].reason == "HTTP 404"


def test_invalid_json_marks_board_failed():
    spider = LeverSpider(board="exampleai")
    resp = TextResponse(
        spider.listing_url("exampleai"),
        body=b"<html>",
        encoding="utf-8",
        request=Request(spider.listing_url("exampleai")),
    )
    assert list(spider.parse(resp)) == []
    assert (spider.board_status["exampleai"].status, spider.board_status["exampleai"].reason) == (
        "failed",
        "invalid JSON",
    )


def test_registry_names_match_modules():
    assert {"greenhouse", "lever", "ashby", "jsonld"} <= set(SPIDERS)
    for name, cls in SPIDERS.items():
        assert cls.__module__ == f"jobintel.spiders.{name}"
        assert cls.name == name


# -- store pipeline validation ---------------------------------------------------------------------


class _Stats:
    def __init__(self):
        self.values: Counter[str] = Counter()
        self.set: dict[str, Any] = {}

    def inc_value(self, key, count=1):
        self.values[key] += count

    def set_value(self, key, value):
        self.set[key] = value


def _pipeline(tmp_path, spider) -> StorePipeline:
    crawler = SimpleNamespace(
        settings=Settings({"JOBINTEL_DB": str(tmp_path / "t.db"), "JOBINTEL_BATCH_SIZE": 2}),
        stats=_Stats(),
        spider=spider,
        signals=SignalManager(),
    )
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


DROPS = [
    pytest.param({"title": "  "}, "missing title", id="blank-title"),
    pytest.param({"url": ""}, "missing url", id="no-url"),
    pytest.param({"company": ""}, "missing company", id="no-company"),
    pytest.param({"workplace": "office"}, "invalid workplace", id="bad-workplace"),
]


@pytest.mark.parametrize(("change", "reason"), DROPS)
def test_pipeline_drops_invalid_items_with_counted_reason(tmp_path, change, reason):
    spider = LeverSpider(board="acme")
    pipeline = _pipeline(tmp_path, spider)
    fields = {"source": "lever", "source_id": "1", "url": "u", "title": "t", "company": "c", "board": "acme"}
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(Posting(**{**fields, **change}))
    assert pipeline.stats.values[f"jobintel/dropped/{reason.replace(' ', '_')}"] == 1
    pipeline.close_spider()


def test_pipeline_batches_and_records_runs(tmp_path):
    spider = LeverSpider(board="exampleai")
    pipeline = _pipeline(tmp_path, spider)
    for posting in _postings(spider, "lever/exampleai.json").values():
        pipeline.process_item(posting)
    assert pipeline.stats.values["jobintel/postings/new"] == 2  # one batch of 2 flushed, 1 buffered
    pipeline.close_spider()
    assert pipeline.stats.values["jobintel/postings/new"] == 3
    (result,) = pipeline.stats.set["jobintel/board_results"]
    assert (result["board"], result["status"], result["new"]) == ("exampleai", "complete", 3)
