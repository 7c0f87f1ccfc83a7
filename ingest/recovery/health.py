"""Whether the warehouse file can be read, and setting a damaged one aside (never deleting it).

A DuckDB file cut short or overwritten fails to open ("Could not read enough bytes") or fails on
its first read; retrying a step against it cannot help. ``check_warehouse`` opens it read-only and
reads every table's row count; a file held by another writer is busy, not damaged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import duckdb

from ingest.settings import Settings
from ingest.warehouse.connect import connect

State = Literal["ok", "missing", "unreadable", "not checked"]


@dataclass(frozen=True)
class WarehouseHealth:
    state: State
    path: Path
    reason: str = ""

    def describe(self) -> str:
        if self.state == "unreadable":
            return f"the warehouse {self.path} cannot be read ({self.reason})"
        if self.state == "missing":
            return f"there is no warehouse at {self.path}"
        return f"the warehouse {self.path} is {self.state}"


def check_warehouse(settings: Settings) -> WarehouseHealth:
    """Open the warehouse read-only and count every table's rows; DuckLake's catalog is not checked here."""
    path = settings.warehouse_path
    if settings.target != "duckdb":
        return WarehouseHealth("not checked", path, "a DuckLake catalog")
    if not path.exists():
        return WarehouseHealth("missing", path)
    try:
        with connect(settings, read_only=True) as con:
            tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
            for schema, table in tables:
                con.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchall()
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "lock" in first.lower():
            raise  # another process is writing it: busy, not damaged
        return WarehouseHealth("unreadable", path, first)
    return WarehouseHealth("ok", path)


def set_aside(settings: Settings, folder: str = "corrupt") -> Path:
    """Move the warehouse (and its write-ahead log) to ``LW_HOME/<folder>/<UTC time>.duckdb``; returns the new path."""
    dest_dir = settings.home / folder
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.duckdb"
    os.replace(settings.warehouse_path, dest)
    wal = settings.warehouse_path.with_name(settings.warehouse_path.name + ".wal")
    if wal.exists():
        os.replace(wal, dest.with_name(dest.name + ".wal"))
    return dest
