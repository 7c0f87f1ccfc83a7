"""Errors that say which source, which file, which line or field, and what was expected."""

from __future__ import annotations


class IngestError(Exception):
    """Base of every error a load can end with; ``stage`` says where in the path it stopped."""

    stage = "ingest"

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"[{source}] {message}")


class FetchError(IngestError):
    stage = "fetch"

    def __init__(self, source: str, url: str, message: str) -> None:
        self.url = url
        super().__init__(source, f"fetch {url}: {message}")


class NotRecorded(FetchError):
    """Offline mode was asked for a payload that has no recording."""


class SourceSkipped(IngestError):
    """The source cannot be asked in this mode (e.g. a live API key is not configured): nothing is loaded.

    Not a failure: the run goes on, the warehouse keeps what it had, and the reason is logged and shown.
    """

    stage = "fetch"


class ParseError(IngestError):
    stage = "parse"

    def __init__(
        self,
        source: str,
        file: str,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        got: str | None = None,
    ) -> None:
        self.file, self.line, self.field, self.expected, self.got = file, line, field, expected, got
        where = file + (f", line {line}" if line is not None else "") + (f", field {field!r}" if field else "")
        detail = message
        if expected is not None:
            detail += f"; expected {expected}"
        if got is not None:
            detail += f", got {got!r}"
        super().__init__(source, f"{where}: {detail}")


class ValidationFailed(IngestError):
    """``validations`` holds every suite's outcome of this load (kind → outcome) for the UI."""

    stage = "validate"

    def __init__(self, source: str, file: str, failures: list[str], validations: dict | None = None) -> None:
        self.file, self.failures, self.validations = file, failures, validations or {}
        super().__init__(source, f"{file}: validation failed: " + "; ".join(failures))
