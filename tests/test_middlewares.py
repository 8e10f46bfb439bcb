"""Unit tests for the politeness, safety and data-quality components, without a crawl.

End-to-end behaviour (robots.txt over HTTP, backoff timing, faults) is in test_crawl_faults.py; these
pin the rules themselves, with Scrapy's ``get_crawler`` where a component needs a crawler.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from jobintel.models import Posting
from jobintel.spiders.greenhouse import GreenhouseSpider
from jobintel.spiders.jsonld import JsonLdSpider
from jobintel.spiders.middlewares.backoff import backoff_delay, parse_retry_after
from jobintel.spiders.middlewares.cache import CredentialFreeCacheStorage
from jobintel.spiders.middlewares.circuit import MESSAGES_STAT, CircuitBreakerMiddleware, CircuitOpen
from jobintel.spiders.middlewares.encoding import EncodingRepairMiddleware, repair_label
from jobintel.spiders.middlewares.limits import fault_kind
from jobintel.spiders.middlewares.offsite import seed_domains
from jobintel.spiders.middlewares.problems import crawl_problems
from jobintel.spiders.middlewares.safety import (
    PrivateAddressMiddleware,
    _permitted,
    allowed_networks,
    non_global_reason,
)
from jobintel.spiders.runner import BoardResult, CrawlSummary
from jobintel.spiders.sanitize import SanitizePipeline, sanitize_html
from jobintel.spiders.settings import build_settings
from jobintel.spiders.structured_data import extract_jsonld, job_postings

# -- settings: safety switches ------------------------------------------------------------------------


def test_polite_and_safe_defaults():
    s = build_settings()
    assert s.getdict("DOWNLOAD_HANDLERS") == {"file": None, "data": None, "ftp": None, "s3": None}
    assert (s.getbool("TELNETCONSOLE_ENABLED"), s.getbool("COOKIES_ENABLED")) == (False, False)
    assert (s.getbool("AUTOTHROTTLE_ENABLED"), s.getbool("ROBOTSTXT_OBEY")) == (True, True)
    assert (s.getint("REDIRECT_MAX_TIMES"), s.getint("DOWNLOAD_TIMEOUT")) == (5, 30)
    assert s.getint("DOWNLOAD_MAXSIZE") == 32 * 1024 * 1024
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert s.getdict("DOWNLOAD_SLOTS")["boards-api.greenhouse.io"] == {"concurrency": 2}
    assert s.getbool("JOBINTEL_ALLOW_PRIVATE_ADDRESSES") is False
    mws = s.getdict("DOWNLOADER_MIDDLEWARES")
    for replaced in ("robotstxt.RobotsTxtMiddleware", "retry.RetryMiddleware", "httpauth.HttpAuthMiddleware"):
        assert mws["scrapy.downloadermiddlewares." + replaced] is None
    assert mws["jobintel.spiders.middlewares.safety.PrivateAddressMiddleware"] == 40


def test_component_overrides_merge_and_http_cache_dir_is_absolute():
    s = build_settings({"DOWNLOADER_MIDDLEWARES": {"x.Y": 1}, "HTTPCACHE_ENABLED": True})
    mws = s.getdict("DOWNLOADER_MIDDLEWARES")
    assert mws["x.Y"] == 1 and "jobintel.spiders.middlewares.robots.Rfc9309RobotsTxtMiddleware" in mws
    assert s["HTTPCACHE_DIR"] == str(Path.cwd() / ".jobintel-httpcache")


# -- safety ---------------------------------------------------------------------------------------------

ADDRESSES = [
    # (address, reason): loopback, RFC 1918, link-local (cloud metadata), reserved and mapped forms.
    ("127.0.0.1", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"),
    ("fe80::1%eth0", "link-local"),
    ("::ffff:10.0.0.1", "private"),
    ("0.0.0.0", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("100.64.0.1", "reserved"),  # carrier-grade NAT: neither private nor global
    ("240.0.0.1", "reserved"),
    ("93.184.216.34", None),
    ("2606:2800:220:1:248:1893:25c8:1946", None),
]


@pytest.mark.parametrize(("address", "reason"), ADDRESSES)
def test_non_global_reason(address, reason):
    assert non_global_reason(address) == reason


def test_allow_setting_forms():
    assert allowed_networks(True) is True and allowed_networks("false") is False
    loopback = allowed_networks(["127.0.0.0/8"])
    assert _permitted("127.0.0.1", loopback) and not _permitted("10.0.0.1", loopback)


def test_redirect_to_file_url_is_refused_and_counted():
    crawler = get_crawler(settings_dict={"JOBINTEL_ALLOW_PRIVATE_ADDRESSES": True})
    crawler.stats.open_spider()
    mw = PrivateAddressMiddleware.from_crawler(crawler)
    request = Request("https://careers.example.com/jobs/1")
    response = Response(request.url, status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(IgnoreRequest, match="refused redirect to file: URL"):
        mw.process_response(request, response)
    ok = Response(request.url, status=302, headers={"Location": "/jobs/2"})
    assert mw.process_response(request, ok) is ok
    assert crawler.stats.get_value("jobintel/safety/refused_scheme") == 1


def test_offsite_domains_come_from_the_seeds():
    assert seed_domains(GreenhouseSpider(board="acme")) == ["boards-api.greenhouse.io"]
    assert seed_domains(GreenhouseSpider(board="acme", base_url="http://127.0.0.1:8123")) == ["127.0.0.1"]
    spider = JsonLdSpider(url="https://www.example.com/jobs/1", sitemap="https://careers.acme.io/sitemap.xml")
    assert seed_domains(spider) == ["example.com", "careers.acme.io"]


def test_http_cache_never_writes_credentials(tmp_path):
    crawler = get_crawler(JsonLdSpider, settings_dict={"HTTPCACHE_DIR": str(tmp_path)})
    spider = JsonLdSpider.from_crawler(crawler, url="https://example.com/")
    storage = CredentialFreeCacheStorage(crawler.settings)
    storage.open_spider(spider)
    request = Request(
        "https://example.com/jobs", headers={"Authorization": "Bearer s3cret", "Cookie": "sid=1"}
    )
    response = Response(request.url, headers={"Set-Cookie": "sid=2", "Content-Type": "text/html"}, body=b"ok")
    storage.store_response(spider, request, response)
    written = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert b"s3cret" not in written and b"sid=" not in written and b"text/html" in written


# -- backoff and circuit breaker --------------------------------------------------------------------------

RETRY_AFTER = [
    ("120", 120.0),
    (" 0 ", 0.0),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 10.0),  # 10 s after "now" below
    ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # in the past: no wait
    ("soon", None),
    ("-5", None),
    ("", None),
]


@pytest.mark.parametrize(("header", "seconds"), RETRY_AFTER)
def test_parse_retry_after(header, seconds):
    assert parse_retry_after(header, now=1445412470.0) == seconds


def test_backoff_doubles_is_capped_and_jittered():
    full = [backoff_delay(n, base=2.0, cap=120.0, rand=lambda: 1.0) for n in range(8)]
    assert full == [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 120.0, 120.0]
    assert backoff_delay(3, base=2.0, cap=120.0, rand=lambda: 0.0) == 8.0  # never below half


def test_circuit_opens_after_five_consecutive_429_and_resets_on_success():
    crawler = get_crawler(GreenhouseSpider)
    crawler.spider = GreenhouseSpider(board="acme")
    crawler.stats.open_spider()
    mw = CircuitBreakerMiddleware.from_crawler(crawler)
    request = Request("https://boards-api.greenhouse.io/v1/boards/acme/jobs", meta={"jobintel_board": "acme"})
    for _ in range(4):
        mw.process_response(request, Response(request.url, status=429))
    mw.process_response(request, Response(request.url, status=200))  # resets the streak
    for _ in range(4):
        mw.process_response(request, Response(request.url, status=403))
    with pytest.raises(CircuitOpen, match="stopped: 5 consecutive 403 responses"):
        mw.process_response(request, Response(request.url, status=403))
    with pytest.raises(CircuitOpen):
        mw.process_request(Request("https://boards-api.greenhouse.io/v1/boards/beta/jobs"))
    assert mw.process_request(Request("https://api.lever.co/v0/postings/acme")) is None
    assert crawler.stats.get_value(MESSAGES_STAT) == [
        "stopping greenhouse/acme: 5 consecutive 403 responses from boards-api.greenhouse.io"
    ]


# -- transport faults -------------------------------------------------------------------------------------


def test_fault_kinds():
    from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, ResponseDataLossError
    from twisted.internet.error import ConnectionDone

    assert [fault_kind(e) for e in (DownloadTimeoutError(), ResponseDataLossError(), ConnectionDone())] == [
        "timeout",
        "truncated",
        "connection_lost",
    ]
    assert fault_kind(DownloadCancelledError()) == "oversize"


def test_scrapy_caps_decompressed_size():
    """The gzip-bomb defence is Scrapy's: DOWNLOAD_MAXSIZE applies to the inflated body (2.11.1+)."""
    from jobintel.spiders.middlewares.limits import CountingHttpCompressionMiddleware

    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 10_000})
    crawler.stats.open_spider()
    mw = CountingHttpCompressionMiddleware.from_crawler(crawler)
    bomb = gzip.compress(b"\0" * 1_000_000)
    response = Response("https://x/", headers={"Content-Encoding": "gzip"}, body=bomb)
    with pytest.raises(IgnoreRequest, match="exceeded DOWNLOAD_MAXSIZE"):
        mw.process_response(Request("https://x/"), response)
    assert crawler.stats.get_value("jobintel/faults/decompression_bomb") == 1


