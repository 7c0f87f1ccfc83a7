"""What a failed step's console line says: the cause a person can act on, not Dagster's wrapper around it.

A step that raised is reported by Dagster as "Error occurred while executing op …", with the real error
as its cause. A lack of disk space anywhere in that chain (an OSError, DuckDB's or SQLite's wording) is
what the line shows then, and the summary adds how much room LW_HOME's volume has now.
"""

from __future__ import annotations

from typing import Any

from ingest.recovery.disk import NO_SPACE_TEXT, free_bytes, human
from ingest.settings import Settings


def _chain(error: Any) -> list[Any]:
    """The error and every error it was raised from or during (Dagster's SerializableErrorInfo)."""
    out: list[Any] = []
    while error is not None and len(out) < 20:
        out.append(error)
        error = error.cause or error.context
    return out


def failure_text(error: Any, fallback: str | None) -> tuple[str, bool]:
    """(the text to show for a failed step, whether it failed for lack of disk space)."""
    for link in _chain(error):
        if any(text in (link.message or "").lower() for text in NO_SPACE_TEXT):
            message = link.message.strip()
            return message.split(": ", 1)[1] if message.startswith("ingest.recovery.disk.NoSpace") else message, True
    return (error.message if error else fallback) or "", False


def disk_full_lines(no_space: list[str], settings: Settings) -> list[str]:
    """The summary's lines for steps that failed for lack of space: which, and the room there is now."""
    if not no_space:
        return []
    lines = [f"NO SPACE LEFT ON DEVICE: {text.splitlines()[0]}" for text in no_space]
    lines.append(
        f"{human(free_bytes(settings.home))} free now on the volume of {settings.home}: free some space, then "
        "`lw build` again (nothing half-written was left; the warehouse and the serving copy hold the last good data)"
    )
    return lines
