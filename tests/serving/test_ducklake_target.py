"""The warehouse target is one setting: the same build on DuckLake with a real PostgreSQL catalog."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import lw_env

pytestmark = pytest.mark.slow


def test_build_on_ducklake_with_a_postgres_catalog(postgres: str, tmp_path: Path) -> None:
    home = tmp_path / "lw"
    lake = tmp_path / "lake"
    select = ",".join(
        [
            "raw/mof_jgb_yields",
            "staging/stg_mof_jgb_yields",
            "main/jgb_yields",
            "main/jgb_curve_daily",
            "main/jgb_spreads",
            "main/jgb_tenor_records",
            "serving/serving_duckdb",
        ]
    )
    env = lw_env(home, LW_TARGET="ducklake", LW_DUCKLAKE_CATALOG=postgres, LW_DUCKLAKE_DATA_PATH=str(lake))
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "lw"), "build", "--select", select],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "target=ducklake" in proc.stdout
    assert not (home / "warehouse.duckdb").exists()  # nothing went to the file target
    assert list(lake.rglob("*.parquet")), "DuckLake wrote no Parquet data"
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        assert (
            con.execute("select date, yield_10y from jgb_curve_daily order by date desc limit 1").fetchone()[1] == 2.69
        )
        assert con.execute("select count(*) from raw.mof_jgb_yields").fetchone()[0] > 160_000
