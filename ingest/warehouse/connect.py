"""Opening the warehouse, whichever the target: a DuckDB file, or DuckLake with a PostgreSQL (or file) catalog.

The target is one setting (``LW_TARGET``); everything above this module talks to a DuckDB
connection and never knows which. DuckDB extensions come from their PyPI wheels: nothing downloads.
"""

from __future__ import annotations

import functools
import importlib
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from ingest.settings import Settings

LAKE_ALIAS = "lw"
T = TypeVar("T")


def extension_path(name: str) -> str:
    """The DuckDB extension shipped in the ``duckdb-extension-<name>`` wheel: nothing downloads."""
    mod = importlib.import_module(f"duckdb_extension_{name}")
    base = Path(str(mod.__file__)).parent / "extensions" / f"v{duckdb.__version__}"
    path = base / f"{name}.duckdb_extension"
    if not path.exists():
        raise FileNotFoundError(
            f"DuckDB extension {name!r} not found at {path}; install duckdb-extension-{name}=={duckdb.__version__}"
        )
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


LOCK_WAIT_REPORT_S = 10.0


def _retry_lock(open_fn: Callable[[], T], retries: int) -> T:
    delay = 0.1
    started = time.monotonic()
    reported = 0.0
    for attempt in range(retries + 1):
        try:
            return open_fn()
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == retries:
                raise
            waited = time.monotonic() - started
            if waited - reported >= LOCK_WAIT_REPORT_S:  # never wait silently: say who holds the lock
                print(
                    f"lw: waiting {waited:.0f}s for the DuckDB file lock: {str(exc).splitlines()[0]}",
                    file=sys.stderr,
                    flush=True,
                )
                reported = waited
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


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> Any:
    """The first column of the first row, None when the query returns no row."""
    row = con.execute(sql, list(params)).fetchone()
    return None if row is None else row[0]
