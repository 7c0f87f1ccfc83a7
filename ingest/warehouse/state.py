"""What the warehouse holds for one source, read once per load: the pipeline decides, and the delta computes, from it.

``read_log`` reads the load log (``raw._loads``: which payloads were loaded, and the row count of
the last good one of each kind); when a load is going ahead, ``read_rows`` adds the source's current
raw table (the rows a payload is compared with). Nothing asks the warehouse again until the load
writes; a load in several rounds (recorded vintages) carries the state forward with ``after_load``
rather than reading it back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb
import polars as pl

from ingest.source import TableSpec
from ingest.warehouse.load import LOADS_TABLE, PayloadRecord, sql_str, table_exists

SHA = "source_sha256"


@dataclass(frozen=True)
class SourceState:
    """One source's load log (oldest first) and its raw table's current rows (``None``: no table, or not read)."""

    log: tuple[PayloadRecord, ...] = ()
    rows: pl.DataFrame | None = None

    def latest(self, kind: str) -> str:
        """The sha256(s) of the newest loaded payload of ``kind`` ('' before its first load)."""
        return next((p.sha256 for p in reversed(self.log) if p.kind == kind), "")

    def last_good_rows(self, kind: str) -> int:
        """Rows of the newest loaded payload of ``kind`` (0 before its first load)."""
        return next((p.rows for p in reversed(self.log) if p.kind == kind), 0)

    def ever(self, kind: str) -> set[str]:
        """Every payload sha256 ever loaded for ``kind`` (a load of several payloads logs them comma-joined)."""
        return {sha for p in self.log if p.kind == kind for sha in p.sha256.split(",")}

    def after_load(self, logged: list[PayloadRecord], written: pl.DataFrame, spec: TableSpec) -> SourceState:
        """The state once a load logged ``logged`` and merged ``written`` (new and changed rows) into the table."""
        cols = [*spec.key, *spec.tracked, SHA]
        new = written.select(cols).with_columns(pl.col(SHA).cast(pl.String))
        if self.rows is not None:
            keys = list(spec.key)
            new = new.cast(self.rows.schema)  # the table's types, as its insert cast them
            new = pl.concat([self.rows.join(new.select(keys), on=keys, how="anti", nulls_equal=True), new])
        return replace(self, log=(*self.log, *logged), rows=new)


def read_log(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> SourceState:
    """The source's load log, oldest first: all that deciding "nothing changed" needs."""
    if not table_exists(con, LOADS_TABLE):
        return SourceState()
    log = con.execute(
        f"SELECT source, kind, sha256, url, payload_rows FROM {LOADS_TABLE} "
        f"WHERE source = {sql_str(spec.name)} ORDER BY loaded_at"
    ).fetchall()
    return SourceState(log=tuple(PayloadRecord(*row) for row in log))


def read_rows(con: duckdb.DuckDBPyConnection, spec: TableSpec, state: SourceState) -> SourceState:
    """``state`` with the raw table's current rows (key, tracked values, ``source_sha256``): what a delta compares."""
    if not table_exists(con, spec.qualified):
        return state
    cols = ", ".join([*spec.key, *spec.tracked, SHA])
    return replace(state, rows=con.execute(f"SELECT {cols} FROM {spec.qualified}").pl())
