"""The versioned loader: one DuckDB transaction per load, idempotent on the table's key.

A changed value moves its old row to ``<table>__history`` so ``<table>_as_of(ts)`` answers what
was known at ``ts``; ``raw._loads`` records which payload (sha256) changed what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import polars as pl

from ingest.frames import duplicated_rows
from ingest.source import RAW_SCHEMA, TableSpec
from ingest.warehouse.connect import scalar

LOADS_TABLE = f"{RAW_SCHEMA}._loads"


def ensure_tables(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """Create the current table, its history and the as-of macro, once."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    cols = ", ".join(f"{c} {col.type}" for c, col in {**spec.key, **spec.tracked}.items())
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {spec.qualified} ({cols}, source_sha256 VARCHAR NOT NULL, "
        "loaded_at TIMESTAMPTZ NOT NULL)"
    )
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {spec.history} ({cols}, source_sha256 VARCHAR NOT NULL, "
        "loaded_at TIMESTAMPTZ NOT NULL, superseded_at TIMESTAMPTZ NOT NULL, superseded_by_sha256 VARCHAR NOT NULL)"
    )
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {LOADS_TABLE} (source VARCHAR, table_name VARCHAR, kind VARCHAR, sha256 VARCHAR, "
        "url VARCHAR, payload_rows BIGINT, rows_inserted BIGINT, rows_changed BIGINT, rows_unchanged BIGINT, "
        "rows_total BIGINT, loaded_at TIMESTAMPTZ, mode VARCHAR)"
    )
    con.execute(f"COMMENT ON TABLE {LOADS_TABLE} IS 'One row per payload loaded: which bytes (sha256) changed what.'")
    con.execute(f"COMMENT ON TABLE {spec.qualified} IS {sql_str(spec.description)}")
    for name, col in spec.columns.items():
        con.execute(f"COMMENT ON COLUMN {spec.qualified}.{name} IS {sql_str(col.description)}")
    names = ", ".join(list(spec.key) + list(spec.tracked))
    con.execute(
        f"""CREATE OR REPLACE MACRO {RAW_SCHEMA}.{spec.name}_as_of(as_of) AS TABLE
        SELECT {names}, source_sha256, loaded_at AS valid_from, NULL::TIMESTAMPTZ AS valid_to
          FROM {spec.qualified} WHERE loaded_at <= as_of
        UNION ALL
        SELECT {names}, source_sha256, loaded_at AS valid_from, superseded_at AS valid_to
          FROM {spec.history} WHERE loaded_at <= as_of AND superseded_at > as_of"""
    )


def sql_str(s: str) -> str:
    """A quoted SQL string literal.

    The load-log lookups every run makes (most of them no-ops) inline their values this way rather
    than binding parameters: DuckDB imports pandas on the first query with bound parameters, over a
    second of a no-op run's start.
    """
    return "'" + s.replace("'", "''") + "'"


@dataclass(frozen=True)
class LoadStats:
    rows_in: int
    inserted: int
    changed: int
    unchanged: int
    total: int
    loaded_at: datetime

    def as_metadata(self) -> dict[str, int | str]:
        return {
            "rows_in": self.rows_in,
            "rows_inserted": self.inserted,
            "rows_changed": self.changed,
            "rows_unchanged": self.unchanged,
            "rows_total": self.total,
            "loaded_at": self.loaded_at.isoformat(),
        }


@dataclass(frozen=True)
class PayloadRecord:
    """What the load log keeps about one payload of a load."""

    source: str
    kind: str
    sha256: str
    url: str
    rows: int


