"""Which crawl stats are problems worth showing in the summary, under short human labels.

The middlewares and the spiders count what went wrong in the crawler stats; ``crawl_problems`` picks
those counters out of one crawler's stats so the runner can add them up across sources and print one
``Problems:`` line, e.g. ``robots.txt blocked 2, backoffs 3, private address refused 1``.

>>> crawl_problems({"jobintel/robots/forbidden": 2, "retry/count": 3, "item_scraped_count": 9})
{'robots.txt blocked': 2, 'retries': 3}
"""

from __future__ import annotations

from typing import Any

from jobintel.spiders.middlewares.circuit import MESSAGES_STAT

__all__ = ["PROBLEM_STATS", "crawl_problems", "stopped_messages"]

#: stats key -> summary label, in display order. Several keys may share a label (they are summed).
PROBLEM_STATS: dict[str, str] = {
    "jobintel/robots/forbidden": "robots.txt blocked",
    "jobintel/robots/disallow_all_5xx": "robots.txt 5xx (host disallowed)",
    "jobintel/robots/disallow_all_unreachable": "robots.txt unreachable (host disallowed)",
    "retry/count": "retries",
    "jobintel/backoff/count": "backoffs",
    "jobintel/backoff/retry_after_too_long": "Retry-After too long",
    "jobintel/circuit/stopped": "hosts stopped",
    "jobintel/circuit/refused": "requests refused (host stopped)",
    "jobintel/safety/refused_private": "private address refused",
    "jobintel/safety/refused_scheme": "non-http redirect refused",
    "offsite/filtered": "offsite filtered",
    "jobintel/faults/timeout": "timeouts",
    "jobintel/faults/connection_lost": "connections lost",
    "jobintel/faults/truncated": "truncated bodies",
    "jobintel/faults/oversize": "oversize bodies",
    "jobintel/faults/decompression_bomb": "oversize bodies",
    "jobintel/faults/dns": "DNS failures",
    "jobintel/faults/connection_refused": "connections refused",
    "jobintel/faults/other": "other download errors",
    "jobintel/encoding/cp1252_fallback": "encoding repaired (cp1252)",
    "jobintel/encoding/replaced": "undecodable text",
    "jobintel/encoding/replaced_in_title": "undecodable text",
    "jobintel/encoding/header_meta_conflict": "charset header/meta conflicts",
    "jobintel/jsonld/repaired_blocks": "JSON-LD repaired",
    "jobintel/jsonld/broken_blocks": "JSON-LD unreadable",
    "jobintel/sanitize/unsafe_postings": "unsafe markup removed",
    "jobintel/sanitize/control_chars": "control characters removed",
}


def crawl_problems(stats: dict[str, Any]) -> dict[str, int]:
    """Problem counters of one crawler's stats, by label; labels with a zero count are left out."""
    out: dict[str, int] = {}
    for key, label in PROBLEM_STATS.items():
        value = stats.get(key)
        if isinstance(value, int | float) and value > 0:
            out[label] = out.get(label, 0) + int(value)
    return out


def stopped_messages(stats: dict[str, Any]) -> list[str]:
    """The circuit breaker's ``stopping <source>/<board>: ...`` messages of one crawler."""
    return [str(m) for m in stats.get(MESSAGES_STAT) or []]
