"""What a payload brings that the warehouse does not already hold: the rows to check row by row and load.

The exact answer is one anti-join of the payload's rows with the table, which the pipeline runs
once, where the table is, and keeps in the source's ``SourceState``: nothing here asks the
warehouse. Publishers that republish a whole history to add a day (MoF's yields
file starts in 1974 and grows by one line a business day) make most of that join pointless: when a
payload starts with the same bytes as the last payload of its kind that was loaded, the rows parsed
from those shared lines are exactly the rows that load validated and merged. A source whose rows
depend only on their own line and the lines before it says so by naming the frame column holding
each row's line number (``SourceSpec.line_column``); only rows past the shared lines are compared
(and so read from the table), plus any shared-line row whose key another payload has written since
(a later kind wins on overlapping keys, so the table may no longer hold what that load wrote).

Two steps, so the table is read once between them: ``plan`` (from the load log and the landed
bytes: which rows to compare) and ``delta`` (from the table's answer: which rows are new or changed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.source import SourceSpec
from ingest.warehouse.state import SourceState

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


@dataclass(frozen=True)
class Plan:
    """One kind's parsed payload, and how many of its first lines are those of the last loaded payload of its kind."""

    kind: str
    frame: pl.DataFrame
    shared_lines: int = 0
    vouched_by: str = ""  # sha256 of the earlier payload whose lines these are
    line_column: str = ""

    @property
    def compared(self) -> pl.DataFrame:
        """The rows no shared line vouches for: those the warehouse must be asked about."""
        if not self.shared_lines:
            return self.frame
        return self.frame.filter(pl.col(self.line_column) > self.shared_lines)


def plan(
    spec: SourceSpec, state: SourceState, landing_dir: Path, kind: str, content: bytes | None, frame: pl.DataFrame
) -> Plan:
    """Which of one kind's ``frame`` rows to compare with the warehouse: from the first changed line when possible.

    ``content`` is the kind's payload when it is a single one (``None`` otherwise: no shortcut). The
    shortcut needs the source's ``line_column`` and the landed bytes of the last loaded payload of
    this kind; without either the whole frame is compared.
    """
    previous = state.latest(kind)
    line = spec.line_column
    if line is None or content is None or not previous or "," in previous:
        return Plan(kind, frame)
    old = landed_file(landing_dir, spec.name, previous)
    if old is None:
        log.info("%s: landed bytes of %s not found: the whole %s payload is compared", spec.name, previous, kind)
        return Plan(kind, frame)
    return Plan(kind, frame, shared_lines(old.read_bytes(), content), previous, line)


def delta(spec: SourceSpec, state: SourceState, planned: Plan) -> Delta:
    """The rows of ``planned`` the warehouse does not hold, from the table's answer read into ``state``.

    A shared-line row is compared too when its key's current row was written by a payload of
    another kind (with that row, read whole into ``state.foreign``). Every row is new when there is
    no table, and when the frame lacks a key or value column (its rows then cannot be matched, so
    none is taken as known).
    """
    if state.unheld is None or planned.kind not in state.unheld:
        return Delta(planned.frame)
    rows = planned.compared[state.unheld[planned.kind]]
    foreign = state.written_by_others(planned.kind) if planned.shared_lines else pl.DataFrame()
    if foreign.height:
        cols = [*spec.table.key, *spec.table.tracked]
        shared = planned.frame.filter(pl.col(planned.line_column) <= planned.shared_lines)
        theirs = _like(foreign.select(cols), shared)
        again = shared.join(theirs.select(list(spec.table.key)), on=list(spec.table.key), how="semi")
        again = again.join(theirs, on=cols, how="anti", nulls_equal=True, maintain_order="left")
        rows = pl.concat([again, rows])  # payload order kept: shared lines come first
    return Delta(rows, planned.shared_lines, planned.vouched_by)


def comparable(spec: SourceSpec, frame: pl.DataFrame) -> bool:
    """Whether ``frame`` has every key and tracked column, so its rows can be matched with the table's."""
    return all(c in frame.columns for c in [*spec.table.key, *spec.table.tracked])


def _like(rows: pl.DataFrame, frame: pl.DataFrame) -> pl.DataFrame:
    """``rows`` with each column cast to the type the payload's frame gives it, so the two can be joined."""
    return rows.cast({c: frame.schema[c] for c in rows.columns if rows.schema[c] != frame.schema[c]})