def upsert(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    frame: pl.DataFrame,
    *,
    payloads: list[PayloadRecord] = (),  # type: ignore[assignment]
    mode: str = "",
    loaded_at: datetime | None = None,
    confirmed: int = 0,
) -> LoadStats:
    """Merge ``frame`` (key, values, ``source_sha256``) into the raw table in one transaction.

    New keys are inserted; a key whose values changed moves its old row to the history table
    (so ``<table>_as_of(ts)`` answers what was known at ``ts``); unchanged rows keep their first
    ``loaded_at``, which makes a repeated load a no-op. Keys absent from the frame stay: sources
    that publish rolling windows must not erase what they once said.

    ``confirmed`` counts rows the caller already found unchanged in the table (``ingest/delta.py``)
    and left out of ``frame``; they are reported as unchanged, and only the rest is joined.
    """
    loaded_at = loaded_at or datetime.now(UTC)
    keys = list(spec.key)
    tracked = list(spec.tracked)
    wanted = spec.load_columns
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise ValueError(f"upsert into {spec.qualified}: frame lacks columns {missing}")
    null_keys = {k: n for k in keys if (n := frame[k].null_count())}
    if null_keys:
        raise ValueError(
            f"upsert into {spec.qualified}: key columns hold nulls {null_keys}; a key must identify its row"
        )
    dup = duplicated_rows(frame.select(keys)).height
    if dup:
        raise ValueError(f"upsert into {spec.qualified}: {dup} rows share a key {keys}")
    ts = loaded_at.isoformat()
    con.execute("BEGIN TRANSACTION")
    try:
        ensure_tables(con, spec)
        changed = inserted_total = 0
        # One pass per payload, its sha256 a constant: DuckDB stores a constant far cheaper than a
        # 64-character string repeated on every row.
        for sha, part in _by_payload(frame):
            con.register("lw_incoming", part.select(keys + tracked).to_arrow())
            try:
                c, i = _merge(con, spec, sql_str(str(sha)), ts)
            finally:
                con.unregister("lw_incoming")
            changed, inserted_total = changed + c, inserted_total + i
        total = scalar(con, f"SELECT count(*) FROM {spec.qualified}")
        stats = LoadStats(
            rows_in=frame.height + confirmed,
            inserted=inserted_total - changed,
            changed=changed,
            unchanged=frame.height + confirmed - inserted_total,
            total=total,
            loaded_at=loaded_at,
        )
        for p in payloads:
            con.execute(
                f"INSERT INTO {LOADS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    p.source,
                    spec.qualified,
                    p.kind,
                    p.sha256,
                    p.url,
                    p.rows,
                    stats.inserted,
                    stats.changed,
                    stats.unchanged,
                    stats.total,
                    loaded_at,
                    mode,
                ],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return stats


def _by_payload(frame: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    """The frame split by ``source_sha256`` (no copy in the usual case of a single payload)."""
    shas = frame["source_sha256"].unique(maintain_order=True).to_list()
    if len(shas) == 1:
        return [(shas[0], frame)]
    return [(str(sha), part) for (sha,), part in frame.partition_by("source_sha256", as_dict=True).items()]


def _merge(con: duckdb.DuckDBPyConnection, spec: TableSpec, sha: str, ts: str) -> tuple[int, int]:
    """Merge ``lw_incoming`` (one payload's rows; ``sha`` its SQL literal): (changed, inserted incl. changed)."""
    keys, tracked = list(spec.key), list(spec.tracked)
    on = " AND ".join(f"c.{k} = i.{k}" for k in keys)
    differs = " OR ".join(f"c.{v} IS DISTINCT FROM i.{v}" for v in tracked) or "FALSE"
    changed = scalar(
        con,
        f"""INSERT INTO {spec.history}
            SELECT {", ".join("c." + x for x in keys + tracked)}, c.source_sha256, c.loaded_at,
                   '{ts}'::TIMESTAMPTZ, {sha}
              FROM {spec.qualified} c JOIN lw_incoming i ON {on} WHERE {differs}""",
    )
    con.execute(f"DELETE FROM {spec.qualified} c USING lw_incoming i WHERE {on} AND ({differs})")
    inserted = scalar(
        con,
        f"""INSERT INTO {spec.qualified}
            SELECT {", ".join("i." + x for x in keys + tracked)}, {sha}, '{ts}'::TIMESTAMPTZ
              FROM lw_incoming i
             WHERE NOT EXISTS (SELECT 1 FROM {spec.qualified} c WHERE {on})""",
    )
    return changed, inserted


def table_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    schema, name = qualified.split(".")
    return bool(
        scalar(
            con,
            "SELECT count(*) FROM duckdb_tables() "
            f"WHERE schema_name = {sql_str(schema)} AND table_name = {sql_str(name)}",
        )
    )


def table_count(con: duckdb.DuckDBPyConnection, qualified: str) -> int:
    """Rows in a table, 0 when it does not exist yet (first load)."""
    return int(scalar(con, f"SELECT count(*) FROM {qualified}")) if table_exists(con, qualified) else 0
