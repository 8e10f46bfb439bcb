"""Exceptions raised by the library. Only ``jobintel.cli`` turns them into messages and exit codes."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DictionaryError",
    "JobintelError",
    "PostingValidationError",
    "SourcesFileError",
    "StoreError",
    "UnknownRoleError",
]


class JobintelError(Exception):
    """Base class: every error the CLI reports as a clean one-line message."""

    exit_code = 1


class ConfigError(JobintelError):
    """A bad option, setting or configuration file."""

    exit_code = 2


class SourcesFileError(ConfigError):
    """A sources TOML file that cannot be read or names unknown sources."""


class DictionaryError(ConfigError):
    """A skill dictionary, ambiguity or taxonomy file that fails validation.

    ``path`` and ``line`` point at the offending entry when known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line


class PostingValidationError(JobintelError):
    """A posting record (JSONL import or spider output) that does not match the schema."""


class StoreError(JobintelError):
    """The SQLite store cannot be opened or is from a newer jobintel."""


class UnknownRoleError(JobintelError):
    """A role name that is not in the role taxonomy."""
