"""Remote / hybrid / on-site status with its basis and region."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobintel.nlp.remote import infer_remote, normalize_workplace
from jobintel.nlp.sections import detect_sections
from jobintel.nlp.types import REMOTE_VALUES

# (structured, locations, title, text) -> (value, basis, region)
CASES = [
    # structured fields first (Lever workplaceType, Ashby workplaceType, Workable telecommuting)
    pytest.param("remote", ["Remote - US"], "", "", ("remote", "structured", "US"), id="lever-remote"),
    pytest.param(
        "hybrid", ["London, UK"], "", "fully remote", ("hybrid", "structured", None), id="ashby-hybrid"
    ),
    pytest.param("onsite", ["Berlin"], "(Remote)", "", ("onsite", "structured", None), id="structured-wins"),
    pytest.param(None, [], "", "", ("unknown", "none", None), id="nothing-is-unknown"),
    pytest.param("unspecified", [], "", "", ("unknown", "none", None), id="lever-unspecified"),
    # Greenhouse: remote only appears in location text
    pytest.param(
        None,
        ["San Francisco, CA; Seattle, WA; Remote - US"],
        "",
        "",
        ("remote", "location", "US"),
        id="gh-multi",
    ),
    pytest.param(None, ["Remote (US)"], "", "", ("remote", "location", "US"), id="paren-region"),
    pytest.param(None, ["US-Remote"], "", "", ("remote", "location", "US"), id="suffix"),
    pytest.param(None, ["Remote, EMEA"], "", "", ("remote", "location", "EMEA"), id="supra-region"),
    pytest.param(
        None, ["London, UK", "Remote - EMEA"], "", "", ("remote", "location", "EMEA"), id="lever-all"
    ),
    pytest.param(None, ["Remote - Canada"], "", "", ("remote", "location", "CA"), id="country-name"),
    pytest.param(None, ["Remote"], "", "", ("remote", "location", None), id="bare"),
    pytest.param(None, ["Anywhere"], "", "", ("remote", "location", "Global"), id="anywhere-is-global"),
    pytest.param(None, ["Hybrid - Seattle, WA"], "", "", ("hybrid", "location", None), id="hybrid-loc"),
    pytest.param(None, ["Berlin (On-site)"], "", "", ("onsite", "location", None), id="onsite-loc"),
    pytest.param(None, ["San Francisco, CA"], "", "", ("unknown", "none", None), id="city-is-not-onsite"),
    # titles
    pytest.param(
        None,
        ["San Francisco, CA"],
        "Senior ML Engineer (Remote - US)",
        "",
        ("remote", "title", "US"),
        id="title-remote",
    ),
    pytest.param(None, [], "Data Engineer - Hybrid", "", ("hybrid", "title", None), id="title-hybrid"),
    pytest.param(
        None, [], "Remote Sensing Scientist", "", ("unknown", "none", None), id="title-remote-sensing"
    ),
    # description text
    pytest.param(
        None,
        [],
        "",
        "This role is fully remote within the United States.",
        ("remote", "text", "US"),
        id="text-fully-remote",
    ),
    pytest.param(None, [], "", "This position is remote (US).", ("remote", "text", "US"), id="text-position"),
    pytest.param(
        None, [], "", "You can work from home anywhere in Canada.", ("remote", "text", None), id="text-wfh"
    ),
    pytest.param(
        None, [], "", "This is a hybrid role (3 days in office).", ("hybrid", "text", None), id="text-hybrid"
    ),
    pytest.param(
        None,
        [],
        "",
        "Expect to be in the office three days a week.",
        ("hybrid", "text", None),
        id="text-days-in-office",
    ),
    pytest.param(
        None, [], "", "You can work from home two days a week.", ("hybrid", "text", None), id="wfh-days"
    ),
    pytest.param(
        None, [], "", "You will work on-site in Austin, TX.", ("onsite", "text", None), id="text-onsite"
    ),
    pytest.param(
        None, [], "", "We work in-office 5 days a week.", ("onsite", "text", None), id="in-office-5"
    ),
    pytest.param(None, [], "", "This position is not remote.", ("onsite", "text", None), id="not-remote"),
    pytest.param(
        None,
        [],
        "",
        "Hybrid is fine, but this role is not a remote position.",
        ("onsite", "text", None),
        id="negation-beats-hybrid",
    ),
    # traps: "remote" that is not remote work
    pytest.param(
        None,
        [],
        "",
        "Build remote patient monitoring and remote sensing pipelines.",
        ("unknown", "none", None),
        id="remote-monitoring",
    ),
    pytest.param(
        None,
        [],
        "",
        "Experience with remote control systems and hybrid cloud.",
        ("unknown", "none", None),
        id="remote-control-hybrid-cloud",
    ),
    pytest.param(
        None,
        [],
        "",
        "Collaborate with remote teams across time zones.",
        ("unknown", "none", None),
        id="remote-teams",
    ),
]


@pytest.mark.parametrize(("structured", "locations", "title", "text", "expected"), CASES)
def test_infer_remote(structured, locations, title, text, expected) -> None:
    r = infer_remote(structured=structured, locations=locations, title=title, text=text)
    assert (r.value, r.basis, r.region) == expected
    assert bool(r.evidence) == (r.basis != "none")


BOILERPLATE = """About Acme
We are a remote-first company with offices in NYC and London.
What you'll do
Train ranking models.
Benefits
Work from home stipend
"""


def test_company_boilerplate_does_not_make_the_job_remote() -> None:
    r = infer_remote(structured=None, locations=["New York, NY"], text=BOILERPLATE)
    assert r.value == "unknown"
    # same answer when the caller passes precomputed sections
    r2 = infer_remote(structured=None, locations=[], text=BOILERPLATE, sections=detect_sections(BOILERPLATE))
    assert r2.value == "unknown"


def test_remote_cue_in_job_section_counts() -> None:
    text = BOILERPLATE.replace("Train ranking models.", "Train ranking models. This role is fully remote.")
    assert infer_remote(structured=None, locations=[], text=text).value == "remote"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("remote", "remote"),
        ("Remote", "remote"),
        ("HYBRID", "hybrid"),
        ("on-site", "onsite"),
        ("OnSite", "onsite"),
        ("on_site", "onsite"),
        ("In-Office", "onsite"),
        ("unspecified", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_workplace(label, expected) -> None:
    assert normalize_workplace(label) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("remote hybrid on-site office 3 days\nAbout us:")), max_size=120),
    st.text(alphabet=st.sampled_from(list("Remote-US,;|() Hybrid")), max_size=40),
)
def test_value_is_always_valid(text: str, location: str) -> None:
    r = infer_remote(structured=None, locations=[location], title=text[:30], text=text)
    assert r.value in REMOTE_VALUES
    assert r.basis in {"structured", "location", "title", "text", "none"}
