"""The warehouse: one connection helper for either target, a versioned loader, and the serving copy.

The target is one setting (``LW_TARGET``): a DuckDB file, or DuckLake with a PostgreSQL (or
other) catalog. Everything above this module talks to a DuckDB connection and never knows which.
"""

from __future__ import annotations

import functools
import importlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from ingest.settings import Settings

RAW_SCHEMA = "raw"
LAKE_ALIAS = "lw"


@dataclass(frozen=True)
class TableSpec:
    """A raw table: its key, its value columns, and what it holds (shown to BI users as a comment)."""

    name: str
    key: dict[str, str]
    values: dict[str, str]
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # descriptive columns, versioned with the values

    @property
    def qualified(self) -> str:
        return f"{RAW_SCHEMA}.{self.name}"

    @property
    def history(self) -> str:
        return f"{RAW_SCHEMA}.{self.name}__history"

    @property
    def tracked(self) -> dict[str, str]:
        return {**self.values, **self.extra}

    @property
    def load_columns(self) -> list[str]:
        """What ``upsert`` takes: key, tracked values and the payload's sha256."""
        return [*self.key, *self.tracked, "source_sha256"]


def extension_path(name: str) -> str:
    """The DuckDB extension shipped in the ``duckdb-extension-<name>`` wheel: nothing downloads."""
    mod = importlib.import_module(f"duckdb_extension_{name}")
    base = Path(mod.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    path = base / f"{name}.duckdb_extension"
    if not path.exists():
        raise FileNotFoundError(f"DuckDB extension {name!r} not found at {path}; install duckdb-extension-{name}=={duckdb.__version__}")
    return str(path)


def install_bundled_extensions(settings: Settings) -> None:
    """Copy the wheel-shipped extensions DuckLake needs into DuckDB's extension directory.

    ``INSTALL '<file>'`` installs from the local file, so DuckDB (and dbt-duckdb, which autoloads
    ``ducklake`` when it attaches ``ducklake:…``) never tries to download one.
    """
    if settings.target != "ducklake":
        return
    postgres = (settings.ducklake_catalog or "").startswith("postgres:")
    _install_extensions(("ducklake", "postgres") if postgres else ("ducklake",))


@functools.cache
def _install_extensions(names: tuple[str, ...]) -> None:
    """Once per process: every connection and every dbt run would otherwise copy the files again."""
    with duckdb.connect() as con:
        for name in names:
            con.execute(f"INSTALL '{extension_path(name)}'")


def _attach_lake(con: duckdb.DuckDBPyConnection, settings: Settings, alias: str, read_only: bool) -> None:
    install_bundled_extensions(settings)
    catalog = settings.ducklake_catalog or ""
    settings.ducklake_data_path.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
    opts = f"DATA_PATH '{settings.ducklake_data_path}/'" + (", READ_ONLY" if read_only else "")
    con.execute(f"ATTACH 'ducklake:{catalog}' AS {alias} ({opts})")


def _retry_lock(open_fn, retries: int):  # type: ignore[no-untyped-def]
    delay = 0.1
    for attempt in range(retries + 1):
        try:
            return open_fn()
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == retries:
                raise
            time.sleep(delay)
            delay = min(delay * 1.5, 2.0)
    raise AssertionError("unreachable")


def connect(settings: Settings, *, read_only: bool = False, retries: int = 20) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; waits briefly for the DuckDB file lock (one writer at a time)."""
    if settings.target == "ducklake":
        con = duckdb.connect()
        _attach_lake(con, settings, LAKE_ALIAS, read_only)
        con.execute(f"USE {LAKE_ALIAS}")
        return con
    settings.home.mkdir(parents=True, exist_ok=True)
    return _retry_lock(lambda: duckdb.connect(str(settings.warehouse_path), read_only=read_only), retries)


def attach_source(settings: Settings, alias: str = "lw_src", retries: int = 20) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the warehouse attached read-only as ``alias`` (to copy from it)."""
    con = duckdb.connect()
    if settings.target == "ducklake":
        _attach_lake(con, settings, alias, read_only=True)
    else:
        _retry_lock(lambda: con.execute(f"ATTACH '{settings.warehouse_path}' AS {alias} (READ_ONLY)"), retries)
    return con


@contextmanager
def warehouse(settings: Settings, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(settings, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


LOADS_TABLE = f"{RAW_SCHEMA}._loads"


def ensure_tables(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """Create the current table, its history and the as-of macro, once."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    cols = ", ".join(f"{c} {t}" for c, t in {**spec.key, **spec.tracked}.items())
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {spec.qualified} ({cols}, source_sha256 VARCHAR NOT NULL, loaded_at TIMESTAMPTZ NOT NULL)"
    )
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {spec.history} ({cols}, source_sha256 VARCHAR NOT NULL, loaded_at TIMESTAMPTZ NOT NULL, "
        "superseded_at TIMESTAMPTZ NOT NULL, superseded_by_sha256 VARCHAR NOT NULL)"
    )
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {LOADS_TABLE} (source VARCHAR, table_name VARCHAR, kind VARCHAR, sha256 VARCHAR, "
        "url VARCHAR, payload_rows BIGINT, rows_inserted BIGINT, rows_changed BIGINT, rows_unchanged BIGINT, "
        "rows_total BIGINT, loaded_at TIMESTAMPTZ, mode VARCHAR)"
    )
    con.execute(f"COMMENT ON TABLE {LOADS_TABLE} IS 'One row per payload loaded: which bytes (sha256) changed what.'")
    if spec.description:
        con.execute(f"COMMENT ON TABLE {spec.qualified} IS {_sql_str(spec.description)}")
    names = ", ".join(list(spec.key) + list(spec.tracked))
    con.execute(
        f"""CREATE OR REPLACE MACRO {RAW_SCHEMA}.{spec.name}_as_of(as_of) AS TABLE
        SELECT {names}, source_sha256, loaded_at AS valid_from, NULL::TIMESTAMPTZ AS valid_to
          FROM {spec.qualified} WHERE loaded_at <= as_of
        UNION ALL
        SELECT {names}, source_sha256, loaded_at AS valid_from, superseded_at AS valid_to
          FROM {spec.history} WHERE loaded_at <= as_of AND superseded_at > as_of"""
    )


def _sql_str(s: str) -> str:
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
        return {"rows_in": self.rows_in, "rows_inserted": self.inserted, "rows_changed": self.changed,
                "rows_unchanged": self.unchanged, "rows_total": self.total, "loaded_at": self.loaded_at.isoformat()}


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
) -> LoadStats:
    """Merge ``frame`` (key, values, ``source_sha256``) into the raw table in one transaction.

    New keys are inserted; a key whose values changed moves its old row to the history table
    (so ``<table>_as_of(ts)`` answers what was known at ``ts``); unchanged rows keep their first
    ``loaded_at``, which makes a repeated load a no-op. Keys absent from the frame stay: sources
    that publish rolling windows must not erase what they once said.
    """
    loaded_at = loaded_at or datetime.now(timezone.utc)
    keys = list(spec.key)
    tracked = list(spec.tracked)
    wanted = spec.load_columns
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise ValueError(f"upsert into {spec.qualified}: frame lacks columns {missing}")
    null_keys = {k: n for k in keys if (n := frame[k].null_count())}
    if null_keys:
        raise ValueError(f"upsert into {spec.qualified}: key columns hold nulls {null_keys}; a key must identify its row")
    dup = frame.select(keys).is_duplicated().sum()
    if dup:
        raise ValueError(f"upsert into {spec.qualified}: {dup} rows share a key {keys}")
    incoming = frame.select(wanted).to_arrow()
    on = " AND ".join(f"c.{k} = i.{k}" for k in keys)
    differs = " OR ".join(f"c.{v} IS DISTINCT FROM i.{v}" for v in tracked) or "FALSE"
    ts = loaded_at.isoformat()
    con.execute("BEGIN TRANSACTION")
    try:
        ensure_tables(con, spec)
        con.register("lw_incoming", incoming)
        changed = con.execute(
            f"""INSERT INTO {spec.history}
                SELECT {', '.join('c.' + x for x in keys + tracked)}, c.source_sha256, c.loaded_at,
                       '{ts}'::TIMESTAMPTZ, i.source_sha256
                  FROM {spec.qualified} c JOIN lw_incoming i ON {on} WHERE {differs}"""
        ).fetchone()[0]
        con.execute(
            f"""DELETE FROM {spec.qualified} c USING lw_incoming i WHERE {on} AND ({differs})"""
        )
        inserted_total = con.execute(
            f"""INSERT INTO {spec.qualified}
                SELECT {', '.join('i.' + x for x in keys + tracked)}, i.source_sha256, '{ts}'::TIMESTAMPTZ
                  FROM lw_incoming i
                 WHERE NOT EXISTS (SELECT 1 FROM {spec.qualified} c WHERE {on})"""
        ).fetchone()[0]
        total = con.execute(f"SELECT count(*) FROM {spec.qualified}").fetchone()[0]
        stats = LoadStats(
            rows_in=frame.height, inserted=inserted_total - changed, changed=changed,
            unchanged=frame.height - inserted_total, total=total, loaded_at=loaded_at,
        )
        for p in payloads:
            con.execute(
                f"INSERT INTO {LOADS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [p.source, spec.qualified, p.kind, p.sha256, p.url, p.rows, stats.inserted, stats.changed,
                 stats.unchanged, stats.total, loaded_at, mode],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("lw_incoming")
    return stats


def last_good_rows(con: duckdb.DuckDBPyConnection, source: str, kind: str) -> int:
    """Rows of the newest loaded payload of this kind (0 before the first load)."""
    if not table_count(con, LOADS_TABLE):
        return 0
    row = con.execute(
        f"SELECT payload_rows FROM {LOADS_TABLE} WHERE source = ? AND kind = ? ORDER BY loaded_at DESC LIMIT 1",
        [source, kind],
    ).fetchone()
    return int(row[0]) if row else 0


def table_count(con: duckdb.DuckDBPyConnection, qualified: str) -> int:
    """Rows in a table, 0 when it does not exist yet (first load)."""
    schema, name = qualified.split(".")
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?", [schema, name]
    ).fetchone()[0]
    return con.execute(f"SELECT count(*) FROM {qualified}").fetchone()[0] if exists else 0


# ---------------------------------------------------------------------------------------------
# Serving copy
# ---------------------------------------------------------------------------------------------

SERVED_SCHEMAS = ("main", "raw", "staging", "intermediate")


@dataclass(frozen=True)
class PublishResult:
    path: Path
    relations: int
    bytes: int
    seconds: float


def publish_serving(settings: Settings) -> PublishResult:
    """Write a self-contained read-only copy for BI tools, then swap it in atomically.

    Views are materialized as tables (their SQL names the warehouse's catalog, which the copy
    does not have), comments are carried over, and ``os.replace`` means a reader sees the old
    file or the new one, never a half-written one, and never meets the pipeline's lock.
    """
    started = time.perf_counter()
    settings.home.mkdir(parents=True, exist_ok=True)
    tmp = settings.serving_path.with_name(f".serving-{os.getpid()}.duckdb.tmp")
    tmp.unlink(missing_ok=True)
    # Views name their catalog (the file's stem, or the lake alias): attach under that same name.
    src = LAKE_ALIAS if settings.target == "ducklake" else settings.warehouse_path.stem
    con = attach_source(settings, src)
    try:
        con.execute(f"ATTACH '{tmp}' AS lw_serving")
        try:
            rels = con.execute(
                f"""SELECT schema_name, table_name, comment, 'table' FROM duckdb_tables()
                     WHERE database_name = '{src}' AND schema_name IN {SERVED_SCHEMAS}
                    UNION ALL
                    SELECT schema_name, view_name, comment, 'view' FROM duckdb_views()
                     WHERE database_name = '{src}' AND schema_name IN {SERVED_SCHEMAS} AND NOT internal
                    ORDER BY 1, 2"""
            ).fetchall()
            for schema in sorted({r[0] for r in rels}):
                con.execute(f"CREATE SCHEMA IF NOT EXISTS lw_serving.{schema}")
            for schema, name, comment, _ in rels:
                con.execute(f'CREATE TABLE lw_serving.{schema}."{name}" AS SELECT * FROM {src}.{schema}."{name}"')
                if comment:
                    con.execute(f'COMMENT ON TABLE lw_serving.{schema}."{name}" IS {_sql_str(comment)}')
                for col, ccomment in con.execute(
                    f"SELECT column_name, comment FROM duckdb_columns() WHERE database_name = '{src}' "
                    f"AND schema_name = ? AND table_name = ? AND comment IS NOT NULL", [schema, name]
                ).fetchall():
                    con.execute(f'COMMENT ON COLUMN lw_serving.{schema}."{name}"."{col}" IS {_sql_str(ccomment)}')
            con.execute(
                f"CREATE OR REPLACE TABLE lw_serving.main._published AS SELECT now() AS published_at, {len(rels)} AS relations"
            )
            con.execute("CHECKPOINT lw_serving")
        finally:
            con.execute("DETACH lw_serving")
    finally:
        con.close()
    os.replace(tmp, settings.serving_path)
    return PublishResult(settings.serving_path, len(rels), settings.serving_path.stat().st_size, time.perf_counter() - started)
