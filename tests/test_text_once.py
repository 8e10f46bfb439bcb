"""One BeautifulSoup parse per description: ``clean_description`` gives the stored HTML and its text.

Tables of real-world description snippets, grouped by where they come from, each with the exact
stored (safe) HTML and text. The stored HTML is the input itself when nothing had to be removed
(byte-stable for change detection), else the sanitized markup. Then the pipeline hand-off: spiders
set the HTML, ``SanitizePipeline`` renders the text, keeps a spider's plain-text twin only as a
fallback, and parses each description exactly once.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy import Request
from scrapy.http import TextResponse

import jobintel.spiders.sanitize as sanitize_module
from jobintel.models import Posting
from jobintel.spiders import AshbySpider, GreenhouseSpider, LeverSpider, WorkableSpider
from jobintel.spiders.ashby import posting_from_ashby
from jobintel.spiders.greenhouse import posting_from_greenhouse
from jobintel.spiders.sanitize import SanitizePipeline, clean_description, html_to_text, sanitize_report

FIXTURES = Path(__file__).parent / "fixtures"
SAME = None  # stored HTML is the input, byte for byte

DESCRIPTIONS = [
    # -- Greenhouse (``content``, after html.unescape) --------------------------------------------
    pytest.param(
        '<div class="content-intro"><p><strong>About Example AI</strong></p></div><h2>About the role</h2>'
        "<p>You will build&nbsp;the serving stack.</p>"
        '<div class="content-pay-transparency"><div class="title">Annual Salary</div>'
        '<div class="pay-range"><span>$245,000</span><span class="divider">&mdash;</span>'
        "<span>$320,000 USD</span></div></div>",
        "<div><p><strong>About Example AI</strong></p></div><h2>About the role</h2>"
        "<p>You will build\xa0the serving stack.</p><div><div>Annual Salary</div>"
        "<div><span>$245,000</span><span>—</span><span>$320,000 USD</span></div></div>",
        "About Example AI\nAbout the role\nYou will build the serving stack.\nAnnual Salary\n"
        "$245,000—$320,000 USD",
        id="greenhouse-pay-transparency-divs",
    ),
    pytest.param(
        "<p>What you'll do</p>\n<ul>\n<li>Run Kubeflow &amp; MLflow</li>\n<li>Own CI/CD</li>\n</ul>"
        "<script>track()</script>",
        "<p>What you'll do</p>\n<ul>\n<li>Run Kubeflow &amp; MLflow</li>\n<li>Own CI/CD</li>\n</ul>",
        "What you'll do\n- Run Kubeflow & MLflow\n- Own CI/CD",
        id="greenhouse-list-and-script",
    ),
    # -- Lever (a <div> per line, <br> spacers, bare <li> lists) ---------------------------------
    pytest.param(
        "<div><b>About us</b></div><div>We train models.<br></div><div><br></div><div>Join us.</div>",
        SAME,
        "About us\nWe train models.\nJoin us.",
        id="lever-div-per-line",
    ),
    pytest.param(
        "<li>5+ years in ML infrastructure</li><li>Python, Terraform</li>",
        SAME,
        "- 5+ years in ML infrastructure\n- Python, Terraform",
        id="lever-bare-li",
    ),
    pytest.param(
        "<div><div><div>a</div><div>b</div></div>c</div>",
        SAME,
        "a\nb\nc",
        id="nested-divs",
    ),
    # -- Ashby, Workable, SmartRecruiters (editor markup) -----------------------------------------
    pytest.param(
        '<h3>About the team</h3><p style="min-height:1.5em">We run RLHF.</p><p style="min-height:1.5em"></p>',
        "<h3>About the team</h3><p>We run RLHF.</p><p></p>",
        "About the team\nWe run RLHF.",
        id="ashby-style-attributes",
    ),
    pytest.param(
        '<p><span style="font-size: 11pt;">Requirements:</span></p>'
        "<ul><li><p><span>PyTorch</span></p></li><li><p>Kubernetes</p></li></ul>",
        "<p><span>Requirements:</span></p><ul><li><p><span>PyTorch</span></p></li><li><p>Kubernetes</p></li></ul>",
        "Requirements:\n- PyTorch\n- Kubernetes",
        id="workable-paragraphs-in-list-items",
    ),
    pytest.param(
        "<h2>Benefits</h2>\n\n<ul>\n  <li>\n    Health\n    insurance\n  </li>\n</ul>",
        SAME,
        "Benefits\n- Health insurance",
        id="source-newlines-are-spaces",
    ),
    pytest.param(
        "<p>Line one<br/>Line two<br><br>Line three</p>",
        SAME,
        "Line one\nLine two\nLine three",
        id="br-breaks-lines",
    ),
    # -- RemoteOK, Remotive, career sites (tracking pixels, embeds, page sections) ---------------
    pytest.param(
        '<p><img src="https://remoteok.com/pixel.png" onerror="x()">Apply now</p><p>Salary: $120k&ndash;$150k</p>',
        "<p>Apply now</p><p>Salary: $120k–$150k</p>",
        "Apply now\nSalary: $120k–$150k",
        id="remoteok-tracking-pixel",
    ),
    pytest.param(
        "<section><h2>Who we are</h2><p>Remote-first.</p></section><section><h2>Stack</h2><p>Go, Rust</p>"
        '</section><iframe src="https://youtube.com/x"></iframe>',
        "<div><h2>Who we are</h2><p>Remote-first.</p></div><div><h2>Stack</h2><p>Go, Rust</p></div>",
        "Who we are\nRemote-first.\nStack\nGo, Rust",
        id="remotive-sections-and-embed",
    ),
    pytest.param(
        "<style>.a{color:red}</style><noscript>Enable JS</noscript><p>Body</p><template><p>tpl</p></template>",
        "<p>Body</p>",
        "Body",
        id="style-noscript-template-removed",
    ),
    pytest.param(
        '<form action="/apply"><label>Name</label><input name=n><select><option>US</option></select>'
        "<button>Send</button></form><p>After form</p>",
        "<p>After form</p>",
        "After form",
        id="application-form-removed",
    ),
    pytest.param(
        '<ol start="3" type="a"><li>Third</li></ol><a href="https://x.example/apply" target="_blank">Apply</a>'
        ' <a href="javascript:alert(1)">bad</a>',
        '<ol start="3"><li>Third</li></ol>'
        '<a href="https://x.example/apply" rel="nofollow noopener noreferrer">Apply</a> <a>bad</a>',
        "- Third\nApply bad",
        id="links-and-list-start",
    ),
    # -- Tables and other blocks -------------------------------------------------------------------
    pytest.param(
        "<table><thead><tr><th>Level</th><th>Salary</th></tr></thead><tbody><tr><td>L4</td><td>$150k</td>"
        '</tr><tr><td class="x">L5</td><td>$190k</td></tr></tbody></table>',
        "<table><thead><tr><th>Level</th><th>Salary</th></tr></thead><tbody><tr><td>L4</td><td>$150k</td>"
        "</tr><tr><td>L5</td><td>$190k</td></tr></tbody></table>",
        "Level | Salary\nL4 | $150k\nL5 | $190k",
        id="salary-table",
    ),
    pytest.param(
        "<table><tr><th></th><th>Remote</th></tr><tr><td>&nbsp;</td><td>Yes</td></tr></table>",
        SAME,
        "Remote\nYes",  # an empty first cell starts no line with "|" (found by the round-trip property)
        id="empty-leading-cell",
    ),
    pytest.param(
        "<blockquote>Quote</blockquote><pre>code  block</pre><hr><dl><dt>Term</dt><dd>Def</dd></dl>",
        SAME,
        "Quote\ncode block\nTerm\nDef",
        id="quote-pre-definition-list",
    ),
    pytest.param(
        "<span>Senior</span> <span>ML</span><span>Ops</span>",
        SAME,
        "Senior MLOps",
        id="inline-spans-do-not-separate",
    ),
    # -- Entities and whitespace --------------------------------------------------------------------
    pytest.param(
        "<p>Tom &amp; Jerry&#39;s &lt;b&gt;bold&lt;/b&gt; &copy; 2026</p>",
        SAME,
        "Tom & Jerry's <b>bold</b> © 2026",
        id="entities-and-escaped-markup-stay-text",
    ),
    pytest.param(
        "<p>caf\u00e9 \u2013 na\u00efve\u200b zero\u00a0width</p>",
        SAME,
        "café – naïve zero width",
        id="exotic-spaces",
    ),
    # -- Unknown tags ---------------------------------------------------------------------------------
    pytest.param(
        '<font face="Arial">Senior <x-highlight>ML</x-highlight> Engineer</font>',
        "Senior ML Engineer",
        "Senior ML Engineer",
        id="unknown-inline-unwrapped",
    ),
    pytest.param(
        "<main><nav>Menu</nav><header>Head</header><footer>Foot</footer></main>",
        SAME,  # nothing removed: harmless attribute-less tags are stored as given
        "Menu\nHead\nFoot",
        id="unknown-blocks-nothing-removed",
    ),
    # -- Plain text and Markdown in the HTML field (JSON-LD, HN) ------------------------------------
    pytest.param(
        "Requirements:\n- Python &amp; SQL\n\n- Airflow",
        SAME,
        "Requirements:\n- Python & SQL\n- Airflow",
        id="plain-text-keeps-lines",
    ),
    pytest.param(
        "## About\nWe  build.\r\n\r\n* Python",
        SAME,
        "## About\nWe build.\n* Python",
        id="markdown-keeps-lines",
    ),
    pytest.param(
        "Northwind Robotics | Toronto | northwindrobotics.ai&#x2F;jobs",
        SAME,
        "Northwind Robotics | Toronto | northwindrobotics.ai/jobs",
        id="hn-one-line",
    ),
    pytest.param("3 < 5 engineers", SAME, "3 < 5 engineers", id="less-than-is-not-a-tag"),
    # -- Bugs caught by the one-pass rewrite ----------------------------------------------------------
    pytest.param(
        "<article>a</article><article>b</article><img src=x>",
        "<div>a</div><div>b</div>",
        "a\nb",  # was "ab": the sanitizer unwrapped the blocks, then the text was re-derived
        id="unwrapped-blocks-glued-words",
    ),
    pytest.param(
        '<x-y onmouseover="alert(1)">Hi</x-y>',
        "Hi",  # was stored as given: attributes of unknown tags were never looked at
        "Hi",
        id="handler-on-unknown-tag",
    ),
    pytest.param(
        '<section class="intro">Intro</section>',
        "<div>Intro</div>",
        "Intro",
        id="attributes-on-unknown-block",
    ),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=https://evil.example"><p>Hi</p>',
        "<p>Hi</p>",  # was stored as given: lxml hid the <meta> in a <head> the sanitizer never saw
        "Hi",
        id="meta-refresh-before-content",
    ),
    pytest.param(
        "<p>x</p><body onload=alert(1)>",
        "<p>x</p>",  # was stored as given: lxml drops a late <body>'s attributes, browsers merge them
        "x",
        id="late-body-tag",
    ),
    pytest.param(
        '<html><head><title>Job</title></head><body class="page"><p>Hi</p></body></html>',
        "<p>Hi</p>",
        "Hi",
        id="whole-page",
    ),
    pytest.param(
        "<p>a</p></body></html><p>after</p>",
        "<p>a</p><p>after</p>",  # lxml puts "after" in a second <html>, outside <body>
        "a\nafter",
        id="content-after-closing-html",
    ),
    pytest.param(
        "<!doctype html><p>Body</p>",
        SAME,
        "Body",  # was "html\nBody": the doctype rendered as text
        id="doctype-is-not-text",
    ),
    pytest.param(
        "<!-- tracking --><p>Visible</p><!--[if IE]><p>IE only</p><![endif]-->",
        SAME,
        "Visible",
        id="comments",
    ),
    pytest.param("", "", "", id="empty"),
    pytest.param("  \n ", SAME, "", id="whitespace-only"),
]


@pytest.mark.parametrize(("source", "safe", "text"), DESCRIPTIONS)
def test_clean_description(source, safe, text):
    result = clean_description(source)
    assert (result.html, result.text) == (source if safe is SAME else safe, text)


@pytest.mark.parametrize(("source", "safe", "text"), DESCRIPTIONS)
def test_html_to_text_is_the_stored_text(source, safe, text):
    assert html_to_text(source) == text


@pytest.mark.parametrize(("source", "safe", "text"), DESCRIPTIONS)
def test_cleaning_stored_html_again_changes_nothing(source, safe, text):
    stored = clean_description(source)
    again = clean_description(stored.html)
    assert (again.html, again.text, again.changed) == (stored.html, stored.text, False)


def test_sanitize_report_always_reserializes():
    assert sanitize_report("<p>a<br>b</p>").html == "<p>a<br/>b</p>"
    assert clean_description("<p>a<br>b</p>").html == "<p>a<br>b</p>"


_FRAGMENTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<section>",
        "</section>",
        "<ul><li>",
        "</li><li>",
        "</li></ul>",
        "<br>",
        "<table><tr><td>",
        "</td><td>",
        "</td></tr></table>",
        "<b>",
        "</b>",
        "<font>",
        "</font>",
        "<script>x()</script>",
        "<img src=x>",
        '<span class="c">',
        "</span>",
        "<!-- c -->",
        "&amp;",
        "&nbsp;",
        " ",
        "\n",
        "Python",
        "SQL",
        "- ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=14).map("".join))
def test_one_pass_text_equals_html_to_text_and_is_stable(source):
    stored = clean_description(source)
    assert stored.text == html_to_text(source)
    assert clean_description(stored.html).text == stored.text


# -- the pipeline hand-off -----------------------------------------------------------------------------


def _pipeline() -> tuple[SanitizePipeline, dict[str, int]]:
    counts: dict[str, int] = {}

    def inc_value(key: str, count: int = 1) -> None:
        counts[key] = counts.get(key, 0) + count

    return SanitizePipeline(SimpleNamespace(stats=SimpleNamespace(inc_value=inc_value))), counts


def _stored(posting: Posting) -> Posting:
    pipeline, _ = _pipeline()
    return pipeline.process_item(dataclasses.replace(posting))


def test_greenhouse_escaped_content_is_unescaped_once_and_rendered_by_the_pipeline():
    content = "<h2>About</h2><p>Kubeflow &amp; MLflow</p><script>x()</script>"
    job = {"id": 1, "title": "MLOps", "absolute_url": "https://x/1", "content": html.escape(content)}
    mapped = posting_from_greenhouse(job, board="acme", company="Acme")
    assert (mapped.description_html, mapped.description_text) == (content, "")
    stored = _stored(mapped)
    assert (stored.description_html, stored.description_text) == (
        "<h2>About</h2><p>Kubeflow &amp; MLflow</p>",
        "About\nKubeflow & MLflow",
    )


ASHBY_TWINS = [
    pytest.param(
        "<h3>About the team</h3><p>We run RLHF.</p>",
        "ABOUT THE TEAM\n\nWe run RLHF.",
        "About the team\nWe run RLHF.",
        id="html-wins",
    ),
    pytest.param("", "ABOUT THE TEAM\n\nWe run RLHF.", "ABOUT THE TEAM\n\nWe run RLHF.", id="no-html"),
    # The old pipeline re-derived "" from the sanitized HTML and lost the plain twin.
    pytest.param('<img src="banner.png">', "We run RLHF.", "We run RLHF.", id="html-without-text"),
    pytest.param("", "", "", id="neither"),
]


@pytest.mark.parametrize(("description_html", "plain", "text"), ASHBY_TWINS)
def test_plain_text_twin_is_only_a_fallback(description_html, plain, text):
    job = {"id": "a1", "title": "ML", "jobUrl": "https://x/a1", "descriptionHtml": description_html}
    mapped = posting_from_ashby({**job, "descriptionPlain": plain}, board="acme", company="Acme")
    assert _stored(mapped).description_text == text


def test_pipeline_counts_unsafe_and_control_characters():
    pipeline, counts = _pipeline()
    posting = Posting(
        source="remoteok",
        source_id="1",
        url="https://x/1",
        title="ML\x01 Engineer",
        company="Acme",
        description_html='<p onclick="x()">Build\x0b models</p><script>x()</script>',
    )
    out = pipeline.process_item(posting)
    assert (out.title, out.description_html, out.description_text) == (
        "ML Engineer",
        "<p>Build  models</p>",
        "Build models",
    )
    assert counts == {
        "jobintel/sanitize/control_chars": 2,
        "jobintel/sanitize/unsafe_postings": 1,
        "jobintel/sanitize/unsafe_removed": 2,
    }


def _response(url: str, fixture: str, board: str) -> TextResponse:
    body = (FIXTURES / fixture).read_bytes()
    return TextResponse(
        url=url, body=body, encoding="utf-8", request=Request(url, meta={"jobintel_board": board})
    )


CRAWLS = [
    pytest.param(GreenhouseSpider, "greenhouse/exampleai.json", id="greenhouse"),
    pytest.param(LeverSpider, "lever/exampleai.json", id="lever"),
    pytest.param(AshbySpider, "ashby/exampleai.json", id="ashby"),
    pytest.param(WorkableSpider, "workable/exampleai.json", id="workable"),
]


@pytest.mark.parametrize(("spider_cls", "fixture"), CRAWLS)
def test_spider_and_pipeline_parse_each_description_once(monkeypatch, spider_cls, fixture):
    parses: list[Any] = []

    def counting(markup: Any, *args: Any, **kwargs: Any) -> Any:
        parses.append(markup)
        return real(markup, *args, **kwargs)

    real = sanitize_module.BeautifulSoup
    monkeypatch.setattr(sanitize_module, "BeautifulSoup", counting)
    spider = spider_cls(board="exampleai")
    items = list(spider.parse(_response(spider.listing_url("exampleai"), fixture, "exampleai")))
    postings = [i for i in items if isinstance(i, Posting)]
    assert postings and not parses  # spiders no longer parse HTML themselves
    pipeline, _ = _pipeline()
    stored = [pipeline.process_item(p) for p in postings]
    assert len(parses) == sum(1 for p in postings if p.description_html.strip())
    assert all(p.description_text for p in stored)
