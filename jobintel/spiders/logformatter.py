"""A log formatter that names dropped items instead of dumping them.

Scrapy's default ``dropped`` message prints the whole item, and a ``Posting`` carries its raw payload
and full description: one dropped item would flood the log. We print source, id and title only.
"""

from __future__ import annotations

from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult

__all__ = ["QuietLogFormatter"]


def _label(item: Any) -> str:
    source = getattr(item, "source", None)
    if source is None:
        return type(item).__name__
    return f"{source}:{getattr(item, 'source_id', '?')} {getattr(item, 'title', '')!r}"


class QuietLogFormatter(LogFormatter):
    """``Dropped: <reason> (greenhouse:123 'ML Engineer')``."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        return {
            "level": result["level"],
            "msg": "Dropped: %(exception)s (%(item)s)",
            "args": {"exception": exception, "item": _label(item)},
        }

    def item_error(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        result["args"] = {**result.get("args", {}), "item": _label(item)}
        return result
