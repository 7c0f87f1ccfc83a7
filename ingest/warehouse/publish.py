"""The serving copy BI tools open: a self-contained read-only file, swapped in atomically."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.recovery.disk import naming_no_space
from ingest.settings import Settings
from ingest.warehouse.connect import LAKE_ALIAS, attach_source
from ingest.warehouse.load import sql_str

SERVED_SCHEMAS = ("main", "raw", "staging", "intermediate", "reviewed")


@dataclass(frozen=True)
class PublishResult:
    path: Path
    relations: int
    bytes: int
    seconds: float
    rewritten: bool = True


def published_stamp(path: Path) -> tuple[int, str | None] | None:
    """(relations, fingerprint) the copy at ``path`` was published with; None when there is no readable copy."""
    if not path.exists():
        return None
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute("SELECT relations, fingerprint FROM main._published").fetchone()
    except duckdb.Error:  # an older copy without a fingerprint, or not a DuckDB file: publish again
        return None


def publish_serving(settings: Settings, fingerprint: str | None = None, *, force: bool = False) -> PublishResult:
    """Write a self-contained read-only copy for BI tools, then swap it in atomically.

    Views are materialized as tables (their SQL names the warehouse's catalog, which the copy
    does not have), comments are carried over, and ``os.replace`` means a reader sees the old
    file or the new one, never a half-written one, and never meets the pipeline's lock.
    ``fingerprint`` names what the warehouse holds (see ``dagster_project/rebuild/``): when
    the copy in place was published from the same, it is left untouched (same bytes, same mtime)
    unless ``force``.
    """
    started = time.perf_counter()
    stamp = published_stamp(settings.serving_path) if fingerprint and not force else None
    if stamp and stamp[1] == fingerprint:
        size = settings.serving_path.stat().st_size
        return PublishResult(settings.serving_path, stamp[0], size, time.perf_counter() - started, rewritten=False)
    settings.home.mkdir(parents=True, exist_ok=True)
    tmp = settings.serving_path.with_name(f".serving-{os.getpid()}.duckdb.tmp")
    tmp.unlink(missing_ok=True)
    # Views name their catalog (the file's stem, or the lake alias): attach under that same name.
    src = LAKE_ALIAS if settings.target == "ducklake" else settings.warehouse_path.stem
    # Roughly what a new copy takes: the size of the last one, else of the warehouse it copies.
    needed = next((p.stat().st_size for p in (settings.serving_path, settings.warehouse_path) if p.exists()), None)
    try:
        with naming_no_space(tmp, needed):
            rels = _write_copy(settings, src, tmp, fingerprint)
        os.replace(tmp, settings.serving_path)
    finally:
        for left in (tmp, tmp.with_name(tmp.name + ".wal")):  # a copy cut short (no space, an error) is not kept
            left.unlink(missing_ok=True)
    size = settings.serving_path.stat().st_size
    return PublishResult(settings.serving_path, len(rels), size, time.perf_counter() - started)


def _write_copy(settings: Settings, src: str, tmp: Path, fingerprint: str | None) -> list[tuple[str, str, str, str]]:
    """Every served relation of the warehouse (attached as ``src``) as a table in the new file ``tmp``."""
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
                    con.execute(f'COMMENT ON TABLE lw_serving.{schema}."{name}" IS {sql_str(comment)}')
                for col, ccomment in con.execute(
                    f"SELECT column_name, comment FROM duckdb_columns() WHERE database_name = '{src}' "
                    f"AND schema_name = ? AND table_name = ? AND comment IS NOT NULL",
                    [schema, name],
                ).fetchall():
                    con.execute(f'COMMENT ON COLUMN lw_serving.{schema}."{name}"."{col}" IS {sql_str(ccomment)}')
            con.execute(
                "CREATE OR REPLACE TABLE lw_serving.main._published AS "
                f"SELECT now() AS published_at, {len(rels)} AS relations, ?::VARCHAR AS fingerprint",
                [fingerprint],
            )
            con.execute("CHECKPOINT lw_serving")
        finally:
            con.execute("DETACH lw_serving")
    finally:
        con.close()
    return rels
