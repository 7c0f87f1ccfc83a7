"""What a payload brings that the warehouse does not already hold: the rows to check row by row and load.

The exact answer is one anti-join of the whole payload with the table's current rows, as the
pipeline read them once into the source's ``SourceState`` (``unconfirmed_rows``): nothing here
asks the warehouse. Publishers that republish a whole history to add a day (MoF's yields file
starts in 1974 and grows by one line a business day) make most of that join pointless: when a
payload starts with the same bytes as the last payload of its kind that was loaded, the rows parsed
from those shared lines are exactly the rows that load validated and merged. A source whose rows
depend only on their own line and the lines before it says so by naming the frame column holding
each row's line number (``SourceSpec.line_column``); only rows past the shared lines are joined,
plus any shared-line row whose key another payload has written since (a later kind wins on
overlapping keys, so the table may no longer hold what that load wrote).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.source import SourceSpec
from ingest.warehouse.state import SHA, SourceState

log = logging.getLogger("liquidity_watch.ingest")

CHUNK = 1 << 20


@dataclass(frozen=True)
class Delta:
    """The delta of one kind's payload, and how much of the payload its shared lines vouched for."""

    rows: pl.DataFrame
    shared_lines: int = 0
    vouched_by: str = ""  # sha256 of the earlier payload whose lines these are

    def note(self, kind: str) -> str:
        return (
            f"{kind}: lines 1–{self.shared_lines:,} are byte for byte those of the last loaded payload "
            f"{self.vouched_by[:12]}: only rows past them were compared with the warehouse"
        )


def shared_lines(old: bytes, new: bytes) -> int:
    """How many complete ('\\n'-terminated) lines ``new`` starts with that are, byte for byte, ``old``'s first lines.

    An appended file is one ``startswith``; otherwise 1 MiB chunks, then halves, find the first
    differing byte without copying either payload whole.
    """
    if new.startswith(old):
        same = len(old)
    else:
        same, step = 0, CHUNK
        while step:
            while same + step <= len(old) and new.startswith(old[same : same + step], same):
                same += step
            step //= 2
    return old.count(b"\n", 0, same)


def landed_file(landing_dir: Path, source: str, sha256: str) -> Path | None:
    """The landed bytes of an earlier payload (landing is content-addressed: ``<source>/<day>/<sha256>.<ext>``)."""
    return next(iter(sorted((landing_dir / source).glob(f"*/{sha256}.*"))), None)


def payload_delta(
    spec: SourceSpec, state: SourceState, landing_dir: Path, kind: str, content: bytes | None, frame: pl.DataFrame
) -> Delta:
    """The rows of one kind's ``frame`` the warehouse does not hold, found from the first changed line when possible.

    ``content`` is the kind's payload when it is a single one (``None`` otherwise: no shortcut). The
    shortcut needs the source's ``line_column``, a loaded table, and the landed bytes of the last
    loaded payload of this kind; without any of them the whole frame is compared.
    """
    previous = state.latest(kind)
    line = spec.line_column
    if line is None or content is None or "," in previous or state.rows is None:
        return Delta(unconfirmed_rows(spec, state, frame))
    old = landed_file(landing_dir, spec.name, previous) if previous else None
    if old is None:
        if previous:
            log.info("%s: landed bytes of %s not found: the whole %s payload is compared", spec.name, previous, kind)
        return Delta(unconfirmed_rows(spec, state, frame))
    lines = shared_lines(old.read_bytes(), content)
    shared = pl.col(line) <= lines
    candidates = frame.filter(~shared)
    own = sorted(state.ever(kind))
    rewritten = state.rows.filter(~pl.col(SHA).is_in(own)).select(list(spec.table.key))
    if rewritten.height:
        keys = list(spec.table.key)
        again = frame.filter(shared).join(_like(rewritten, frame), on=keys, how="semi", maintain_order="left")
        candidates = pl.concat([again, candidates])  # payload order kept: shared lines come first
    return Delta(unconfirmed_rows(spec, state, candidates), lines, previous)


def unconfirmed_rows(spec: SourceSpec, state: SourceState, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frame`` the current table does not hold with the same key and values: the delta.

    One anti-join of the payload's rows with the table's as read into ``state`` (nulls equal, as
    SQL's ``IS NOT DISTINCT FROM``); rows keep their payload order. Every row is in the delta before
    the first load, or when ``frame`` lacks a key or value column (its rows then cannot be matched,
    so none is taken as known).
    """
    cols = [*spec.table.key, *spec.table.tracked]
    if state.rows is None or any(c not in frame.columns for c in cols):
        return frame
    return frame.join(
        _like(state.rows.select(cols), frame), on=cols, how="anti", nulls_equal=True, maintain_order="left"
    )


def _like(rows: pl.DataFrame, frame: pl.DataFrame) -> pl.DataFrame:
    """``rows`` with each column cast to the type the payload's frame gives it, so the two can be joined."""
    return rows.cast({c: frame.schema[c] for c in rows.columns if rows.schema[c] != frame.schema[c]})
