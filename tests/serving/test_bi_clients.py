"""The connection paths the README documents, each opened for real on serving.duckdb, read-only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.slow
MARTS = {"claims", "liquidity_pressure_daily", "jgb_yields", "jgb_curve_daily", "government_debt_total"}


def test_sqlalchemy_duckdb_engine_as_superset_uses_it(serving: Path) -> None:
    engine = sa.create_engine(f"duckdb:///{serving}?access_mode=read_only")
    try:
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names(schema="main"))
            verdicts = dict(conn.execute(sa.text("SELECT verdict, count(*) FROM main.claims GROUP BY 1")).fetchall())
            with pytest.raises(sa.exc.DBAPIError, match="read-only"):
                conn.execute(sa.text("CREATE TABLE main.x (i INT)"))
    finally:
        engine.dispose()
    assert tables >= MARTS
    assert verdicts.get("supported", 0) > 0 and verdicts.get("contradicted", 0) > 0


def test_python_duckdb_and_polars_read_only(serving: Path) -> None:
    with duckdb.connect(str(serving), read_only=True) as con:
        frame = con.sql("SELECT date, yield_10y, stress_score FROM main.liquidity_pressure_daily ORDER BY date").pl()
        comments = con.execute(
            "SELECT comment FROM duckdb_tables() WHERE schema_name='main' AND table_name='claims'"
        ).fetchone()[0]
    assert isinstance(frame, pl.DataFrame) and frame.height > 10_000
    assert comments and "claims ledger" in comments  # dbt docs travel with the copy (persist_docs)


def test_duckdb_cli_read_only(serving: Path) -> None:
    cli = Path(sys.executable).parent / "duckdb"
    assert cli.exists(), "the duckdb CLI comes from the dev extra (PyPI duckdb-cli)"
    proc = subprocess.run(
        [str(cli), "-readonly", "-csv", str(serving), "-c", "SELECT count(*) AS n FROM main.claims"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.split()[-1]) >= 9
    write = subprocess.run(
        [str(cli), "-readonly", str(serving), "-c", "CREATE TABLE main.x (i INT)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert write.returncode != 0 and "read-only" in (write.stderr + write.stdout)


def test_harlequin_duckdb_adapter_read_only(serving: Path) -> None:
    """harlequin's own DuckDB adapter (what `harlequin -r serving.duckdb` opens), without the TUI."""
    from harlequin_duckdb import DuckDbAdapter

    conn = DuckDbAdapter((str(serving),), read_only=True).connect()
    try:
        catalog = conn.get_catalog()
        schemas = {s.label for db in catalog.items for s in db.fetch_children()}  # lazily loaded, as the UI does
        cur = conn.execute("SELECT id, verdict FROM main.claims ORDER BY id")
        assert cur is not None
        table = cur.fetchall()
    finally:
        conn.close()
    assert {"main", "raw", "staging"} <= schemas
    assert table is not None and table.num_rows >= 9 and table.column_names == ["id", "verdict"]


def test_harlequin_tui_runs_a_query_headless(serving: Path, tmp_path: Path) -> None:
    """The terminal app itself (Textual's headless pilot): type a query, run it (ctrl+j), read the result grid.

    On a copy: the app keeps its DuckDB connection open in this process after it exits, and DuckDB
    refuses a second connection to the same file with other settings (the later tests' read_only ones).
    """
    import asyncio
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    serving = Path(shutil.copy(serving, tmp_path / "serving.duckdb"))

    from harlequin import Harlequin
    from harlequin_duckdb import DuckDbAdapter

    async def drive() -> int:
        app = Harlequin(DuckDbAdapter((str(serving),), read_only=True), record_history=False, no_download_tzdata=True)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause(1)
            app.editor.text = "select id, verdict from main.claims order by id"
            await pilot.press("ctrl+j")
            for _ in range(80):
                await pilot.pause(0.25)
                table = app.results_viewer.get_visible_table()
                if table is not None and table.row_count:
                    return table.row_count
        return 0

    with duckdb.connect(str(serving), read_only=True) as con:
        expected = con.execute("SELECT count(*) FROM main.claims").fetchone()[0]
    # its own thread and event loop: the browser tests' Playwright keeps an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, drive()).result(timeout=120) == expected