# -- encoding ---------------------------------------------------------------------------------------------


def test_cp1252_labelled_utf8_is_relabelled():
    body = '<meta charset="utf-8"><title>Data Scientist’s Role</title>'.encode("cp1252")
    assert repair_label(body, "utf-8") == "cp1252"
    assert repair_label("It’s".encode(), "utf-8") is None  # valid UTF-8 stays
    assert repair_label(b"\x81\x8d", "utf-8") is None  # neither UTF-8 nor cp1252
    crawler = get_crawler()
    crawler.stats.open_spider()
    mw = EncodingRepairMiddleware.from_crawler(crawler)
    response = HtmlResponse("https://x/", body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    fixed = mw.process_response(Request("https://x/"), response)
    assert "Data Scientist’s Role" in fixed.text
    assert crawler.stats.get_value("jobintel/encoding/cp1252_fallback") == 1


def test_header_beats_meta_and_bom_beats_header():
    doc = '<meta charset="windows-1252"><script type="application/ld+json">'
    doc += '{"@type": "JobPosting", "title": "Café"}</script>'
    utf8 = HtmlResponse("https://x/", body=doc.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    bom = HtmlResponse(
        "https://x/",
        body=b"\xef\xbb\xbf" + doc.encode(),
        headers={"Content-Type": "text/html; charset=latin-1"},
    )
    for response in (utf8, bom):
        blocks = extract_jsonld(response.body, encoding=response.encoding)
        assert [p["title"] for p in job_postings(blocks.items)] == ["Café"]


# -- malformed JSON-LD ------------------------------------------------------------------------------------

JSONLD = [
    # (block, titles, repaired, broken)
    ('{"@type": "JobPosting", "title": "Plain"}', ["Plain"], 0, 0),
    ('{"@type": "JobPosting", "title": "Trailing", "x": [1, 2,],}', ["Trailing"], 1, 0),
    ('{"@type": "JobPosting", "title": "A"}{"@type": "JobPosting", "title": "B"}', ["A", "B"], 1, 0),
    ('{"@type": "JobPosting", "title": "C"}\n{"@type": "JobPosting", "title": "D"}', ["C", "D"], 1, 0),
    ('{"@type": "JobPosting", "title": "Tab\there\x01"}', ["Tab\there\x01"], 0, 0),  # control chars: kept
    ('{"@type": "JobPosting", "title": ', [], 0, 1),
]


@pytest.mark.parametrize(("block", "titles", "repaired", "broken"), JSONLD)
def test_malformed_jsonld(block, titles, repaired, broken):
    blocks = extract_jsonld(f'<script type="application/ld+json">{block}</script>')
    assert [p["title"] for p in job_postings(blocks.items)] == titles
    assert (blocks.repaired, blocks.broken) == (repaired, broken)


# -- sanitizing -------------------------------------------------------------------------------------------

INJECTION = [
    ("<p>Hi</p><script>alert(1)</script>", "<p>Hi</p>"),
    ("<style>p{}</style><p>Hi</p>", "<p>Hi</p>"),
    ('<iframe src="https://evil.example"></iframe>ok', "ok"),
    ('<img src=x onerror="alert(1)">ok', "ok"),
    ('<p onclick="steal()" style="x" class="c">Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="JaVa&#x09;ScRipt:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html,&lt;script&gt;">x</a>', "<a>x</a>"),
    (
        '<a href="https://jobs.example.com/1">x</a>',
        '<a href="https://jobs.example.com/1" rel="nofollow noopener noreferrer">x</a>',
    ),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),  # text stays text
    ("<svg><script>alert(1)</script></svg><b>ok</b>", "<b>ok</b>"),
    ("<!--[if IE]><script>x()</script><![endif]--><ul><li>Python</li></ul>", "<ul><li>Python</li></ul>"),
    # Unknown inline tags are unwrapped; unknown block tags become <div>, so lines stay apart.
    ("<font color=red><section>Kept text</section></font>", "<div>Kept text</div>"),
]


@pytest.mark.parametrize(("html", "clean"), INJECTION)
def test_sanitize_html(html, clean):
    assert sanitize_html(html) == clean


def test_sanitize_pipeline_cleans_every_posting():
    crawler = get_crawler()
    crawler.stats.open_spider()
    pipeline = SanitizePipeline.from_crawler(crawler)
    posting = Posting(
        source="lever",
        source_id="1",
        url="https://x/1",
        title="ML\x01 Engineer \ufffd",
        company="Acme",
        description_html="<p>Build.</p><script>alert('x')</script>",
        description_text="Build.",
    )
    out = pipeline.process_item(posting)
    assert (out.title, out.description_html, out.description_text) == (
        "ML Engineer",
        "<p>Build.</p>",
        "Build.",
    )
    stats = crawler.stats.get_stats()
    assert stats["jobintel/sanitize/unsafe_postings"] == 1
    assert stats["jobintel/encoding/replaced_in_title"] == 1
    assert stats["jobintel/sanitize/control_chars"] == 1


# -- the summary shows the problems -----------------------------------------------------------------------


def test_summary_lists_problems_and_stopped_hosts():
    problems = crawl_problems(
        {
            "jobintel/robots/forbidden": 2,
            "jobintel/faults/oversize": 1,
            "jobintel/faults/decompression_bomb": 1,
            "jobintel/safety/refused_private": 1,
            "item_scraped_count": 10,
        }
    )
    summary = CrawlSummary(
        pages_fetched=3,
        postings_new=2,
        boards=[BoardResult("lever", "acme", "failed", reason="stopped: 5 consecutive 429 responses")],
        problems=problems,
        stopped=["stopping lever/acme: 5 consecutive 429 responses from api.lever.co"],
    )
    assert summary.render().splitlines()[-3:] == [
        "  lever/acme  failed    stopped: 5 consecutive 429 responses",
        "Problems: robots.txt blocked 2, private address refused 1, oversize bodies 2",
        "  stopping lever/acme: 5 consecutive 429 responses from api.lever.co",
    ]
