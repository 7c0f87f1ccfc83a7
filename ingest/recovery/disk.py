"""A full disk, named: which file could not be written, how much room its volume had, roughly how much was needed.

Every writer of a file a person or a BI tool relies on (landing, the serving copy, the report, a
backup) wraps its write in ``naming_no_space``, so the step fails with this sentence rather than an
``OSError`` deep in a traceback, and the caller has removed its half-written file by then.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# How "no space" reads in an OSError, in DuckDB's IO errors and in SQLite's (Dagster's instance).
NO_SPACE_TEXT = ("no space left on device", "database or disk is full", "disk quota exceeded")


def human(n: int) -> str:
    """Bytes for a person: 1.2 MB, 830 kB, 12 bytes (decimal units, as df -H shows them)."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def free_bytes(path: Path) -> int:
    """Free bytes on the volume holding ``path`` (or its nearest existing parent)."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


class NoSpace(OSError):
    """Writing ``path`` failed for lack of space; the message says where, what was free and what was needed.

    The free bytes are measured when the message is read: by then the writer has removed its partial
    file, so the figure is the room the write had, not the zero it ended at.
    """

    def __init__(self, path: Path, needed: int | None) -> None:
        self.path, self.needed = path, needed
        super().__init__(errno.ENOSPC, "No space left on device")

    def __str__(self) -> str:
        text = f"no space left on device writing {self.path}: {human(free_bytes(self.path))} free on its volume"
        return text + (f", about {human(self.needed)} needed" if self.needed else "")


def is_no_space(exc: BaseException | None) -> bool:
    """Whether ``exc``, or anything it was raised from, is a lack of space."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(text in str(exc).lower() for text in NO_SPACE_TEXT):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@contextmanager
def naming_no_space(path: Path, needed: int | None) -> Iterator[None]:
    """Turn a lack-of-space failure inside the block into ``NoSpace(path, needed)``; other errors pass unchanged."""
    try:
        yield
    except NoSpace:
        raise
    except Exception as exc:
        if is_no_space(exc):
            raise NoSpace(path, needed) from exc
        raise
