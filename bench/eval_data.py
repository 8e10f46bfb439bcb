"""Where the evaluation scripts find ``../shared/eval-data`` (third-party data, never shipped or tested).

``--shared DIR`` names the folder that holds ``eval-data/``; without it, ``$JOBINTEL_SHARED`` and then
``shared/`` beside the repository are tried. An explicit folder is the only one tried, so
``--shared /missing`` skips instead of quietly reading another copy.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def find_eval_data(name: str, explicit: str | Path | None = None) -> Path | None:
    """The folder ``eval-data/<name>`` of the shared data, or None when it is absent."""
    options = [explicit] if explicit else [os.environ.get("JOBINTEL_SHARED"), REPO.parent / "shared"]
    for candidate in options:
        if candidate and (Path(candidate) / "eval-data" / name).is_dir():
            return Path(candidate) / "eval-data" / name
    return None
