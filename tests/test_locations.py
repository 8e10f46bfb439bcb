"""Location parsing and metro normalization against the shipped gazetteer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobintel.nlp.locations import parse_locations, primary_metro, split_locations

SF = "San Francisco Bay Area"

# raw -> [(city, region, country, metro, remote), ...]
CASES = [
    # Greenhouse location.name / offices[].location
    (
        "San Francisco, CA; New York, NY",
        [("San Francisco", "CA", "US", SF, False), ("New York", "NY", "US", "New York", False)],
    ),
    ("San Francisco, California, United States", [("San Francisco", "CA", "US", SF, False)]),
    ("Remote - US", [(None, None, "US", None, True)]),
    ("Mountain View, CA, USA", [("Mountain View", "CA", "US", SF, False)]),
    ("Austin, TX 78701", [("Austin", "TX", "US", "Austin", False)]),
    # Lever categories.allLocations
    (
        "London, UK | Remote - EMEA",
        [("London", "ENG", "GB", "London", False), (None, "EMEA", None, None, True)],
    ),
    ("Toronto, ON", [("Toronto", "ON", "CA", "Toronto", False)]),
    ("Hybrid - Seattle, WA", [("Seattle", "WA", "US", "Seattle", False)]),
    # Ashby / free text
    ("Remote (US)", [(None, None, "US", None, True)]),
    ("US-Remote", [(None, None, "US", None, True)]),
    ("Remote, EMEA", [(None, "EMEA", None, None, True)]),
    ("Remote (US, Canada)", [(None, None, "US", None, True), (None, None, "CA", None, True)]),
    ("Remote in Canada", [(None, None, "CA", None, True)]),
    ("United States (Remote)", [(None, None, "US", None, True)]),
    ("Remote - California", [(None, "CA", "US", None, True)]),
    ("Anywhere in the US", [(None, None, "US", None, True)]),
    ("Remote", [(None, None, None, None, True)]),
    ("NYC", [("New York", "NY", "US", "New York", False)]),
    ("SF Bay Area", [(None, "CA", "US", SF, False)]),
    ("Bengaluru, Karnataka, India", [("Bengaluru", "KA", "IN", "Bengaluru", False)]),
    ("Bangalore", [("Bangalore", "KA", "IN", "Bengaluru", False)]),
    ("Berlin, Germany", [("Berlin", "BE", "DE", "Berlin", False)]),
    ("Berlin, DE", [("Berlin", "BE", "DE", "Berlin", False)]),
    ("Zürich, Switzerland", [("Zurich", "ZH", "CH", "Zurich", False)]),
    ("São Paulo, Brazil", [("São Paulo", "SP", "BR", "São Paulo", False)]),
    ("Gurugram, Haryana, India", [("Gurugram", "HR", "IN", "Delhi NCR", False)]),
    # suburbs and aliases to metros
    ("Palo Alto, CA", [("Palo Alto", "CA", "US", SF, False)]),
    ("Oakland", [("Oakland", "CA", "US", SF, False)]),
    ("Sunnyvale, California", [("Sunnyvale", "CA", "US", SF, False)]),
    ("Brooklyn, NY", [("Brooklyn", "NY", "US", "New York", False)]),
    ("Jersey City, NJ", [("Jersey City", "NJ", "US", "New York", False)]),
    ("Cambridge, MA", [("Cambridge", "MA", "US", "Boston", False)]),
    ("Redmond, WA", [("Redmond", "WA", "US", "Seattle", False)]),
    ("Bellevue, Washington", [("Bellevue", "WA", "US", "Seattle", False)]),
    ("Washington, DC", [("Washington", "DC", "US", "Washington DC", False)]),
    ("Atlanta, Georgia", [("Atlanta", "GA", "US", "Atlanta", False)]),
    ("Vancouver, BC", [("Vancouver", "BC", "CA", "Vancouver", False)]),
    ("Vancouver, WA", [("Vancouver", "WA", "US", "Portland", False)]),
    # traps: ambiguous names, unknown places
    ("Dublin", [("Dublin", "D", "IE", "Dublin", False)]),  # principal city wins over Dublin, CA
    ("Dublin, CA", [("Dublin", "CA", "US", SF, False)]),
    ("London, ON", [("London", "ON", "CA", None, False)]),
    ("Smalltown, OH", [("Smalltown", "OH", "US", None, False)]),
    ("Germany", [(None, None, "DE", None, False)]),
    ("San Francisco Office", [("San Francisco", "CA", "US", SF, False)]),
    ("Hybrid", []),
]


def _tuples(raw):
    return [(loc.city, loc.region, loc.country, loc.metro, loc.remote) for loc in parse_locations(raw)]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_parse_locations(raw: str, expected: list) -> None:
    assert _tuples(raw) == expected


def test_list_input_keeps_order_and_drops_duplicates() -> None:
    locs = parse_locations(["Seattle, WA", "Remote - US", "Seattle, Washington"])
    assert [(loc.metro, loc.remote) for loc in locs] == [("Seattle", False), (None, True)]
    assert locs[0].raw == "Seattle, WA"
    assert parse_locations([]) == [] and parse_locations("") == [] and parse_locations(None) == []


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("San Francisco, CA; New York, NY", ["San Francisco, CA", "New York, NY"]),
        ("London, UK | Remote - EMEA", ["London, UK", "Remote - EMEA"]),
        ("Austin, TX / Denver, CO", ["Austin, TX", "Denver, CO"]),
        ("Boston or New York", ["Boston", "New York"]),
        ("Remote (US or Canada)", ["Remote (US or Canada)"]),
        ("Dallas/Fort Worth", ["Dallas/Fort Worth"]),
        ("Paris\nBerlin", ["Paris", "Berlin"]),
    ],
)
def test_split_never_on_bare_comma(raw: str, parts: list[str]) -> None:
    assert split_locations(raw) == parts


@pytest.mark.parametrize(
    ("raw", "metro"),
    [
        ("Remote - US; Kirkland, WA", "Seattle"),
        ("Remote - US", "Remote"),
        ("Smalltown, OH", None),
        ("Remote (US); Smalltown, OH", "Remote"),
        ("London, UK | Remote - EMEA", "London"),
    ],
)
def test_primary_metro(raw: str, metro: str | None) -> None:
    assert primary_metro(parse_locations(raw)) == metro


def test_gazetteer_has_top_us_metros() -> None:
    from jobintel.nlp.locations import _gazetteer

    metros = {p.metro for cands in _gazetteer().places.values() for p in cands if p.country == "US"}
    assert len(metros) >= 100
    for name in ("New York", "Los Angeles", "Seattle", "Austin", "Boston", SF, "Dallas-Fort Worth", "Boise"):
        assert name in metros


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Remote-US,;|()/ SanFrcisoCA NY\nHybrid")), max_size=80))
def test_messy_input_never_raises(raw: str) -> None:
    for loc in parse_locations(raw):
        assert loc.raw and (loc.country is None or len(loc.country) == 2)
