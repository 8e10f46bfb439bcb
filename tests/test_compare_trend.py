"""The weekly trend: a posting opens on the earlier of ``date_posted`` and ``first_seen``.

It closes on ``closed_at``. A fresh crawl first sees every posting on the crawl day; the sources'
publish dates spread them over the weeks before it. The series must rise over those weeks, not show
zeros and then a jump.
"""

from __future__ import annotations

import pytest
from test_compare_headtohead import A, B, _posting, build_db

from jobintel.compare import CompareOptions, render_html, render_markdown, role_head_to_head, to_json_dict
from jobintel.compare.trend import first_nonempty_week, series_weeks
from jobintel.store import open_db
from jobintel.store.facts import opened_day_sql

FIRST_SEEN = "2025-05-14T08:00:00+00:00"

OPENING_DAYS = {
    "development examples": [
        pytest.param("2025-04-20", "2025-04-20", id="date-only-before-first-seen"),
        pytest.param("2025-04-20T09:30:00+00:00", "2025-04-20", id="utc-timestamp"),
        pytest.param("2025-04-20T10:00:00.000Z", "2025-04-20", id="zulu-with-millis"),
        pytest.param("2025-04-20 09:00:00", "2025-04-20", id="space-separator"),
        pytest.param(None, "2025-05-14", id="no-date-posted"),
    ],
    "traps": [
        # Offsets move the UTC day: the evening in New York is the next day in UTC, and so on.
        pytest.param("2025-04-20T23:30:00-05:00", "2025-04-21", id="negative-offset-next-utc-day"),
        pytest.param("2025-04-21T01:00:00+05:00", "2025-04-20", id="positive-offset-previous-utc-day"),
        pytest.param("2025-05-14T23:00:00-05:00", "2025-05-14", id="same-day-later-utc-keeps-first-seen"),
        # A publish date after our first sighting (a re-posted job) does not delay the opening.
        pytest.param("2025-05-20", "2025-05-14", id="after-first-seen"),
        pytest.param("last week", "2025-05-14", id="unreadable-text"),
        pytest.param("", "2025-05-14", id="empty-string"),
    ],
}


@pytest.mark.parametrize(("posted", "opened"), [p for group in OPENING_DAYS.values() for p in group])
def test_opening_day(posted, opened):
    db = open_db(":memory:")
    db["postings"].insert(
        {
            "id": 1,
            "source": "t",
            "source_id": "1",
            "url": "u",
            "title": "t",
            "company": "c",
            "date_posted": posted,
            "first_seen": FIRST_SEEN,
            "last_seen": FIRST_SEEN,
        },
        pk="id",
    )
    assert db.execute(f"SELECT {opened_day_sql()} FROM postings p").fetchone()[0] == opened


# A fresh crawl on Wednesday 2025-05-14: every posting first seen that day, published over 3 weeks.
FRESH = [
    _posting(1, A, first="2025-05-14", posted="2025-04-28"),  # week of 04-28
    _posting(2, A, first="2025-05-14", posted="2025-04-30T18:00:00-07:00"),  # 05-01 UTC, week of 04-28
    _posting(3, A, first="2025-05-14", posted="2025-05-06"),  # week of 05-05
    _posting(4, A, first="2025-05-14", posted="2025-05-07", closed=True, closed_on="2025-05-13"),
    _posting(5, A, first="2025-05-14", posted=None),  # no publish date: the crawl day
    _posting(6, A, first="2025-05-14", posted="2025-04-01", closed=True, closed_on="2025-04-10"),  # gone
    _posting(7, B, first="2025-05-14", posted="2025-05-12"),
    _posting(8, B, first="2025-05-14", posted="2025-06-01"),  # published after the crawl: crawl day
]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("trend") / "t.db", FRESH)
    return role_head_to_head(db, [A, B], options=CompareOptions(until="2025-05-18", trend_weeks=5))


def test_fresh_crawl_trend_rises_over_publish_weeks(fresh):
    weeks = ["2025-04-14", "2025-04-21", "2025-04-28", "2025-05-05", "2025-05-12"]
    a, b = fresh.roles
    assert [t.week for t in a.trend] == weeks
    # Posting 4 opened in the week of 05-05 and closed in the week of 05-12; 6 closed before the series.
    assert [t.open_positions for t in a.trend] == [0, 0, 2, 4, 4]
    assert [t.new_postings for t in a.trend] == [0, 0, 2, 2, 1]
    assert [t.open_positions for t in b.trend] == [0, 0, 0, 0, 2]
    assert [t.new_postings for t in b.trend] == [0, 0, 0, 0, 2]


def test_json_keeps_leading_empty_weeks_exports_start_at_first_open_week(fresh):
    doc = to_json_dict(fresh)
    assert [t["open_positions"] for t in doc["roles"][0]["trend"]] == [0, 0, 2, 4, 4]
    assert first_nonempty_week([p.trend for p in fresh.roles]) == 2
    md = render_markdown(fresh)
    trend = md[md.index("## Weekly trend") : md.index("## Methodology")]
    assert "Weeks of 2025-04-28 to 2025-05-12" in trend
    assert "No open postings in the 2 earlier weeks of the series." in trend
    assert "| 2025-04-21 |" not in trend
    assert "| 2025-04-28 | 2 open (+2 new); median n/a (n=0) | 0 open (+0 new); median n/a (n=0) |" in trend
    html = render_html(fresh)
    assert "weeks of 2025-04-28 to 2025-05-12" in html
    assert "the 2 earlier weeks of the series had no open postings" in html
    assert ">04-28</text>" in html and ">04-21</text>" not in html


def test_trend_ignores_open_only_and_window(fresh, tmp_path):
    # The open-only fixture counted closed posting 4 while it was open; all-postings agrees.
    db = build_db(tmp_path / "t.db", FRESH)
    options = CompareOptions(until="2025-05-18", trend_weeks=5, scope="all")
    h2h = role_head_to_head(db, [A, B], options=options)
    assert [t.open_positions for t in h2h.roles[0].trend] == [t.open_positions for t in fresh.roles[0].trend]


@pytest.mark.parametrize(
    ("since", "until", "as_of", "n", "expected"),
    [
        (None, "2025-05-18", None, 3, ["2025-04-28", "2025-05-05", "2025-05-12"]),
        (None, None, "2025-05-12T00:00:00+00:00", 2, ["2025-05-05", "2025-05-12"]),
        ("2025-05-07", "2025-05-18", None, 4, ["2025-05-05", "2025-05-12"]),
        (None, None, None, 3, []),
        (None, "2025-05-18", None, 0, []),
    ],
)
def test_series_weeks(since, until, as_of, n, expected):
    assert series_weeks(since, until, as_of, n) == expected
