"""liquidity_pressure_daily: its z-scores and stress score recomputed here from its own inputs."""

from __future__ import annotations

import statistics
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow
WINDOW = 250  # dbt_project.yml var stress_window_days


def test_one_row_a_day_with_yields_and_moves_from_the_curve(built_home: Path) -> None:
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        n, days = con.execute("SELECT count(*), count(DISTINCT date) FROM liquidity_pressure_daily").fetchone()
        curve_days = con.execute("SELECT count(*) FROM jgb_curve_daily").fetchone()[0]
        row = con.execute(
            "SELECT yield_10y, change_10y_bp, change_30y_bp, spread_30y_10y_bp, stress_window_days "
            "FROM liquidity_pressure_daily WHERE date = '2025-12-22'"
        ).fetchone()
    assert n == days >= curve_days
    assert row == (2.073, pytest.approx(5.2), pytest.approx(1.2), pytest.approx(130.1), WINDOW)


def test_z_scores_and_stress_score_match_a_rolling_window_computed_here(built_home: Path) -> None:
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT date, change_10y_bp, spread_30y_10y_bp, z_change_10y, z_spread_30y_10y, stress_score, "
            "stress_components, "
            "z_change_30y, z_policy_spread, z_supply_change, z_backing, z_psm_depth_change, z_usd_stablecoin_flow "
            "FROM liquidity_pressure_daily ORDER BY date"
        ).fetchall()
    idx = next(i for i, r in enumerate(rows) if r[0].isoformat() == "2025-12-22")
    window = rows[idx - WINDOW + 1 : idx + 1]
    for col, zcol in ((1, 3), (2, 4)):
        xs = [r[col] for r in window if r[col] is not None]
        z = (rows[idx][col] - statistics.fmean(xs)) / statistics.stdev(xs)
        assert rows[idx][zcol] == pytest.approx(z, abs=1e-4)
    zs = [rows[idx][i] for i in (3, 4, 7, 8, 9, 10, 11, 12) if rows[idx][i] is not None]
    assert rows[idx][6] == len(zs) >= 3
    assert rows[idx][5] == pytest.approx(statistics.fmean(zs), abs=1e-4)
    # the first day has no change, hence no z-score of it yet
    assert rows[0][3] is None


def test_stablecoin_flow_is_the_30_day_change_of_usdt_plus_usdc_on_every_day_since_2018(built_home: Path) -> None:
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        last_supply = con.execute(
            "SELECT max(date) FROM stablecoin_supply_daily WHERE token IN ('USDT','USDC')"
        ).fetchone()[0]
        missing = con.execute(
            "SELECT count(*) FROM liquidity_pressure_daily WHERE date >= '2018-01-01' AND date <= ? "
            "AND usd_stablecoin_flow_30d_pct IS NULL",
            [last_supply],
        ).fetchone()[0]

        def total(d: str) -> float:
            return con.execute(
                "SELECT sum(supply) FROM (SELECT token, arg_max(supply, date) AS supply FROM stablecoin_supply_daily "
                "WHERE token IN ('USDT','USDC') AND date <= ? GROUP BY token)",
                [d],
            ).fetchone()[0]

        flow, supply, z = con.execute(
            "SELECT usd_stablecoin_flow_30d_pct, usd_stablecoin_supply, z_usd_stablecoin_flow "
            "FROM liquidity_pressure_daily WHERE date = '2025-12-22'"
        ).fetchone()
        now, then = total("2025-12-22"), total("2025-11-22")
    assert missing == 0
    assert supply == pytest.approx(now)
    assert flow == pytest.approx(100 * (now / then - 1), abs=1e-4)
    assert z is not None
